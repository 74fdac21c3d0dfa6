"""Server-rendered pages for people: the same library reads the JSON API serves, as HTML.

No JavaScript: filters are GET forms whose state lives in the URL, charts are SVG drawn here,
and every value reaches the page through Jinja's autoescaping (or, for search highlights and
charts, through :class:`~markupsafe.Markup` built from escaped pieces).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from jinja2 import pass_context
from jinja2.runtime import Context
from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template
from markupsafe import Markup, escape

from tracker import every, search
from tracker.domain import wording
from tracker.domain.entities import Action, Assessment, Document, Item, SourceRef, State, TimelineEntry
from tracker.domain.enums import Body, Status
from tracker.domain.source_urls import shown_url
from tracker.domain.themes import BY_SLUG
from tracker.domain.wording import on, status_words, theme_name, words
from tracker.errors import InvalidInput, NotFound
from tracker.locale import gettext, install_gettext, ngettext
from tracker.rendering import to_html
from tracker_api.errors import validation_errors
from tracker_api.pages.charts import STATUS_COLOURS, STATUS_ORDER, body_status_chart, status_bar
from tracker_api.pages.forms import editing_context
from tracker_api.pages.languages import PageLanguageDependency, fallback_language, page_language
from tracker_api.plugin import TrackerDependency

SITE = "tracker"
#: How many items the dashboard lists per page, and how many results search shows per kind.
ITEMS_PER_PAGE = 100
RESULTS_PER_KIND = 50
#: Longer queries are refused before they reach the database (and the highlighter).
MAX_QUERY_LENGTH = 500

# --- formatting, registered as Jinja filters -------------------------------------------------------


def _language(context: Context) -> str:
    return context.get("language") or "en"


def state_name(state: State | None, code: str = "", language: str = "en") -> str:
    """A State's name in ``language``, else in English, else its code."""
    if state is None:
        return code
    return wording.state_name(state.names, state.code, language)


def theme_options(language: str) -> list[tuple[str, str]]:
    """The vocabulary themes as (slug, name) in ``language``, by name."""
    return sorted(((slug, theme_name(slug, language)) for slug in BY_SLUG), key=lambda pair: pair[1])


def deadline_words(item: Item, language: str = "en") -> str | None:
    """The item's deadline in a sentence in ``language``: the library's own sentence in English, the same judged
    today in another language."""
    if language == "en":
        return item.deadline_note
    return wording.deadline_note(item.due_date, item.reply_date, item.status, dt.date.today(), item.reply_precision, language)


def source_label(source: SourceRef) -> str:
    """What a source link says: its title, else its publisher, else its host."""
    if source.title:
        return source.title
    host = re.sub(r"^https?://(www\.)?", "", source.url).split("/", 1)[0]
    return f"{source.publisher} ({host})" if source.publisher else host


def document_url(document: Document) -> str:
    """Where to read a document: its English version, any version, a source, else the UN's symbol
    resolver (secret query parameters masked, as every URL readers see)."""
    for version in document.languages:
        if version.language == "en":
            return shown_url(version.url)
    if document.languages:
        return shown_url(document.languages[0].url)
    if document.sources:
        return shown_url(document.sources[0].url)
    return f"https://undocs.org/{document.symbol}"


def action_href(action: Action, item: str | None = None) -> str:
    """Where an action is shown: its entry in the timeline of ``item``, else of the first item it bears on."""
    target = item or (action.links[0].item if action.links else None)
    return f"/items/{target}#{action.id}" if target else ""


def highlight(text: str | list[str] | tuple[str, ...] | None, words: Iterable[str]) -> Markup:
    """``text`` escaped, with every word that starts with a query word wrapped in ``<mark>``.

    The text is split on the matches first; each piece is escaped, and only then are the
    escaped matches wrapped, so nothing of the text is ever marked safe unescaped.
    """
    if isinstance(text, list | tuple):
        text = "; ".join(text)
    elif isinstance(text, Markup):
        text = text.unescape()
    if not text:
        return Markup("")
    chosen = [w for w in words if w]
    if not chosen:
        return escape(text)
    pattern = re.compile(r"(\b(?:" + "|".join(re.escape(w) for w in chosen) + r")\w*)", re.IGNORECASE)
    pieces: list[Markup] = []
    for index, piece in enumerate(pattern.split(text)):
        if not piece:
            continue
        escaped = escape(piece)
        pieces.append(Markup("<mark>{}</mark>").format(escaped) if index % 2 else escaped)
    return Markup("").join(pieces)


