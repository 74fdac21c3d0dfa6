"""The HTML pages, as a person sees them: what each page says, links, escapes and refuses.

One database per module holds the bundled Kazakhstan/Tajikistan data plus two recorded
actions: one titled with a script tag (it must always appear escaped) and one titled in
Russian (it must render as UTF-8 text). Every test reads; none writes.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from markupsafe import Markup

import tracker
from tracker.config import Settings
from tracker.domain.wording import money, on
from tracker.records import RecommendationRecord
from tracker_api.app import create_app
from tracker_api.pages.charts import body_status_chart, status_bar
from tracker_api.pages.controller import excerpt, highlight

SCRIPT_TITLE = "<script>alert(1)</script>"
RUSSIAN_TITLE = "Костанайский суд подтвердил выплату компенсации Герасимову"
KOSTANAY_AWARD = "Kostanay city court awards Gerasimov 2,000,000 tenge"
RUSSIAN_P8 = "Обеспечить незамедлительное и беспристрастное расследование всех утверждений о пытках <и жестоком обращении>."
PAGES = [
    "/",
    "/states/KAZ",
    "/states/TJK",
    "/states/KAZ?body=CAT&status=partially_implemented",
    "/items/cat-433-2010-compensation",
    "/items/cat-c-kaz-co-3-p8",
    "/decisions/cat-433-2010",
    "/briefings/KAZ?since=2013-01-01",
    "/briefings/TJK",
    "/search",
    "/search?q=torture",
    "/items/nope",
    "/states/XYZ",
]


class Seeded:
    """The module's database, and what the library says about it (the pages must agree)."""

    def __init__(self, url: str, snapshots: str, expected: dict[str, Any]) -> None:
        self.url = url
        self.snapshots = snapshots
        self.expected = expected


async def _prepare(url: str) -> dict[str, Any]:
    async with tracker.open(url, upgrade=True) as t:
        await t.seed()
        script = await t.actions.record(
            {
                "state": "KAZ",
                "kind": "statement",
                "date": "2024-06-02",
                "title": SCRIPT_TITLE,
                "description": "A <b>bold</b> claim & an alert",
                "sources": [{"url": "https://example.org/statement?a=1&b=2"}],
                "links": [{"item": "cat-c-kaz-co-3-p8", "effect": "no_effect", "note": "<img src=x onerror=alert(2)>"}],
            },
            by="test",
        )
        russian = await t.actions.record(
            {
                "state": "KAZ",
                "kind": "statement",
                "date": "2024-07-01",
                "title": RUSSIAN_TITLE,
                "language": "ru",
                "sources": [{"url": "https://example.org/ru", "language": "ru"}],
                "links": [{"item": "cat-433-2010-compensation", "effect": "no_effect"}],
            },
            by="test",
        )
        for assessment in (
            await t.items.assess(
                "cat-c-kaz-co-3-p8",
                {
                    "date": "2016-05-01",
                    "assessor_kind": "committee",
                    "assessor": "CAT Rapporteur for follow-up",
                    "scale": "cat_followup",
                    "grade": "B",
                    "sources": [{"url": "https://example.org/cat-letter"}],
                },
                by="test",
            ),
            await t.items.assess(
                "cat-c-kaz-co-3-p8",
                {
                    "date": "2016-06-01",
                    "assessor_kind": "ngo",
                    "assessor": "Example Bureau for Human Rights",
                    "scale": "normalized",
                    "grade": "not_implemented",
                    "rationale": "No independent mechanism <yet>.",
                    "sources": [{"url": "https://example.org/alternative-report"}],
                },
                by="test",
            ),
        ):
            await t.assessments.verify(assessment.id, by="second-test")
        claim = await t.items.assess(
            "cat-433-2010-compensation",
            {
                "date": "2026-01-05",
                "assessor_kind": "editor",
                "assessor": "Example Bureau for Human Rights",
                "scale": "normalized",
                "grade": "implemented",
                "sources": [{"url": "https://example.org/claim"}],
            },
            by="key:ngo-a",
        )
        english = (await t.items.get("cat-c-kaz-co-3-p8")).item.text
        await t.load(
            [RecommendationRecord(document="CAT/C/KAZ/CO/3", paragraph="8", text=english, texts={"ru": RUSSIAN_P8})],
            fill_only=True,
        )
        states = {o.state.code: o for o in await t.states.list()}
        kaz = await t.states.get("KAZ")
        compensation = await t.items.get("cat-433-2010-compensation")
        filtered = await t.items.list(state="KAZ", body="CAT", status="partially_implemented", limit=500)
        everything = await t.items.list(state="KAZ", limit=500)
        torture = await t.items.list(q="torture", sort="relevance", limit=50)
        return {
            "overdue": {code: o.overdue for code, o in states.items()},
            "by_body": kaz.by_body,
            "compensation_due": compensation.item.due_date,
            "filtered": [i.id for i in filtered],
            "everything": [i.id for i in everything],
            "torture": [i.id for i in torture],
            "script_action": script.id,
            "russian_action": russian.id,
            "claim": claim.id,
        }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    root = tmp_path_factory.mktemp("pages")
    url = f"sqlite+aiosqlite:///{root}/t.db"
    expected = asyncio.run(_prepare(url))
    return Seeded(url, str(root / "s"), expected)


