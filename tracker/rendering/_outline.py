"""What a briefing says, in order, before any format marks it up.

Every format renders this one outline, so Markdown, HTML and Word carry the same sections,
the same words and the same source numbers; a format only decides how text, links,
citations and marks look, and escapes user text its own way.

The outline is written in one language: its sentences come from the message catalogue
(:mod:`tracker.locale`), values, dates and sums from :mod:`tracker.domain.wording`.
What people recorded (titles, names, court names) stays in the words they recorded it in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

from babel.support import NullTranslations

from tracker.domain.entities import Briefing, BriefingAction, BriefingCase, BriefingItem, BriefingNew, SourceRef
from tracker.domain.enums import Status, Verification
from tracker.domain.source_urls import shown_url
from tracker.domain.wording import (
    action_detail,
    case_reference,
    change_cause,
    coverage_line,
    deadline_note,
    on,
    state_name,
    status_words,
    theme_name,
    verification_line,
    words,
)
from tracker.locale import translations

#: Best news first, as people read a status count.
_STATUS_ORDER = (
    Status.IMPLEMENTED,
    Status.PARTIALLY_IMPLEMENTED,
    Status.NOT_IMPLEMENTED,
    Status.CONTRARY,
    Status.CLOSED,
    Status.NO_INFORMATION,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Runs of white space become one space, but a no-break space stays: it holds a sum together ("2 000 000 ₸").
_SPACES = re.compile(r"[^\S\xa0\u202f]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a line: plain text, a link, a citation of a numbered source, a mark the reader must not miss,
    or theme tags (which print smaller where the format allows)."""

    kind: Literal["text", "link", "cite", "mark", "tags"]
    text: str = ""
    url: str = ""
    number: int = 0
    #: A mark printed in square brackets, like ``[unverified — recorded by …]``.
    bracketed: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One list entry: its first row, rows continuing it (detail, what it bears on), and entries under it."""

    rows: tuple[tuple[Piece, ...], ...]
    children: tuple[Entry, ...] = ()
    #: An "and N more" line.
    more: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with its entries and sub-sections; never empty."""

    heading: str
    entries: tuple[Entry, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """A numbered source, numbered in order of first citation."""

    number: int
    url: str
    title: str | None = None
    publisher: str | None = None

    @property
    def caption(self) -> str:
        """Title and publisher, as far as known: "Law No. 1 of 2023. Adilet"."""
        return ". ".join(part.rstrip(".") for part in (self.title, self.publisher) if part)


@dataclass(frozen=True, slots=True)
class Outline:
    """A whole briefing: title, the lines under it, its sections in order, and its sources, in ``language``."""

    title: str
    state: str
    language: str
    #: The heading of the numbered sources at the end.
    sources_heading: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]


def clean(text: str) -> str:
    """User text on one line: line breaks could start a heading or a list in Markdown, and control
    characters are not allowed in a Word document."""
    return _SPACES.sub(" ", _CONTROL.sub("", text))


def text(value: str) -> Piece:
    return Piece("text", text=clean(value))


def link(value: str, url: str) -> Piece:
    return Piece("link", text=clean(value).strip(), url=url)


def mark(value: str, *, bracketed: bool = True) -> Piece:
    return Piece("mark", text=clean(value).strip(), bracketed=bracketed)


class _Sources:
    """Unique URLs, numbered as first cited; a URL cited again keeps its first number."""

    def __init__(self) -> None:
        self._by_url: dict[str, Source] = {}

    def cite(self, url: str, title: str | None = None, publisher: str | None = None) -> Piece:
        url = shown_url(url)
        source = self._by_url.get(url)
        if source is None:
            source = Source(
                number=len(self._by_url) + 1,
                url=url,
                title=clean(title or "").strip() or None,
                publisher=clean(publisher or "").strip() or None,
            )
            self._by_url[url] = source
        return Piece("cite", number=source.number)

    def cite_ref(self, ref: SourceRef) -> Piece:
        return self.cite(ref.url, ref.title, ref.publisher)

    def all(self) -> tuple[Source, ...]:
        return tuple(self._by_url.values())


