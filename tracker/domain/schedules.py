"""Schedules written the way people write them: ``6h``, ``30m``, ``1d``."""

from __future__ import annotations

import re

_EVERY = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> int:
    """Seconds in an interval such as ``90s``, ``30m``, ``6h`` or ``1d``; raises ValueError otherwise."""
    found = _EVERY.fullmatch(text.lower())
    if not found:
        raise ValueError(f"{text!r} is not an interval (a number and s, m, h or d: 30m, 6h, 1d)")
    return int(found.group(1)) * _SECONDS[found.group(2)]


def describe_every(seconds: int) -> str:
    """The shortest way to write an interval: 21600 → ``6h``."""
    for unit in ("d", "h", "m"):
        if seconds % _SECONDS[unit] == 0:
            return f"{seconds // _SECONDS[unit]}{unit}"
    return f"{seconds}s"
