"""Text from real files: the Slovenia UPR reports, addenda and OHCHR matrices, and broken copies of them."""

from __future__ import annotations

import codecs
import io
import re
from functools import cache
from pathlib import Path

import pytest

from tracker_scrapers.harvest import ParseError
from tracker_scrapers.texts import DocumentText, TextError, read_text

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "upr-svn"


@cache
def _raw(name: str) -> bytes:
    return (REAL / name).read_bytes()


@cache
def _read(name: str) -> DocumentText:
    return read_text(_raw(name))


def _numbered(paragraphs: list[str], prefix: str) -> list[tuple[str, str]]:
    pattern = re.compile(rf"({re.escape(prefix)}\.\d+)\s")
    return [(m.group(1), text) for text in paragraphs if (m := pattern.match(text))]


@pytest.mark.parametrize(
    ("name", "prefix", "last"),
    [("A_HRC_28_15.pdf", "115", 163), ("A_HRC_59_15.pdf", "140", 254)],
)
def test_each_upr_recommendation_starts_exactly_one_paragraph_in_order(name: str, prefix: str, last: int) -> None:
    text = _read(name)
    assert text.kind == "pdf"
    assert [number for number, _ in _numbered(text.paragraphs, prefix)] == [f"{prefix}.{n}" for n in range(1, last + 1)]


def test_a_recommendation_is_whole_up_to_the_next_one() -> None:
    numbered = dict(_numbered(_read("A_HRC_28_15.pdf").paragraphs, "115"))
    assert numbered["115.1"] == (
        "115.1 Take further steps for the ratification of several international treaties in the field of "
        "human rights that were signed by Slovenia since the first UPR cycle (Croatia);"
    )
    # 140.9 ends one page and 140.10 begins the next: each ends with its recommending State.
    numbered = dict(_numbered(_read("A_HRC_59_15.pdf").paragraphs, "140"))
    assert all(re.search(r"\)[;.]$", text) for text in numbered.values())
    assert numbered["140.9"].endswith("Covenant on Economic, Social and Cultural Rights (Rwanda);")


def test_a_paragraph_running_on_to_the_next_page_stays_one_paragraph() -> None:
    paragraphs = _read("A_HRC_28_15.pdf").paragraphs
    (seventeen,) = [text for text in paragraphs if text.startswith("17. ")]
    assert "Optional Protocol to the International Covenant on Economic, Social and Cultural Rights" in seventeen


@pytest.mark.parametrize("name", ["A_HRC_28_15.pdf", "A_HRC_59_15.pdf", "A_HRC_28_15_Add.1.pdf", "A_HRC_59_15_Add.1.pdf"])
def test_no_paragraph_holds_page_headers_or_footers(name: str) -> None:
    text = _read(name)
    symbol = {
        "A_HRC_28_15.pdf": "A/HRC/28/15",
        "A_HRC_59_15.pdf": "A/HRC/59/15",
        "A_HRC_28_15_Add.1.pdf": "A/HRC/28/15/Add.1",
        "A_HRC_59_15_Add.1.pdf": "A/HRC/59/15/Add.1",
    }[name]
    for paragraph in text.paragraphs:
        assert "GE." not in paragraph
        assert paragraph != symbol
        assert not re.fullmatch(r"\d{1,3}", paragraph)
        assert not re.search(r"[\ue000-\uf8ff]", paragraph), "barcode characters"
    assert sum(symbol in paragraph for paragraph in text.paragraphs) <= 1, "the symbol is kept once, on the cover"


def test_real_hyphens_at_line_ends_are_kept() -> None:
    joined = "\n".join(_read("A_HRC_28_15.pdf").paragraphs)
    assert "carefully re-examined" in joined
    assert "principle of non-discrimination" in joined
    assert "Inter-Ministerial Working Group" in joined
    assert "\u2010" not in joined and "\ufffe" not in joined


@pytest.mark.parametrize("name", ["A_HRC_28_15_Add.1.pdf", "A_HRC_59_15_Add.1.pdf"])
def test_the_addendum_gives_paragraphs(name: str) -> None:
    text = _read(name)
    assert text.kind == "pdf" and text.pages > 1
    assert text.paragraphs and all(paragraph.strip() for paragraph in text.paragraphs)
    assert any("Slovenia" in paragraph for paragraph in text.paragraphs)


def test_a_comment_opening_a_page_with_the_same_words_as_another_is_not_taken_for_a_header() -> None:
    # Two pages of A/HRC/28/15/Add.1 open with "Rec. 68 We consider that the activities …" and
    # "Rec. 134 We consider that the activities …"; each comment is a paragraph of its own.
    openings = [p[:8] for p in _read("A_HRC_28_15_Add.1.pdf").paragraphs if p.startswith("Rec")]
    assert {"Rec. 67 ", "Rec. 68 ", "Rec. 134"} <= set(openings)
    assert openings.index("Rec. 68 ") == openings.index("Rec. 67 ") + 1


