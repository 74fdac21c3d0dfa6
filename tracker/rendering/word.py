"""A briefing as a Word document (.docx): A4, narrow margins, dense lists, numbered sources."""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from tracker.domain.entities import Briefing
from tracker.rendering._outline import Entry, Piece, Section, outline

_MARK_COLOUR = RGBColor(0x8A, 0x1C, 0x00)
_LINK_COLOUR = "1F4E9A"
_TAGS_COLOUR = RGBColor(0x55, 0x55, 0x55)


def _compact(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.8)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.0
    for name, size, before, after in (("Heading 1", 15, 0, 3), ("Heading 2", 12, 8, 2), ("Heading 3", 10.5, 4, 1)):
        heading = styles[name]
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
        heading.paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Bullet 2"):
        styles[name].paragraph_format.space_after = Pt(1)
        styles[name].paragraph_format.line_spacing = 1.0


def _hyperlink(paragraph: Paragraph, label: str, url: str) -> None:
    # python-docx reads hyperlinks but has no call to write one, so the run is built as XML.
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), _LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([colour, underline])
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = label
    run.extend([properties, text])
    link.append(run)
    paragraph._p.append(link)


def _pieces(paragraph: Paragraph, row: tuple[Piece, ...], *, italic: bool = False) -> None:
    for piece in row:
        if piece.kind == "link" and piece.url.startswith(("http://", "https://")):
            _hyperlink(paragraph, piece.text, piece.url)
        elif piece.kind == "cite":
            paragraph.add_run(f"[{piece.number}]").font.superscript = True
        elif piece.kind == "tags":
            run = paragraph.add_run(piece.text)
            run.font.size = Pt(8.5)
            run.font.color.rgb = _TAGS_COLOUR
        elif piece.kind == "mark":
            run = paragraph.add_run(f"[{piece.text}]" if piece.bracketed else piece.text)
            run.bold = True
            run.font.color.rgb = _MARK_COLOUR
        else:
            # Plain text; and a link without an absolute address (no base URL given), which Word could not open.
            paragraph.add_run(piece.text).italic = italic


def _entry(document: Document, entry: Entry, level: int = 1) -> None:
    paragraph = document.add_paragraph(style="List Bullet" if level == 1 else "List Bullet 2")
    for index, row in enumerate(entry.rows):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        _pieces(paragraph, row, italic=entry.more)
    for child in entry.children:
        _entry(document, child, level + 1)


def _section(document: Document, section: Section, level: int) -> None:
    document.add_heading(section.heading, level=level)
    for entry in section.entries:
        _entry(document, entry)
    for sub in section.subsections:
        _section(document, sub, level + 1)


def to_docx(briefing: Briefing, *, base_url: str = "", language: str = "en") -> bytes:
    """The briefing as a .docx file's bytes in ``language`` (``"en"`` or ``"ru"``): A4 with about
    1.8 cm margins, Heading 1/2 styles, compact lists, and the sources cited as [n] listed by number at the end.

    Item and decision labels are hyperlinks when ``base_url`` is absolute, plain text otherwise.
    """
    content = outline(briefing, base_url=base_url, language=language)
    document = docx.Document()
    _compact(document)
    document.core_properties.title = content.title
    document.core_properties.language = content.language
    document.add_heading(content.title, level=1)
    for line in content.intro:
        document.add_paragraph(line)
    for section in content.sections:
        _section(document, section, 2)
    if content.sources:
        document.add_heading(content.sources_heading, level=2)
        for source in content.sources:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.6)
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)
            paragraph.paragraph_format.space_after = Pt(1)
            paragraph.add_run(f"{source.number}. " + (f"{source.caption}. " if source.caption else ""))
            if source.url.startswith(("http://", "https://")):
                _hyperlink(paragraph, source.url, source.url)
            else:
                paragraph.add_run(source.url)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