class _Words:
    """The outline's words in one language: catalogue messages, values, dates, deadlines."""

    def __init__(self, language: str, as_of: object) -> None:
        self.language = language
        self.t: NullTranslations = translations(language)
        self.as_of = as_of

    def value(self, value: object) -> str:
        return words(value, self.language)

    def on(self, date: object, precision: object = "day") -> str:
        return on(date, precision, self.language)  # type: ignore[arg-type]

    def deadline(self, item: BriefingItem) -> str | None:
        # The library words the deadline in English; other languages say the same from its dates.
        if self.language == "en" or item.due_date is None:
            return item.deadline_note
        return deadline_note(item.due_date, item.reply_date, item.status, self.as_of, item.reply_precision, self.language)  # type: ignore[arg-type]


def _summary(briefing: Briefing, w: _Words) -> tuple[Entry, ...]:
    summary = briefing.summary
    t = w.t
    order = {status.value: index for index, status in enumerate(_STATUS_ORDER)}
    counts = sorted(
        ((key, count) for key, count in summary.by_status.items() if count),
        key=lambda pair: order.get(pair[0], len(order)),
    )
    line = t.ngettext("%(num)d item", "%(num)d items", summary.items) % {"num": summary.items}
    if counts:
        line += ": " + ", ".join(f"{count} {status_words(key, w.language)}" for key, count in counts)
    bodies = [(body, sum(by_status.values())) for body, by_status in summary.by_body.items()]
    lines = [line]
    if any(count for _, count in bodies):
        lines.append(
            t.gettext("By body: %(counts)s") % {"counts": " · ".join(f"{body} {count}" for body, count in bodies if count)}
        )
    overdue = t.gettext("State replies overdue: %(num)d") % {"num": summary.replies_overdue}
    on_remedies = summary.replies_overdue_on_remedies
    if on_remedies:
        overdue += " " + t.ngettext(
            "(%(num)d remedy of individual decisions, under the cases below)",
            "(%(num)d remedies of individual decisions, under the cases below)",
            on_remedies,
        ) % {"num": on_remedies}
    new = t.gettext("New recommendations in the period: %(num)d") % {"num": summary.new_recommendations}
    lines.append(f"{overdue} · {new}")
    lines += [
        coverage_line(
            sorted(summary.by_body),
            briefing.as_of,
            summary.latest_document,
            summary.latest_action,
            summary.latest_action_precision,
            w.language,
        ),
        verification_line(summary.unverified_actions, summary.unverified_assessments, w.language),
    ]
    return tuple(Entry(rows=((text(one),),)) for one in lines if one)


def _item_url(base_url: str, item: str) -> str:
    return f"{base_url}/items/{quote(item, safe='')}"


def _decision_url(base_url: str, decision: str) -> str:
    return f"{base_url}/decisions/{quote(decision, safe='')}"


def _new(entry: BriefingNew, base_url: str, w: _Words) -> Entry:
    t = w.t
    # Decision ids read as "cat-433-2010"; documents are named by their symbols and have no page of their own.
    decision = case_reference(entry.id) != entry.id
    head = link(entry.label, _decision_url(base_url, entry.id)) if decision else text(entry.label)
    where = str(entry.body) + (
        ", " + t.gettext("adopted %(date)s") % {"date": w.on(entry.adopted_on)} if entry.adopted_on else ""
    )
    if decision:
        what = t.ngettext("%(num)d remedy", "%(num)d remedies", entry.items) % {"num": entry.items}
    else:
        what = t.ngettext(
            "%(num)d recommendation, %(selected)d selected for follow-up",
            "%(num)d recommendations, %(selected)d selected for follow-up",
            entry.items,
        ) % {"num": entry.items, "selected": entry.follow_up}
    return Entry(rows=((head, text(f" ({where}) — {what}")),))


