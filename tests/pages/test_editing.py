"""Editing on the pages, as an editor without curl does it: sign in with a key, record on an item's
page, verify, triage the inbox; and what visitors, readers, revoked keys and forged forms get.

Each test has its own database holding the sample records, and its own session directory.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.config import Settings
from tracker_api.app import create_app

ITEM = "cat-c-kaz-co-3-p8"
REMEDY = "cat-433-2010-compensation"
FOUND: list[dict[str, Any]] = [
    {
        "source": "feed-kazakhstan-news",
        "entry": "https://example.kz/news/2014/gerasimov-paid",
        "url": "https://example.kz/news/2014/gerasimov-paid",
        "title": "Police paid compensation to Alexander Gerasimov",
        "published_on": "2014-02-10",
        "excerpt": "…the department paid the sum awarded under CAT decision 433/2010…",
        "language": "en",
        "state": "KAZ",
        "matches": [
            {"item": REMEDY, "score": 0.9, "reason": "names communication 433/2010 and compensation"},
            {"item": "cat-433-2010-investigation", "score": 0.4, "reason": "names communication 433/2010"},
        ],
    },
    {
        "source": "feed-kazakhstan-news",
        "entry": "urn:uuid:5b0c",
        "url": "https://example.kz/news/2014/weather",
        "title": "Snow in Astana",
        "state": "KAZ",
    },
]
A_LAW = {
    "kind": "legislation_adopted",
    "title": "Law on the prompt investigation of torture complaints",
    "date": "November 2013",
    "links.effect": "advances",
    "links.note": "creates a special investigator",
    "description": "Adopted by the Mazhilis.",
    "sources": "https://example.org/law\nhttps://example.org/law-ru",
}


class Editor:
    """A browser's worth of state: the client's cookies, and the last CSRF token a page carried."""

    def __init__(self, client: AsyncTestClient) -> None:
        self.client = client
        self.token = ""

    async def open(self, path: str) -> httpx.Response:
        response = await self.client.get(path)
        found = re.search(r'name="_csrf_token" value="([^"]*)"', response.text)
        if found:
            self.token = found.group(1)
        return response

    async def send(self, path: str, data: dict[str, Any], *, token: bool = True) -> httpx.Response:
        """Post a form as a browser does (with the page's token unless told not to); redirects are not followed."""
        fields = {**data, **({"_csrf_token": self.token} if token else {})}
        return await self.client.post(path, data=fields, follow_redirects=False)

    async def sign_in(self, secret: str, next_page: str = "/") -> httpx.Response:
        await self.open("/sign-in")
        return await self.send("/sign-in", {"key": secret, "next": next_page})


def posts(html: str) -> int:
    return len(re.findall(r'<form[^>]*method="post"', html))


def error_beside(html: str, field_id: str) -> str:
    """The error shown beside the field with this id (empty when there is none)."""
    found = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</', html, re.DOTALL)
    return unescape(found.group(1)) if found else ""


def value_of(html: str, field_id: str) -> str:
    found = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html)
    return unescape(found.group(1)) if found else ""


def app_for(database_url: str, tmp_path: Path, **settings: Any) -> Any:
    return create_app(
        Settings(
            database_url=database_url,
            snapshot_dir=str(tmp_path / "snapshots"),
            session_dir=str(tmp_path / "sessions"),
            **settings,
        )
    )


@pytest.fixture
async def client(
    opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Path
) -> AsyncIterator[AsyncTestClient]:
    await opened.load(sample_records)
    async with AsyncTestClient(app=app_for(database_url, tmp_path)) as test_client:
        yield test_client


@pytest.fixture
def editor(client: AsyncTestClient) -> Editor:
    return Editor(client)


@pytest.fixture
async def secret(opened: tracker.Tracker) -> str:
    _, made = await opened.keys.create("ngo-x", "editor")
    return made


