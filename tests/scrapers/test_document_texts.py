"""From discovery to text: the UN Digital Library finds Slovenia's UPR report and its addendum, and the
document-texts source fetches, reads and loads their real files, against httpx.MockTransport."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

import tracker
from tracker.domain.entities import Document, LanguageVersion
from tracker.domain.enums import Body, DocumentKind
from tracker.library import item_filter
from tracker.records import RecommendationRecord
from tracker_scrapers.http import Fetcher, FetchPolicy
from tracker_scrapers.runner import Runner
from tracker_scrapers.scheduler import Scheduler
from tracker_scrapers.snapshots import SnapshotStore
from tracker_scrapers.sources.document_texts import readers_version, text_locations, texts_read

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = FIXTURES / "real" / "upr-svn"
MARCXML = (FIXTURES / "scrapers" / "undl" / "upr-svn-28.xml").read_bytes()
REPORT = (REAL / "A_HRC_28_15.pdf").read_bytes()
ADDENDUM = (REAL / "A_HRC_28_15_Add.1.pdf").read_bytes()
RUSSIAN = (FIXTURES / "documents" / "ru" / "A_HRC_28_15-ru.pdf").read_bytes()
LIBRARY, ODS, TBDB = "https://library.test", "https://ods.test", "https://tbdb.test"
TRACKER = str(Path(sys.executable).parent / "tracker")


def ods(symbol: str, language: str) -> str:
    return f"{ODS}/api/symbol/access?s={quote(symbol, safe='/')}&l={language}&t=pdf"


def tbdb(symbol: str) -> str:
    return f"{TBDB}/Download.aspx?symbolno={quote(symbol, safe='')}&Lang=en"


def download_page(*links: tuple[str, str]) -> bytes:
    """A Treaty Body Database download page: one link per language and format."""
    anchors = "".join(f'<a title="{title}" href="{href}">{title}</a>' for title, href in links)
    return f"<html><body><div id='docs'>{anchors}</div></body></html>".encode()


class Site:
    """ODS, the library's files and the Treaty Body Database as the chain sees them, with ETags and 304s."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {
            f"{LIBRARY}/search": MARCXML,
            # ODS has the report; the addendum only the library's record holds.
            ods("A/HRC/28/15", "en"): REPORT,
            f"{LIBRARY}/record/790002/files/A_HRC_28_15_Add.1-EN.pdf": ADDENDUM,
            # The Russian report only the Treaty Body Database has.
            tbdb("A/HRC/28/15"): download_page(
                ("English pdf", "https://docstore.test/file?enc=en28"),
                ("Russian doc", "https://docstore.test/file?enc=ru28doc"),
                ("Russian pdf", "https://docstore.test/file?enc=ru28"),
            ),
            "https://docstore.test/file?enc=ru28": RUSSIAN,
            tbdb("A/HRC/28/15/Add.1"): download_page(("English pdf", "https://docstore.test/file?enc=en28a")),
        }
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url)
        body = self.files.get(url.split("?")[0] if url.startswith(f"{LIBRARY}/search") else url)
        if body is None:
            return httpx.Response(404, content=b"Not Found")
        etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        return httpx.Response(200, content=body, headers={"ETag": etag, "Content-Type": "application/octet-stream"})

    def asked(self, since: int = 0) -> list[str]:
        return [str(r.url) for r in self.requests[since:]]


@pytest.fixture
async def chain(seeded: tracker.Tracker) -> tracker.Tracker:
    await seeded.sources.add("library-svn", "undl-marcxml", LIBRARY, params={"query": "A/HRC/28/15", "state": "SVN"}, every="1d")
    await seeded.sources.add(
        "texts-svn", "document-texts", ODS, params={"state": "SVN", "library": LIBRARY, "tbdb": TBDB}, cron="0 5 * * *"
    )
    return seeded


@pytest.fixture
def site() -> Site:
    return Site()


