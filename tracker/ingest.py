"""What a source's run writes, inside one transaction of :meth:`tracker.Tracker.writing`.

A harvester (the scrapers) loads what it read, proposes candidates for the inbox and enters the run
in the same transaction, so a run leaves all of it or nothing::

    async with t.writing() as session:
        report = await ingest.load_records(session, records, fill_only=True)
        await ingest.propose(session, candidates)
        run = await ingest.record_run(session, source=name, started_at=started, trigger="cli", outcome=RunOutcome.OK)

:func:`reader_of` reads what the transaction has written so far.
"""

from __future__ import annotations

from tracker.db.models import utcnow
from tracker.services.inbox import propose
from tracker.services.loading import load_records
from tracker.services.sources import TextRead, record_run, remember_texts, texts_read
from tracker.services.writing import reader_of

__all__ = [
    "TextRead",
    "load_records",
    "propose",
    "reader_of",
    "record_run",
    "remember_texts",
    "texts_read",
    "utcnow",
]
