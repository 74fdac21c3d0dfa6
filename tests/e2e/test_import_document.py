"""`tracker import-document`: a UN document at hand, read and loaded as a user runs it."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tracker
from tracker.library import item_filter

TRACKER = str(Path(sys.executable).parent / "tracker")
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "upr-svn"
RUSSIAN = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "ru"


def run(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRACKER, "--database-url", f"sqlite+aiosqlite:///{database}", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.db"
    assert run("db", "upgrade", database=path).returncode == 0
    assert run("seed", database=path).returncode == 0
    return path


def _export(database: Path) -> str:
    return run("export", database=database).stdout


def test_a_working_group_report_gives_every_recommendation_once_and_a_second_import_changes_nothing(database: Path) -> None:
    first = run("import-document", str(REAL / "A_HRC_28_15.pdf"), "--json", database=database)
    assert first.returncode == 0, first.stderr
    read = json.loads(first.stdout)
    assert (read["symbol"], read["read"], read["unplaced"]) == ("A/HRC/28/15", {"document": 1, "recommendation": 163}, [])
    assert read["loaded"]["item"]["created"] == 163
    again = json.loads(run("import-document", str(REAL / "A_HRC_28_15.pdf"), "--json", database=database).stdout)
    assert again["loaded"]["item"] == {"created": 0, "updated": 0, "unchanged": 163}
    records = [json.loads(line) for line in _export(database).splitlines()]
    items = [r for r in records if r["type"] == "recommendation" and r["document"] == "A/HRC/28/15"]
    assert len(items) == 163 and all(r["verification"] == "verified" and r["recommending_states"] for r in items)


def test_the_russian_version_gives_each_item_its_russian_text_found_by_word_form(database: Path) -> None:
    assert run("import-document", str(REAL / "A_HRC_28_15.pdf"), database=database).returncode == 0
    done = run("import-document", str(RUSSIAN / "A_HRC_28_15-ru.pdf"), "--language", "ru", "--json", database=database)
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert (read["read"], read["unplaced"], read["loaded"]["item"]) == (
        {"recommendation": 163},
        [],
        {"created": 0, "updated": 163, "unchanged": 0},
    )
    records = [json.loads(line) for line in _export(database).splitlines()]
    items = {r["paragraph"]: r for r in records if r["type"] == "recommendation" and r["document"] == "A/HRC/28/15"}
    assert len(items) == 163 and all(r["language"] == "en" and r["texts"]["ru"] for r in items.values())
    # The English text of record stays; the Russian one is the same recommendation.
    assert items["115.54"]["text"].startswith("Pursue and strengthen") and items["115.54"]["texts"]["ru"].startswith("Продолжать")
    assert any(s["url"].startswith("https://undocs.org/ru/") for s in items["115.54"]["sources"])
    # "дискриминация" finds the texts that say "дискриминацией" and "дискриминации".
    found = asyncio.run(_paragraphs_found(database, "дискриминация"))
    said = {number for number, item in items.items() if re.search(r"\bдискриминаци", item["texts"]["ru"])}
    assert "115.54" in found and found == said
    again = json.loads(
        run("import-document", str(RUSSIAN / "A_HRC_28_15-ru.pdf"), "--language", "ru", "--json", database=database).stdout
    )
    assert again["loaded"]["item"] == {"created": 0, "updated": 0, "unchanged": 163}


async def _paragraphs_found(database: Path, query: str) -> set[str]:
    async with tracker.open(f"sqlite+aiosqlite:///{database}") as t:
        return {item.paragraph async for item in t.items.each(item_filter(document="A/HRC/28/15", q=query))}


def test_a_dry_run_reads_and_loads_nothing(database: Path) -> None:
    before = _export(database)
    done = run("import-document", str(REAL / "A_HRC_59_15.pdf"), "--dry-run", database=database)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("A/HRC/59/15 (upr-report): 1 document, 254 recommendation")
    assert "nothing loaded" in done.stderr and _export(database) == before


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (lambda: (REAL / "A_HRC_28_15.pdf").read_bytes()[:4000], (), "truncated PDF"),
        (lambda: b"PK\x03\x04 not a word file", (), "Word"),
        (lambda: (REAL / "A_HRC_28_15.pdf").read_bytes(), ("--language", "ru"), "no recommendation found in the 'ru' version"),
        (lambda: (RUSSIAN / "A_HRC_28_15-ru.pdf").read_bytes(), ("--language", "ru"), "import the English version first"),
        (lambda: (REAL / "UPR20_Slovenia_Thematic_list.docx").read_bytes(), ("--language", "ru"), "English only"),
        (lambda: (REAL / "A_HRC_28_15.pdf").read_bytes(), ("--symbol", "CAT/C/KAZ/Q/4"), "no reader yet for CAT/C/KAZ/Q/4"),
        (lambda: (REAL / "A_HRC_28_15.pdf").read_bytes(), ("--symbol", "CAT/C/KAZ/CO/4"), "no recommendation found"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_one_line_error_and_nothing_is_written(
    database: Path,
    tmp_path: Path,
    content,
    args: tuple[str, ...],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    before = _export(database)
    path = tmp_path / "document.bin"
    path.write_bytes(content())
    done = run("import-document", str(path), *args, database=database)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert _export(database) == before


def test_the_matrix_after_the_report_adds_no_item_but_positions_and_themes_and_reimports_change_nothing(database: Path) -> None:
    matrix = str(REAL / "UPR20_Slovenia_Thematic_list.docx")
    before = _export(database)
    first = run("import-document", matrix, database=database)
    assert first.returncode == 1 and "import that Working Group report first" in first.stderr and _export(database) == before
    assert run("import-document", str(REAL / "A_HRC_28_15.pdf"), database=database).returncode == 0
    loaded = json.loads(run("import-document", matrix, "--json", database=database).stdout)
    assert (loaded["reader"], loaded["read"], loaded["unplaced"]) == ("upr-matrix", {"recommendation": 163}, [])
    assert (loaded["loaded"]["item"]["created"], loaded["loaded"]["item"]["updated"]) == (0, 163)
    for name in ("A_HRC_28_15.pdf", "UPR20_Slovenia_Thematic_list.docx"):
        again = json.loads(run("import-document", str(REAL / name), "--json", database=database).stdout)
        assert again["loaded"]["item"] == {"created": 0, "updated": 0, "unchanged": 163}, name
    items = [json.loads(line) for line in _export(database).splitlines()]
    slovenia = [r for r in items if r["type"] == "recommendation" and r["document"] == "A/HRC/28/15"]
    responses = [r.get("response") for r in slovenia]
    assert (responses.count("supported"), responses.count("noted")) == (142, 21)
    assert all(r["themes"] and len(r["sources"]) == 2 for r in slovenia)


def test_the_addendum_gives_every_recommendation_the_states_response(database: Path) -> None:
    addendum = str(REAL / "A_HRC_59_15_Add.1.pdf")
    refused = run("import-document", addendum, database=database)
    assert refused.returncode == 1 and "import that Working Group report first" in refused.stderr
    assert run("import-document", str(REAL / "A_HRC_59_15.pdf"), database=database).returncode == 0
    loaded = json.loads(run("import-document", addendum, "--json", database=database).stdout)
    assert (loaded["symbol"], loaded["reader"], loaded["unplaced"]) == ("A/HRC/59/15/Add.1", "upr-addendum", [])
    assert (loaded["loaded"]["item"]["created"], loaded["loaded"]["item"]["updated"]) == (0, 254)
    again = json.loads(run("import-document", addendum, "--json", database=database).stdout)
    assert again["loaded"]["item"] == {"created": 0, "updated": 0, "unchanged": 254}
    records = [json.loads(line) for line in _export(database).splitlines()]
    responses = [r.get("response") for r in records if r["type"] == "recommendation" and r["document"] == "A/HRC/59/15"]
    assert (responses.count("supported"), responses.count("noted")) == (217, 37)  # as the addendum's para. 2 says


async def test_the_states_own_claim_of_implementation_is_its_verified_assessment_shown_as_its_claim(database: Path) -> None:
    assert run("import-document", str(REAL / "A_HRC_28_15.pdf"), database=database).returncode == 0
    loaded = json.loads(run("import-document", str(REAL / "A_HRC_28_15_Add.1.pdf"), "--json", database=database).stdout)
    assert loaded["read"] == {"recommendation": 163, "assessment": 3}
    async with tracker.open(f"sqlite+aiosqlite:///{database}") as t:
        detail = await t.items.get("a-hrc-28-15-r115.18")
    [claim] = detail.assessments
    assert (claim.assessor_kind, claim.grade, claim.date.isoformat(), claim.verification) == (
        "state",
        "implemented",
        "2015-03-04",
        "verified",
    )
    assert (detail.item.status, detail.item.status_basis.rule) == ("implemented", "state_assessment")
    assert (detail.item.response, detail.document.published_on.isoformat()) == ("supported", "2014-12-10")  # type: ignore[union-attr]


DOCUMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def test_concluding_observations_complete_the_bundled_items_and_a_second_import_changes_nothing(database: Path) -> None:
    first = run("import-document", str(DOCUMENTS / "CAT_C_KAZ_CO_3.pdf"), "--json", database=database)
    assert first.returncode == 0, first.stderr
    read = json.loads(first.stdout)
    assert (read["symbol"], read["reader"], read["read"], read["unplaced"]) == (
        "CAT/C/KAZ/CO/3",
        "concluding-observations",
        {"document": 1, "recommendation": 12},
        [],
    )
    # Paragraphs 8, 10, 13 and 15 are bundled: they take the UN's text; the other eight are new.
    assert (read["loaded"]["item"]["created"], read["loaded"]["item"]["updated"]) == (8, 4)
    again = json.loads(run("import-document", str(DOCUMENTS / "CAT_C_KAZ_CO_3.pdf"), "--json", database=database).stdout)
    assert again["loaded"]["item"] == {"created": 0, "updated": 0, "unchanged": 12}
    assert again["loaded"]["document"] == {"created": 0, "updated": 0, "unchanged": 1}
    records = [json.loads(line) for line in _export(database).splitlines()]
    items = {r["paragraph"]: r for r in records if r["type"] == "recommendation" and r["document"] == "CAT/C/KAZ/CO/3"}
    assert sorted(p for p, r in items.items() if r.get("follow_up")) == ["10", "13", "15", "8"]
    assert items["8"]["due_date"] == "2015-11-28" and items["9"]["due_date"] == "2018-11-28"
    assert len(items["8"]["sources"]) == 2  # the bundled source, and the document itself


def test_the_russian_version_adds_to_the_english_and_changes_no_text(database: Path) -> None:
    russian = str(DOCUMENTS / "CAT_C_KAZ_CO_3-ru.pdf")
    assert run("import-document", str(DOCUMENTS / "CAT_C_KAZ_CO_3.pdf"), database=database).returncode == 0
    before = {
        r["paragraph"]: r["text"]
        for r in map(json.loads, _export(database).splitlines())
        if r["type"] == "recommendation" and r["document"] == "CAT/C/KAZ/CO/3"
    }
    loaded = json.loads(run("import-document", russian, "--language", "ru", "--json", database=database).stdout)
    assert (loaded["read"], loaded["unplaced"]) == ({"document": 1, "recommendation": 12}, [])
    after = {
        r["paragraph"]: r
        for r in map(json.loads, _export(database).splitlines())
        if r["type"] == "recommendation" and r["document"] == "CAT/C/KAZ/CO/3"
    }
    assert {p: r["text"] for p, r in after.items()} == before
    assert all(any(s["url"] == "https://undocs.org/ru/CAT/C/KAZ/CO/3" for s in r["sources"]) for r in after.values())
    again = json.loads(run("import-document", russian, "--language", "ru", "--json", database=database).stdout)
    assert again["loaded"]["item"] == {"created": 0, "updated": 0, "unchanged": 12}


async def test_a_co_then_its_follow_up_reply_then_the_committees_grades_give_each_item_its_reply_and_status(
    database: Path,
) -> None:
    reply, report = str(DOCUMENTS / "CCPR_C_TJK_FCO_3.pdf"), str(DOCUMENTS / "CCPR_C_133_2.pdf")
    refused = run("import-document", reply, database=database)
    assert refused.returncode == 1 and "import the concluding observations first" in refused.stderr
    assert run("import-document", str(DOCUMENTS / "CCPR_C_TJK_CO_3.pdf"), database=database).returncode == 0
    async with tracker.open(f"sqlite+aiosqlite:///{database}") as t:
        before = (await t.items.get("ccpr-c-tjk-co-3-p7a")).item
    assert (before.follow_up, before.due_date.isoformat(), before.reply_date, before.overdue) == (True, "2021-07-26", None, True)  # type: ignore[union-attr]

    loaded = json.loads(run("import-document", reply, "--json", database=database).stdout)
    assert (loaded["reader"], loaded["read"], loaded["unplaced"]) == ("follow-up-reply", {"document": 1, "action": 1}, [])
    assert loaded["loaded"]["link"]["created"] == 4
    async with tracker.open(f"sqlite+aiosqlite:///{database}") as t:
        answered = await t.items.get("ccpr-c-tjk-co-3-p7a")
        unanswered = (await t.items.get("ccpr-c-tjk-co-3-p7")).item
    item = answered.item
    assert (item.reply_date.isoformat(), item.overdue, item.late, item.status) == ("2021-07-27", False, True, "no_information")  # type: ignore[union-attr]
    assert answered.timeline[0].action.title == "Tajikistan's follow-up reply to CCPR/C/TJK/CO/3 (CCPR/C/TJK/FCO/3)"
    assert unanswered.reply_date is None and not unanswered.follow_up

    graded = json.loads(run("import-document", report, "--json", database=database).stdout)
    assert (graded["reader"], graded["read"]) == ("follow-up-report", {"assessment": 4})
    assert graded["unplaced"] == [
        "KAZ, CCPR/C/KAZ/CO/2, para. 20 [C]: no such item in the tracker",
        "KAZ, CCPR/C/KAZ/CO/2, para. 44 [E]: no such item in the tracker",
        "KAZ, CCPR/C/KAZ/CO/2, para. 52 [D]: no such item in the tracker",
        "SVN, CCPR/C/SVN/CO/4, para. 8 [A]: no such item in the tracker",
    ]
    async with tracker.open(f"sqlite+aiosqlite:///{database}") as t:
        statuses = {p: (await t.items.get(f"ccpr-c-tjk-co-3-p{p}")).item.status for p in ("7a", "7b", "11c", "13")}
        detail = await t.items.get("ccpr-c-tjk-co-3-p7b")
    assert statuses == {
        "7a": "partially_implemented",
        "7b": "implemented",
        "11c": "not_implemented",
        "13": "partially_implemented",
    }
    [grade] = detail.assessments
    assert (grade.assessor_kind, grade.scale, grade.grade, grade.date.isoformat()) == (
        "committee",
        "ccpr_followup",
        "A",
        "2021-12-22",
    )
    assert detail.item.status_basis.rule == "body_assessment"
    for name in (reply, report):
        again = json.loads(run("import-document", name, "--json", database=database).stdout)
        assert all(c["created"] == 0 and c["updated"] == 0 for c in again["loaded"].values()), name


def test_the_russian_version_of_concluding_observations_adds_its_texts_and_changes_no_english_word(database: Path) -> None:
    documents = RUSSIAN.parent
    assert run("import-document", str(documents / "CAT_C_KAZ_CO_3.pdf"), database=database).returncode == 0
    before = {
        (r["type"], r.get("paragraph")): r
        for r in map(json.loads, _export(database).splitlines())
        if r.get("document", r.get("symbol")) == "CAT/C/KAZ/CO/3"
    }
    # The bundled item's note called its text a paraphrase; the UN's text replaced it, and the note says so.
    assert before["recommendation", "10"]["notes"].startswith("Text as printed in CAT/C/KAZ/CO/3")
    done = run("import-document", str(documents / "CAT_C_KAZ_CO_3-ru.pdf"), "--language", "ru", "--json", database=database)
    assert done.returncode == 0, done.stderr
    after = {
        (r["type"], r.get("paragraph")): r
        for r in map(json.loads, _export(database).splitlines())
        if r.get("document", r.get("symbol")) == "CAT/C/KAZ/CO/3"
    }
    assert after.keys() == before.keys()
    versioned = {key for key, record in after.items() if key[0] == "document" or "ru" in record.get("texts", {})}
    assert len(versioned) == 1 + 12  # the document and its 12 recommendations
    for key, record in after.items():
        added = [s for s in record["sources"] if s not in before[key]["sources"]]
        assert [s["url"] for s in added] == (["https://undocs.org/ru/CAT/C/KAZ/CO/3"] if key in versioned else [])
        # Only the Russian text and source are new: every English word, date and basis stays.
        assert {k: v for k, v in record.items() if k not in ("sources", "texts")} == {
            k: v for k, v in before[key].items() if k not in ("sources", "texts")
        }
    assert after["recommendation", "15"]["texts"]["ru"].startswith("Государству-участнику следует")
