"""The tracker's exceptions: one tree, so callers can catch :class:`TrackerError`."""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every error the tracker raises on purpose."""


class InvalidInput(TrackerError):
    """Input that breaks a rule; ``field`` names the part at fault, where one does."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(TrackerError):
    """An ID or code that names nothing stored."""

    def __init__(self, what: str, key: str, *, field: str | None = None) -> None:
        super().__init__(f"no {what} {key!r}")
        self.what = what
        self.key = key
        self.field = field


class DatabaseUnavailable(TrackerError):
    """The database cannot be reached or is not at the current schema."""


class Conflict(TrackerError):
    """A write that clashes with what is stored: a duplicate, or a candidate already triaged.

    ``existing`` names the stored entity it clashes with, where there is one.
    """

    def __init__(self, message: str, *, existing: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.existing = existing


class NotAllowed(TrackerError):
    """A write the rules forbid to whoever attempts it: verifying a record one recorded oneself."""


class PreconditionFailed(TrackerError):
    """A change made to a version of an entity that is no longer the stored one."""


class DatabaseBusy(DatabaseUnavailable):
    """Another process holds the database's write lock for longer than a write waits (SQLite)."""
