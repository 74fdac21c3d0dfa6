"""The UN document-symbol grammar: every form docs/symbols.md tables, read from real symbols.

The symbols are real (or in the real form, for an invented number); the table of
``docs/symbols.md`` is checked against :func:`parse` below, so the documentation cannot drift.
"""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import msgspec
import pytest

import tracker
from tracker.domain import symbols
from tracker.domain.enums import Body, DocumentKind
from tracker.domain.symbols import Form, Symbol, find_symbols, normalize, parse

DOCS = Path(__file__).resolve().parents[2] / "docs" / "symbols.md"

CAT, CCPR, CESCR, CEDAW, CERD, CRC, CRPD, CED, CMW, SPT, UPR = (
    Body.CAT,
    Body.CCPR,
    Body.CESCR,
    Body.CEDAW,
    Body.CERD,
    Body.CRC,
    Body.CRPD,
    Body.CED,
    Body.CMW,
    Body.SPT,
    Body.UPR,
)
F = Form

#: symbol → (form, body, State, answers)
TABLE = [
    # concluding observations, every body, and the older forms
    ("CAT/C/KAZ/CO/3", F.CONCLUDING_OBSERVATIONS, CAT, "KAZ", None),
    ("CAT/C/KAZ/CO/4", F.CONCLUDING_OBSERVATIONS, CAT, "KAZ", None),
    ("CCPR/C/KAZ/CO/2", F.CONCLUDING_OBSERVATIONS, CCPR, "KAZ", None),
    ("CCPR/C/CHN-HKG/CO/4", F.CONCLUDING_OBSERVATIONS, CCPR, "CHN", None),
    ("E/C.12/KAZ/CO/2", F.CONCLUDING_OBSERVATIONS, CESCR, "KAZ", None),
    ("E/C.12/TJK/CO/2-3", F.CONCLUDING_OBSERVATIONS, CESCR, "TJK", None),
    ("CEDAW/C/KAZ/CO/5", F.CONCLUDING_OBSERVATIONS, CEDAW, "KAZ", None),
    ("CERD/C/KAZ/CO/8-10", F.CONCLUDING_OBSERVATIONS, CERD, "KAZ", None),
    ("CRC/C/KAZ/CO/4", F.CONCLUDING_OBSERVATIONS, CRC, "KAZ", None),
    ("CRC/C/OPAC/KAZ/CO/1", F.CONCLUDING_OBSERVATIONS, CRC, "KAZ", None),
    ("CRPD/C/KAZ/CO/1", F.CONCLUDING_OBSERVATIONS, CRPD, "KAZ", None),
    ("CED/C/KAZ/CO/1", F.CONCLUDING_OBSERVATIONS, CED, "KAZ", None),
    ("CMW/C/TJK/CO/2", F.CONCLUDING_OBSERVATIONS, CMW, "TJK", None),
    ("CCPR/CO/83/UZB", F.CONCLUDING_OBSERVATIONS, CCPR, "UZB", None),
    ("CCPR/C/79/Add.92", F.CONCLUDING_OBSERVATIONS, CCPR, None, None),
    ("E/C.12/1/Add.106", F.CONCLUDING_OBSERVATIONS, CESCR, None, None),
    ("CRC/C/15/Add.213", F.CONCLUDING_OBSERVATIONS, CRC, None, None),
    # the State's follow-up replies, and what they answer
    ("CAT/C/KAZ/CO/3/Add.1", F.FOLLOW_UP_REPLY, CAT, "KAZ", "CAT/C/KAZ/CO/3"),
    ("CAT/C/KAZ/FCO/3", F.FOLLOW_UP_REPLY, CAT, "KAZ", "CAT/C/KAZ/CO/3"),
    ("CAT/C/TJK/FCO/3", F.FOLLOW_UP_REPLY, CAT, "TJK", "CAT/C/TJK/CO/3"),
    ("CCPR/C/TJK/CO/2/Add.1", F.FOLLOW_UP_REPLY, CCPR, "TJK", "CCPR/C/TJK/CO/2"),
    ("CCPR/C/KAZ/FCO/2", F.FOLLOW_UP_REPLY, CCPR, "KAZ", "CCPR/C/KAZ/CO/2"),
    ("CCPR/CO/83/UZB/Add.1", F.FOLLOW_UP_REPLY, CCPR, "UZB", "CCPR/CO/83/UZB"),
    # lists of issues and the replies to them
    ("CAT/C/TJK/Q/4", F.LIST_OF_ISSUES, CAT, "TJK", None),
    ("CCPR/C/KAZ/QPR/3", F.LIST_OF_ISSUES, CCPR, "KAZ", None),
    ("CRPD/C/KAZ/Q/1", F.LIST_OF_ISSUES, CRPD, "KAZ", None),
    ("CAT/C/KAZ/RQ/4", F.REPLIES_TO_LIST_OF_ISSUES, CAT, "KAZ", "CAT/C/KAZ/Q/4"),
    ("CAT/C/TJK/Q/3/Add.1", F.REPLIES_TO_LIST_OF_ISSUES, CAT, "TJK", "CAT/C/TJK/Q/3"),
    ("CEDAW/C/KAZ/RQ/5", F.REPLIES_TO_LIST_OF_ISSUES, CEDAW, "KAZ", "CEDAW/C/KAZ/Q/5"),
    # State reports
    ("CAT/C/TJK/3", F.STATE_REPORT, CAT, "TJK", None),
    ("CCPR/C/KAZ/2", F.STATE_REPORT, CCPR, "KAZ", None),
    ("CERD/C/KAZ/8-10", F.STATE_REPORT, CERD, "KAZ", None),
    ("E/C.12/KAZ/2", F.STATE_REPORT, CESCR, "KAZ", None),
    # summary records, decisions, general comments
    ("CAT/C/SR.1998", F.SUMMARY_RECORD, CAT, None, None),
    ("CCPR/C/SR.3000/Add.1", F.SUMMARY_RECORD, CCPR, None, None),
    ("E/C.12/2019/SR.5", F.SUMMARY_RECORD, CESCR, None, None),
    ("CAT/C/48/D/433/2010", F.DECISION, CAT, None, None),
    ("CAT/C/51/D/441/2010", F.DECISION, CAT, None, None),
    ("CCPR/C/106/D/2024/2011", F.DECISION, CCPR, None, None),
    ("CCPR/C/128/D/2707/2015", F.DECISION, CCPR, None, None),
    ("CEDAW/C/75/D/106/2016", F.DECISION, CEDAW, None, None),
    ("CAT/C/GC/4", F.GENERAL_COMMENT, CAT, None, None),
    ("CCPR/C/GC/36", F.GENERAL_COMMENT, CCPR, None, None),
    ("E/C.12/GC/25", F.GENERAL_COMMENT, CESCR, None, None),
    ("CEDAW/C/GC/31-CRC/C/GC/18", F.GENERAL_COMMENT, CEDAW, None, None),
    # other documents of the treaty bodies
    ("CAT/C/KAZ/CO/3/Corr.1", F.OTHER, CAT, "KAZ", None),
    ("CCPR/C/128/2", F.SESSION_DOCUMENT, CCPR, None, None),
    ("CAT/C/54/2", F.SESSION_DOCUMENT, CAT, None, None),
    ("CAT/C/KAZ/CO", F.OTHER, CAT, "KAZ", None),
    # the Subcommittee on Prevention of Torture
    ("CAT/OP/KAZ/1", F.VISIT_REPORT, SPT, "KAZ", None),
    ("CAT/OP/KAZ/ROSP/1", F.VISIT_REPORT, SPT, "KAZ", None),
    ("CAT/OP/KAZ/1/Add.1", F.FOLLOW_UP_REPLY, SPT, "KAZ", "CAT/OP/KAZ/1"),
    ("CAT/OP/KAZ/ROSP/1/Add.1", F.FOLLOW_UP_REPLY, SPT, "KAZ", "CAT/OP/KAZ/ROSP/1"),
    ("CAT/OP/12/6", F.OTHER, SPT, None, None),
    # the UPR and the Human Rights Council
    ("A/HRC/WG.6/20/KAZ/1", F.UPR_NATIONAL_REPORT, UPR, "KAZ", None),
    ("A/HRC/WG.6/20/KAZ/2", F.UPR_UN_COMPILATION, UPR, "KAZ", None),
    ("A/HRC/WG.6/48/SVN/3", F.UPR_STAKEHOLDERS_SUMMARY, UPR, "SVN", None),
    ("A/HRC/WG.6/20/KAZ/1/Corr.1", F.OTHER, UPR, "KAZ", None),
    ("A/HRC/28/10", F.COUNCIL_REPORT, None, None, None),
    ("A/HRC/43/10", F.COUNCIL_REPORT, None, None, None),
    ("A/HRC/28/15", F.COUNCIL_REPORT, None, None, None),
    ("A/HRC/28/15/Add.1", F.COUNCIL_REPORT_ADDENDUM, None, None, None),
    ("A/HRC/59/15/Add.1", F.COUNCIL_REPORT_ADDENDUM, None, None, None),
    ("E/CN.4/2001/73", F.COUNCIL_REPORT, None, None, None),
    # the Treaty Body Database's internal symbols
    ("INT_CAT_FUL_TJK_99999_E", F.FOLLOW_UP_LETTER, CAT, "TJK", None),
    ("INT_CCPR_FCO_KAZ_12345_E", F.FOLLOW_UP_REPLY, CCPR, "KAZ", None),
    # what the grammar does not read
    ("A/HRC/RES/8/12", F.UNKNOWN, None, None, None),
    ("A/HRC/8/L.17", F.UNKNOWN, None, None, None),
    ("S/RES/1325 (2000)", F.UNKNOWN, None, None, None),
    ("E/CN.6/2004/NGO/4", F.UNKNOWN, None, None, None),
    ("[ST/]DPI/2315", F.UNKNOWN, None, None, None),
    ("CATC/KAZ/CO/3", F.UNKNOWN, None, None, None),
    ("INT_XYZ_FUL_TJK_1_E", F.UNKNOWN, None, None, None),
    ("Concluding observations", F.UNKNOWN, None, None, None),
    ("", F.UNKNOWN, None, None, None),
]