@pytest.fixture
async def runner(chain: tracker.Tracker, site: Site, tmp_path: Path) -> AsyncIterator[Runner]:
    async def no_wait(seconds: float) -> None:
        return None

    policy = FetchPolicy(retries=1, backoff=0.0, politeness=0.0)
    async with Fetcher(
        SnapshotStore(tmp_path / "snapshots"), policy=policy, transport=httpx.MockTransport(site), sleep=no_wait
    ) as f:
        yield Runner(chain, f, holder="test")


async def _items(t: tracker.Tracker) -> list[tracker.Item]:
    return [item async for item in t.items.each(item_filter(document="A/HRC/28/15"))]


async def test_the_library_finds_the_report_and_its_addendum_and_the_texts_run_loads_them(
    runner: Runner, chain: tracker.Tracker, site: Site
) -> None:
    found = await runner.run("library-svn")
    assert found.outcome is tracker.RunOutcome.OK, found.error
    found_documents = {d.symbol: d for d in (await chain.documents.list(state="SVN")).items}
    assert set(found_documents) == {"A/HRC/28/15", "A/HRC/28/15/Add.1"}
    assert {v.language for v in found_documents["A/HRC/28/15/Add.1"].languages} == {"en", "ru"}

    clock = time.monotonic()
    run = await runner.run("texts-svn")
    took = time.monotonic() - clock
    print(f"\ntexts run for A/HRC/28/15 and its addendum: {took:.2f} s")
    assert run.outcome is tracker.RunOutcome.OK, run.error
    items = await _items(chain)
    assert len(items) == 163 and all(i.response is not None and i.recommending_states for i in items)
    responses = [i.response for i in items]
    assert (responses.count("supported"), responses.count("noted")) == (142, 21)
    assert (run.created, run.skipped) == (163 + 3, 1)  # 163 recommendations, the State's 3 claims of implementation
    assert all(i.texts.get("ru") for i in items)  # and the Russian version's text of each
    assert run.bytes == len(REPORT) + len(RUSSIAN) + len(ADDENDUM) + len(site.files[tbdb("A/HRC/28/15")]) + len(
        site.files[tbdb("A/HRC/28/15/Add.1")]
    )
    report = (await chain.documents.get("A/HRC/28/15")).document
    assert (report.kind, report.verification, report.published_on) == ("upr_outcome", "verified", dt.date(2014, 12, 10))
    assert report.library_ids == {"undl": "790001"}  # what the library said stays

    reads = {(r.document, r.language): r for r in await texts_read(chain, state="SVN")}
    english = reads["A/HRC/28/15", "en"]
    assert (english.reader, english.counts, english.unplaced, english.fault, english.url) == (
        "upr-report",
        {"document": 1, "recommendation": 163},
        0,
        None,
        ods("A/HRC/28/15", "en"),
    )
    assert english.snapshot == hashlib.sha256(REPORT).hexdigest() and runner.store.has(english.snapshot)
    assert (english.run, english.source, english.readers) == (run.id, "texts-svn", readers_version())
    addendum = reads["A/HRC/28/15/Add.1", "en"]
    assert (addendum.reader, addendum.url, addendum.fault) == (
        "upr-addendum",
        f"{LIBRARY}/record/790002/files/A_HRC_28_15_Add.1-EN.pdf",
        None,
    )
    assert addendum.snapshot == hashlib.sha256(ADDENDUM).hexdigest() and runner.store.has(addendum.snapshot)
    russian = reads["A/HRC/28/15", "ru"]
    assert (russian.fault, russian.url, russian.reader, russian.unplaced) == (
        None,
        "https://docstore.test/file?enc=ru28",
        "upr-report",
        0,
    )
    missing = reads["A/HRC/28/15/Add.1", "ru"]
    assert missing.fault == "fetch" and "HTTP 404" in (missing.error or "") and "lists no Russian file" in (missing.error or "")
    assert "A/HRC/28/15 (ru)" not in (run.error or "") and "A/HRC/28/15/Add.1 (ru): fetch" in (run.error or "")
    # English first: each Russian version was asked for only after its English one.
    asked = site.asked()
    assert asked.index(ods("A/HRC/28/15", "en")) < asked.index(ods("A/HRC/28/15", "ru"))
    assert asked.index(f"{LIBRARY}/record/790002/files/A_HRC_28_15_Add.1-EN.pdf") < asked.index(ods("A/HRC/28/15/Add.1", "ru"))


