"""Use cases that write. One transaction per call."""