@pytest.mark.parametrize(("text", "form", "body", "state", "answers"), TABLE, ids=[row[0] or "(empty)" for row in TABLE])
def test_a_symbol_gives_its_form_body_state_and_what_it_answers(
    text: str, form: Form, body: Body | None, state: str | None, answers: str | None
) -> None:
    found = parse(text)
    assert (found.form, found.body, found.state, found.answers) == (form, body, state, answers)


def test_replies_to_a_list_of_issues_are_the_states_submission_for_the_dialogue() -> None:
    assert parse("CAT/C/KAZ/RQ/4").kind is DocumentKind.STATE_REPORT
    assert parse("CAT/C/TJK/Q/3/Add.1").kind is DocumentKind.STATE_REPORT


def test_a_general_comment_is_the_bodys_document_of_no_state() -> None:
    found = parse("CAT/C/GC/4")
    assert (found.body, found.kind, found.state, found.number) == (CAT, DocumentKind.OTHER, None, "4")


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        (F.CONCLUDING_OBSERVATIONS, DocumentKind.CONCLUDING_OBSERVATIONS),
        (F.FOLLOW_UP_REPLY, DocumentKind.FOLLOW_UP_REPLY),
        (F.FOLLOW_UP_LETTER, DocumentKind.FOLLOW_UP_LETTER),
        (F.LIST_OF_ISSUES, DocumentKind.LIST_OF_ISSUES),
        (F.STATE_REPORT, DocumentKind.STATE_REPORT),
        (F.UPR_NATIONAL_REPORT, DocumentKind.STATE_REPORT),
        (F.SUMMARY_RECORD, DocumentKind.SUMMARY_RECORD),
        (F.DECISION, DocumentKind.DECISION),
        (F.VISIT_REPORT, DocumentKind.VISIT_REPORT),
        (F.GENERAL_COMMENT, DocumentKind.OTHER),
        (F.UPR_UN_COMPILATION, DocumentKind.OTHER),
        (F.COUNCIL_REPORT, DocumentKind.OTHER),
        (F.COUNCIL_REPORT_ADDENDUM, DocumentKind.OTHER),
        (F.OTHER, DocumentKind.OTHER),
        (F.UNKNOWN, DocumentKind.OTHER),
    ],
)
def test_each_form_is_of_one_kind_of_document(form: Form, kind: DocumentKind) -> None:
    assert {parse(row[0]).kind for row in TABLE if row[1] is form} == {kind}