async def test_a_second_run_fetches_conditionally_and_creates_nothing(runner: Runner, chain: tracker.Tracker, site: Site) -> None:
    await runner.run("library-svn")
    first = await runner.run("texts-svn")
    before = (await chain.changes.list(latest_first=True, limit=1)).items[0].id
    since = len(site.requests)
    again = await runner.run("texts-svn")
    assert (again.outcome, again.created, again.updated) == (tracker.RunOutcome.NOT_MODIFIED, 0, 0), again
    # The Russian addendum is still nowhere: looked for again (it may come later), and said so.
    assert again.skipped == 1 and "A/HRC/28/15/Add.1 (ru): fetch" in (again.error or "")
    assert again.bytes == len(site.files[tbdb("A/HRC/28/15/Add.1")])  # its download page, again; no file
    assert (await chain.changes.list(latest_first=True, limit=1)).items[0].id == before
    requests = site.requests[since:]
    # The files read before are asked for where they came from, with their ETag, and come back 304.
    files = [r for r in requests if "if-none-match" in r.headers]
    assert {str(r.url) for r in files} == {
        ods("A/HRC/28/15", "en"),
        f"{LIBRARY}/record/790002/files/A_HRC_28_15_Add.1-EN.pdf",
        "https://docstore.test/file?enc=ru28",
    }
    reads = await texts_read(chain, state="SVN")
    assert all(r.run == first.id for r in reads)  # nothing read again
    assert all(r.checked_at > r.read_at for r in reads if r.fault != "fetch")


async def test_a_corrupt_file_is_a_fault_of_its_document_and_the_other_loads(
    runner: Runner, chain: tracker.Tracker, site: Site
) -> None:
    site.files[f"{LIBRARY}/record/790002/files/A_HRC_28_15_Add.1-EN.pdf"] = ADDENDUM[:2000] + b"\n%%EOF\n"
    await runner.run("library-svn")
    run = await runner.run("texts-svn")
    assert run.outcome is tracker.RunOutcome.OK and "A/HRC/28/15/Add.1 (en): read: a corrupt PDF" in (run.error or ""), run
    items = await _items(chain)
    assert len(items) == 163 and sum(i.response is None for i in items) > 0  # the report's own responses only
    reads = {(r.document, r.language): r for r in await texts_read(chain, state="SVN")}
    assert reads["A/HRC/28/15/Add.1", "en"].fault == "read" and ("A/HRC/28/15/Add.1", "ru") not in reads
    assert not any("Add.1" in url and "l=ru" in url for url in site.asked())  # no Russian without the English

    site.files[f"{LIBRARY}/record/790002/files/A_HRC_28_15_Add.1-EN.pdf"] = ADDENDUM
    fixed = await runner.run("texts-svn")
    assert fixed.outcome is tracker.RunOutcome.OK and fixed.updated >= 1, fixed
    assert all(i.response is not None for i in await _items(chain))
    reads = {(r.document, r.language): r for r in await texts_read(chain, state="SVN")}
    assert reads["A/HRC/28/15/Add.1", "en"].reader == "upr-addendum" and reads["A/HRC/28/15", "en"].run != fixed.id