async def test_an_editor_signs_in_records_an_action_and_sees_it_on_the_item_page(
    editor: Editor, opened: tracker.Tracker, secret: str
) -> None:
    signed_in = await editor.sign_in(secret, f"/items/{ITEM}")
    assert signed_in.status_code == 303 and signed_in.headers["location"] == f"/items/{ITEM}"
    page = (await editor.open(f"/items/{ITEM}")).text
    assert "ngo-x (editor)" in page and "Inbox (0)" in page and "You are signed in." in page
    assert 'action="/items/cat-c-kaz-co-3-p8/actions"' in page and 'action="/items/cat-c-kaz-co-3-p8/assessments"' in page

    recorded = await editor.send(f"/items/{ITEM}/actions", A_LAW)
    assert recorded.status_code == 303, recorded.text
    (action,) = (await opened.actions.list(kind="legislation_adopted")).items
    assert recorded.headers["location"] == f"/items/{ITEM}#{action.id}"
    assert (action.title, action.date.isoformat(), action.date_precision.value) == (A_LAW["title"], "2013-11-01", "month")
    assert [s.url for s in action.sources] == ["https://example.org/law", "https://example.org/law-ru"]
    assert [(link.item, link.effect.value, link.note) for link in action.links] == [
        (ITEM, "advances", "creates a special investigator")
    ]
    assert (action.state, action.recorded_by, action.verification.value) == ("KAZ", "key:ngo-x", "unverified")
    assert [(e.operation, e.entity, e.entity_id) for e in (await opened.audit.list(actor="key:ngo-x")).items] == [
        ("create", "action", action.id)
    ]

    shown = (await editor.open(f"/items/{ITEM}")).text
    assert f'<li id="{action.id}">' in shown and A_LAW["title"] in shown and "Nov 2013" in shown
    assert "The action is recorded." in shown
    assert "You recorded this; another editor must verify it." in shown


async def test_a_form_without_its_token_or_with_a_forged_one_is_refused_and_writes_nothing(
    editor: Editor, opened: tracker.Tracker, secret: str
) -> None:
    await editor.sign_in(secret)
    await editor.open(f"/items/{ITEM}")
    before = (await opened.actions.list()).total
    missing = await editor.send(f"/items/{ITEM}/actions", A_LAW, token=False)
    assert missing.status_code == 403 and "text/html" in missing.headers["content-type"]
    assert "without its security token" in missing.text and "nothing was written" in missing.text
    forged = await editor.send(f"/items/{ITEM}/actions", {**A_LAW, "_csrf_token": "0" * 128}, token=False)
    assert forged.status_code == 403
    assert (await editor.send("/sign-out", {}, token=False)).status_code == 403
    assert (await opened.actions.list()).total == before
    assert (await opened.audit.list(actor="key:ngo-x")).total == 0


async def test_visitors_and_readers_see_no_form_and_are_refused_the_inbox(
    editor: Editor, opened: tracker.Tracker, client: AsyncTestClient
) -> None:
    visitor = (await editor.open(f"/items/{ITEM}")).text
    assert posts(visitor) == 0 and 'href="/sign-in?next=/items/cat-c-kaz-co-3-p8"' in visitor
    refused = await editor.open("/inbox")
    assert refused.status_code == 401 and "Sign in with an editor key to do this." in refused.text
    assert 'name="next" value="/inbox"' in refused.text

    _, reader = await opened.keys.create("reader-x", "reader")
    answer = await editor.sign_in(reader)
    assert answer.status_code == 403
    assert "This key can only read; the pages are open to read without signing in." in error_beside(answer.text, "key")
    assert reader not in answer.text
    assert posts((await editor.open(f"/items/{ITEM}")).text) == 0
    assert (await editor.open("/inbox")).status_code == 401
    assert all(cookie.name != "tracker_session" for cookie in editor.client.cookies.jar)


async def test_a_failed_sign_in_says_why_beside_the_field_and_never_shows_the_key(editor: Editor, secret: str) -> None:
    empty = await editor.sign_in("  ")
    assert empty.status_code == 400 and error_beside(empty.text, "key") == "Paste your API key."
    wrong = await editor.sign_in(secret + "x")
    assert wrong.status_code == 401 and error_beside(wrong.text, "key") == "This key is unknown or has been revoked."
    assert secret not in wrong.text and 'type="password"' in wrong.text
    assert "after 60 minutes without a request" in (await editor.open("/sign-in")).text


async def test_the_json_api_does_not_take_the_session_cookie(editor: Editor, secret: str) -> None:
    await editor.sign_in(secret)
    body = {
        "state": "KAZ",
        "kind": "statement",
        "date": "2024-01-01",
        "title": "A statement",
        "sources": [{"url": "https://example.org/s"}],
        "links": [{"item": ITEM, "effect": "no_effect"}],
    }
    answer = await editor.client.post("/api/v1/actions", json=body)
    assert answer.status_code == 401
    assert (await editor.client.get("/api/v1/inbox")).status_code == 401


