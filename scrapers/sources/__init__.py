"""One module per kind of source: each an adapter with a fetch plan and a pure parser of bytes."""