@pytest.fixture
async def client(seeded: Seeded) -> AsyncIterator[AsyncTestClient]:
    app = create_app(Settings(database_url=seeded.url, snapshot_dir=seeded.snapshots))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


def section(html: str, anchor: str) -> str:
    """The HTML of the page's ``<section>`` whose heading has id ``anchor``."""
    start = html.index(f'id="{anchor}"')
    end = html.find("</section>", start)
    return html[start:end]


def text_of(html: str) -> str:
    """The page's text roughly as read: tags dropped, whitespace collapsed (entities kept)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


async def page(client: AsyncTestClient, path: str, status: int = 200) -> str:
    response = await client.get(path)
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


# --- every page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_is_one_accessible_html_document_without_javascript(client: AsyncTestClient, path: str) -> None:
    response = await client.get(path)
    html = response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert html.startswith("<!doctype html>")
    assert '<html lang="en">' in html
    assert '<meta charset="utf-8">' in html
    assert html.count("<h1") == 1
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert title and title.group(1).strip() and title.group(1).strip() != "— tracker"
    assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
    assert '<nav aria-label="Main">' in html and 'href="/">Overview</a>' in html and 'action="/search"' in html
    assert "<script" not in html.lower()
    assert " onclick=" not in html and "javascript:" not in html


async def test_the_pages_carry_a_print_stylesheet_and_visible_focus(client: AsyncTestClient) -> None:
    html = await page(client, "/")
    assert "@media print" in html and ":focus-visible{outline:3px solid" in html


# --- overview --------------------------------------------------------------------------------------


async def test_overview_lists_the_states_with_overdue_counts_and_a_status_bar(client: AsyncTestClient, seeded: Seeded) -> None:
    html = await page(client, "/")
    assert "<title>States tracked — tracker</title>" in html
    for code, name in (("KAZ", "Kazakhstan"), ("TJK", "Tajikistan")):
        part = section(html, f"state-{code}")
        assert f'<a href="/states/{code}">{name}</a>' in part
        overdue = seeded.expected["overdue"][code]
        assert overdue > 0
        assert f"State reply overdue on {overdue}" in text_of(part)
        svg = re.search(r"<svg .*?</svg>", part, re.DOTALL)
        assert svg is not None
        assert 'role="img"' in svg.group(0) and "<title id=" in svg.group(0) and "<desc id=" in svg.group(0)
        assert "no information:" in svg.group(0)  # a text legend, not colour alone


# --- State dashboard -------------------------------------------------------------------------------


async def test_dashboard_charts_items_by_body_and_status_with_labels_and_a_table(client: AsyncTestClient, seeded: Seeded) -> None:
    html = await page(client, "/states/KAZ")
    assert "<title>Kazakhstan — tracker</title>" in html
    assert "<h1>Kazakhstan" in html
    assert '<span lang="ru">Казахстан</span>' in html
    chart = section(html, "chart")
    svg = re.search(r"<svg .*?</svg>", chart, re.DOTALL)
    assert svg is not None
    svg_html = svg.group(0)
    assert 'role="img"' in svg_html and 'aria-labelledby="by-body-KAZ-title by-body-KAZ-desc"' in svg_html
    assert '<title id="by-body-KAZ-title">Kazakhstan: follow-up items by body and status</title>' in svg_html
    by_body = seeded.expected["by_body"]
    for body, counts in by_body.items():
        total = sum(counts.values())
        assert f">{body}</text>" in svg_html  # the bar's label
        assert f">{total}</text>" in svg_html  # its total
        assert f"{body}: {total} item{'' if total == 1 else 's'}" in svg_html  # the description
        row = re.search(rf'<tr><th scope="row"><a [^>]*><abbr title="[^"]+">{body}</abbr></a></th>(.*?)</tr>', chart, re.DOTALL)
        assert row is not None, body
        assert re.findall(r'<td class="num">(?:<a [^>]*>)?(\d+)', row.group(1))[-1] == str(total)
    assert "<table>" in chart and '<th scope="col" class="num">partially implemented</th>' in chart


async def test_dashboard_lists_overdue_replies_in_words_with_the_latest_state_action(
    client: AsyncTestClient, seeded: Seeded
) -> None:
    html = await page(client, "/states/KAZ")
    overdue = section(html, "overdue")
    assert f"State replies overdue ({seeded.expected['overdue']['KAZ']})" in overdue
    row = re.search(r'<tr><td><a href="/items/cat-433-2010-compensation">.*?</tr>', overdue, re.DOTALL)
    assert row is not None
    text = text_of(row.group(0))
    assert "Gerasimov v. Kazakhstan (CAT 433/2010): compensation" in text
    assert f"State reply overdue since {on(seeded.expected['compensation_due'])} (over " in text
    assert 'class="badge">overdue' not in overdue  # never a bare OVERDUE beside a status
    # the latest thing the State did about it: what, when, source, and that it is unverified
    assert RUSSIAN_TITLE in text and "1 Jul 2024" in text and 'href="https://example.org/ru"' in row.group(0)
    assert '<span class="badge unverified">unverified</span>' in row.group(0)


async def test_the_item_filter_form_has_follow_up_and_overdue(client: AsyncTestClient) -> None:
    html = await page(client, "/states/KAZ?overdue=true&follow_up=false")
    items = section(html, "items")
    assert '<select id="f-overdue" name="overdue">' in items and '<option value="true" selected>yes</option>' in items
    assert set(_listed(html)) and all(i.startswith(("cat-433", "cat-441", "cat-444", "ccpr-")) for i in _listed(html))
    assert (await client.get("/states/KAZ?overdue=maybe")).status_code == 400


async def test_dashboard_shows_latest_actions_and_cases_with_the_kostanay_award(client: AsyncTestClient) -> None:
    html = await page(client, "/states/KAZ")
    latest = section(html, "actions")
    assert '<time datetime="2024-07-01">1 Jul 2024</time>' in latest  # latest first, with dates
    assert 'href="https://example.org/ru"' in latest  # and source links
    cases = section(html, "cases")
    assert '<a href="/decisions/cat-433-2010">Gerasimov v. Kazakhstan</a>' in cases
    assert KOSTANAY_AWARD in cases
    assert 'href="/items/cat-433-2010-compensation#act-kaz-2013-11-79a32b35"' in cases
    gerasimov = cases[cases.index("case-cat-433-2010") : cases.index("case-cat-441-2010")]
    assert '<a href="/items/cat-433-2010-compensation">compensation</a>:' in gerasimov
    assert "partially implemented" in gerasimov
    assert "awarded KZT\xa02,000,000" in gerasimov


def _listed(html: str) -> list[str]:
    return re.findall(r'<tr>\s*<td><a href="/items/([^"]+)">', section(html, "items"))


async def test_filters_in_the_url_change_the_item_list(client: AsyncTestClient, seeded: Seeded) -> None:
    everything = await page(client, "/states/KAZ")
    assert _listed(everything) == seeded.expected["everything"]
    filtered = await page(client, "/states/KAZ?body=CAT&status=partially_implemented")
    assert _listed(filtered) == seeded.expected["filtered"]
    assert 0 < len(seeded.expected["filtered"]) < len(seeded.expected["everything"])
    items = section(filtered, "items")
    assert '<option value="CAT" selected>CAT — Committee against Torture</option>' in items
    assert '<option value="partially_implemented" selected>partially implemented</option>' in items
    assert 'method="get"' in items and 'href="/states/KAZ#items">Clear filters</a>' in items
    themed = await page(client, "/states/KAZ?theme=redress_and_compensation")
    assert "cat-433-2010-compensation" in _listed(themed)
    assert len(_listed(themed)) < len(seeded.expected["everything"])
    # The chart and table stay whole: the filters apply to the list.
    assert section(filtered, "chart") == section(everything, "chart")


async def test_a_filter_outside_the_vocabulary_is_a_400_naming_it(client: AsyncTestClient) -> None:
    html = await page(client, "/states/KAZ?status=bogus", status=400)
    items = section(html, "items")
    assert 'class="message" role="alert"' in items and "status: &#39;bogus&#39; is not one of" in items
    assert '<form class="filters"' in items


async def test_a_state_code_in_lower_case_redirects_to_the_stable_url(client: AsyncTestClient) -> None:
    response = await client.get("/states/kaz?body=CAT", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "/states/KAZ?body=CAT"


# --- item ------------------------------------------------------------------------------------------


async def test_item_page_shows_the_remedy_its_decision_status_and_deadline(client: AsyncTestClient, seeded: Seeded) -> None:
    html = await page(client, "/items/cat-433-2010-compensation")
    assert "<title>Gerasimov v. Kazakhstan (CAT 433/2010): compensation — tracker</title>" in html
    assert '<a href="/decisions/cat-433-2010">Gerasimov v. Kazakhstan</a>' in html
    status = section(html, "status")
    assert "partially implemented" in status
    assert 'what the State did: <a href="#act-kaz-2014-01-23-1d1bb5a2">' in status
    assert f"State reply overdue since {on(seeded.expected['compensation_due'])} (over " in text_of(status)


async def test_an_unverified_assessment_shows_who_recorded_it_and_moves_nothing(client: AsyncTestClient, seeded: Seeded) -> None:
    html = await page(client, "/items/cat-433-2010-compensation")
    status = section(html, "status")
    assert "partially implemented" in status and "awaiting verification" in status
    row = re.search(r"<tr><td>tracker editor</td>.*?</tr>", status, re.DOTALL)
    assert row is not None and '<span class="badge unverified">unverified</span>' in row.group(0)
    assert "recorded by key:ngo-a; not counted until another editor verifies it" in text_of(row.group(0))
    entry = section(html, "timeline")
    assert f'<li id="{seeded.expected["claim"]}">' in entry


async def test_item_timeline_shows_court_amounts_and_the_appeal_chain(client: AsyncTestClient) -> None:
    html = await page(client, "/items/cat-433-2010-compensation")
    timeline = section(html, "timeline")
    award = timeline.index('<li id="act-kaz-2013-11-79a32b35">')
    appeal = timeline.index('<li id="act-kaz-2014-01-23-1d1bb5a2">')
    assert award < appeal  # in date order
    assert '<time datetime="2013-11-21">Nov 2013</time>' in timeline  # as precisely as known
    assert "awarded KZT\xa02,000,000" in timeline
    assert "Kostanay City Court (first instance)" in timeline
    appeal_entry = timeline[appeal:]
    assert re.search(
        r'<dt>Appeal of</dt><dd><a href="#act-kaz-2013-11-79a32b35">Kostanay city court awards Gerasimov 2,000,000 tenge</a>',
        appeal_entry,
    )
    assert "upheld" in appeal_entry
    assert '<dt>Appealed</dt><dd><a href="#act-kaz-2014-01-23-1d1bb5a2">' in timeline[award:appeal]
    assert 'href="https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case"' in timeline


async def test_item_page_shows_a_dispute_between_assessors_side_by_side(client: AsyncTestClient) -> None:
    html = await page(client, "/items/cat-c-kaz-co-3-p8")
    status = section(html, "status")
    assert '<span class="badge">disputed</span>' in status
    assert "<strong>Disputed:</strong>" in status
    assert '<th scope="col">Assessor kind</th><th scope="col">Assessor</th><th scope="col">Date</th>' in status
    assert '<th scope="col">Scale</th><th scope="col">Grade</th><th scope="col">Normalized status</th>' in status
    rows = re.findall(r"<tr><td>(the committee|NGO)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", status)
    assert ("the committee", "CAT Rapporteur for follow-up", "1 May 2016", "CAT follow-up", "B") in rows
    assert ("NGO", "Example Bureau for Human Rights", "1 Jun 2016", "normalized", "not implemented") in rows
    assert "the body's own latest assessment" in status  # the committee's grade decides
    timeline = section(html, "timeline")
    assert timeline.index("assessment by CAT Rapporteur") < timeline.index("assessment by Example Bureau")
    assert "No independent mechanism &lt;yet&gt;." in timeline
    assert 'href="https://example.org/alternative-report"' in timeline


async def test_recommendation_page_links_its_document(client: AsyncTestClient) -> None:
    html = await page(client, "/items/cat-c-kaz-co-3-p8")
    assert "<title>CAT/C/KAZ/CO/3, para. 8: investigation of torture allegations — tracker</title>" in html
    assert re.search(r'<dt>Document</dt>\s*<dd><a href="https?://[^"]+">CAT/C/KAZ/CO/3</a>, paragraph 8', html)


async def test_item_page_shows_the_russian_text_after_the_english_marked_as_russian(client: AsyncTestClient) -> None:
    text = section(await page(client, "/items/cat-c-kaz-co-3-p8"), "text")
    english = text.index('<blockquote class="text" lang="en">Ensure prompt')
    russian = text.index(
        '<blockquote class="text" lang="ru">Обеспечить незамедлительное и беспристрастное расследование'
        " всех утверждений о пытках &lt;и жестоком обращении&gt;.</blockquote>"
    )
    assert '<div class="texts">' in text and english < russian
    assert text_of(text[english:]).startswith("Ensure prompt") and "Russian Обеспечить" in text_of(text[english:])
    alone = section(await page(client, "/items/cat-c-kaz-co-3-p10"), "text")
    assert 'class="texts"' not in alone and alone.count("<blockquote") == 1


async def test_stored_markup_is_escaped_on_the_item_page(client: AsyncTestClient, seeded: Seeded) -> None:
    html = await page(client, "/items/cat-c-kaz-co-3-p8")
    entry = html[html.index(f'<li id="{seeded.expected["script_action"]}">') :]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry
    assert "&lt;img src=x onerror=alert(2)&gt;" in entry
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; an alert" in entry
    assert 'href="https://example.org/statement?a=1&amp;b=2"' in entry
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html


async def test_russian_text_renders_as_utf8(client: AsyncTestClient, seeded: Seeded) -> None:
    response = await client.get("/items/cat-433-2010-compensation")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert RUSSIAN_TITLE.encode() in response.content
    assert f'<span lang="ru">{RUSSIAN_TITLE}</span>' in response.text
    html = await page(client, "/search?q=Костанайский")
    assert "<mark>Костанайский</mark>" in section(html, "actions")


# --- decision --------------------------------------------------------------------------------------


async def test_decision_page_names_the_case_and_lists_remedies_with_status(client: AsyncTestClient) -> None:
    html = await page(client, "/decisions/cat-433-2010")
    assert "<title>Gerasimov v. Kazakhstan (CAT 433/2010) — tracker</title>" in html
    assert "<h1>Gerasimov v. Kazakhstan</h1>" in html
    assert "<dt>Authors</dt><dd>Alexander Gerasimov</dd>" in html
    assert "<dt>Communication</dt><dd>433/2010</dd>" in html
    assert "<dt>Outcome</dt><dd>violation found</dd>" in html
    assert "<dt>Articles violated</dt>" in html
    remedies = section(html, "remedies")
    for kind, name in (("compensation", "compensation"), ("investigation", "investigation and prosecution")):
        assert f'<a href="/items/cat-433-2010-{kind}">{name}</a>' in remedies
    compensation = re.search(r'<tr><td><a href="/items/cat-433-2010-compensation">.*?</tr>', remedies, re.DOTALL)
    assert compensation is not None and "partially implemented" in compensation.group(0)
    assert "State reply overdue since 22 Aug 2012" in compensation.group(0)
    timeline = section(html, "timeline")
    assert timeline.index(KOSTANAY_AWARD) < timeline.index("Kostanay regional appeal court upholds Gerasimov award")
    assert 'href="/items/cat-433-2010-compensation#act-kaz-2013-11-79a32b35"' in timeline


# --- briefing --------------------------------------------------------------------------------------


async def test_briefing_page_is_the_printable_briefing_with_its_form_and_downloads(client: AsyncTestClient) -> None:
    html = await page(client, "/briefings/KAZ?since=2013-01-01&body=CAT")
    assert "<title>Briefing: Kazakhstan since 1 Jan 2013 — tracker</title>" in html
    assert "<h1>Briefing: Kazakhstan</h1>" in html and html.count("<h1") == 1
    assert KOSTANAY_AWARD in html
    assert "Period: since 1 Jan 2013 to" in html and "Only: bodies CAT" in html
    assert "@media print" in html
    for name in ("since", "until", "theme", "body"):
        assert f'name="{name}"' in html
    assert '<option value="CAT" selected>CAT — Committee against Torture</option>' in html
    assert '<a href="/api/v1/briefings/KAZ?since=2013-01-01&amp;body=CAT&amp;format=docx" download>Word (.docx)</a>' in html
    markdown = await client.get("/api/v1/briefings/KAZ?since=2013-01-01&format=md")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert KOSTANAY_AWARD in markdown.text
    assert '<a href="http://testserver.local/decisions/cat-433-2010">Gerasimov v. Kazakhstan (CAT 433/2010)</a>' in html
    assert "key:ngo-a" in html and "not counted until another editor verifies it" in html


async def test_a_malformed_since_is_an_html_400(client: AsyncTestClient) -> None:
    html = await page(client, "/briefings/KAZ?since=yesterday", status=400)
    assert "<h1>Bad request</h1>" in html and "since: &#39;yesterday&#39; is not a date" in html


# --- search ----------------------------------------------------------------------------------------


async def test_search_highlights_matches_in_items_and_actions(client: AsyncTestClient, seeded: Seeded) -> None:
    html = await page(client, "/search?q=torture")
    assert "<title>Search: torture — tracker</title>" in html
    items = section(html, "items")
    assert re.findall(r'<td><a href="/items/([^"]+)">', items) == seeded.expected["torture"]
    assert "<mark>torture</mark>" in items
    assert re.search(r"<mark>torture</mark>|<mark>Torture</mark>", section(html, "actions"))


async def test_search_finds_decisions_by_title_authors_or_communication(client: AsyncTestClient) -> None:
    html = await page(client, "/search?q=gerasimov")
    decisions = section(html, "decisions")
    assert '<a href="/decisions/cat-433-2010"><mark>Gerasimov</mark> v. Kazakhstan</a>' in decisions
    assert "Alexander <mark>Gerasimov</mark>" in decisions
    by_number = await page(client, "/search?q=433/2010")
    assert 'href="/decisions/cat-433-2010"' in section(by_number, "decisions")


async def test_search_escapes_stored_markup_before_highlighting(client: AsyncTestClient) -> None:
    html = await page(client, "/search?q=alert")
    actions = section(html, "actions")
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in actions
    assert "<script>" not in html


async def test_search_echoes_the_query_escaped(client: AsyncTestClient) -> None:
    html = await page(client, "/search?q=%3Cb%3Etorture%3C/b%3E")
    assert "<h1>Search: &lt;b&gt;torture&lt;/b&gt;</h1>" in html
    assert 'value="&lt;b&gt;torture&lt;/b&gt;"' in html
    assert "<b>" not in html


async def test_an_empty_search_shows_the_form_only(client: AsyncTestClient) -> None:
    for path in ("/search", "/search?q=", "/search?q=%20%20"):
        html = await page(client, path)
        assert '<input type="search" id="q" name="q" value=""' in html
        assert 'id="items"' not in html and 'id="actions"' not in html and 'role="alert"' not in html


async def test_a_malformed_query_shows_the_form_with_the_message(
    client: AsyncTestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = await page(client, "/search?q=" + "x" * 501, status=400)
    assert '<p class="message" id="q-error" role="alert">q must be at most 500 characters</p>' in html
    assert '<input type="search" id="q" name="q"' in html

    async def refuse(self: object, **kwargs: object) -> None:
        raise tracker.InvalidInput("q: unbalanced quotes", field="q")

    monkeypatch.setattr(tracker.library.Items, "list", refuse)
    html = await page(client, '/search?q="fair', status=400)
    assert "q: unbalanced quotes" in html and 'aria-invalid="true"' in html


# --- not found -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/items/nope", "/states/XYZ", "/decisions/nope", "/briefings/XYZ"])
async def test_unknown_ids_are_html_404_pages(client: AsyncTestClient, path: str) -> None:
    html = await page(client, path, status=404)
    assert "<title>Not found — tracker</title>" in html
    assert "<h1>Not found</h1>" in html
    assert '<a href="/">Go to the overview</a>' in html


async def test_the_json_api_keeps_its_problem_documents(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/items/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_pages_stay_out_of_the_openapi_document(client: AsyncTestClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert not [p for p in paths if not p.startswith(("/api/", "/health", "/ready", "/feeds/"))]


# --- pure helpers ----------------------------------------------------------------------------------


def test_body_status_chart_is_a_labelled_image_with_counts_as_text() -> None:
    svg = body_status_chart(
        {"CAT": {"no_information": 17, "partially_implemented": 2}, "UPR": {"no_information": 18}},
        title="Kazakhstan: items",
        id_prefix="x",
    )
    assert isinstance(svg, Markup)
    assert svg.startswith("<svg ") and 'role="img"' in svg and 'aria-labelledby="x-title x-desc"' in svg
    assert '<title id="x-title">Kazakhstan: items</title>' in svg
    assert "CAT: 19 items (2 partially implemented, 17 no information); UPR: 18 items (18 no information)." in svg
    assert ">CAT</text>" in svg and ">UPR</text>" in svg
    assert ">17</text>" in svg and ">19</text>" in svg and ">18</text>" in svg
    assert ">partially implemented: 2</text>" in svg and ">no information: 35</text>" in svg
    assert svg.count("<rect ") == 3 + 2  # three segments, two legend swatches


def test_charts_escape_every_label() -> None:
    svg = body_status_chart({"<b>&": {"no_information": 1}}, title="<script>", id_prefix='"><x')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;b&gt;&amp;" in svg and "<b>" not in svg
    assert '"><x' not in svg


def test_status_bar_draws_one_bar_with_its_total_and_legend() -> None:
    svg = status_bar({"no_information": 37, "partially_implemented": 2, "implemented": 0}, title="KAZ", id_prefix="s")
    assert '<desc id="s-desc">39 items (2 partially implemented, 37 no information).</desc>' in svg
    assert ">39</text>" in svg and ">implemented" not in svg
    empty = status_bar({}, title="none")
    assert "No items." in empty


def test_highlight_escapes_first_and_marks_each_query_word() -> None:
    marked = highlight("<b>Torture</b> & torture; tortured", ["torture"])
    assert marked == Markup("&lt;b&gt;<mark>Torture</mark>&lt;/b&gt; &amp; <mark>torture</mark>; <mark>tortured</mark>")
    assert highlight("<i>x</i>", []) == Markup("&lt;i&gt;x&lt;/i&gt;")
    assert highlight("amp &amp;", ["amp"]) == Markup("<mark>amp</mark> &amp;<mark>amp</mark>;")
    assert highlight(None, ["x"]) == Markup("")


def test_formatting_helpers() -> None:
    assert money(2000000, "KZT") == "KZT\xa02,000,000"
    assert money(1500.5, "USD") == "USD\xa01,500.50"
    assert money(None, "KZT") == ""
    long_text = "word " * 100 + "torture here " + "word " * 100
    cut = excerpt(long_text, ["torture"], length=60)
    assert "torture" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 62


def test_templates_ship_with_the_package() -> None:
    from tracker_api.pages import TEMPLATE_DIRECTORY

    names = {p.name for p in Path(TEMPLATE_DIRECTORY).glob("*.html")}
    assert {
        "base.html",
        "overview.html",
        "state.html",
        "item.html",
        "decision.html",
        "briefing.html",
        "search.html",
        "404.html",
    } <= names


# --- strict query strings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/states/KAZ?sttus=implemented", "unknown query parameter `sttus`: did you mean `status`?"),
        ("/briefings/KAZ?themes=redress_and_compensation", "unknown query parameter `themes`: did you mean `theme`?"),
        ("/briefings/KAZ?bodies=CAT", "unknown query parameter `bodies`: did you mean `body`?"),
        ("/search?query=torture", "unknown query parameter `query`: the known ones are `lang`, `q`"),
        ("/states/KAZ?cursor=a&amp;cursor=b", "`cursor` given twice: it takes one value"),
        ("/items/cat-433-2010-compensation?as_of=2020-01-01", "unknown query parameter `as_of`: the known ones are `lang`"),
    ],
)
async def test_an_unknown_or_repeated_parameter_is_an_html_400_in_the_words_of_the_api(
    client: AsyncTestClient, path: str, words: str
) -> None:
    html = await page(client, path.replace("&amp;", "&"), status=400)
    assert f'<p class="message" role="alert">{Markup.escape(words)}</p>' in html


async def test_the_briefing_page_filters_by_theme_and_body(client: AsyncTestClient) -> None:
    html = await page(client, "/briefings/KAZ?since=2013-01-01&theme=redress_and_compensation&body=CAT")
    assert '<option value="redress_and_compensation" selected>' in html
    assert "&amp;theme=redress_and_compensation&amp;body=CAT&amp;format=md" in html
