"""Reading the Russian version of a UPR Working Group report (tests/fixtures/documents/ru, made by
tools/make_russian_upr_fixture.py): the recommendations come out whole, without page furniture."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tracker_scrapers.texts import DocumentText, read_text

RU = Path(__file__).parent.parent / "fixtures" / "documents" / "ru"
FILES = ["A_HRC_28_15-ru.pdf", "A_HRC_28_15-ru.docx"]
SYMBOL = "A/HRC/28/15"
JOB = "GE.14-24779"
RECOMMENDATION = re.compile(r"115\.(\d{1,3})\s")


@cache
def text(name: str) -> DocumentText:
    return read_text((RU / name).read_bytes())


def recommendations(name: str) -> list[str]:
    return [paragraph for paragraph in text(name).paragraphs if RECOMMENDATION.match(paragraph)]


@pytest.mark.parametrize("name", FILES)
def test_each_recommendation_is_one_paragraph_in_order(name):
    numbers = [int(RECOMMENDATION.match(paragraph)[1]) for paragraph in recommendations(name)]
    assert numbers == list(range(1, 164))


@pytest.mark.parametrize("name", FILES)
def test_no_paragraph_holds_page_furniture(name):
    paragraphs = text(name).paragraphs
    assert not [p for p in paragraphs if JOB in p]
    assert SYMBOL not in paragraphs
    assert not [p for p in recommendations(name) if SYMBOL in p]


@pytest.mark.parametrize("name", FILES)
def test_recommendations_are_russian_and_end_with_their_states(name):
    for paragraph in recommendations(name):
        letters = [c for c in paragraph if c.isalpha()]
        cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
        assert len(cyrillic) == len(letters), paragraph
        assert re.search(r"\)[;.]$", paragraph), paragraph
    assert recommendations(name)[-1].endswith("(Нигерия).")


@pytest.mark.parametrize("name", FILES)
def test_section_ii_opens_and_closes_as_the_report_does(name):
    paragraphs = text(name).paragraphs
    first, last = paragraphs.index(recommendations(name)[0]), paragraphs.index(recommendations(name)[-1])
    assert paragraphs[first - 1].startswith("115. Перечисленные ниже рекомендации будут изучены Словенией")
    assert paragraphs[last + 1].startswith("116. Все выводы и/или рекомендации, содержащиеся в настоящем докладе")


def test_pdf_rebuilds_recommendations_across_page_breaks_as_the_word_file_holds_them():
    import pypdfium2 as pdfium

    pdf = text("A_HRC_28_15-ru.pdf")
    assert pdf.pages >= 20
    assert recommendations("A_HRC_28_15-ru.pdf") == recommendations("A_HRC_28_15-ru.docx")
    # The fixture must exercise the rebuilding: some recommendations start on one page and end on the next.
    document = pdfium.PdfDocument(RU / "A_HRC_28_15-ru.pdf")
    try:
        pages = [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    finally:
        document.close()
    broken = [
        p
        for p in recommendations("A_HRC_28_15-ru.pdf")
        if any(p[:40] in page and p[-30:] not in page and p[-30:] in after for page, after in zip(pages, pages[1:], strict=False))
    ]
    assert len(broken) >= 3
