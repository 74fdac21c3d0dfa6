"""The schema comes only from the migrations, and they agree with the models."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import tracker
from tracker.db import migrate
from tracker.db.engine import create_engine
from tracker.db.models import Base
from tracker.records import RecommendationRecord


async def _autogenerate(opened: tracker.Tracker, **opts: object) -> list:
    """What ``alembic revision --autogenerate`` would write against this database, as alembic's diff."""
    async with opened.engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True, **opts}), Base.metadata)
        )


async def test_models_and_migrations_agree(opened: tracker.Tracker) -> None:
    assert await _autogenerate(opened, include_object=migrate.include_object) == []


async def test_autogenerate_leaves_the_search_machinery_alone(opened: tracker.Tracker) -> None:
    """Without the filter migrations/env.py applies, autogenerate would drop the full-text search tables and
    columns the models do not declare; with it, a migrated database needs no new revision."""
    if opened.engine.dialect.name == "sqlite":
        machinery = {("remove_table", "search_paused")} | {
            ("remove_table", f"{table}_fts{shadow}")
            for table in ("items", "actions")
            for shadow in ("", "_data", "_idx", "_docsize", "_config")
        }
    else:
        machinery = {
            ("remove_column", "items.search_vector"),
            ("remove_column", "actions.search_vector"),
            ("remove_index", "ix_items_search_vector"),
            ("remove_index", "ix_actions_search_vector"),
        }
    assert {_dropped(change) for change in await _autogenerate(opened)} == machinery
    assert await _autogenerate(opened, include_object=migrate.include_object) == []


def _dropped(change: tuple) -> tuple[str, str]:
    """What a diff entry drops: a table, a column (as table.column) or an index."""
    if change[0] == "remove_column":
        return change[0], f"{change[2]}.{change[3].name}"
    return change[0], change[1].name


async def test_upgrade_reaches_head_and_downgrade_removes_every_table(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == migrate.head_revision()
        await migrate.downgrade(engine, "base")
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert set(tables) <= {"alembic_version"}
    finally:
        await engine.dispose()


async def test_a_database_behind_the_code_is_refused_until_upgraded(database_url: str) -> None:
    try:
        async with tracker.open(database_url):
            raise AssertionError("opened an empty database")
    except tracker.DatabaseUnavailable as exc:
        assert "tracker db upgrade" in str(exc)
    async with tracker.open(database_url, upgrade=True) as t:
        await t.check()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys_enforced(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/wal.db", upgrade=True) as t:
        async with t.engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1


async def test_upgrading_a_database_with_items_gives_them_their_vocabulary_themes(
    database_url: str, sample_records: list
) -> None:
    async with tracker.open(database_url, upgrade=True) as t:
        await t.load(sample_records)
        before = await t.items.get("cat-433-2010-compensation")
        await migrate.downgrade(t.engine, "0002")
        async with t.engine.connect() as connection:
            columns = await connection.run_sync(lambda sync: {c["name"] for c in inspect(sync).get_columns("items")})
        assert "vocabulary_themes" not in columns
        await migrate.upgrade(t.engine)
        after = await t.items.get("cat-433-2010-compensation")
        # Who verified what is dropped below 0006 and not restored; the item and its history are.
        assert (after.item, after.history) == (before.item, before.history) and (await t.items.list(q="compensation")).total > 0
    assert {"treaty_body_decisions", "redress_and_compensation"} <= set(after.item.vocabulary_themes)


async def test_upgrading_a_loaded_database_dates_its_history_by_the_events_and_applies_the_verified_rules(
    database_url: str, sample_records: list
) -> None:
    async with tracker.open(database_url, upgrade=True) as t:
        await t.load(sample_records)
        expected = {
            item: (await t.items.get(item)) for item in ("cat-433-2010-compensation", "cat-c-tjk-co-3-p10", "cat-c-kaz-co-3-p8")
        }
        await migrate.downgrade(t.engine, "0005")
        async with t.engine.begin() as connection:
            # What 0005 held: a history dated by the load, and the rule names of the time.
            await connection.execute(
                text(
                    "INSERT INTO item_status_changes (item, changed_at, status, rule, assessment, action, disputed)"
                    " VALUES ('cat-433-2010-compensation', '2026-12-02 10:00:00', 'partially_implemented', 'linked_actions', NULL, NULL, false),"
                    " ('cat-433-2010-compensation', '2026-12-02 10:05:00', 'partially_implemented', 'linked_actions', NULL, NULL, false)"
                )
            )
            await connection.execute(
                text("UPDATE items SET status_rule = 'latest_assessment', status = 'implemented' WHERE id = 'cat-c-kaz-co-3-p8'")
            )
        await migrate.upgrade(t.engine)
        for item, before in expected.items():
            after = await t.items.get(item)
            assert (after.item.status, after.item.status_basis, after.history) == (
                before.item.status,
                before.item.status_basis,
                before.history,
            ), item
        history = (await t.items.get("cat-433-2010-compensation")).history
        assert [(h.on, h.precision, h.to) for h in history] == [
            (dt.date(2013, 11, 21), tracker.DatePrecision.MONTH, tracker.Status.PARTIALLY_IMPLEMENTED)
        ]
        assert (await t.items.get("cat-c-kaz-co-3-p8")).item.status_basis.rule is tracker.StatusRule.NONE


async def test_upgrading_a_seeded_database_to_0007_stems_its_items_and_downgrading_restores_the_0006_search(
    database_url: str,
) -> None:
    async def found(t: tracker.Tracker, query: str) -> set[str]:
        return {i.id for i in await t.items.list(q=query, limit=500)}

    async def found_by_0006_index(t: tracker.Tracker, word: str) -> set[str]:
        """What the search machinery of 0006 finds (the library reads the head schema only)."""
        sql = (
            "SELECT id FROM items WHERE rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH :word)"
            if t.engine.dialect.name == "sqlite"
            else "SELECT id FROM items WHERE search_vector @@ to_tsquery('simple', :word)"
        )
        async with t.engine.connect() as connection:
            ids = set((await connection.execute(text(sql), {"word": word})).scalars())
            columns = await connection.run_sync(lambda sync: {c["name"] for c in inspect(sync).get_columns("items")})
        assert not {"texts", "search_stems"} & columns
        return ids

    async with tracker.open(database_url, upgrade=True) as t:
        await t.seed()
        torture = await found(t, "torture")
        assert len(torture) > 3
        await migrate.downgrade(t.engine, "0006")
        assert await found_by_0006_index(t, "torture") == torture

        await migrate.upgrade(t.engine)
        assert await found(t, "tortures") == torture
        item = (await t.items.get("cat-c-kaz-co-3-p8")).item
        await t.load(
            [
                RecommendationRecord(
                    document="CAT/C/KAZ/CO/3",
                    paragraph="8",
                    text=item.text,
                    texts={"ru": "Расследовать все утверждения о пытках."},
                )
            ],
            fill_only=True,
        )
        assert await found(t, "пытки") == {"cat-c-kaz-co-3-p8"}

        await migrate.downgrade(t.engine, "0006")
        assert await found_by_0006_index(t, "torture") == torture and await found_by_0006_index(t, "пытках") == set()
        await migrate.upgrade(t.engine)
        # The texts went with their column; the stems are written anew from what is left.
        assert (await t.items.get("cat-c-kaz-co-3-p8")).item.texts == {} and await found(t, "tortures") == torture
