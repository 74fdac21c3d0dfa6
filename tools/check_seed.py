#!/usr/bin/env python3
"""Check the bundled seed files: they decode, every reference resolves, no natural key twice.

    python tools/check_seed.py [FACTS_JSON]

Also the rules a reader relies on: no two items of one State with the same title and text;
``covers`` lists the item's own paragraph and at least one other, each once, none of them an
item of its own; every source has a title, and the sources of one record distinct titles; no
address on a test server; ``verified_by`` on exactly the verified actions and assessments;
``addressed_to`` only on a State's replies and statements.

Also rebuilds kaz-tjk.ndjson in memory from the facts and fails if the committed file differs,
so the data cannot drift from tools/build_seed.py. Prints the number of records of each type.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import build_seed

from tracker.domain import ids
from tracker.domain.actions import action_problems
from tracker.domain.enums import ActionKind, Body, Verification
from tracker.records import (
    ActionRecord,
    AssessmentRecord,
    DecisionRecord,
    DocumentRecord,
    MetaRecord,
    RecommendationRecord,
    RemedyRecord,
    ReviewRecord,
    StateRecord,
    decode_lines,
    encode_record,
)

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tracker/seed"
TYPE_ORDER = ["review", "document", "decision", "recommendation", "remedy", "action", "assessment"]


class Problems(list[str]):
    def unique(self, what: str, keys: list[object]) -> None:
        for key, count in Counter(keys).items():
            if count > 1:
                self.append(f"{what} {key!r} appears {count} times")

    def exists(self, what: str, key: object, known: set, where: str) -> None:
        if key not in known:
            self.append(f"{where}: no {what} {key!r}")


def tag(record: object) -> str:
    return type(record).__struct_config__.tag


def check(facts_path: Path) -> int:
    problems = Problems()
    states = decode(SEED / "states.ndjson")
    records = decode(SEED / "kaz-tjk.ndjson")

    codes = [s.code for s in states if isinstance(s, StateRecord)]
    if len(codes) != 195 or len(states) != 195:
        problems.append(f"states.ndjson has {len(states)} records, {len(codes)} States; expected 195")
    problems.unique("State", codes)
    known_states = set(codes)

    order = [TYPE_ORDER.index(tag(r)) for r in records]
    if order != sorted(order):
        problems.append(f"kaz-tjk.ndjson records are not in the order {', '.join(TYPE_ORDER)}")

    of = {name: [r for r in records if tag(r) == name] for name in TYPE_ORDER}
    reviews: list[ReviewRecord] = of["review"]
    documents: list[DocumentRecord] = of["document"]
    decisions: list[DecisionRecord] = of["decision"]
    recommendations: list[RecommendationRecord] = of["recommendation"]
    remedies: list[RemedyRecord] = of["remedy"]
    actions: list[ActionRecord] = of["action"]
    assessments: list[AssessmentRecord] = of["assessment"]

    for record in records:
        where = f"{tag(record)} {label(record)!r}"
        state = getattr(record, "state", None)
        if state is not None:
            problems.exists("State", state, known_states, f"{tag(record)}")
        sources = getattr(record, "sources", [])
        for source in sources:
            if not source.url.startswith(("http://", "https://")):
                problems.append(f"{where}: source {source.url!r} is not a web address")
            if not (source.title and source.title.strip()):
                problems.append(f"{where}: source {source.url!r} has no title")
        problems.unique(f"{where}: source title", [s.title for s in sources if s.title])
        for url in addresses(record):
            host = urlsplit(url).hostname or ""
            if any(mark in host for mark in TEST_HOST_MARKS):
                problems.append(f"{where}: {url!r} is on a test server")
        if getattr(record, "id", None) is not None:
            problems.append(f"{tag(record)}: seed records leave 'id' out")
        if isinstance(record, ActionRecord | AssessmentRecord):
            verified = record.verification is Verification.VERIFIED
            if verified != bool(record.verified_by):
                problems.append(f"{where}: verified_by must be set exactly when the record is verified")

    review_ids = [ids.review_id(r.body, r.state, r.cycle) for r in reviews]
    problems.unique("review", review_ids)
    symbols = [d.symbol for d in documents]
    problems.unique("document", [ids.slug(s) for s in symbols])
    decision_ids = [ids.decision_id(d.body, d.communication) for d in decisions]
    problems.unique("decision", decision_ids)

    for review_id, review in zip(review_ids, reviews, strict=True):
        if review.document:
            problems.exists("document", review.document, set(symbols), f"review {review_id}")
    for document in documents:
        if document.review:
            problems.exists("review", document.review, set(review_ids), f"document {document.symbol}")

    bodies = {d.symbol: d.body for d in documents}
    document_states = {d.symbol: d.state for d in documents}
    decision_states = dict(zip(decision_ids, (d.state for d in decisions), strict=True))
    item_ids: list[str] = []
    wordings: list[tuple[str | None, str | None, str]] = []
    covered: dict[str, set[str]] = {}
    for rec in recommendations:
        problems.exists("document", rec.document, set(symbols), f"recommendation {rec.paragraph}")
        upr = bodies.get(rec.document) is Body.UPR
        item_id = (ids.upr_recommendation_id if upr else ids.recommendation_id)(rec.document, rec.paragraph)
        item_ids.append(item_id)
        wordings.append((document_states.get(rec.document), rec.title, rec.text))
        if rec.covers:
            normalize = ids.normalize_upr_number if upr else ids.normalize_paragraph
            try:
                covers = [normalize(ref) for ref in rec.covers]
            except ValueError as exc:
                problems.append(f"item {item_id}: covers: {exc}")
                continue
            if normalize(rec.paragraph) not in covers or len(covers) < 2 or len(set(covers)) != len(covers):
                problems.append(f"item {item_id}: covers must list its own paragraph and at least one other, each once")
            covered.setdefault(rec.document, set()).update(c for c in covers if c != normalize(rec.paragraph))
    for rem in remedies:
        problems.exists("decision", rem.decision, set(decision_ids), f"remedy {rem.kind}")
        item_ids.append(ids.remedy_id(rem.decision, rem.kind.value, rem.ordinal))
        wordings.append((decision_states.get(rem.decision), rem.title, rem.text))
    problems.unique("item", item_ids)
    problems.unique("(State, title, text) of an item", wordings)
    known_items = set(item_ids)
    for rec in recommendations:
        upr = bodies.get(rec.document) is Body.UPR
        paragraph = (ids.normalize_upr_number if upr else ids.normalize_paragraph)(rec.paragraph)
        if paragraph in covered.get(rec.document, set()):
            problems.append(f"{rec.document} {rec.paragraph}: an item of its own, and covered by another item")

    action_ids = [ids.action_id(a.state, a.date, a.date_precision, a.kind.value, a.title) for a in actions]
    problems.unique("action", action_ids)
    seen: dict[str, ActionRecord] = {}
    for action_id, action in zip(action_ids, actions, strict=True):
        where = f"action {action_id} ({action.title})"
        for field, message in action_problems(
            action.kind, action.court, action.amounts, date=action.date, addressed_to=action.addressed_to
        ):
            problems.append(f"{where}: {field}: {message}")
        problems.unique(f"{where}: linked item", [link.item for link in action.links])
        for link in action.links:
            problems.exists("item", link.item, known_items, where)
        appealed = action.court.appeal_of if action.court else None
        if appealed:
            target = seen.get(appealed)
            if target is None:
                problems.append(f"{where}: appeal_of {appealed!r} is not an earlier action of the file")
            elif target.kind is not ActionKind.COURT_RULING or target.state != action.state:
                problems.append(f"{where}: appeal_of {appealed!r} is not a court ruling of {action.state}")
        seen[action_id] = action

    for assessment in assessments:
        problems.exists("item", assessment.item, known_items, f"assessment of {assessment.date}")
    problems.unique("assessment", [ids.assessment_id(a.item, a.assessor, a.date) for a in assessments])

    rebuilt = rebuild(facts_path)
    if rebuilt != (SEED / "kaz-tjk.ndjson").read_bytes():
        problems.append("kaz-tjk.ndjson differs from a fresh build: run tools/build_seed.py")

    counts = Counter(tag(r) for r in records)
    print(f"states.ndjson: {len(states)} state")
    print("kaz-tjk.ndjson: " + ", ".join(f"{counts[name]} {name}" for name in TYPE_ORDER))
    print(f"  items: {len(known_items)}; action links: {sum(len(a.links) for a in actions)}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


TEST_HOST_MARKS = build_seed.TEST_HOST_MARKS


def label(record: object) -> str:
    """What a problem names a record by."""
    for name in ("title", "symbol", "document", "paragraph", "item", "code"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return ""


def addresses(record: object) -> list[str]:
    """Every web address a record holds: its own, its sources', its language versions'."""
    urls = [s.url for s in getattr(record, "sources", [])]
    urls += [v.url for v in getattr(record, "languages", []) if getattr(v, "url", None)]
    if getattr(record, "url", None):
        urls.append(record.url)
    return urls


def decode(path: Path) -> list:
    with path.open("rb") as handle:
        return [r for r in decode_lines(handle, name=path.name) if not isinstance(r, MetaRecord)]


def rebuild(facts_path: Path) -> bytes:
    records = build_seed.build(json.loads(facts_path.read_text(encoding="utf-8")))
    lines = (SEED / "kaz-tjk.ndjson").read_bytes().split(b"\n", 1)[:1] + [encode_record(r) for r in records]
    return b"\n".join(lines) + b"\n"


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1]) if len(sys.argv) > 1 else build_seed.DEFAULT_FACTS))