async def test_a_revoked_key_signs_its_editor_out(editor: Editor, opened: tracker.Tracker, secret: str) -> None:
    await editor.sign_in(secret)
    assert posts((await editor.open(f"/items/{ITEM}")).text) > 1
    await opened.keys.revoke("ngo-x")
    page = await editor.open(f"/items/{ITEM}")
    assert posts(page.text) == 0 and "ngo-x (editor)" not in page.text and ">Sign in</a>" in page.text
    assert any(c.startswith("tracker_session=null") for c in page.headers.get_list("set-cookie"))
    refused = await editor.send(f"/items/{ITEM}/actions", A_LAW)
    assert refused.status_code == 401 and (await opened.actions.list(kind="legislation_adopted")).total == 0


async def test_signing_out_ends_the_session(editor: Editor, secret: str, tmp_path: Path) -> None:
    await editor.sign_in(secret)
    cookie = editor.client.cookies.get("tracker_session")
    assert cookie and (tmp_path / "sessions" / "sessions").exists()
    await editor.open("/")
    assert (await editor.send("/sign-out", {})).status_code == 303
    assert posts((await editor.open(f"/items/{ITEM}")).text) == 0
    editor.client.cookies.set("tracker_session", cookie)  # the old cookie, kept by someone, no longer signs in
    assert (await editor.open("/inbox")).status_code == 401


async def test_a_bad_date_or_amount_comes_back_beside_its_field_with_what_was_typed(
    editor: Editor, opened: tracker.Tracker, secret: str
) -> None:
    await editor.sign_in(secret)
    await editor.open(f"/items/{REMEDY}")
    ruling = {
        "kind": "court_ruling",
        "title": "Kostanay court awards damages",
        "date": "Smarch 2013",
        "amounts.currency": "KZT",
        "amounts.awarded": "two million",
        "court.name": "Kostanay City Court",
        "links.effect": "partial",
        "sources": "https://example.org/ruling",
    }
    refused = await editor.send(f"/items/{REMEDY}/actions", ruling)
    assert refused.status_code == 400
    page = refused.text
    assert error_beside(page, "action-date") == "Write the date as 2013-11-05, November 2013, 2013-11 or 2013."
    assert error_beside(page, "action-awarded").startswith("Write the amount as a number")
    assert error_beside(page, "action-title") == ""
    assert value_of(page, "action-date") == "Smarch 2013" and value_of(page, "action-awarded") == "two million"
    assert value_of(page, "action-title") == ruling["title"] and "https://example.org/ruling</textarea>" in page
    assert re.search(r'<option value="court_ruling" selected>', page)

    # What the library refuses lands beside its field too: a currency that is none.
    wrong_currency = await editor.send(
        f"/items/{REMEDY}/actions", {**ruling, "date": "2013-11-21", "amounts.awarded": "2,000,000", "amounts.currency": "KZX"}
    )
    assert wrong_currency.status_code == 400 and "KZX" in error_beside(wrong_currency.text, "action-currency")
    assert (await opened.actions.list(kind="court_ruling")).total == 1  # only the sample's

    recorded = await editor.send(
        f"/items/{REMEDY}/actions",
        {**ruling, "date": "2013-11-21", "amounts.awarded": "2 000 000", "title": "Kostanay court awards damages again"},
    )
    assert recorded.status_code == 303
    (stored,) = [a for a in (await opened.actions.list(kind="court_ruling")).items if a.title.endswith("again")]
    assert stored.amounts is not None and (stored.amounts.awarded, stored.amounts.currency) == (2000000, "KZT")
    assert stored.court is not None and stored.court.name == "Kostanay City Court"


async def test_a_form_missing_what_an_action_needs_names_each_field(editor: Editor, opened: tracker.Tracker, secret: str) -> None:
    await editor.sign_in(secret)
    await editor.open(f"/items/{ITEM}")
    refused = await editor.send(f"/items/{ITEM}/actions", {"kind": "", "title": "", "date": "", "sources": ""})
    assert refused.status_code == 400
    for field in ("action-kind", "action-title", "action-date", "action-sources", "action-effect"):
        assert error_beside(refused.text, field) == "Required.", field
    statement_with_money = await editor.send(
        f"/items/{ITEM}/actions", {**A_LAW, "kind": "statement", "amounts.currency": "KZT", "amounts.paid": "100"}
    )
    assert statement_with_money.status_code == 400
    assert "amounts belong to a court ruling or compensation payment" in error_beside(statement_with_money.text, "action-amounts")
    assert (await opened.actions.list(kind="statement")).total == 0


