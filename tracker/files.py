"""Files the tracker writes whole (exports, backups): never onto what is not a regular file, never half-written."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from tracker.errors import InvalidInput

_KINDS = {
    stat.S_ISLNK: "a symbolic link",
    stat.S_ISDIR: "a folder",
    stat.S_ISFIFO: "a FIFO",
    stat.S_ISCHR: "a device",
    stat.S_ISBLK: "a device",
    stat.S_ISSOCK: "a socket",
}


def kind_of(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, in words, when it is not a regular file; None when it is."""
    return next((kind for test, kind in _KINDS.items() if test(mode)), None)


def refuse_unless_regular(path: Path, *, then: str, follow: bool = False) -> bool:
    """Whether ``path`` is there; raise :class:`InvalidInput` if it is there and is not a regular file.

    Writing over a symbolic link, a FIFO or a device would replace it with a file (or write into
    whatever it leads to), so a target is looked at itself (``follow=False``); a file to read may be
    reached through a link (``follow=True``). ``then`` ends the message: what to do instead.
    """
    try:
        mode = (path.stat() if follow else path.lstat()).st_mode
    except FileNotFoundError:
        return False
    kind = kind_of(mode)
    if kind is not None:
        raise InvalidInput(f"{path} is {kind}, not a regular file: {then}")
    return True


def partial_beside(target: Path, *, private: bool = False) -> Path:
    """A new hidden file in ``target``'s folder to write into, then rename over ``target`` when complete.

    It gets the permissions of any new file, or with ``private`` its owner's only (a backup holds the
    API keys' digests).
    """
    path = target.with_name(f".{target.name}.partial-{secrets.token_hex(6)}")
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600 if private else 0o666))
    except FileNotFoundError:
        raise InvalidInput(f"{target}: there is no folder {target.parent}") from None
    return path