async def test_an_editors_correction_survives_a_changed_file(runner: Runner, chain: tracker.Tracker, site: Site) -> None:
    await runner.run("library-svn")
    await runner.run("texts-svn")
    read = (await chain.items.get("a-hrc-28-15-r115.1")).item
    corrected = "Corrected by an editor: " + read.text
    await chain.load(
        [
            RecommendationRecord(
                document="A/HRC/28/15",
                paragraph="115.1",
                text=corrected,
                recommending_states=read.recommending_states,
                response=read.response,
                sources=read.sources,
                notes="Wording checked against the printed report.",
            )
        ]
    )
    site.files[ods("A/HRC/28/15", "en")] = REPORT + b"\n"  # the UN republished the file: another snapshot
    run = await runner.run("texts-svn")
    assert run.outcome is tracker.RunOutcome.OK and run.created == 0, run
    item = (await chain.items.get("a-hrc-28-15-r115.1")).item
    assert (item.text, item.notes) == (corrected, "Wording checked against the printed report.")
    assert item.verification == "unverified"  # the document does not say what the editor wrote
    reads = {(r.document, r.language): r for r in await texts_read(chain, state="SVN")}
    assert reads["A/HRC/28/15", "en"].snapshot == hashlib.sha256(REPORT + b"\n").hexdigest()
    assert reads["A/HRC/28/15", "en"].run == run.id


async def test_an_addendum_found_before_its_report_is_loaded_once_the_report_is(
    runner: Runner, chain: tracker.Tracker, site: Site
) -> None:
    head, report, addendum = MARCXML.split(b"<record>")
    site.files[f"{LIBRARY}/search"] = head + b"<record>" + addendum
    await runner.run("library-svn")
    refused = await runner.run("texts-svn")
    assert "A/HRC/28/15/Add.1 (en): load:" in (refused.error or "") and "import that Working Group report first" in refused.error
    assert (await chain.documents.get("A/HRC/28/15/Add.1")).items == []

    site.files[f"{LIBRARY}/search"] = MARCXML
    await runner.run("library-svn")
    loaded = await runner.run("texts-svn")
    assert loaded.outcome is tracker.RunOutcome.OK and loaded.created == 163 + 3, loaded
    assert all(i.response is not None for i in await _items(chain))
    reads = {(r.document, r.language): r for r in await texts_read(chain, state="SVN")}
    assert (reads["A/HRC/28/15/Add.1", "en"].fault, reads["A/HRC/28/15/Add.1", "en"].run) == (None, loaded.id)


async def test_a_source_without_a_state_fails_with_the_reason(runner: Runner, chain: tracker.Tracker) -> None:
    await chain.sources.add("texts-nowhere", "document-texts", ODS)
    run = await runner.run("texts-nowhere")
    assert run.outcome is tracker.RunOutcome.FAILED and "needs the parameter `state`" in (run.error or "")


def test_a_text_is_looked_for_at_ods_then_in_the_library_files_then_the_treaty_body_database() -> None:
    document = Document(
        id="cat-c-kaz-co-4",
        symbol="CAT/C/KAZ/CO/4",
        body=Body.CAT,
        state="KAZ",
        kind=DocumentKind.CONCLUDING_OBSERVATIONS,
        languages=[
            LanguageVersion(language="ru", url="https://digitallibrary.un.org/record/9000001/files/CAT_C_KAZ_CO_4-RU.pdf"),
            LanguageVersion(
                language="en",
                url="https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal/Download.aspx?symbolno=CAT%2FC%2FKAZ%2FCO%2F4&Lang=en",
            ),
        ],
    )
    assert text_locations(document, "ru", ods="https://documents.un.org", library="https://mirror.test") == [
        "https://documents.un.org/api/symbol/access?s=CAT/C/KAZ/CO/4&l=ru&t=pdf",
        "https://mirror.test/record/9000001/files/CAT_C_KAZ_CO_4-RU.pdf",
        "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal/Download.aspx?symbolno=CAT%2FC%2FKAZ%2FCO%2F4&Lang=en",
    ]
    assert len(text_locations(document, "en", ods="https://documents.un.org")) == 2


