"""``/api/v1/briefings/{state}?lang=ru``: the printable, Markdown and Word briefings in Russian; JSON in no language."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import docx
import pytest
from babel.messages.extract import extract_from_dir
from litestar.testing import AsyncTestClient

ROOT = Path(__file__).resolve().parents[2]

#: Headings every full briefing of Kazakhstan since 2013 has, in Russian.
HEADINGS = ["Справка: Казахстан", "Сводка", "Что сделало государство", "Невыполненное", "Источники"]


def outline_phrases() -> set[str]:
    """The English words of the briefing renderer's messages (placeholders cut out), as they could leak into a page."""
    phrases: set[str] = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT / "tracker" / "rendering"), [("**.py", "python")]):
        for text in message if isinstance(message, tuple) else (message,):
            for piece in re.split(r"%\(\w+\)[sd]", text):
                piece = piece.strip(" :;,.()—·")
                # Single words ("Summary", "adopted") also occur in recorded titles; a phrase of the template does not.
                # Headings, one word or more, are checked on their own.
                if " " in piece and re.search(r"[a-z]{3}", piece):
                    phrases.add(piece)
    return phrases


def visible(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.DOTALL)
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def russian_headings(headings: list[str]) -> None:
    assert headings
    for heading in headings:
        assert re.search(r"[а-яё]", heading, re.IGNORECASE), heading


def english_left(text: str) -> list[str]:
    return sorted(phrase for phrase in outline_phrases() if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text))


def test_the_phrases_are_found_in_an_english_briefing_text() -> None:
    phrases = outline_phrases()
    assert {"What the State did", "Individual cases with a remedy still open", "State replies overdue"} <= phrases
    assert english_left("## What the State did\n- State replies overdue: 3") == ["State replies overdue", "What the State did"]


async def test_the_html_briefing_in_russian_has_russian_headings_and_no_english_template_words(
    seeded_client: AsyncTestClient,
) -> None:
    response = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01", "format": "html", "lang": "ru"})
    assert response.status_code == 200
    assert response.headers["content-language"] == "ru"
    html = response.text
    assert '<html lang="ru">' in html and '<article class="briefing" lang="ru">' in html
    for heading in HEADINGS:
        assert heading in html, heading
    russian_headings([visible(h) for h in re.findall(r"<h[1-3]>(.*?)</h[1-3]>", html, re.DOTALL)])
    text = visible(html)
    assert "Период: с 1 января 2013 г. по" in text
    assert "присуждено 2\xa0000\xa0000\xa0₸" in text  # the Kostanay award, in the action's detail
    assert "выполнено частично" in text
    assert english_left(text) == []


async def test_the_markdown_briefing_in_russian(seeded_client: AsyncTestClient) -> None:
    response = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01", "format": "md", "lang": "ru"})
    assert response.status_code == 200 and response.headers["content-language"] == "ru"
    markdown = response.text
    assert markdown.startswith("# Справка: Казахстан\n")
    assert "\n## Сводка\n" in markdown and "\n## Источники\n" in markdown
    russian_headings(re.findall(r"^#+ (.*)$", markdown, re.MULTILINE))
    assert english_left(markdown) == []


async def test_the_word_briefing_in_russian(seeded_client: AsyncTestClient) -> None:
    response = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01", "format": "docx", "lang": "ru"})
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[0] == "Справка: Казахстан" and "Сводка" in headings and "Источники" in headings
    assert document.core_properties.language == "ru"
    russian_headings(headings)
    text = "\n".join(p.text for p in document.paragraphs)
    assert english_left(text) == []


async def test_english_stays_the_default_and_json_speaks_no_language(seeded_client: AsyncTestClient) -> None:
    english = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01", "format": "md"})
    assert english.text.startswith("# Briefing: Kazakhstan\n") and "\n## Summary\n" in english.text
    plain = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01"})
    russian = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01", "lang": "ru"})
    assert plain.status_code == russian.status_code == 200
    assert plain.json() == russian.json()


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"format": "md", "lang": "kk"}, "`lang` must be one of: en, ru"),
        ({"format": "md", "lng": "ru"}, "unknown query parameter `lng`: did you mean `lang`?"),
    ],
)
async def test_a_bad_language_is_a_problem_naming_it(seeded_client: AsyncTestClient, params: dict, words: str) -> None:
    response = await seeded_client.get("/api/v1/briefings/KAZ", params=params)
    assert response.status_code == 400
    assert words in response.json()["detail"]