def _action(action: BriefingAction, base_url: str, sources: _Sources, w: _Words) -> Entry:
    t = w.t
    first = [text(f"{w.on(action.date, action.date_precision)} — {w.value(action.kind)}: {action.title}")]
    for ref in action.sources:
        first += [text(" "), sources.cite_ref(ref)]
    if action.verification is Verification.UNVERIFIED:
        if action.recorded_by:
            first += [text(" "), mark(t.gettext("unverified — recorded by %(who)s") % {"who": action.recorded_by})]
        else:
            first += [text(" "), mark(t.gettext("unverified"))]
    rows: list[tuple[Piece, ...]] = [tuple(first)]
    detail = action_detail(action.court, action.amounts, action.addressed_to, w.language)
    if detail:
        rows.append((text(detail.strip()),))
    if action.items:
        bears: list[Piece] = [text(t.gettext("Bears on:") + " ")]
        for index, one in enumerate(action.items):
            if index:
                bears.append(text("; "))
            bears += [link(one.label, _item_url(base_url, one.item)), text(f" ({w.value(one.effect)})")]
        rows.append(tuple(bears))
    return Entry(rows=tuple(rows))


def _item(item: BriefingItem, base_url: str, w: _Words, *, within: str = "") -> Entry:
    t = w.t
    after = f" — {w.value(item.status)}"
    note = w.deadline(item)
    if note:
        after += f"; {note}"
    # Under its case, a remedy is named by what it asks, not by the case again.
    label = item.label.removeprefix(f"{within}: ") if within else item.label
    pieces = [link(label, _item_url(base_url, item.id))]
    if item.verification is Verification.UNVERIFIED:
        pieces += [text(" "), mark(t.gettext("unverified item"))]
    pieces.append(text(after))
    if item.awaiting_verification:
        waiting = t.ngettext(
            "(%(num)d record awaiting verification)", "(%(num)d records awaiting verification)", item.awaiting_verification
        ) % {"num": item.awaiting_verification}
        pieces += [text(" "), mark(waiting, bracketed=False)]
    if item.themes:
        names = ", ".join(theme_name(theme, w.language) for theme in item.themes)
        pieces += [text(" · "), Piece("tags", text=t.gettext("themes: %(names)s") % {"names": names})]
    return Entry(rows=(tuple(pieces),))


def _case(case: BriefingCase, base_url: str, w: _Words) -> Entry:
    adopted = w.t.gettext("adopted %(date)s") % {"date": w.on(case.adopted_on)} if case.adopted_on else None
    about = [part for part in (case.symbol, adopted) if part]
    head = [link(case.label, _decision_url(base_url, case.decision))]
    if about:
        head.append(text(f" — {', '.join(about)}"))
    return Entry(rows=(tuple(head),), children=tuple(_item(remedy, base_url, w, within=case.label) for remedy in case.remedies))


def _more(shown: int, total: int, w: _Words) -> tuple[Entry, ...]:
    if total <= shown:
        return ()
    return (Entry(rows=((text(w.t.gettext("and %(num)d more") % {"num": total - shown}),),), more=True),)


def _section(heading: str, entries: tuple[Entry, ...] = (), subsections: tuple[Section, ...] = ()) -> tuple[Section, ...]:
    return (Section(heading, entries, subsections),) if entries or subsections else ()


