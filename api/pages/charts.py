"""Charts drawn on the server as inline SVG: pure functions from counts to :class:`~markupsafe.Markup`.

Every chart is an image with a name and a description (``role="img"``, ``<title>``, ``<desc>``),
carries its numbers as text (counts inside the segments that have room, a total per bar, a legend
with every status and its count), and never relies on colour alone. Every piece of text is escaped
here, before it becomes markup; the pages also print the same numbers as a table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup

from tracker.domain.wording import status_words
from tracker.locale import gettext, ngettext

#: Statuses in the order the bars stack them: done first, nothing known last.
STATUS_ORDER = ("implemented", "partially_implemented", "not_implemented", "contrary", "closed", "no_information")

#: Fill and text colour per status; each text colour has a contrast of at least 4.5:1 on its fill.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "implemented": ("#1b7837", "#ffffff"),
    "partially_implemented": ("#f1a340", "#000000"),
    "not_implemented": ("#b2182b", "#ffffff"),
    "contrary": ("#542788", "#ffffff"),
    "closed": ("#4d4d4d", "#ffffff"),
    "no_information": ("#d9d9d9", "#000000"),
}
_UNKNOWN_COLOURS = ("#8c8c8c", "#000000")

#: The drawing's width: narrow enough that on a phone (390 px) the text scales to no less than 11 px.
WIDTH = 400
BAR_HEIGHT = 22
ROW_GAP = 10
LEGEND_ROW = 22
LEGEND_COLUMNS = 2
FONT = 13
#: Roughly the width of one digit at :data:`FONT`, to decide whether a count fits in its segment.
DIGIT_WIDTH = 8


def _ordered(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    known = [(status, int(counts.get(status, 0))) for status in STATUS_ORDER]
    others = sorted((status, int(count)) for status, count in counts.items() if status not in STATUS_ORDER)
    return known + others


def _safe_id(prefix: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", prefix) or "chart"
    return cleaned if cleaned[0].isalpha() else f"c-{cleaned}"


def _summary(label: str | None, counts: Mapping[str, int], language: str) -> str:
    total = sum(counts.values())
    parts = [f"{count} {status_words(status, language)}" for status, count in _ordered(counts) if count]
    head = f"{label}: " if label else ""
    items = ngettext("%(num)d item", "%(num)d items", total, language) % {"num": total}
    return f"{head}{items}" + (f" ({', '.join(parts)})" if parts else "")


def describe(rows: Mapping[str, Mapping[str, int]], language: str = "en") -> str:
    """A one-paragraph text alternative: every bar with its total and its counts by status."""
    if not rows:
        return gettext("No items.", language)
    return "; ".join(_summary(label, counts, language) for label, counts in rows.items()) + "."


def _legend(totals: Mapping[str, int], top: float, language: str) -> tuple[list[Markup], float]:
    entries = [(status, count) for status, count in _ordered(totals) if count]
    parts: list[Markup] = []
    column_width = WIDTH / LEGEND_COLUMNS
    for index, (status, count) in enumerate(entries):
        x = (index % LEGEND_COLUMNS) * column_width
        y = top + (index // LEGEND_COLUMNS) * LEGEND_ROW
        fill, _ = STATUS_COLOURS.get(status, _UNKNOWN_COLOURS)
        parts.append(
            Markup(
                '<g class="legend-entry"><rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="{fill}" stroke="#000000" stroke-width="0.5"/>'
                '<text x="{tx:.1f}" y="{ty:.1f}">{label}: {count}</text></g>'
            ).format(x=x, y=y, fill=fill, tx=x + 20, ty=y + 12, label=status_words(status, language), count=count)
        )
    rows = -(-len(entries) // LEGEND_COLUMNS)
    return parts, top + rows * LEGEND_ROW


def _stacked(
    rows: Mapping[str, Mapping[str, int]], *, title: str, desc: str | None, id_prefix: str, label_width: int, language: str
) -> Markup:
    chart_id = _safe_id(id_prefix)
    bar_left = label_width
    total_width = 56
    bar_space = WIDTH - bar_left - total_width
    largest = max((sum(counts.values()) for counts in rows.values()), default=0)
    body: list[Markup] = []
    y = 0.0
    totals: dict[str, int] = {}
    for label, counts in rows.items() if largest else ():
        row_total = sum(counts.values())
        middle = y + BAR_HEIGHT / 2 + FONT / 2 - 2
        row: list[Markup] = []
        if label_width:
            row.append(
                Markup('<text class="bar-label" x="0" y="{y:.1f}" font-weight="bold">{label}</text>').format(
                    y=middle, label=label
                )
            )
        x = float(bar_left)
        for status, count in _ordered(counts):
            totals[status] = totals.get(status, 0) + count
            if not count or not largest:
                continue
            width = count / largest * bar_space
            fill, ink = STATUS_COLOURS.get(status, _UNKNOWN_COLOURS)
            row.append(
                Markup(
                    '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{fill}" stroke="#ffffff" stroke-width="1">'
                    "<title>{tip}</title></rect>"
                ).format(
                    x=x,
                    y=y,
                    w=width,
                    h=BAR_HEIGHT,
                    fill=fill,
                    tip=_summary(label, {status: count}, language) if label else f"{count} {status_words(status, language)}",
                )
            )
            if width >= DIGIT_WIDTH * len(str(count)) + 8:
                row.append(
                    Markup('<text x="{cx:.1f}" y="{y:.1f}" fill="{ink}" text-anchor="middle">{count}</text>').format(
                        cx=x + width / 2, y=middle, ink=ink, count=count
                    )
                )
            x += width
        row.append(
            Markup('<text class="bar-total" x="{x:.1f}" y="{y:.1f}">{total}</text>').format(x=x + 6, y=middle, total=row_total)
        )
        body.append(Markup('<g class="bar">{}</g>').format(Markup("").join(row)))
        y += BAR_HEIGHT + ROW_GAP
    if not largest:
        body.append(Markup('<text x="0" y="{y}">{none}</text>').format(y=FONT + 2, none=gettext("No items.", language)))
        y = BAR_HEIGHT + ROW_GAP
    legend, height = _legend(totals, y + 4, language)
    description = desc if desc is not None else describe(rows, language)
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {w} {h:.0f}" width="100%"'
        ' preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-title {id}-desc"'
        ' font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}{legend}</svg>"
    ).format(
        w=WIDTH,
        h=max(height, 1),
        id=chart_id,
        font=FONT,
        title=title,
        desc=description,
        body=Markup("").join(body),
        legend=Markup("").join(legend),
    )


def body_status_chart(
    by_body: Mapping[str, Mapping[str, int]],
    *,
    title: str,
    desc: str | None = None,
    id_prefix: str = "by-body",
    language: str = "en",
) -> Markup:
    """Horizontal stacked bars, one per body (``CAT``, ``CCPR``, ``UPR`` …), one segment per status.

    ``by_body`` maps a body to its counts by status (``StateSummary.by_body``). Bars share one
    scale, so their lengths compare; each carries its total, and counts that fit are printed
    inside their segment. The legend and the description speak ``language``; bodies keep their abbreviations.
    """
    return _stacked(by_body, title=title, desc=desc, id_prefix=id_prefix, label_width=64, language=language)


def status_bar(
    by_status: Mapping[str, int], *, title: str, desc: str | None = None, id_prefix: str = "status", language: str = "en"
) -> Markup:
    """One stacked bar of counts by status (``StateOverview.by_status``), with its total and a legend in ``language``."""
    return _stacked(
        {"": by_status},
        title=title,
        desc=desc if desc is not None else _summary(None, by_status, language) + ".",
        id_prefix=id_prefix,
        label_width=0,
        language=language,
    )
