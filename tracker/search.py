"""What a full-text query looks for, read with the grammar the searches use (:mod:`tracker.db.search`)."""

from __future__ import annotations

from tracker.db.search import parse_query


def words(query: str) -> list[str]:
    """The words ``query`` looks for, each once, longest first: those of its words, prefixes and
    phrases, not ``OR``/``AND``/``NOT`` nor the words it excludes (``-word``, ``NOT word``).
    A page marks them in what it found."""
    found = dict.fromkeys(word for group in parse_query(query) for term in group if not term.negated for word in term.words)
    return sorted(found, key=lambda word: (-len(word), word))