async def test_another_editor_verifies_and_the_recorder_cannot(
    editor: Editor, opened: tracker.Tracker, secret: str, database_url: str, tmp_path: Path
) -> None:
    await editor.sign_in(secret)
    await editor.open(f"/items/{ITEM}")
    await editor.send(f"/items/{ITEM}/actions", A_LAW)
    (action,) = (await opened.actions.list(kind="legislation_adopted")).items
    verify = f"/items/{ITEM}/actions/{action.id}/verify"
    assert f'action="{verify}"' not in (await editor.open(f"/items/{ITEM}")).text
    own = await editor.send(verify, {})
    assert own.status_code == 403 and "someone else must verify it" in unescape(own.text)

    _, other_secret = await opened.keys.create("ngo-y", "editor")
    async with AsyncTestClient(app=app_for(database_url, tmp_path)) as other_client:
        other = Editor(other_client)
        await other.sign_in(other_secret)
        assert f'action="{verify}"' in (await other.open(f"/items/{ITEM}")).text
        verified = await other.send(verify, {})
        assert verified.status_code == 303 and verified.headers["location"] == f"/items/{ITEM}#{action.id}"
        again = await other.send(verify, {})
        assert again.status_code == 409 and "verified already" in again.text
    stored = await opened.actions.get(action.id)
    assert (stored.verification.value, stored.verified_by) == ("verified", "key:ngo-y")


async def test_an_editor_records_an_assessment_with_its_status_in_words(
    editor: Editor, opened: tracker.Tracker, secret: str
) -> None:
    await editor.sign_in(secret)
    page = (await editor.open(f"/items/{ITEM}")).text
    assert '<option value="partially_implemented">partially implemented</option>' in page
    refused = await editor.send(
        f"/items/{ITEM}/assessments",
        {
            "assessor_kind": "ngo",
            "assessor": "Example Bureau",
            "grade": "partially_implemented",
            "date": "May 2016",
            "sources": "https://example.org/report",
        },
    )
    assert refused.status_code == 400 and "dated to the day" in error_beside(refused.text, "assessment-date")
    recorded = await editor.send(
        f"/items/{ITEM}/assessments",
        {
            "assessor_kind": "ngo",
            "assessor": "Example Bureau",
            "grade": "partially_implemented",
            "date": "2016-05-01",
            "rationale": "A special investigator exists; few cases reach court.",
            "sources": "https://example.org/report",
        },
    )
    assert recorded.status_code == 303
    (assessment,) = (await opened.items.get(ITEM)).assessments
    assert recorded.headers["location"] == f"/items/{ITEM}#{assessment.id}"
    assert (assessment.assessor, assessment.status.value if assessment.status else None, assessment.recorded_by) == (
        "Example Bureau",
        "partially_implemented",
        "key:ngo-x",
    )


