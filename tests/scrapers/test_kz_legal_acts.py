"""Kazakhstan's register of legal acts, end to end against a server on 127.0.0.1 that answers in the
register's described shape: what is proposed, against which items and why; what is never proposed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import tracker
from tracker.domain.enums import ActionKind, CandidateStatus, RunOutcome, Verification
from tracker_scrapers.http import Fetcher, FetchPolicy
from tracker_scrapers.runner import Runner
from tracker_scrapers.snapshots import SnapshotStore
from tracker_scrapers.sources.kz_legal_acts import Act, _act, act_type, amended_laws, is_local

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kz-legal-acts"
SEARCH = "/api/documents/search"
SOURCE = "kz-register"
#: Resolutions (ПОСТ) are read too, so that local akimats' resolutions must be told by their requisites.
TYPES = "ЗАК,КЗАК,КОД,УКАЗ,НПОС,ПОСТ"
DEFINITION_OF_TORTURE = "cat-c-kaz-co-4-p10"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


LOCAL = fixture("local-acts.json")
NATIONAL = fixture("national-acts.json")


def page(entries: list[dict[str, Any]], count: int = 2) -> bytes:
    return json.dumps({"documentsFound": 19, "pageCount": count, "list": entries}, ensure_ascii=False).encode()


def serve_register(site: Any) -> None:
    """Two pages, newest first, local decisions around the national acts, and the national acts' texts."""
    site.put_page(SEARCH, 1, page([*LOCAL[:5], NATIONAL[0], NATIONAL[1], *LOCAL[5:8]]))
    site.put_page(SEARCH, 2, page([NATIONAL[2], NATIONAL[3], *LOCAL[8:]]))
    for text in (FIXTURES / "texts").glob("*-rus.json"):
        site.put(f"/api/documents/{text.name.removesuffix('-rus.json')}/rus", text.read_bytes(), "application/json")


@pytest.fixture
async def register(seeded: tracker.Tracker, fixture_site: Any) -> tracker.Tracker:
    await seeded.sources.add(SOURCE, "kz-legal-acts", fixture_site.url, params={"state": "KAZ", "types": TYPES})
    return seeded


@pytest.fixture
async def runner(register: tracker.Tracker, tmp_path: Path) -> AsyncIterator[Runner]:
    async def no_wait(seconds: float) -> None:
        return None

    policy = FetchPolicy(retries=0, backoff=0.0, politeness=0.0)
    async with Fetcher(SnapshotStore(tmp_path / "snapshots"), policy=policy, sleep=no_wait) as fetcher:
        yield Runner(register, fetcher, holder="test")


async def _candidates(t: tracker.Tracker) -> list[tracker.Candidate]:
    return list((await t.inbox.list(source=SOURCE, limit=100)).items)


def test_no_local_decision_is_read_whatever_its_words() -> None:
    acts = [_act(entry) for entry in LOCAL]
    assert len(acts) == 15 and all(isinstance(act, Act) for act in acts)
    assert all(is_local(act) for act in acts if act is not None)
    national = [_act(entry) for entry in NATIONAL]
    assert [is_local(act) for act in national if act is not None] == [False] * 4
    assert [act_type(act) for act in national if act is not None] == ["ЗАК", "НПОС", "ЗАК", "ПРИК"]


def test_an_act_amending_the_criminal_code_names_the_articles_it_amends() -> None:
    text = " ".join(part["text"] for part in fixture("texts/1001-rus.json")["content"])
    amended = amended_laws("О внесении изменений и дополнений в Уголовный кодекс Республики Казахстан", text)
    assert {(change.law, change.article, change.about) for change in amended} == {
        ("Criminal Code", None, None),
        ("Criminal Code", "146", "torture"),
        ("Criminal Code", "77", None),
    }


