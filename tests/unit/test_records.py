"""The record format: a meta line first, one tagged JSON record a line, errors naming line and field."""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

import msgspec
import pytest

from tracker.domain.entities import Amounts, CourtRuling, ItemLink, LanguageVersion, RecommendationGroup, SourceRef
from tracker.domain.enums import (
    ActionKind,
    AssessorKind,
    Body,
    CourtInstance,
    CourtOutcome,
    DatePrecision,
    DecisionOutcome,
    DocumentKind,
    Effect,
    RemedyKind,
    Scale,
    UprResponse,
    Verification,
)
from tracker.errors import InvalidInput
from tracker.records import (
    ActionRecord,
    AnyRecord,
    AssessmentRecord,
    DecisionRecord,
    DocumentRecord,
    MetaRecord,
    RecommendationRecord,
    Record,
    RemedyRecord,
    ReviewRecord,
    StateRecord,
    decode_lines,
    encode_record,
    read_records,
)

META = b'{"type":"meta","format":"tracker-records","version":1}'
KAZ = b'{"type":"state","code":"KAZ"}'
GERASIMOV_SOURCE = SourceRef(
    url="https://www.justiceinitiative.org/litigation/gerasimov-v-kazakhstan",
    title="Gerasimov v. Kazakhstan",
    publisher="Open Society Justice Initiative",
    date=dt.date(2013, 11, 21),
    language="en",
)


def decode(*lines: bytes, name: str = "input") -> list[Record]:
    return list(decode_lines(lines, name=name))


def action_line(**changes: object) -> bytes:
    action: dict[str, object] = {
        "type": "action",
        "state": "KAZ",
        "kind": "court_ruling",
        "date": "2013-11-21",
        "title": "Kostanay city court awards Gerasimov 2,000,000 tenge",
        "amounts": {"currency": "KZT", "awarded": 2000000},
    }
    action.update(changes)
    return msgspec.json.encode(action)


def invalid(*lines: bytes, name: str = "input") -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        decode(*lines, name=name)
    return caught.value