def excerpt(text: str | None, words: Iterable[str], length: int = 240) -> str:
    """About ``length`` characters of ``text`` around the first query word it contains (plain text, to highlight)."""
    flat = " ".join((text or "").split())
    if len(flat) <= length:
        return flat
    found = [m.start() for w in words if w for m in [re.search(r"\b" + re.escape(w), flat, re.IGNORECASE)] if m]
    start = max(min(found, default=0) - length // 3, 0)
    piece = flat[start : start + length]
    return ("…" if start else "") + piece + ("…" if start + length < len(flat) else "")


@pass_context
def _label(context: Context, value: object) -> str:
    return words(value, _language(context))


@pass_context
def _when(context: Context, date: dt.date | None, precision: str = "day") -> str:
    return on(date, precision, _language(context))


@pass_context
def _status_label(context: Context, status: str) -> str:
    return status_words(status, _language(context))


@pass_context
def _money(context: Context, amount: float | None, currency: str | None = None) -> str:
    return wording.money(amount, currency, _language(context))


@pass_context
def _state_name(context: Context, state: State | None, code: str = "") -> str:
    return state_name(state, code, _language(context))


@pass_context
def _body_name(context: Context, body: str) -> str:
    return wording.body_name(body, _language(context))


@pass_context
def _theme(context: Context, slug: str) -> str:
    return theme_name(slug, _language(context))


@pass_context
def _deadline(context: Context, item: Item) -> str | None:
    return deadline_words(item, _language(context))


#: The filters read the page's language from the template context (``language``).
FILTERS = {
    "label": _label,
    "when": _when,
    "status_label": _status_label,
    "money": _money,
    "state_name": _state_name,
    "theme": _theme,
    "body_name": _body_name,
    "deadline_words": _deadline,
    "source_label": source_label,
    "shown_url": shown_url,
    "document_url": document_url,
    "action_href": action_href,
    "highlight": highlight,
    "excerpt": excerpt,
}


def configure_engine(engine: Any) -> None:
    """Called by Litestar with the Jinja engine: autoescape everything, fail on undefined names, speak the
    page's language (``{% trans %}``, ``_()``), add the filters."""
    from jinja2 import StrictUndefined

    environment = engine.engine
    environment.autoescape = True
    environment.undefined = StrictUndefined
    environment.trim_blocks = True
    environment.lstrip_blocks = True
    # A {% trans %} block's line breaks and indentation are layout, not part of the message.
    environment.policies["ext.i18n.trimmed"] = True
    install_gettext(environment)
    environment.filters.update(FILTERS)
    environment.globals.update({"site": SITE, "status_colours": STATUS_COLOURS})


# --- error pages -----------------------------------------------------------------------------------


def not_found_page(request: Request[Any, Any, Any], exc: NotFound) -> Template:
    """An unknown id or code: an HTML "Not found" page, 404."""
    return fallback_language(request).page("404.html", {"message": str(exc)}, status_code=404)


def bad_request_page(request: Request[Any, Any, Any], exc: Exception) -> Template:
    """A malformed parameter: an HTML page naming it, 400."""
    if isinstance(exc, InvalidInput):
        message = exc.message
    elif isinstance(exc, ValidationException):
        message = "; ".join(error.message for error in validation_errors(request, exc)) or "the request is malformed"
    else:
        message = str(exc)
    return fallback_language(request).page("error.html", {"message": message, "path": request.url.path}, status_code=400)


# --- reading helpers: every one a library call the JSON API makes too ------------------------------


def _yes_no(value: str | None, field: str) -> bool | None:
    if not value:
        return None
    if value in ("true", "false"):
        return value == "true"
    raise InvalidInput(f"{field} must be true or false, not {value!r}", field=field)


def _chosen(values: list[str] | None) -> list[str]:
    return [v.strip() for v in values or [] if v and v.strip()]


def _table_rows(by_body: Mapping[str, Mapping[str, int]]) -> list[tuple[str, list[int], int]]:
    return [(body, [counts.get(s, 0) for s in STATUS_ORDER], sum(counts.values())) for body, counts in by_body.items()]


def _timeline(entries: Iterable[TimelineEntry], assessments: Iterable[Assessment]) -> list[dict[str, Any]]:
    merged: list[dict[str, Any]] = [{"kind": "action", "date": e.action.date, "entry": e, "action": e.action} for e in entries]
    merged += [{"kind": "assessment", "date": a.date, "assessment": a} for a in assessments]
    merged.sort(key=lambda row: (row["date"], row["kind"] != "action"))
    return merged


StateCode = Annotated[str, PathParameter(description="ISO 3166-1 alpha-3 code, e.g. KAZ")]


class PagesController(Controller):
    """The pages: overview, State dashboards, items, decisions, briefings and search."""

    path = "/"
    dependencies = {"language": Provide(page_language, sync_to_thread=False)}
    exception_handlers = {
        NotFound: not_found_page,
        InvalidInput: bad_request_page,
        ValidationException: bad_request_page,
    }

    @get("/", include_in_schema=False, name="pages:overview")
    async def overview(self, tracker: TrackerDependency, language: PageLanguageDependency) -> Template:
        """The States tracked, each with a bar of its items by status and its number of overdue items."""
        states = await tracker.states.list()
        lang = language.code
        rows = []
        for overview in states:
            name = state_name(overview.state, language=lang)
            title = ngettext(
                "%(state)s: %(num)d follow-up item by status",
                "%(state)s: %(num)d follow-up items by status",
                overview.items,
                lang,
            ) % {"state": name, "num": overview.items}
            rows.append(
                {
                    "overview": overview,
                    "name": name,
                    "chart": status_bar(
                        overview.by_status, title=title, id_prefix=f"status-{overview.state.code}", language=lang
                    ),
                }
            )
        return language.page("overview.html", {"rows": rows, "title": gettext("States tracked", lang)})

    @get("/states/{code:str}", include_in_schema=False, name="pages:state")
    async def state(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        code: StateCode,
        bodies: Annotated[list[str] | None, QueryParameter(name="body", description="Only items of these bodies")] = None,
        statuses: Annotated[list[str] | None, QueryParameter(name="status", description="Only items with these statuses")] = None,
        themes: Annotated[list[str] | None, QueryParameter(name="theme", description="Only items under these themes")] = None,
        follow_up: Annotated[
            str | None, QueryParameter(description="true: only items selected for follow-up; false: only others")
        ] = None,
        overdue: Annotated[
            str | None, QueryParameter(description="true: only items whose State reply is overdue; false: only others")
        ] = None,
        cursor: Annotated[str | None, QueryParameter(description="The next page of the item list")] = None,
        *,
        language: PageLanguageDependency,
    ) -> Template | Redirect:
        """One State's dashboard: items by body × status (chart and table), overdue items, upcoming
        deadlines, latest actions, individual cases, and the item list filtered by the URL's query."""
        if code != code.upper():
            query = f"?{request.url.query}" if request.url.query else ""
            return Redirect(path=f"/states/{code.upper()}{query}", status_code=301)
        summary = await tracker.states.get(code)
        lang = language.code
        name = state_name(summary.state, language=lang)
        chosen = {
            "body": _chosen(bodies),
            "status": _chosen(statuses),
            "theme": _chosen(themes),
            "follow_up": _chosen([follow_up] if follow_up else []),
            "overdue": _chosen([overdue] if overdue else []),
        }
        status_code = 200
        filter_error = None
        items = None
        try:
            items = await tracker.items.list(
                state=code,
                body=chosen["body"] or None,
                status=chosen["status"] or None,
                theme=chosen["theme"] or None,
                follow_up=_yes_no(follow_up, "follow_up"),
                overdue=_yes_no(overdue, "overdue"),
                limit=ITEMS_PER_PAGE,
                cursor=cursor,
            )
        except InvalidInput as exc:
            filter_error, status_code = exc.message, 400
        next_url = None
        if items is not None and items.next_cursor:
            next_url = f"/states/{code}?" + urlencode(
                [*((k, v) for k, vs in chosen.items() for v in vs), ("cursor", items.next_cursor)]
            )
        labels = await tracker.items.labels({link.item for action in summary.latest_actions for link in action.links})
        cases = [
            {"decision": case.decision, "remedies": case.remedies, "actions": case.actions}
            for case in await tracker.decisions.cases(state=code)
        ]
        chart = body_status_chart(
            summary.by_body,
            title=gettext("%(state)s: follow-up items by body and status", lang) % {"state": name},
            id_prefix=f"by-body-{summary.state.code}",
            language=lang,
        )
        context = {
            "title": name,
            "summary": summary,
            "name": name,
            "chart": chart,
            "table": _table_rows(summary.by_body),
            "statuses": STATUS_ORDER,
            "today": dt.date.today(),
            "items": items,
            "filter_error": filter_error,
            "chosen": chosen,
            "filtered": any(chosen.values()),
            "next_url": next_url,
            "body_options": sorted(summary.by_body),
            "status_options": [s.value for s in Status],
            "theme_options": theme_options(lang),
            "cases": cases,
            "labels": labels,
        }
        return language.page("state.html", context, status_code=status_code)

    @get("/items/{item_id:str}", include_in_schema=False, name="pages:item")
    async def item(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        item_id: Annotated[str, PathParameter()],
        language: PageLanguageDependency,
    ) -> Template:
        """One item: its text and source, its status with the basis and the assessments side by side,
        its deadline, and a dated timeline of actions (with court rulings' amounts and appeals) and assessments."""
        detail = await tracker.items.get(item_id)
        item = detail.item
        in_timeline = {entry.action.id: entry.action for entry in detail.timeline}
        earlier: dict[str, Action | None] = {}
        appealed_by: dict[str, list[Action]] = defaultdict(list)
        for entry in detail.timeline:
            appeal_of = entry.action.court.appeal_of if entry.action.court else None
            if appeal_of is None:
                continue
            appealed_by[appeal_of].append(entry.action)
            if appeal_of in in_timeline:
                earlier[appeal_of] = in_timeline[appeal_of]
            else:
                try:
                    earlier[appeal_of] = await tracker.actions.get(appeal_of)
                except NotFound:
                    earlier[appeal_of] = None
        heading = item.label
        others = {link.item for entry in detail.timeline for link in entry.action.links if link.item != item.id}
        basis = item.status_basis
        context = {
            "title": heading,
            "heading": heading,
            "labels": await tracker.items.labels(others),
            "detail": detail,
            "item": item,
            "today": dt.date.today(),
            "timeline": _timeline(detail.timeline, detail.assessments),
            "in_timeline": in_timeline,
            "earlier": earlier,
            "appealed_by": appealed_by,
            "basis_assessment": next((a for a in detail.assessments if a.id == basis.assessment), None),
            "basis_action": in_timeline.get(basis.action) if basis.action else None,
            **editing_context(request),
        }
        return language.page("item.html", context)

    @get("/decisions/{decision_id:str}", include_in_schema=False, name="pages:decision")
    async def decision(
        self, tracker: TrackerDependency, decision_id: Annotated[str, PathParameter()], language: PageLanguageDependency
    ) -> Template:
        """One individual decision: the case, the articles violated, its remedies with status and
        deadline, and the timeline of actions linked to them."""
        detail = await tracker.decisions.get(decision_id)
        remedy_ids = {r.id for r in detail.remedies}
        timeline = detail.actions
        context = {
            "title": f"{detail.decision.title} ({detail.decision.body.value} {detail.decision.communication})",
            "detail": detail,
            "decision": detail.decision,
            "today": dt.date.today(),
            "timeline": timeline,
            "remedy_ids": remedy_ids,
            "remedy_names": {r.id: words(r.remedy_kind, language.code) if r.remedy_kind else r.label for r in detail.remedies},
        }
        return language.page("decision.html", context)

    @get("/briefings/{code:str}", include_in_schema=False, name="pages:briefing")
    async def briefing(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        code: StateCode,
        since: Annotated[str | None, QueryParameter(description="From this date, YYYY-MM-DD")] = None,
        until: Annotated[str | None, QueryParameter(description="Up to this date, YYYY-MM-DD (default: today)")] = None,
        themes: Annotated[list[str] | None, QueryParameter(name="theme", description="Only items under these themes")] = None,
        bodies: Annotated[list[str] | None, QueryParameter(name="body", description="Only items of these bodies")] = None,
        *,
        language: PageLanguageDependency,
    ) -> Template:
        """A State's dialogue briefing as a page, the same HTML the API prints, with its period and
        scope as a form and links to the Word, Markdown, printable and JSON versions."""
        chosen = {
            "since": (since or "").strip(),
            "until": (until or "").strip(),
            "theme": _chosen(themes),
            "body": _chosen(bodies),
        }
        briefing = await tracker.briefings.get(
            code,
            since=chosen["since"] or None,
            until=chosen["until"] or None,
            theme=chosen["theme"] or None,
            body=chosen["body"] or None,
        )
        state = briefing.state.code
        query = [(key, value) for key in ("since", "until") if chosen[key] for value in [chosen[key]]]
        query += [(key, value) for key in ("theme", "body") for value in chosen[key]]
        api = f"/api/v1/briefings/{state}?"
        lang = language.code
        name = state_name(briefing.state, language=lang)
        if briefing.since:
            title = gettext("Briefing: %(state)s since %(date)s", lang) % {
                "state": name,
                "date": on(briefing.since, language=lang),
            }
        else:
            title = gettext("Briefing: %(state)s", lang) % {"state": name}
        # The printable and downloadable versions speak the page's language; JSON speaks none.
        in_language = [("lang", lang)] if lang != "en" else []
        context = {
            "title": title,
            "code": state,
            "name": name,
            "chosen": chosen,
            "theme_options": theme_options(lang),
            "body_options": [body.value for body in Body],
            "downloads": {
                fmt: api + urlencode([*query, ("format", fmt), *(in_language if fmt != "json" else [])])
                for fmt in ("docx", "md", "html", "json")
            },
            "article": Markup(to_html(briefing, base_url=str(request.base_url).rstrip("/"), standalone=False, language=lang)),
        }
        return language.page("briefing.html", context)

    @get("/search", include_in_schema=False, name="pages:search")
    async def search(
        self,
        tracker: TrackerDependency,
        q: Annotated[str | None, QueryParameter(description="Words to look for")] = None,
        *,
        language: PageLanguageDependency,
    ) -> Template:
        """Full-text search over items and actions, and a match on decisions' titles, authors and
        communication numbers; matches are highlighted. An empty query shows the form only."""
        query = (q or "").strip()
        lang = language.code
        context: dict[str, Any] = {"title": gettext("Search", lang), "q": query, "message": None, "results": None}
        if not query:
            return language.page("search.html", context)
        context["title"] = gettext("Search: %(query)s", lang) % {"query": query[:80]}
        try:
            if len(query) > MAX_QUERY_LENGTH:
                raise InvalidInput(f"q must be at most {MAX_QUERY_LENGTH} characters", field="q")
            items = await tracker.items.list(q=query, sort="relevance", limit=RESULTS_PER_KIND)
            actions = await tracker.actions.list(q=query, limit=RESULTS_PER_KIND)
            decisions = [decision async for decision in every(tracker.decisions.list, q=query)]
        except InvalidInput as exc:
            context["message"] = exc.message
            return language.page("search.html", context, status_code=400)
        words = search.words(query)
        context["results"] = {"items": items, "actions": actions, "decisions": decisions}
        context["words"] = words
        return language.page("search.html", context)