def test_numbers_sessions_and_communications_are_read_as_written() -> None:
    assert (parse("CERD/C/KAZ/CO/8-10").number, parse("CAT/C/KAZ/FCO/3").number) == ("8-10", "3")
    decision = parse("CCPR/C/106/D/02024/2011")
    assert (decision.session, decision.communication, decision.text) == (106, "2024/2011", "CCPR/C/106/D/02024/2011")
    upr = parse("A/HRC/WG.6/20/KAZ/1")
    assert (upr.session, upr.number) == (20, "1")
    assert (parse("A/HRC/28/15").session, parse("A/HRC/28/15").number) == (28, "15")
    assert (parse("CCPR/CO/83/UZB").session, parse("CAT/C/SR.1998").number) == (83, "1998")


def test_an_addendum_or_corrigendum_names_its_parent() -> None:
    report = parse("A/HRC/28/15/Add.1")
    assert (report.addendum, report.parent) == (1, "A/HRC/28/15")
    assert parse("CAT/C/KAZ/CO/3/Corr.1").parent == "CAT/C/KAZ/CO/3"
    assert parse("CAT/C/KAZ/CO/3").parent is None


def test_a_follow_up_reply_answers_the_observations_on_the_same_review() -> None:
    # FCO/<n> follows up CO/<n>: CAT/C/TJK/FCO/3 is Tajikistan's information on CAT/C/TJK/CO/3.
    assert parse("CERD/C/KAZ/FCO/8-10").answers == "CERD/C/KAZ/CO/8-10"
    assert parse("CRC/C/OPAC/KAZ/CO/1/Add.1").answers == "CRC/C/OPAC/KAZ/CO/1"
    assert parse("CAT/C/KAZ/FCO/3/Add.1").answers == "CAT/C/KAZ/CO/3"