EXAMPLES: list[Record] = [
    StateRecord(code="KAZ", names={"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}, region="Central Asia"),
    ReviewRecord(
        id="upr-kaz-3",
        body=Body.UPR,
        state="KAZ",
        cycle=3,
        reviewed_on=dt.date(2019, 11, 7),
        adopted_on=dt.date(2020, 3, 13),
        session="34",
        document="A/HRC/43/10",
        counts={"supported": 200, "noted": 50},
        recommendation_groups=[
            RecommendationGroup(
                title="Torture prevention", response=UprResponse.SUPPORTED, recommending_states=["DNK"], numbers=["120.45"]
            )
        ],
        sources=[SourceRef(url="https://www.ohchr.org/en/hr-bodies/upr/kz-index")],
        verification=Verification.VERIFIED,
        notes="third cycle",
    ),
    DocumentRecord(
        id="cat-c-kaz-co-3",
        symbol="CAT/C/KAZ/CO/3",
        body=Body.CAT,
        state="KAZ",
        kind=DocumentKind.CONCLUDING_OBSERVATIONS,
        title="Concluding observations on the third periodic report of Kazakhstan",
        adopted_on=dt.date(2014, 11, 27),
        session="53",
        review="cat-kaz-3",
        follow_up_due=dt.date(2015, 11, 28),
        follow_up_due_basis="para 34",
        languages=[LanguageVersion(language="ru", url="https://undocs.org/ru/CAT/C/KAZ/CO/3", label="Русский")],
        library_ids={"undl": "790181"},
    ),
    DecisionRecord(
        id="cat-433-2010",
        body=Body.CAT,
        communication="433/2010",
        state="KAZ",
        symbol="CAT/C/48/D/433/2010",
        title="Gerasimov v. Kazakhstan",
        authors=["Alexander Gerasimov"],
        victims=["Alexander Gerasimov"],
        counsel="Open Society Justice Initiative",
        submitted_on=dt.date(2010, 4, 22),
        adopted_on=dt.date(2012, 5, 24),
        outcome=DecisionOutcome.VIOLATION,
        articles_violated=["1", "12", "13", "14", "22"],
        reply_days=90,
        sources=[GERASIMOV_SOURCE],
    ),
    RecommendationRecord(
        id="ccpr-c-tjk-co-3-p16a",
        document="CCPR/C/TJK/CO/3",
        paragraph="16a",
        text="Ensure prompt, impartial and effective investigation of all allegations of torture.",
        language="en",
        themes=["torture"],
        affected_groups=["detainees"],
        follow_up=True,
        due_date=dt.date(2021, 7, 26),
        due_date_basis="para 55",
    ),
    RemedyRecord(
        id="cat-433-2010-compensation",
        decision="cat-433-2010",
        kind=RemedyKind.COMPENSATION,
        ordinal=1,
        text="Provide fair and adequate compensation, including the means for as full rehabilitation as possible.",
        due_date=dt.date(2012, 8, 22),
    ),
    ActionRecord(
        state="KAZ",
        kind=ActionKind.COURT_RULING,
        date=dt.date(2013, 11, 21),
        date_precision=DatePrecision.DAY,
        title="Kostanay city court awards Gerasimov 2,000,000 tenge",
        actor="Kostanay city court",
        place="Kostanay",
        court=CourtRuling(
            name="Kostanay city court",
            instance=CourtInstance.FIRST,
            claimant="Alexander Gerasimov",
            defendant="Kostanay regional police department",
            outcome=CourtOutcome.PARTLY_GRANTED,
        ),
        amounts=Amounts(currency="KZT", claimed=3_000_000, awarded=2_000_000),
        sources=[GERASIMOV_SOURCE],
        links=[ItemLink(item="cat-433-2010-compensation", effect=Effect.PARTIAL, note="awarded, not yet paid")],
        verification=Verification.VERIFIED,
        recorded_by="editor:test",
    ),
    AssessmentRecord(
        item="cat-c-kaz-co-3-p8",
        date=dt.date(2016, 5, 13),
        assessor_kind=AssessorKind.COMMITTEE,
        assessor="CAT Rapporteur for follow-up",
        scale=Scale.CAT_FOLLOWUP,
        grade="B",
        rationale="Partial information on investigations.",
    ),
]


def test_the_examples_cover_every_record_type() -> None:
    kinds = set(typing.get_args(AnyRecord)) - {MetaRecord}
    assert {type(record) for record in EXAMPLES} == kinds


@pytest.mark.parametrize("record", EXAMPLES, ids=lambda record: type(record).__name__)
def test_an_encoded_record_decodes_to_an_equal_record(record: Record) -> None:
    line = encode_record(record)
    assert b"\n" not in line
    assert decode(META, line) == [record]


def test_an_encoded_meta_record_decodes_to_an_equal_record() -> None:
    meta = MetaRecord(description="bundled KAZ/TJK data")
    line = encode_record(meta)
    assert msgspec.json.decode(line, type=AnyRecord) == meta
    assert decode(line, KAZ) == [StateRecord(code="KAZ")]


def test_a_meta_record_is_encoded_with_its_format_and_version() -> None:
    assert msgspec.json.decode(encode_record(MetaRecord())) == {
        "type": "meta",
        "format": "tracker-records",
        "version": 1,
        "description": None,
    }


def test_records_after_the_meta_line_are_returned_in_order() -> None:
    records = decode(META, KAZ, b'{"type":"state","code":"TJK"}')
    assert records == [StateRecord(code="KAZ"), StateRecord(code="TJK")]


def test_blank_lines_are_ignored() -> None:
    assert decode(b"\n", b"   \n", META, b"\n", KAZ, b"", b"\t\r\n") == [StateRecord(code="KAZ")]


def test_the_first_record_must_be_meta() -> None:
    error = invalid(KAZ, META)
    assert "line 1" in error.message
    assert "first record must be a 'meta' record" in error.message


def test_the_first_record_after_blank_lines_must_be_meta() -> None:
    error = invalid(b"\n", KAZ)
    assert "line 2" in error.message


@pytest.mark.parametrize("lines", [pytest.param((), id="no-lines"), pytest.param((b"\n", b"  "), id="blank-lines")])
def test_an_input_without_a_meta_record_is_refused_as_empty(lines: tuple[bytes, ...]) -> None:
    assert "empty" in invalid(*lines).message


def test_a_later_format_version_is_refused() -> None:
    error = invalid(b'{"type":"meta","format":"tracker-records","version":2}', KAZ)
    assert "version 2 is not supported" in error.message


def test_another_format_is_refused() -> None:
    error = invalid(b'{"type":"meta","format":"other-records","version":1}')
    assert "line 1" in error.message
    assert error.field == "format"


def test_a_second_meta_record_is_refused() -> None:
    error = invalid(META, KAZ, META)
    assert "line 3" in error.message
    assert "second 'meta'" in error.message


@pytest.mark.parametrize("line", [b'{"type": "state",', b"not json", b'{"type":"state","code":"KAZ"}}', b"{oops"])
def test_malformed_json_names_its_line(line: bytes) -> None:
    error = invalid(META, KAZ, line)
    assert "line 3" in error.message
    assert "not valid JSON" in error.message


def test_errors_name_the_input() -> None:
    assert invalid(META, b"oops", name="seed/kaz.ndjson").message.startswith("seed/kaz.ndjson, line 2")


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(b'{"type":"treaty","name":"CAT"}', id="unknown-type"),
        pytest.param(b'{"code":"KAZ"}', id="missing-type"),
    ],
)
def test_an_unknown_or_missing_record_type_is_refused_naming_the_type_field(line: bytes) -> None:
    error = invalid(META, line)
    assert "line 2" in error.message
    assert error.field == "type"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        pytest.param(b'{"type":"state","code":"KAZ","capital":"Astana"}', "capital", id="top-level"),
        pytest.param(action_line(award=5), "award", id="top-level-action"),
        pytest.param(
            action_line(amounts={"currency": "KZT", "awarded": 1, "fine": 2}),
            "amounts.fine",
            id="nested",
        ),
    ],
)
def test_an_unknown_field_is_named_in_the_error_field(line: bytes, field: str) -> None:
    assert invalid(META, line).field == field


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (b'{"type":"state","code":"KAZ","capital":"Astana"}', "capital"),
        (action_line(amounts={"currency": "KZT", "awarded": 1, "fine": 2}), "fine"),
    ],
)
def test_an_unknown_field_is_named_in_the_error_message(line: bytes, name: str) -> None:
    error = invalid(META, line)
    assert "line 2" in error.message
    assert f"unknown field `{name}`" in error.message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        pytest.param(action_line(kind="lawsuit"), "kind", id="action-kind"),
        pytest.param(action_line(date_precision="week"), "date_precision", id="date-precision"),
        pytest.param(
            action_line(links=[{"item": "cat-433-2010-compensation", "effect": "helps"}]), "links[0].effect", id="link-effect"
        ),
        pytest.param(b'{"type":"document","symbol":"X/1","body":"ICC","kind":"other"}', "body", id="document-body"),
        pytest.param(
            b'{"type":"assessment","item":"x","date":"2016-05-13","assessor_kind":"court","assessor":"a",'
            b'"scale":"cat_followup","grade":"B"}',
            "assessor_kind",
            id="assessor-kind",
        ),
        pytest.param(b'{"type":"remedy","decision":"cat-433-2010","kind":"apology","text":"t"}', "kind", id="remedy-kind"),
    ],
)
def test_a_value_outside_its_vocabulary_names_the_field(line: bytes, field: str) -> None:
    error = invalid(META, line)
    assert error.field == field
    assert "line 2" in error.message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        pytest.param(action_line(amounts={"currency": "KZT", "awarded": -5}), "amounts.awarded", id="negative-award"),
        pytest.param(action_line(amounts={"currency": "KZT", "paid": -0.5}), "amounts.paid", id="negative-payment"),
        pytest.param(action_line(amounts={"currency": "kzt", "awarded": 5}), "amounts.currency", id="lower-case-currency"),
        pytest.param(action_line(state="Kazakhstan"), "state", id="state-not-iso3"),
        pytest.param(action_line(date="November 2013"), "date", id="date-not-iso"),
        pytest.param(action_line(title=""), "title", id="empty-title"),
        pytest.param(
            b'{"type":"remedy","decision":"cat-433-2010","kind":"compensation","ordinal":0,"text":"t"}',
            "ordinal",
            id="ordinal-zero",
        ),
        pytest.param(b'{"type":"state"}', "code", id="missing-required-field"),
    ],
)
def test_a_value_breaking_its_constraint_is_refused_at_decode_naming_the_field(line: bytes, field: str) -> None:
    error = invalid(META, line)
    assert error.field == field
    assert "line 2" in error.message


def test_read_records_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "kaz.ndjson"
    path.write_bytes(b"\n".join([META, KAZ, encode_record(EXAMPLES[-1])]) + b"\n")
    assert read_records(path) == [StateRecord(code="KAZ"), EXAMPLES[-1]]


def test_read_records_names_the_file_in_a_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ndjson"
    path.write_bytes(META + b"\n{oops\n")
    with pytest.raises(InvalidInput, match=r"broken\.ndjson, line 2"):
        read_records(path)


def test_read_records_on_a_missing_file_says_there_is_no_such_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.ndjson"
    with pytest.raises(InvalidInput) as caught:
        read_records(path)
    assert caught.value.message == f"{path}: no such file"


def test_read_records_on_a_directory_says_it_is_not_a_records_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_records(tmp_path)
    assert caught.value.message == f"{tmp_path}: is a directory, not a records file"
