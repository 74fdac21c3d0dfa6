"""Which encoded answers might carry a secret query parameter: those are walked and masked before
they are sent; the others go out as encoded, and nothing secret may slip through that shortcut."""

from __future__ import annotations

import msgspec
import pytest

from tracker.domain.source_urls import may_hold_secrets, shown_url


@pytest.mark.parametrize(
    "url",
    [
        "https://x.org/doc.pdf?token=abc",
        "https://x.org/doc.pdf?lang=en&API-Key=abc",
        "https://x.org/doc.pdf?%74oken=abc",
        "https://x.org/doc.pdf?page=2&client_secret=s#top",
    ],
)
def test_an_answer_with_a_secret_parameter_is_walked(url: str) -> None:
    encoded = msgspec.json.encode({"sources": [{"url": url}]})
    assert may_hold_secrets(encoded)
    assert shown_url(url) != url


@pytest.mark.parametrize(
    "content",
    [
        {"text": "Has the State investigated? It has not."},
        {"url": "https://x.org/search?page=2&lang=ru"},
        {"url": "https://x.org/doc.pdf"},
    ],
)
def test_an_answer_without_one_goes_as_encoded(content: dict[str, str]) -> None:
    assert not may_hold_secrets(msgspec.json.encode(content))


def test_a_url_python_cannot_split_is_refused_for_a_source_and_still_shown_masked() -> None:
    from tracker.domain.source_urls import check_source_url
    from tracker.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        check_source_url("http://.e+iV0\tg]vG")
    assert refused.value.field == "url"
    assert shown_url("http://x]y/doc?token=abc&lang=en") == "http://x]y/doc?token=***&lang=en"
