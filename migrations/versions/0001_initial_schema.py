"""Initial schema: States, reviews, documents, decisions, items, actions, assessments, search.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "states",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_states")),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(length=8), nullable=False),
        sa.Column("date_key", sa.String(length=10), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_key", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("legal_reference", sa.Text(), nullable=True),
        sa.Column("court_name", sa.Text(), nullable=True),
        sa.Column("court_instance", sa.String(length=16), nullable=True),
        sa.Column("case_number", sa.Text(), nullable=True),
        sa.Column("claimant", sa.Text(), nullable=True),
        sa.Column("defendant", sa.Text(), nullable=True),
        sa.Column("court_outcome", sa.String(length=16), nullable=True),
        sa.Column("appeal_of", sa.String(length=80), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_claimed", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("amount_awarded", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("amount_recommended", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("amount_paid", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["appeal_of"], ["actions.id"], name=op.f("fk_actions_appeal_of_actions")),
        sa.ForeignKeyConstraint(["state"], ["states.code"], name=op.f("fk_actions_state_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
        sa.UniqueConstraint("state", "date_key", "kind", "title_key", name=op.f("uq_actions_state_date_key_kind_title_key")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_state_date", ["state", "date"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("body", sa.String(length=8), nullable=False),
        sa.Column("communication", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=False),
        sa.Column("symbol", sa.String(length=200), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("victims", sa.JSON(), nullable=False),
        sa.Column("counsel", sa.Text(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("transmitted_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("articles_violated", sa.JSON(), nullable=False),
        sa.Column("reply_days", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["state"], ["states.code"], name=op.f("fk_decisions_state_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("body", "communication", name=op.f("uq_decisions_body_communication")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_state"), ["state"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("body", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("session", sa.Text(), nullable=True),
        sa.Column("document", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("recommendation_groups", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["state"], ["states.code"], name=op.f("fk_reviews_state_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("body", "state", "cycle", name=op.f("uq_reviews_body_state_cycle")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("symbol", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("session", sa.Text(), nullable=True),
        sa.Column("review", sa.String(length=40), nullable=True),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_due_basis", sa.Text(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("library_ids", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["review"], ["reviews.id"], name=op.f("fk_documents_review_reviews")),
        sa.ForeignKeyConstraint(["state"], ["states.code"], name=op.f("fk_documents_state_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("symbol", name=op.f("uq_documents_symbol")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_state"), ["state"], unique=False)

    op.create_table(
        "items",
        sa.Column("id", sa.String(length=220), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=False),
        sa.Column("body", sa.String(length=8), nullable=False),
        sa.Column("document", sa.String(length=200), nullable=True),
        sa.Column("decision", sa.String(length=40), nullable=True),
        sa.Column("paragraph", sa.String(length=20), nullable=True),
        sa.Column("remedy_kind", sa.String(length=24), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("affected_groups", sa.JSON(), nullable=False),
        sa.Column("follow_up", sa.Boolean(), nullable=False),
        sa.Column("recommending_states", sa.JSON(), nullable=False),
        sa.Column("response", sa.String(length=16), nullable=True),
        sa.Column("cycle", sa.Integer(), nullable=True),
        sa.Column("stated_due_date", sa.Date(), nullable=True),
        sa.Column("stated_due_basis", sa.Text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("due_date_basis", sa.Text(), nullable=True),
        sa.Column("reply_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("status_rule", sa.String(length=24), nullable=False),
        sa.Column("status_assessment", sa.String(length=40), nullable=True),
        sa.Column("status_action", sa.String(length=80), nullable=True),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["decision"], ["decisions.id"], name=op.f("fk_items_decision_decisions")),
        sa.ForeignKeyConstraint(["document"], ["documents.id"], name=op.f("fk_items_document_documents")),
        sa.ForeignKeyConstraint(["state"], ["states.code"], name=op.f("fk_items_state_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("decision", "remedy_kind", "ordinal", name=op.f("uq_items_decision_remedy_kind_ordinal")),
        sa.UniqueConstraint("document", "paragraph", name=op.f("uq_items_document_paragraph")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index("ix_items_state_body_id", ["state", "body", "id"], unique=False)
        batch_op.create_index("ix_items_state_due_date", ["state", "due_date"], unique=False)
        batch_op.create_index("ix_items_state_status", ["state", "status"], unique=False)

    op.create_table(
        "action_items",
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("item", sa.String(length=220), nullable=False),
        sa.Column("effect", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["action"], ["actions.id"], name=op.f("fk_action_items_action_actions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item"], ["items.id"], name=op.f("fk_action_items_item_items"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("action", "item", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_item"), ["item"], unique=False)

    op.create_table(
        "assessments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("item", sa.String(length=220), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("assessor_kind", sa.String(length=16), nullable=False),
        sa.Column("assessor", sa.Text(), nullable=False),
        sa.Column("assessor_key", sa.Text(), nullable=False),
        sa.Column("scale", sa.String(length=24), nullable=False),
        sa.Column("grade", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item"], ["items.id"], name=op.f("fk_assessments_item_items"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint("item", "assessor_key", "date", name=op.f("uq_assessments_item_assessor_key_date")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessments_item"), ["item"], unique=False)

    op.create_table(
        "item_status_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item", sa.String(length=220), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("rule", sa.String(length=24), nullable=False),
        sa.Column("assessment", sa.String(length=40), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=True),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["item"], ["items.id"], name=op.f("fk_item_status_changes_item_items"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_status_changes")),
    )
    with op.batch_alter_table("item_status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_status_changes_item"), ["item"], unique=False)

    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=220), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("body", sa.String(length=8), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_state_id", ["state", "id"], unique=False)

    op.create_table(
        "change_items",
        sa.Column("change", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=220), nullable=False),
        sa.ForeignKeyConstraint(["change"], ["changes.id"], name=op.f("fk_change_items_change_changes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("change", "item", name=op.f("pk_change_items")),
    )
    with op.batch_alter_table("change_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_items_item"), ["item"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_search()
    else:
        _create_sqlite_search()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SEARCHED:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    else:
        for table in SEARCHED:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        op.execute("DROP TABLE IF EXISTS search_paused")
    op.drop_table("change_items")
    op.drop_table("changes")
    with op.batch_alter_table("item_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_status_changes_item"))

    op.drop_table("item_status_changes")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_item"))

    op.drop_table("assessments")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_item"))

    op.drop_table("action_items")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_state_status")
        batch_op.drop_index("ix_items_state_due_date")
        batch_op.drop_index("ix_items_state_body_id")

    op.drop_table("items")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_state"))

    op.drop_table("documents")
    op.drop_table("reviews")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_state"))

    op.drop_table("decisions")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_state_date")

    op.drop_table("actions")
    op.drop_table("states")


#: Searched tables and their searched columns.
SEARCHED = {"items": ("title", "text"), "actions": ("title", "description")}

#: Text in these languages is stemmed on PostgreSQL; anything else is indexed word by word.
_CONFIG = "CASE language WHEN 'ru' THEN 'russian'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END"


def _create_sqlite_search() -> None:
    # External-content FTS5 tables kept in step by triggers, so every write path is indexed.
    # A bulk load pauses the insert triggers (a row in search_paused, inside its own
    # transaction) and indexes its new rows in one pass: row by row is about five times slower.
    op.execute("CREATE TABLE search_paused (paused INTEGER NOT NULL)")
    for table, columns in SEARCHED.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({cols}, content='{table}', "
            f"content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} "
            f"WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN "
            f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.rowid, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.rowid, {new}); END"
        )


def _create_postgresql_search() -> None:
    items_text = "coalesce(title, '') || ' ' || text"
    actions_text = "title || ' ' || coalesce(description, '')"
    # Stemmed in the text's language, and word by word so that prefixes and stop words match
    # as they do on SQLite.
    for table, searched in (("items", items_text), ("actions", actions_text)):
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector({_CONFIG}, {searched}) || to_tsvector('simple'::regconfig, {searched})) STORED"
        )
    for table in SEARCHED:
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")