# --- the normaliser ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("  CAT/C/KAZ/CO/4 ", "CAT/C/KAZ/CO/4"),
        ("CAT/C/KAZ/CO/3/Add. 1", "CAT/C/KAZ/CO/3/Add.1"),
        ("CAT/C/KAZ/CO/3/add.1", "CAT/C/KAZ/CO/3/Add.1"),
        ("CAT/C/KAZ/CO/3/ADD.1", "CAT/C/KAZ/CO/3/Add.1"),
        ("cat/c/kaz/co/3", "CAT/C/KAZ/CO/3"),
        ("CAT/C/KAZ/CO/3.", "CAT/C/KAZ/CO/3"),
        ("CAT/C/KAZ/CO/3);", "CAT/C/KAZ/CO/3"),
        ("CAT /C/51/D/441/2010", "CAT/C/51/D/441/2010"),
        ("CAT/C/KAZ/CO/3/Add.\u00a01", "CAT/C/KAZ/CO/3/Add.1"),
        ("CERD/C/KAZ/CO/8\u201310", "CERD/C/KAZ/CO/8-10"),
        ("CAT\uff0fC\uff0fKAZ\uff0fCO\uff0f3", "CAT/C/KAZ/CO/3"),
        ("A/HRC/28/15/Corr.1", "A/HRC/28/15/Corr.1"),
        ("S/RES/1325 (2000)", "S/RES/1325 (2000)"),
    ],
)
def test_normalize_writes_a_symbol_the_uns_way(written: str, normalized: str) -> None:
    assert normalize(written) == normalized
    assert parse(written).text == normalized


# --- symbols in running text ------------------------------------------------------------------


def test_find_symbols_reads_symbols_out_of_running_text_in_order_once_each() -> None:
    text = (
        "In its concluding observations (CAT/C/KAZ/CO/3, para. 8), the Committee … The State replied "
        "(CAT/C/KAZ/CO/3/Add. 1). See also CAT /C/48/D/433/2010 and A/HRC/28/10; and again CAT/C/KAZ/CO/3."
    )
    assert find_symbols(text) == ["CAT/C/KAZ/CO/3", "CAT/C/KAZ/CO/3/Add.1", "CAT/C/48/D/433/2010", "A/HRC/28/10"]


