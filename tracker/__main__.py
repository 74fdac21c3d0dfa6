"""``python -m tracker``: the ``tracker`` command, as the installed package declares it.

The library never imports the web layer, so the command is found through the package's
``console_scripts`` entry point rather than imported by name.
"""

from __future__ import annotations

from importlib.metadata import entry_points


def main() -> None:
    """Run the ``tracker`` command."""
    (command,) = entry_points(group="console_scripts", name="tracker")
    command.load()(prog_name="tracker")


if __name__ == "__main__":
    main()