async def test_the_scheduler_reads_the_texts_after_the_library_finds_documents(
    chain: tracker.Tracker, site: Site, tmp_path: Path
) -> None:
    for source in await chain.sources.list():
        if source.name not in ("library-svn", "texts-svn"):
            await chain.sources.disable(source.name)
    fetcher = Fetcher(
        SnapshotStore(tmp_path / "snapshots"), policy=FetchPolicy(politeness=0.0, retries=0), transport=httpx.MockTransport(site)
    )
    async with fetcher:
        scheduler = Scheduler(chain, fetcher, refresh=3600)
        await scheduler.start()
        try:
            scheduler._scheduler.modify_job("source:library-svn", next_run_time=dt.datetime.now(dt.UTC))
            for _ in range(100):
                if (await chain.sources.runs("texts-svn")).total:
                    break
                await asyncio.sleep(0.1)
        finally:
            await scheduler.stop()
    (run,) = (await chain.sources.runs("texts-svn")).items
    assert (run.trigger, run.outcome, run.created) == ("scheduler", tracker.RunOutcome.OK, 163 + 3)


def _cli(*args: str, database: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRACKER, "--database-url", f"sqlite+aiosqlite:///{database}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_tracker_scrape_runs_the_chain_and_tracker_documents_texts_shows_what_was_read(
    tmp_path: Path,
    fixture_site,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    site_url = fixture_site.url
    fixture_site.put("/search", MARCXML)
    fixture_site.put("/record/790001/files/A_HRC_28_15-EN.pdf", REPORT, "application/pdf")
    fixture_site.put("/record/790002/files/A_HRC_28_15_Add.1-EN.pdf", ADDENDUM, "application/pdf")
    database = tmp_path / "tracker.db"
    env = {"PATH": "/usr/bin:/bin", "TRACKER_SNAPSHOT_DIR": str(tmp_path / "snapshots")}
    assert _cli("db", "upgrade", database=database, env=env).returncode == 0
    assert _cli("seed", database=database, env=env).returncode == 0
    assert (
        _cli(
            "sources",
            "add",
            "library-svn",
            "--adapter",
            "undl-marcxml",
            "--url",
            site_url,
            "--param",
            "query=A/HRC/28/15",
            "--param",
            "state=SVN",
            database=database,
            env=env,
        ).returncode
        == 0
    )
    added = _cli(
        "sources",
        "add",
        "texts-svn",
        "--adapter",
        "document-texts",
        "--url",
        f"{site_url}/ods",
        "--param",
        "state=SVN",
        "--param",
        f"library={site_url}",
        "--param",
        f"tbdb={site_url}/tbdb",
        "--every",
        "1d",
        database=database,
        env=env,
    )
    assert added.returncode == 0, added.stderr

    scraped = _cli("scrape", "library-svn", "texts-svn", "--json", database=database, env=env)
    assert scraped.returncode == 0, scraped.stderr
    library, texts = (json.loads(line) for line in scraped.stdout.splitlines())
    assert (library["outcome"], texts["outcome"], texts["created"], texts["skipped"]) == ("ok", "ok", 166, 2), texts
    listed = _cli("sources", "list", database=database, env=env)
    assert any(line.split()[0] == "texts-svn" and "document-texts" in line for line in listed.stdout.splitlines())

    shown = _cli("documents", "texts", "--state", "SVN", "--json", database=database, env=env)
    assert shown.returncode == 0, shown.stderr
    rows = {(r["document"], r["language"]): r for r in map(json.loads, shown.stdout.splitlines())}
    assert rows["A/HRC/28/15", "en"]["counts"] == {"document": 1, "recommendation": 163}
    assert rows["A/HRC/28/15/Add.1", "en"]["reader"] == "upr-addendum"
    assert rows["A/HRC/28/15", "ru"]["fault"] == "fetch"
    table = _cli("documents", "texts", "--state", "SVN", database=database, env=env)
    assert table.returncode == 0 and "A/HRC/28/15/Add.1" in table.stdout and "upr-report" in table.stdout
    failed = _cli("documents", "texts", "--failed", database=database, env=env)
    assert failed.returncode == 0 and "upr-report" not in failed.stdout and "HTTP 404" in failed.stdout
