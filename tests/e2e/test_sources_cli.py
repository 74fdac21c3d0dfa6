"""`tracker sources` as an operator runs it: parameters checked before anything is stored, and
sources shown, edited, removed; the command refusing a database file that is not there."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.db import migrate
from tracker.db.engine import create_engine

TRACKER = str(Path(sys.executable).parent / "tracker")
FEED = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title><link>http://x/</link>
<item><title>Kazakhstan reports on torture prevention</title><link>http://news.test/1</link><guid>1</guid></item>
</channel></rss>"""


def run(*args: str, database: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_SNAPSHOT_DIR": str(database.parent / "snapshots")}
    return subprocess.run(
        [TRACKER, "--database-url", f"sqlite+aiosqlite:///{database}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.db"
    assert run("db", "upgrade", database=path).returncode == 0
    return path


def stored(database: Path) -> dict[str, dict]:
    listed = run("sources", "list", "--json", database=database)
    assert listed.returncode == 0, listed.stderr
    return {source["name"]: source for source in map(json.loads, listed.stdout.splitlines())}


def test_a_misspelt_parameter_is_named_with_the_right_one_and_nothing_is_stored(database: Path) -> None:
    added = run(
        "sources", "add", "x", "--adapter", "feed", "--url", "https://example.org/feed", "--param", "sate=KAZ", database=database
    )
    assert added.returncode == 1
    assert added.stderr.strip() == "Error: unknown parameter `sate` for adapter feed: did you mean `state`?"
    assert stored(database) == {}


def test_every_problem_is_named_on_its_own_line_before_anything_is_stored(database: Path) -> None:
    added = run(
        "sources",
        "add",
        "cat",
        "--adapter",
        "undl-marcxml",
        "--url",
        "https://digitallibrary.un.org",
        "--param",
        "qeury=CAT/C/KAZ",
        "--param",
        "state=KZ",
        "--param",
        "rows=many",
        database=database,
    )
    assert added.returncode == 1
    assert added.stderr.splitlines() == [
        "Error: unknown parameter `qeury` for adapter undl-marcxml: did you mean `query`?",
        "Error: `state` must be an ISO 3166-1 alpha-3 code of a known State, got `KZ`",
        "Error: `rows` must be a whole number of at least 1, got `many`",
        "Error: adapter undl-marcxml needs the parameter `query`: What to search for in the library, e.g. CAT/C/KAZ.",
    ]
    assert stored(database) == {}


def test_a_parameter_repeated_gives_several_states_and_a_single_one_refuses_two(database: Path) -> None:
    added = run(
        "sources",
        "add",
        "uhri",
        "--adapter",
        "uhri-export",
        "--url",
        "https://dataex.ohchr.org/uhri",
        "--param",
        "state=KAZ",
        "--param",
        "state=tjk",
        database=database,
    )
    assert added.returncode == 0, added.stderr
    assert stored(database)["uhri"]["params"] == {"state": "KAZ,TJK"}
    assert "  state = KAZ,TJK" in run("sources", "show", "uhri", database=database).stdout.splitlines()

    feed = run(
        "sources",
        "add",
        "news",
        "--adapter",
        "feed",
        "--url",
        "https://example.org/feed",
        "--param",
        "state=KAZ",
        "--param",
        "state=TJK",
        database=database,
    )
    assert feed.returncode == 1 and "`state` takes one value for adapter feed, got 2: KAZ, TJK" in feed.stderr
    assert "news" not in stored(database)


def test_show_gives_adapter_url_parameters_with_defaults_schedule_and_runs(database: Path) -> None:
    run(
        "sources",
        "add",
        "cat",
        "--adapter",
        "undl-marcxml",
        "--url",
        "https://digitallibrary.un.org",
        "--param",
        "query=CAT/C/KAZ",
        "--param",
        "state=KAZ",
        "--every",
        "1d",
        database=database,
    )
    shown = run("sources", "show", "cat", database=database)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[:5] == [
        "source    cat",
        "adapter   undl-marcxml",
        "url       https://digitallibrary.un.org",
        "schedule  every 1d",
        "parameters",
    ]
    assert {"  query = CAT/C/KAZ", "  state = KAZ", "  rows = 200 (default)", "no runs yet"} <= set(lines)
    missing = run("sources", "show", "nowhere", database=database)
    assert missing.returncode == 1 and "no source 'nowhere'" in missing.stderr


def test_edit_with_a_bad_value_changes_nothing_and_a_good_edit_changes_what_it_says(database: Path) -> None:
    run(
        "sources",
        "add",
        "texts",
        "--adapter",
        "document-texts",
        "--url",
        "https://documents.un.org",
        "--param",
        "state=KAZ",
        "--every",
        "1d",
        database=database,
    )
    before = stored(database)["texts"]
    refused = run(
        "sources",
        "edit",
        "texts",
        "--param",
        "state=KZ",
        "--param",
        "languages=en,xx",
        "--url",
        "https://elsewhere.org",
        database=database,
    )
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "Error: `state` must be an ISO 3166-1 alpha-3 code of a known State, got `KZ`",
        "Error: `languages` must be one of `ar`, `en`, `es`, `fr`, `ru`, `zh`, got `xx`",
    ]
    assert stored(database)["texts"] == before

    edited = run(
        "sources", "edit", "texts", "--param", "state=tjk", "--param", "languages=ru", "--cron", "0 5 * * *", database=database
    )
    assert edited.returncode == 0, edited.stderr
    after = stored(database)["texts"]
    assert (after["params"], after["cron"], after["every_seconds"]) == ({"state": "TJK", "languages": "ru"}, "0 5 * * *", None)
    unset = run("sources", "edit", "texts", "--unset-param", "languages", database=database)
    assert unset.returncode == 0 and stored(database)["texts"]["params"] == {"state": "TJK"}
    required = run("sources", "edit", "texts", "--unset-param", "state", database=database)
    assert required.returncode == 1 and "needs the parameter `state`" in required.stderr
    assert stored(database)["texts"]["params"] == {"state": "TJK"}


def _source_with_a_run(database: Path, name: str) -> str:
    """A feed source with one run, replayed from a kept snapshot; the snapshot's digest."""
    digest = hashlib.sha256(FEED).hexdigest()
    snapshot = database.parent / "snapshots" / digest[:2] / digest
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    snapshot.write_bytes(FEED)
    assert (
        run("sources", "add", name, "--adapter", "feed", "--url", "https://example.org/feed", database=database).returncode == 0
    )
    scraped = run("scrape", name, "--replay", digest, database=database)
    assert scraped.returncode == 0, scraped.stderr + scraped.stdout
    return digest


def test_remove_takes_the_runs_and_their_snapshots_unless_asked_to_keep_them(database: Path) -> None:
    digest = _source_with_a_run(database, "news")
    snapshot = database.parent / "snapshots" / digest[:2] / digest
    assert "last runs" in run("sources", "show", "news", database=database).stdout

    kept = run("sources", "remove", "news", "--keep-runs", database=database)
    assert kept.returncode == 0 and kept.stdout.strip() == "source 'news' removed; its runs and snapshots were kept"
    assert "news" not in stored(database) and snapshot.exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM fetch_runs WHERE source = 'news'").fetchone() == (1,)

    # Added again under its name, the source shows the runs it kept; removed for good, they go.
    run("sources", "add", "news", "--adapter", "feed", "--url", "https://example.org/feed", database=database)
    assert "last runs" in run("sources", "show", "news", database=database).stdout
    removed = run("sources", "remove", "news", database=database)
    assert removed.returncode == 0
    assert removed.stdout.startswith("source 'news' removed with its 1 runs and 1 snapshots")
    assert not snapshot.exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM fetch_runs").fetchone() == (0,)
    assert run("sources", "remove", "news", database=database).returncode == 1


def test_a_stored_source_with_a_bad_parameter_is_marked_and_its_run_fails_with_the_same_words(database: Path) -> None:
    run(
        "sources",
        "add",
        "cat",
        "--adapter",
        "undl-marcxml",
        "--url",
        "https://digitallibrary.un.org",
        "--param",
        "query=CAT/C/KAZ",
        database=database,
    )
    with sqlite3.connect(database) as connection:
        connection.execute("""UPDATE sources SET params = '{"qeury": "CAT/C/KAZ"}' WHERE name = 'cat'""")
    listed = run("sources", "list", database=database).stdout.splitlines()
    row = next(line for line in listed if " cat " in line)
    assert row.startswith("!")
    assert "    ! unknown parameter `qeury` for adapter undl-marcxml: did you mean `query`?" in listed
    assert stored(database)["cat"]["problems"][0] == "unknown parameter `qeury` for adapter undl-marcxml: did you mean `query`?"

    scraped = run("scrape", "cat", database=database)
    assert scraped.returncode == 1 and "Traceback" not in scraped.stderr
    assert "unknown parameter `qeury` for adapter undl-marcxml: did you mean `query`?" in scraped.stdout
    fixed = run("sources", "edit", "cat", "--unset-param", "qeury", "--param", "query=CAT/C/KAZ", database=database)
    assert fixed.returncode == 0 and "problems" not in stored(database)["cat"]


def test_adapters_lists_every_adapter_with_its_parameters(database: Path) -> None:
    listed = run("sources", "adapters", "--json", database=database)
    assert listed.returncode == 0, listed.stderr
    adapters = {
        entry["adapter"]: {p["name"]: p for p in entry["params"]} for entry in map(json.loads, listed.stdout.splitlines())
    }
    assert set(adapters) == {
        "undl-marcxml",
        "undl-rss",
        "decision-text",
        "uhri-export",
        "tb-listing",
        "uprinfo",
        "feed",
        "document-texts",
        "kz-legal-acts",
    }
    assert adapters["kz-legal-acts"]["types"]["default"] == "ЗАК,КЗАК,КОД,УКАЗ,НПОС"
    assert adapters["uhri-export"]["state"]["several"] is True and adapters["feed"]["state"]["several"] is False
    assert adapters["feed"]["unmatched"]["allowed"] == ["drop", "keep"] and adapters["feed"]["unmatched"]["default"] == "drop"
    assert adapters["undl-marcxml"]["query"]["required"] is True
    assert all(p["help"] for params in adapters.values() for p in params.values())
    text = run("sources", "adapters", database=database).stdout
    assert "  state (State code, several)" in text and "  rows (whole number; default 200)" in text
    assert "Tajikistan's official legal portal (adliya.tj) is unreachable from outside the country" in text


def test_the_bundled_sources_all_pass_the_checks(database: Path) -> None:
    assert (
        run(
            "sources", "add", "placeholder", "--adapter", "feed", "--url", "https://example.org/feed", database=database
        ).returncode
        == 0
    )
    from importlib.resources import files

    for entry in json.loads(files("tracker.seed").joinpath("sources.json").read_text()):
        args = [arg for key, value in entry["params"].items() for arg in ("--param", f"{key}={value}")]
        added = run(
            "sources", "add", entry["name"], "--adapter", entry["adapter"], "--url", entry["url"], *args, database=database
        )
        assert added.returncode == 0, (entry["name"], added.stderr)


def test_a_missing_database_file_is_not_created_and_the_message_says_what_to_run(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "TRACKER_DATABASE_URL"}
    for command in (["sources", "list"], ["seed"], ["keys", "list"]):
        refused = subprocess.run([TRACKER, *command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 1
        assert f"no database at {tmp_path / 'tracker.db'} (tried sqlite+aiosqlite:///tracker.db)" in refused.stderr
        assert "tracker db upgrade" in refused.stderr
        assert not (tmp_path / "tracker.db").exists()
    created = subprocess.run([TRACKER, "db", "upgrade"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert created.returncode == 0 and (tmp_path / "tracker.db").exists()


def test_python_m_tracker_is_the_tracker_command() -> None:
    helped = subprocess.run([sys.executable, "-m", "tracker", "--help"], capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("Usage: tracker [OPTIONS] COMMAND")
    assert "sources" in helped.stdout


def test_upgrading_renames_states_and_treaty_in_stored_sources(tmp_path: Path) -> None:
    path = tmp_path / "old.db"

    async def at_0008() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await migrate.upgrade(engine, "0008")
        await engine.dispose()

    asyncio.run(at_0008())
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO sources (name, adapter, url, params, enabled, consecutive_failures, created_at) "
            "VALUES (?, ?, 'https://example.org', ?, 1, 0, '2026-01-01 00:00:00')",
            [
                ("uhri", "uhri-export", '{"states": "KAZ,TJK"}'),
                ("tb", "tb-listing", '{"treaty": "CAT", "state": "KAZ"}'),
                ("news", "feed", '{"state": "KAZ"}'),
            ],
        )
    assert run("db", "upgrade", database=path).returncode == 0
    sources = stored(path)
    assert {name: s["params"] for name, s in sources.items()} == {
        "uhri": {"state": "KAZ,TJK"},
        "tb": {"state": "KAZ", "body": "CAT"},
        "news": {"state": "KAZ"},
    }
    assert not any("problems" in s for s in sources.values())