async def test_a_law_amending_the_torture_article_is_proposed_against_the_items_on_torture(
    runner: Runner, register: tracker.Tracker, fixture_site: Any
) -> None:
    serve_register(fixture_site)
    run = await runner.run(SOURCE)
    assert run.outcome is RunOutcome.OK, run.error
    by_entry = {c.url.rsplit("/", 1)[-1]: c for c in await _candidates(register)}
    assert set(by_entry) == {"Z2600000123", "P260000045S"}, "no local decision, no unrelated law, no order"
    assert run.candidates == 2

    law = by_entry["Z2600000123"]
    assert law.url == "https://adilet.zan.kz/rus/docs/Z2600000123"
    assert law.title.startswith("О внесении изменений и дополнений в Уголовный кодекс") and law.language == "ru"
    assert law.titles["kk"].startswith("Қазақстан Республикасының Қылмыстық кодексіне")
    assert law.kind is ActionKind.LEGISLATION_AMENDED and law.state == "KAZ"
    assert law.legal_reference == "Закон Республики Казахстан от 2 марта 2026 года № 123-VIII ЗРК"
    assert str(law.published_on) == "2026-03-02"
    matches = {match.item: match for match in law.matches}
    assert law.matches[0].item == DEFINITION_OF_TORTURE
    assert "amends article 146 of the Criminal Code (torture)" in matches[DEFINITION_OF_TORTURE].reason

    ruling = by_entry["P260000045S"]
    assert ruling.kind is ActionKind.LEGISLATION_ADOPTED
    assert any("Redress and compensation" in match.reason for match in ruling.matches)

    asked = list(fixture_site.requests)
    assert "POST /api/documents/search page=2" in asked
    assert {path for path in asked if path.startswith("/api/documents/")} == {
        "/api/documents/1001/rus",
        "/api/documents/1002/rus",
        "/api/documents/1003/rus",
    }, "texts are fetched only for acts of a followed type, issued nationally"
    assert (await register.sources.get(SOURCE)).cursor == LOCAL[0]["id"]

    again = await runner.run(SOURCE)
    assert again.outcome is RunOutcome.NOT_MODIFIED and again.candidates == 0
    assert len(await _candidates(register)) == 2
    assert fixture_site.requests[len(asked) :] == ["POST /api/documents/search page=1"], "only back to the last act seen"


async def test_an_accepted_act_is_an_action_verified_by_the_register(
    runner: Runner, register: tracker.Tracker, fixture_site: Any
) -> None:
    serve_register(fixture_site)
    await runner.run(SOURCE)
    law = next(c for c in await _candidates(register) if c.url.endswith("Z2600000123"))
    accepted, action = await register.inbox.accept(
        law.id, {"links": [{"item": DEFINITION_OF_TORTURE, "effect": "partial"}]}, by="editor"
    )
    assert accepted.status is CandidateStatus.ACCEPTED
    assert action.kind is ActionKind.LEGISLATION_AMENDED and action.legal_reference == law.legal_reference
    assert action.verification is Verification.VERIFIED and action.verified_by == SOURCE
    assert [link.item for link in action.links] == [DEFINITION_OF_TORTURE]


async def test_a_page_in_other_field_names_is_read(runner: Runner, register: tracker.Tracker, fixture_site: Any) -> None:
    fixture_site.put_page(SEARCH, 1, (FIXTURES / "other-names-page.json").read_bytes())
    fixture_site.put("/api/documents/2001/rus", (FIXTURES / "texts" / "2001-rus.json").read_bytes(), "application/json")
    run = await runner.run(SOURCE)
    assert run.outcome is RunOutcome.OK, run.error
    [candidate] = await _candidates(register)
    assert candidate.title.endswith("по вопросам содержания под стражей") and candidate.titles["kk"].startswith("Қазақстан")
    assert str(candidate.published_on) == "2026-03-10" and candidate.kind is ActionKind.LEGISLATION_AMENDED
    assert any("amends the Code of Criminal Procedure" in match.reason for match in candidate.matches)
    assert (await register.sources.get(SOURCE)).cursor == "2001"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("malformed-page.json", "page 1 of the register's search is not JSON"),
        ("empty-page.json", "the register answered an empty page"),
    ],
)
async def test_a_page_that_cannot_be_read_fails_the_run_and_writes_nothing(
    runner: Runner, register: tracker.Tracker, fixture_site: Any, body: str, reason: str
) -> None:
    fixture_site.put_page(SEARCH, 1, (FIXTURES / body).read_bytes())
    run = await runner.run(SOURCE)
    assert run.outcome is RunOutcome.FAILED and reason in (run.error or "")
    assert await _candidates(register) == []
    assert (await register.sources.get(SOURCE)).cursor is None


async def test_a_failed_text_fails_the_run_and_the_next_run_proposes_the_act(
    runner: Runner, register: tracker.Tracker, fixture_site: Any
) -> None:
    serve_register(fixture_site)
    fixture_site.put("/api/documents/1002/rus", b"down", "text/plain", status=502)
    failed = await runner.run(SOURCE)
    assert failed.outcome is RunOutcome.FAILED and "the text of act 1002: HTTP 502" in (failed.error or "")
    assert await _candidates(register) == [] and (await register.sources.get(SOURCE)).cursor is None
    serve_register(fixture_site)
    assert (await runner.run(SOURCE)).candidates == 2


async def test_a_ca_bundle_that_cannot_be_read_fails_the_run_naming_it(
    runner: Runner, register: tracker.Tracker, tmp_path: Path
) -> None:
    await register.sources.edit(SOURCE, {"params": {"types": TYPES, "ca_bundle": str(tmp_path / "missing.pem")}})
    run = await runner.run(SOURCE)
    assert run.outcome is RunOutcome.FAILED and f"cannot read the CA bundle {tmp_path / 'missing.pem'}" in (run.error or "")
