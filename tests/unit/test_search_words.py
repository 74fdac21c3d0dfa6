"""The words a query looks for, as the pages mark them in what a search found."""

from __future__ import annotations

from tracker.search import words


def test_the_words_of_a_query_skip_operators_and_exclusions_longest_first() -> None:
    assert words('tortur* "fair trial" OR police -amnesty NOT pardon') == ["police", "tortur", "trial", "fair"]
    assert words("Torture torture AND torture") == ["torture"]
    assert words("-only NOT excluded") == []
    assert words('"unclosed phrase') == ["unclosed", "phrase"]
