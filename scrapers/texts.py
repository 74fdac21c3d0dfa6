"""The text of a fetched document (PDF, Word .docx, HTML or plain text), as paragraphs.

A file is recognised by its first bytes, never by its name or Content-Type. PDF pages are read
with pypdfium2; the page furniture (document symbol, page numbers, job number) is removed and
the paragraphs are rebuilt across wrapped lines and page breaks. See ``docs/documents.md``.
"""

from __future__ import annotations

import codecs
import io
import re
import statistics
import zipfile
from collections import Counter
from typing import Literal

from msgspec import Struct

from tracker_scrapers.harvest import ParseError

__all__ = ["DocumentText", "TextError", "read_text"]


class TextError(ParseError):
    """A file whose text cannot be read: unknown format, old .doc, no text layer, encrypted, truncated or corrupt."""


class DocumentText(Struct, frozen=True, kw_only=True):
    """The text of one document.

    ``pages`` is the number of pages of a PDF (0 for the other kinds); ``paragraphs`` are the
    body's paragraphs in reading order, without page headers and footers; ``tables`` are the
    tables of a .docx, each a list of rows, each row a list of cell texts (a cell merged across
    columns appears once).
    """

    kind: Literal["pdf", "docx", "html", "text"]
    pages: int = 0
    paragraphs: list[str] = []
    tables: list[list[list[str]]] = []


def read_text(body: bytes) -> DocumentText:
    """The text of ``body``, recognised by its first bytes; raises :class:`TextError` when it cannot be read."""
    if body.startswith(b"%PDF-"):
        return _read_pdf(body)
    if body.startswith(b"PK\x03\x04"):
        return _read_docx(body)
    if body.startswith(b"\xd0\xcf\x11\xe0"):
        raise TextError("an old binary Word .doc (or other OLE2) file: only .docx is read, not .doc")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _read_plain(body.decode("utf-16"))
    head = body[:512].removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"<"):
        return _read_html(body)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TextError(f"not a PDF, Word .docx, HTML or UTF-8/UTF-16 text file (first bytes {body[:8]!r})") from None
    if "\x00" in text:
        raise TextError(f"not a PDF, Word .docx, HTML or UTF-8/UTF-16 text file (first bytes {body[:8]!r})")
    return _read_plain(text)


# --- PDF ---------------------------------------------------------------------------------

#: Lines of page furniture: a page number, a job number (``GE.15-02533  (E)  120315``, maybe
#: with the page number), a document symbol alone (``A/HRC/28/15``, ``CAT/C/SVN/CO/3/Add.1``).
_PAGE_NUMBER = re.compile(r"\d{1,4}")
_JOB_NUMBER = re.compile(r"(\d{1,4}\s+)?GE\.\d{2}-\d{4,6}(\s*\([A-Z]\))?(\s+\d{1,6})*")
_SYMBOL = re.compile(r"[A-Z]{1,8}(/[A-Za-z0-9.\-]+)+")
#: Private-use characters: the barcode font under the job number on a first page.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
#: How many lines at the top and at the bottom of a page may be furniture.
_EDGE = 3

#: Lines that open a paragraph: ``115.1``, ``86.``, ``(a)`` (in Russian ``a)`` or ``а)``), bullets, ``II.``/``A.``
#: (``А.``) headings, and a State's comment on recommendations in an addendum (``Rec. 68``, ``Recs. 6–13``).
_OPENS = re.compile(
    r"(\d{1,3}\.(\d{1,3}(\.\d{1,3})*)?|\(\w{1,4}\)|[a-zа-я]\)|[•▪◦·*\-–]|[IVXL]{1,6}\.|[A-ZА-Я]\.|Recs?\.\s*\d{1,3}\S*)\s"
)
#: A line shorter than this share of the document's usual line ends its paragraph.
_SHORT = 0.7