@pytest.mark.parametrize(
    ("name", "prefix", "last"),
    [("UPR20_Slovenia_Thematic_list.docx", "115", 163), ("UPR48_Slovenia_Thematic_list.docx", "140", 254)],
)
def test_the_matrix_is_one_table_holding_every_recommendation(name: str, prefix: str, last: int) -> None:
    text = _read(name)
    assert text.kind == "docx" and text.pages == 0
    (table,) = text.tables
    first_cells = [row[0] for row in table]
    numbers = {m.group(1) for cell in first_cells if (m := re.match(rf"({prefix}\.\d+)\s", cell))}
    assert numbers == {f"{prefix}.{n}" for n in range(1, last + 1)}
    themes = [row for row in table if row[0].startswith("Theme:")]
    assert themes and all(len(row) == 1 for row in themes), "a theme heading is one merged cell"
    assert len(table[0]) == 4


def test_a_truncated_pdf_is_a_clear_error() -> None:
    body = _raw("A_HRC_28_15.pdf")
    for cut in (len(body) // 2, len(body) - 100, 20):
        with pytest.raises(TextError, match="truncated"):
            read_text(body[:cut])


def test_a_corrupt_pdf_is_a_clear_error() -> None:
    body = _raw("A_HRC_28_15.pdf")
    with pytest.raises(TextError, match="corrupt PDF"):
        read_text(body[:1000] + b"\n%%EOF\n")


def test_an_image_only_pdf_is_a_clear_error() -> None:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(_raw("A_HRC_28_15_Add.1.pdf"))
    scan = pdfium.PdfDocument.new()
    for index in range(2):
        page = source[index]
        width, height = page.get_size()
        image = pdfium.PdfImage.new(scan)
        image.set_bitmap(page.render(scale=0.5))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new = scan.new_page(width, height)
        new.insert_obj(image)
        new.gen_content()
    buffer = io.BytesIO()
    scan.save(buffer)
    with pytest.raises(TextError, match="without a text layer") as raised:
        read_text(buffer.getvalue())
    assert "\n" not in str(raised.value)


def test_an_encrypted_pdf_is_a_clear_error() -> None:
    # pypdf is not a dependency of the project: without it there is no way here to encrypt a PDF.
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(_raw("A_HRC_28_15_Add.1.pdf"))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(TextError, match="encrypted PDF"):
        read_text(buffer.getvalue())


@pytest.mark.parametrize(
    "body",
    [
        b"PK\x03\x04" + bytes(range(256)) * 4,
        _raw("UPR20_Slovenia_Thematic_list.docx")[:20_000],
    ],
    ids=["garbage-after-zip-header", "truncated-docx"],
)
def test_a_file_that_claims_to_be_docx_but_is_not_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(TextError, match="not a valid Word .docx"):
        read_text(body)


def test_a_zip_without_a_word_document_is_a_clear_error() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(TextError, match="not a Word .docx"):
        read_text(buffer.getvalue())


def test_an_old_binary_doc_is_refused_by_name() -> None:
    with pytest.raises(TextError, match=r"old binary Word \.doc"):
        read_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def test_random_bytes_are_a_clear_error() -> None:
    with pytest.raises(TextError, match="not a PDF, Word .docx, HTML or UTF-8/UTF-16 text"):
        read_text(bytes([0x89, 0xFF, 0x00, 0x13, 0xFE, 0x80]) * 50)


def test_errors_are_parse_errors() -> None:
    assert issubclass(TextError, ParseError)


def test_html_gives_its_block_texts() -> None:
    body = codecs.BOM_UTF8 + (
        b"  <!DOCTYPE html><html><head><title>A/HRC/28/15</title><style>p{}</style></head><body>"
        b"<h1>Slovenia</h1><div><p>115.1 Take further\n   steps (Croatia);</p><p>115.2 Expedite</p></div>"
        b"<script>var x = 1;</script></body></html>"
    )
    text = read_text(body)
    assert text.kind == "html" and text.pages == 0
    assert text.paragraphs == ["A/HRC/28/15", "Slovenia", "115.1 Take further steps (Croatia);", "115.2 Expedite"]


def test_utf16_text_gives_paragraphs() -> None:
    body = "115.1 Take further\nsteps (Croatia);\n\n115.2 Expedite — Ljubljana, Klemenčič".encode("utf-16")
    text = read_text(body)
    assert text.kind == "text"
    assert text.paragraphs == ["115.1 Take further steps (Croatia);", "115.2 Expedite — Ljubljana, Klemenčič"]


def test_utf8_text_gives_paragraphs() -> None:
    assert read_text("Odstavek ena.\r\n\r\nOdstavek dva: Klemenčič.".encode()).paragraphs == [
        "Odstavek ena.",
        "Odstavek dva: Klemenčič.",
    ]


def test_the_first_bytes_decide_the_kind() -> None:
    assert read_text(b"  <p>HTML sent as text/plain</p>").kind == "html"
    with pytest.raises(TextError, match="PDF"):
        read_text(b"%PDF-1.7 but nothing else")


def test_footnotes_are_kept_apart_from_the_paragraph_they_interrupt() -> None:
    paragraphs = _read("A_HRC_59_15.pdf").paragraphs
    assert "1 A/HRC/WG.6/48/SVN/1." in paragraphs
    assert [text for text in paragraphs if "SVN/1." in text] == ["1 A/HRC/WG.6/48/SVN/1."]
