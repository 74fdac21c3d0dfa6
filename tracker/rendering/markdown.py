"""A briefing as Markdown (CommonMark), to download or paste into notes."""

from __future__ import annotations

import re

from tracker.domain.entities import Briefing
from tracker.rendering._outline import Entry, Piece, Section, outline

_SPECIAL = re.compile(r"([\\`*_\[\]<>]|&(?=#?\w+;))")
_NUMBERED = re.compile(r"\d+(?=[.)])")


def escape(value: str) -> str:
    """User text that prints as itself: no links, HTML, code, emphasis, headings or lists."""
    escaped = _SPECIAL.sub(r"\\\1", value)
    start = len(escaped) - len(escaped.lstrip(" "))
    # At the start of a line these would begin a heading, a list or a heading underline.
    numbered = _NUMBERED.match(escaped, start)
    if numbered:
        return f"{escaped[: numbered.end()]}\\{escaped[numbered.end() :]}"
    if escaped[start : start + 1] in ("#", "+", "-", "="):
        return f"{escaped[:start]}\\{escaped[start:]}"
    return escaped


def _url(url: str) -> str:
    return re.sub(r"[\s()<>]", lambda m: f"%{ord(m[0]):02X}", url)


def _source_link(url: str) -> str:
    # An autolink needs a scheme: a relative "</api/...>" would read as an HTML closing tag.
    return f"<{_url(url)}>" if re.match(r"https?://", url) else f"[{escape(url)}]({_url(url)})"


def _piece(piece: Piece) -> str:
    if piece.kind == "link":
        return f"[{escape(piece.text)}]({_url(piece.url)})"
    if piece.kind == "cite":
        return f"[{piece.number}]"
    if piece.kind == "mark":
        inner = f"[{escape(piece.text)}]" if piece.bracketed else escape(piece.text)
        return f"**{inner}**"
    return escape(piece.text)


def _entry(entry: Entry, indent: str = "") -> list[str]:
    rows = ["".join(_piece(piece) for piece in row) for row in entry.rows]
    text = f"*{rows[0]}*" if entry.more else rows[0]
    # A trailing backslash is a hard line break: detail and links stay in the entry, on their own lines.
    lines = [f"{indent}- {text}" + ("\\" if len(rows) > 1 else "")]
    lines += [f"{indent}  {row}" + ("\\" if index < len(rows) - 2 else "") for index, row in enumerate(rows[1:])]
    for child in entry.children:
        lines += _entry(child, indent + "  ")
    return lines


def _section(section: Section, level: int) -> list[str]:
    lines = [f"{'#' * level} {escape(section.heading)}", ""]
    for entry in section.entries:
        lines += _entry(entry)
    for index, sub in enumerate(section.subsections):
        lines += ([] if index == 0 and not section.entries else [""]) + _section(sub, level + 1)
    return lines


def to_markdown(briefing: Briefing, *, base_url: str = "", language: str = "en") -> str:
    """The briefing as a Markdown document in ``language`` (``"en"`` or ``"ru"``): sections in order,
    empty ones left out, sources numbered at the end.

    Item and decision labels link to their pages under ``base_url``; user text is escaped so it
    cannot add headings, links or HTML.
    """
    document = outline(briefing, base_url=base_url, language=language)
    lines = [f"# {escape(document.title)}", ""]
    lines += [escape(line) + ("\\" if index < len(document.intro) - 1 else "") for index, line in enumerate(document.intro)]
    for section in document.sections:
        lines += ["", *_section(section, 2)]
    if document.sources:
        lines += ["", f"## {escape(document.sources_heading)}", ""]
        for source in document.sources:
            caption = f"{escape(source.caption)}. " if source.caption else ""
            lines.append(f"{source.number}. {caption}{_source_link(source.url)}")
    return "\n".join(lines) + "\n"