def _read_pdf(body: bytes) -> DocumentText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    # PDFium repairs a file cut at its end and reads the pages it finds: check the trailer first.
    if not body.rstrip(b"\r\n\t \x00").endswith(b"%%EOF"):
        raise TextError("a truncated PDF: the file does not end with %%EOF")
    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise TextError("an encrypted PDF that needs a password") from None
        raise TextError(f"a corrupt PDF that cannot be opened ({error})") from None
    try:
        pages = [_page_lines(document[index], pdfium_c) for index in range(len(document))]
    except pdfium.PdfiumError as error:
        raise TextError(f"a corrupt PDF whose pages cannot be read ({error})") from None
    finally:
        document.close()
    empty = sum(1 for lines in pages if not any(text.strip() for text, _ in lines))
    if not pages or empty * 2 >= len(pages):
        raise TextError(f"a PDF without a text layer ({empty} of {len(pages)} pages have no text; a scan?)")
    return DocumentText(kind="pdf", pages=len(pages), paragraphs=_paragraphs(_strip_furniture(pages)))


def _page_lines(page, pdfium_c) -> list[tuple[str, float]]:
    """The page's lines, each with the font size of its first character."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines, start = [], 0
        for line in text.split("\n"):
            # PDFium marks a hyphen it took for a soft line break with U+FFFE; which it is is decided later.
            clean = _PRIVATE_USE.sub("", line.rstrip("\r")).replace("\ufffe", "\u2010\n")
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, start) if start < len(text) else 0.0
            lines.extend((part, size) for part in clean.split("\n"))
            start += len(line) + 1
        return lines
    finally:
        textpage.close()
        page.close()


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _strip_furniture(pages: list[list[tuple[str, float]]]) -> list[list[tuple[str, float]]]:
    """The pages without their running headers and footers.

    A line is furniture when it sits among the first or last lines of a page and either looks
    like a page number, job number or document symbol, or (digits aside) recurs at the edges of
    many pages.
    """
    edges: Counter[str] = Counter()
    lengths = []
    for lines in pages:
        kept = [text for text, _ in lines if text.strip()]
        lengths.extend(len(text.strip()) for text in kept)
        edges.update({_furniture_key(line) for line in kept[:_EDGE] + kept[-_EDGE:]})
    half_line = 0.5 * statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 10 else 0
    # Pages may open with the same words by chance ("Rec. 68 We consider that the activities …",
    # "Rec. 134 We consider that …"); UN running headers are short (symbol, page, job number).
    recurring = {
        key for key, count in edges.items() if len(pages) >= 3 and count >= max(2, 0.4 * len(pages)) and len(key) < half_line
    }

    def furniture(line: str) -> bool:
        bare = " ".join(line.split())
        return (
            _furniture_key(bare) in recurring
            or _PAGE_NUMBER.fullmatch(bare) is not None
            or _JOB_NUMBER.fullmatch(bare) is not None
            or _SYMBOL.fullmatch(bare) is not None
        )

    result = []
    for lines in pages:
        kept = [line for line in lines if line[0].strip()]
        top = 0
        while top < min(_EDGE, len(kept)) and furniture(kept[top][0]):
            top += 1
        bottom = len(kept)
        while bottom > top and len(kept) - bottom < _EDGE and furniture(kept[bottom - 1][0]):
            bottom -= 1
        result.append(kept[top:bottom])
    return result


def _paragraphs(pages: list[list[tuple[str, float]]]) -> list[str]:
    """Paragraphs rebuilt from the pages' lines.

    A paragraph ends at a short line or before a line that opens one (a paragraph number, a
    sub-paragraph letter, a bullet, a heading number). Footnotes (smaller print at the foot of a
    page) are kept apart, so that a paragraph running on to the next page stays whole.
    """
    lengths = [len(text.strip()) for lines in pages for text, _ in lines]
    usual = statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 10 else max(lengths, default=0)
    paragraphs: list[list[str]] = []
    notes: list[list[str]] = []
    current: list[str] = []

    def close() -> None:
        if current:
            paragraphs.append(current.copy())
            current.clear()
        for note in notes:
            paragraphs.append(note)
        notes.clear()

    for lines in pages:
        sizes = [size for _, size in lines if size > 0]
        body_size = statistics.mode(sizes) if sizes else 0.0
        foot = len(lines)
        while foot > 0 and 0 < lines[foot - 1][1] < body_size - 1:
            foot -= 1
        for text, _ in lines[:foot]:
            line = text.strip()
            if _OPENS.match(line):
                close()
            current.append(line)
            if len(line) < _SHORT * usual and not line.endswith("\u2010"):
                close()
        page_notes: list[list[str]] = []
        for text, _ in lines[foot:]:
            line = text.strip()
            if not page_notes or re.match(r"\d{1,3}\s", line) or _OPENS.match(line):
                page_notes.append([line])
            else:
                page_notes[-1].append(line)
        notes.extend(page_notes)
    close()
    joined = [_join(lines) for lines in paragraphs]
    return _dehyphenate([text for text in joined if text])


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if not text or text.endswith(("\u2010", "-")):
            text += line
        else:
            text += " " + line
    return " ".join(text.split())


_BROKEN = re.compile(r"(\w+)\u2010(\w+)")


def _dehyphenate(paragraphs: list[str]) -> list[str]:
    """Resolve the hyphens found at line ends.

    UN documents are not hyphenated automatically, so a line-end hyphen is kept
    (``non-governmental``) unless the word written without it occurs in the document and the
    hyphenated form does not.
    """
    words = Counter(word.lower() for text in paragraphs for word in re.findall(r"[\w-]+", text))

    def resolve(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        whole, hyphenated = (first + second).lower(), f"{first}-{second}".lower()
        if words[whole] and not words[hyphenated] and second[:1].islower():
            return first + second
        return f"{first}-{second}"

    return [_BROKEN.sub(resolve, text).replace("\u2010", "-") for text in paragraphs]


# --- Word .docx ----------------------------------------------------------------------------


def _read_docx(body: bytes) -> DocumentText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise TextError("a ZIP file that is not a Word .docx document (no word/document.xml)")
            document = docx.Document(io.BytesIO(body))
    except TextError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError) as error:
        raise TextError(f"not a valid Word .docx document ({error})") from None
    except Exception as error:  # lxml and python-docx raise many kinds on a damaged part
        raise TextError(f"not a valid Word .docx document ({type(error).__name__}: {error})") from None
    paragraphs = [" ".join(p.text.split()) for p in document.paragraphs]
    tables = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells, seen = [], []
            for cell in row.cells:
                # python-docx repeats a cell merged across columns once per column it spans.
                if any(cell._tc is other for other in seen):
                    continue
                seen.append(cell._tc)
                cells.append(cell.text.strip())
            rows.append(cells)
        tables.append(rows)
    return DocumentText(kind="docx", paragraphs=[p for p in paragraphs if p], tables=tables)


# --- HTML and plain text -----------------------------------------------------------------


_BLOCKS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre", "dt", "dd", "caption", "title",
)  # fmt: skip


def _read_html(body: bytes) -> DocumentText:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError) as error:
        raise TextError(f"an HTML file that cannot be parsed ({error})") from None
    for element in root.iter("script", "style", "noscript", "template"):
        element.drop_tree()
    paragraphs = []
    for element in root.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in element.iterdescendants() if isinstance(child.tag, str)):
            own = " ".join((element.text or "").split())
        else:
            own = " ".join(element.text_content().split())
        if own:
            paragraphs.append(own)
    return DocumentText(kind="html", paragraphs=paragraphs)


def _read_plain(text: str) -> DocumentText:
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return DocumentText(kind="text", paragraphs=[" ".join(block.split()) for block in blocks if block.strip()])