def outline(briefing: Briefing, *, base_url: str = "", language: str = "en") -> Outline:
    """The briefing as the sections every format prints, in order, with empty sections left out.

    ``base_url`` (no trailing slash needed) prefixes the links to item and decision pages;
    ``language`` (``en`` or ``ru``) is the language of the headings, sentences, values and dates.
    """
    base_url = base_url.rstrip("/")
    w = _Words(language, briefing.as_of)
    t = w.t
    state = clean(state_name(briefing.state.names, briefing.state.code, language)).strip()
    until, as_of = w.on(briefing.until), w.on(briefing.as_of)
    if briefing.since:
        period = t.gettext("Period: since %(since)s to %(until)s · statuses as of %(as_of)s")
        intro = [period % {"since": w.on(briefing.since), "until": until, "as_of": as_of}]
    else:
        period = t.gettext("Period: from the first record to %(until)s · statuses as of %(as_of)s")
        intro = [period % {"until": until, "as_of": as_of}]
    only = []
    if briefing.themes:
        only.append(
            t.gettext("themes %(names)s") % {"names": ", ".join(theme_name(theme, language) for theme in briefing.themes)}
        )
    if briefing.bodies:
        only.append(t.gettext("bodies %(names)s") % {"names": ", ".join(str(body) for body in briefing.bodies)})
    if only:
        intro.append(t.gettext("Only: %(scope)s") % {"scope": "; ".join(only)})

    sources = _Sources()
    actions = tuple(_action(action, base_url, sources, w) for action in briefing.actions)
    if briefing.actions_total > len(briefing.actions):
        query = {"state": briefing.state.code}
        if briefing.since:
            query["since"] = briefing.since.isoformat()
        query["until"] = briefing.until.isoformat()
        full = sources.cite(
            f"{base_url}/api/v1/actions?{urlencode(query)}",
            t.gettext("All actions of %(state)s in the period") % {"state": state},
        )
        showing = t.gettext("Showing %(shown)d of %(total)d; the full list:") % {
            "shown": len(briefing.actions),
            "total": briefing.actions_total,
        }
        actions += (Entry(rows=((text(showing + " "), full),), more=True),)
    changes = tuple(
        Entry(
            rows=(
                (
                    text(f"{w.on(change.on, change.precision)} — "),
                    link(change.label, _item_url(base_url, change.item)),
                    text(
                        f": {w.value(change.from_)} → {w.value(change.to)} ({change_cause(change.basis, change.action, change.assessment, language)})"
                    ),
                ),
            )
        )
        for change in briefing.changes
    )
    outstanding = _section(
        t.gettext("State replies overdue"),
        tuple(_item(item, base_url, w) for item in briefing.replies_overdue)
        + _more(len(briefing.replies_overdue), briefing.replies_overdue_total, w),
    ) + _section(
        t.gettext("Still open"),
        tuple(_item(item, base_url, w) for item in briefing.outstanding)
        + _more(len(briefing.outstanding), briefing.outstanding_total, w),
    )
    claims = []
    for claim in briefing.unverified:
        grade = t.gettext("graded %(grade)s") % {"grade": claim.grade}
        if claim.status:
            grade += f" ({w.value(claim.status)})"
        said = t.gettext("%(assessor)s (%(kind)s) %(grade)s on %(date)s") % {
            "assessor": claim.assessor,
            "kind": w.value(claim.assessor_kind),
            "grade": grade,
            "date": w.on(claim.date),
        }
        if claim.recorded_by:
            said += ", " + t.gettext("recorded by %(who)s") % {"who": claim.recorded_by}
        claims.append(
            Entry(
                rows=(
                    (
                        link(claim.label, _item_url(base_url, claim.item)),
                        text(f": {said} — "),
                        mark(t.gettext("not counted until another editor verifies it"), bracketed=False),
                    ),
                )
            )
        )
    sections = (
        _section(t.gettext("Summary"), _summary(briefing, w))
        + _section(t.gettext("New in the period"), tuple(_new(entry, base_url, w) for entry in briefing.new))
        + _section(t.gettext("What the State did"), actions)
        + _section(t.gettext("Status changes"), changes + _more(len(briefing.changes), briefing.changes_total, w))
        + _section(t.gettext("Outstanding"), subsections=outstanding)
        + _section(
            t.gettext("Individual cases with a remedy still open"),
            tuple(_case(case, base_url, w) for case in briefing.cases) + _more(len(briefing.cases), briefing.cases_total, w),
        )
        + _section(t.gettext("Awaiting verification"), tuple(claims))
    )
    return Outline(
        title=t.gettext("Briefing: %(state)s") % {"state": state},
        state=briefing.state.code,
        language=language,
        sources_heading=t.gettext("Sources"),
        intro=tuple(intro),
        sections=sections,
        sources=sources.all(),
    )