def test_find_symbols_finds_internal_symbols_and_symbols_of_any_series() -> None:
    assert find_symbols("INT_CAT_FUL_TJK_47953_E, S/2020/1 and HRI/CORE/KAZ/2012") == [
        "INT_CAT_FUL_TJK_47953_E",
        "S/2020/1",
        "HRI/CORE/KAZ/2012",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Conclusions and/or recommendations",
        "resolution 5/1 of 18 June 2007",
        "Kazakhstan/Tajikistan/Kyrgyzstan",
        "communication No. 433/2010",
        "paras. 10 (a), 18 (b)",
        "dates 12/11/2014",
        "fileCAT/C/KAZ/CO/3",
        "cat/c/kaz/co/3",
        "",
    ],
)
def test_find_symbols_takes_no_prose_for_a_symbol(text: str) -> None:
    assert find_symbols(text) == []


# --- never an exception ---------------------------------------------------------------------------

_PIECES = [
    "CAT",
    "CCPR",
    "E",
    "C.12",
    "C",
    "CO",
    "FCO",
    "Q",
    "RQ",
    "OP",
    "A",
    "HRC",
    "WG.6",
    "KAZ",
    "OPAC",
    "SR.12",
    "D",
    "GC",
    "Add.1",
    "add. 2",
    "Corr.1",
    "INT_",
    "_",
    "8-10",
    "2010",
    "51",
    "/",
    "/",
    ".",
    " ",
    "\u00a0",
    "\u2013",
    "(",
    ")",
]


def _arbitrary(rng: random.Random) -> str:
    """A string of symbol pieces and arbitrary characters, anywhere in Unicode."""
    parts = []
    for _ in range(rng.randint(0, 14)):
        roll = rng.random()
        if roll < 0.6:
            parts.append(rng.choice(_PIECES))
        elif roll < 0.8:
            parts.append(rng.choice(string.printable))
        else:
            parts.append(chr(rng.randint(0, 0x10FFFF)))
    return "".join(parts)


def test_parse_never_raises_and_always_gives_a_consistent_symbol() -> None:
    rng = random.Random(20261207)
    for _ in range(20_000):
        text = _arbitrary(rng)
        found = parse(text)
        assert isinstance(found, Symbol), text
        assert found.text == normalize(text), text
        assert parse(found.text) == found, text
        assert (found.body is None) == (found.form in (Form.UNKNOWN, Form.COUNCIL_REPORT, Form.COUNCIL_REPORT_ADDENDUM)), text


def test_normalize_and_find_symbols_are_stable_on_arbitrary_text() -> None:
    rng = random.Random(7)
    for _ in range(20_000):
        text = _arbitrary(rng)
        once = normalize(text)
        assert normalize(once) == once, text
        assert all(normalize(found) == found for found in find_symbols(text)), text


def test_a_symbol_is_a_frozen_struct_that_serializes() -> None:
    found = parse("CAT/C/KAZ/FCO/3")
    with pytest.raises(AttributeError):
        found.state = "TJK"  # type: ignore[misc]
    assert msgspec.json.decode(msgspec.json.encode(found), type=Symbol) == found


def test_the_library_exposes_the_grammar() -> None:
    assert tracker.symbols is symbols
    assert tracker.symbols.parse("CAT/C/KAZ/CO/3").body is Body.CAT


# --- the documentation's table --------------------------------------------------------------------

_DOC_ROW = re.compile(
    r"^\| `(?P<symbol>[^`]+)` \| (?P<form>\w+) \| (?P<body>[\w—]+) \| (?P<kind>\w+) \| (?P<state>[\w—]+) \| (?P<answers>.+?) \|$"
)


def test_every_example_of_the_documentation_reads_as_it_says() -> None:
    rows = [m for line in DOCS.read_text(encoding="utf-8").splitlines() if (m := _DOC_ROW.match(line))]
    assert len(rows) >= 25
    for row in rows:
        found = parse(row["symbol"])
        answers = row["answers"].strip("`")
        assert (
            found.form.value,
            found.body.value if found.body else "—",
            found.kind.value,
            found.state or "—",
            found.answers or "—",
        ) == (row["form"], row["body"], row["kind"], row["state"], answers), row["symbol"]