async def test_the_inbox_lists_a_candidate_and_accepting_it_with_a_corrected_title_records_the_action(
    editor: Editor, opened: tracker.Tracker, secret: str
) -> None:
    first, second = await opened.inbox.propose(FOUND)
    await editor.sign_in(secret)
    assert "Inbox (2)" in (await editor.open("/")).text
    inbox = (await editor.open("/inbox")).text
    assert "2 candidates wait." in inbox
    assert 'href="https://example.kz/news/2014/gerasimov-paid"' in inbox and "10 Feb 2014" in inbox
    assert "the department paid the sum awarded" in inbox
    assert "names communication 433/2010 and compensation" in inbox and "0.90" in inbox
    assert (
        value_of(inbox, f"accept-{first}-title") == FOUND[0]["title"] and value_of(inbox, f"accept-{first}-date") == "2014-02-10"
    )

    accepted = await editor.send(
        f"/inbox/{first}/accept",
        {
            "kind": "compensation_paid",
            "title": "Regional police department pays Gerasimov",
            "date": "2014-02-10",
            "links.item": [REMEDY, "cat-433-2010-investigation", ""],
            "links.effect": ["advances", "", ""],
        },
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == "/inbox"
    candidate = await opened.inbox.get(first)
    assert (candidate.status.value, candidate.decided_by) == ("accepted", "key:ngo-x")
    action = await opened.actions.get(candidate.action or "")
    assert action.title == "Regional police department pays Gerasimov" and action.recorded_by == "key:ngo-x"
    assert [(link.item, link.effect.value) for link in action.links] == [(REMEDY, "advances")]
    assert [s.url for s in action.sources] == [FOUND[0]["url"]]
    after = (await editor.open("/inbox")).text
    assert "Accepted: the action is recorded" in after and f'href="/items/{REMEDY}#{action.id}"' in after
    assert f'id="candidate-{first}"' not in after and f'id="candidate-{second}"' in after

    twice = await editor.send(f"/inbox/{first}/accept", {"kind": "compensation_paid"})
    assert twice.status_code == 409 and "was accepted by key:ngo-x already" in twice.text


async def test_a_refused_acceptance_comes_back_and_leaves_the_candidate_pending(
    editor: Editor, opened: tracker.Tracker, secret: str
) -> None:
    first, _ = await opened.inbox.propose(FOUND)
    await editor.sign_in(secret)
    await editor.open("/inbox")
    refused = await editor.send(
        f"/inbox/{first}/accept",
        {
            "kind": "",
            "title": "Corrected",
            "links.item": [REMEDY, "cat-433-2010-investigation", "cat-c-tjk-co-3-p10"],
            "links.effect": ["advances", "", "advances"],
        },
    )
    assert refused.status_code == 400 and error_beside(refused.text, f"accept-{first}-kind") == "Required."
    assert value_of(refused.text, f"accept-{first}-title") == "Corrected"
    assert value_of(refused.text, f"accept-{first}-other-item") == "cat-c-tjk-co-3-p10"
    another_state = await editor.send(
        f"/inbox/{first}/accept",
        {
            "kind": "compensation_paid",
            "links.item": [REMEDY, "", "cat-c-tjk-co-3-p10"],
            "links.effect": ["advances", "", "advances"],
        },
    )
    assert another_state.status_code == 400 and "cat-c-tjk-co-3-p10" in error_beside(another_state.text, f"accept-{first}-links")
    assert (await opened.inbox.get(first)).status is tracker.CandidateStatus.PENDING
    assert (await opened.actions.list(kind="compensation_paid")).total == 0


async def test_rejecting_records_the_reason(editor: Editor, opened: tracker.Tracker, secret: str) -> None:
    _, weather = await opened.inbox.propose(FOUND)
    await editor.sign_in(secret)
    await editor.open("/inbox")
    no_reason = await editor.send(f"/inbox/{weather}/reject", {"reason": " "})
    assert no_reason.status_code == 400 and error_beside(no_reason.text, f"reject-{weather}-reason") == "Required."
    rejected = await editor.send(f"/inbox/{weather}/reject", {"reason": "a weather report"})
    assert rejected.status_code == 303
    candidate = await opened.inbox.get(weather)
    assert (candidate.status.value, candidate.reason, candidate.decided_by) == ("rejected", "a weather report", "key:ngo-x")
    assert (await editor.send(f"/inbox/{weather}/reject", {"reason": "again"})).status_code == 409


async def test_the_session_cookie_is_http_only_and_same_site_and_secure_when_set(
    opened: tracker.Tracker, database_url: str, tmp_path: Path, secret: str
) -> None:
    for secure in (False, True):
        base_url = "https://testserver.local" if secure else "http://testserver.local"
        async with AsyncTestClient(app=app_for(database_url, tmp_path, secure_cookies=secure), base_url=base_url) as client:
            page = await client.get("/sign-in")
            (form_cookie,) = page.headers.get_list("set-cookie")
            token = re.search(r'name="_csrf_token" value="([^"]*)"', page.text).group(1)  # type: ignore[union-attr]
            answer = await client.post("/sign-in", data={"key": secret, "_csrf_token": token}, follow_redirects=False)
            (session_cookie,) = [c for c in answer.headers.get_list("set-cookie") if c.startswith("tracker_session=")]
            for cookie in (session_cookie, form_cookie):
                attributes = [part.strip().lower() for part in cookie.split(";")]
                assert "httponly" in attributes and "samesite=lax" in attributes
                assert ("secure" in attributes) is secure
            assert "max-age=3600" in session_cookie.lower()
            assert secret not in session_cookie


async def test_a_reader_of_the_pages_gets_no_session(client: AsyncTestClient, tmp_path: Path) -> None:
    for path in ("/", f"/items/{ITEM}", "/states/KAZ"):
        answer = await client.get(path)
        assert not any(c.startswith("tracker_session=") for c in answer.headers.get_list("set-cookie")), path
    stored = tmp_path / "sessions" / "sessions"
    assert not stored.exists() or not any(stored.iterdir())


async def test_two_workers_on_one_machine_share_sessions_and_form_tokens(
    opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Path, secret: str
) -> None:
    await opened.load(sample_records)
    async with (
        AsyncTestClient(app=app_for(database_url, tmp_path)) as first,
        AsyncTestClient(app=app_for(database_url, tmp_path)) as second,
    ):
        editor = Editor(first)
        await editor.sign_in(secret)
        await editor.open(f"/items/{ITEM}")
        second.cookies = first.cookies
        answer = await second.post(f"/items/{ITEM}/actions", data={**A_LAW, "_csrf_token": editor.token}, follow_redirects=False)
        assert answer.status_code == 303
    assert (await opened.actions.list(kind="legislation_adopted")).total == 1


async def test_the_write_rate_of_a_key_holds_on_the_pages(
    opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Path, secret: str
) -> None:
    await opened.load(sample_records)
    async with AsyncTestClient(app=app_for(database_url, tmp_path, write_rate_limit=1)) as client:
        editor = Editor(client)
        await editor.sign_in(secret)
        await editor.open(f"/items/{ITEM}")
        assert (await editor.send(f"/items/{ITEM}/actions", A_LAW)).status_code == 303
        again = await editor.send(f"/items/{ITEM}/actions", {**A_LAW, "title": "Another law"})
        assert again.status_code == 429 and "has made its 1 writes for this minute" in unescape(again.text)
        assert again.headers["retry-after"]
    assert (await opened.actions.list(kind="legislation_adopted")).total == 1


async def test_the_library_names_a_key_that_still_signs_in(opened: tracker.Tracker, secret: str) -> None:
    key = await opened.keys.active("ngo-x")
    assert key is not None and (key.name, key.role.value) == ("ngo-x", "editor")
    assert await opened.keys.active("nobody") is None
    await opened.keys.revoke("ngo-x")
    assert await opened.keys.active("ngo-x") is None


async def test_a_legal_act_in_the_inbox_shows_its_kind_requisites_and_kazakh_title_and_the_form_starts_from_its_kind(
    editor: Editor, opened: tracker.Tracker, secret: str
) -> None:
    [law] = await opened.inbox.propose(
        [
            {
                "source": "kz-register",
                "entry": "1001",
                "url": "https://adilet.zan.kz/rus/docs/Z2600000123",
                "title": "О внесении изменений в Уголовный кодекс Республики Казахстан",
                "language": "ru",
                "state": "KAZ",
                "kind": "legislation_amended",
                "legal_reference": "Закон Республики Казахстан от 2 марта 2026 года № 123-VIII ЗРК",
                "titles": {"kk": "Қазақстан Республикасының Қылмыстық кодексіне өзгерістер енгізу туралы"},
            }
        ]
    )
    await editor.sign_in(secret)
    inbox = (await editor.open("/inbox")).text
    assert "Proposed as: law amended" in inbox
    assert "Закон Республики Казахстан от 2 марта 2026 года № 123-VIII ЗРК" in inbox
    assert '<p lang="kk">Қазақстан Республикасының Қылмыстық кодексіне өзгерістер енгізу туралы</p>' in inbox
    assert re.search(rf'id="accept-{law}-kind".*?<option value="legislation_amended" selected>', inbox, re.DOTALL)


async def test_a_refusal_page_survives_a_referer_that_is_no_url(editor: Editor) -> None:
    answer = await editor.client.post(
        f"/items/{ITEM}/actions", data=A_LAW, headers={"Referer": "http://x]y/"}, follow_redirects=False
    )
    assert answer.status_code == 403 and "text/html" in answer.headers["content-type"]
