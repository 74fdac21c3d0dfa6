"""The decision-text adapter: real CAT decisions as published (juris-cat-decisions.json), the
Evloev decision as docstore HTML in UTF-16, invented CCPR Views, and loading into the tracker.

The real files are copied under ``tests/fixtures/real`` (third-party data, unchanged
here); the hand-made fixtures in ``tests/fixtures/scrapers/decisions`` say what is real in them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from importlib.resources import files
from pathlib import Path

import httpx
import pytest

import tracker
from tracker.domain.enums import Body, DecisionOutcome, RemedyKind, Verification
from tracker.records import DecisionRecord, RemedyRecord, read_records
from tracker_scrapers.harvest import Harvest, ParseContext, ParseError
from tracker_scrapers.http import Fetcher, FetchPolicy
from tracker_scrapers.runner import Runner
from tracker_scrapers.snapshots import SnapshotStore
from tracker_scrapers.sources.decisions import DecisionText, Measure, measures, references, sentences, victims_of

REAL_FILES = Path(__file__).resolve().parents[1] / "fixtures" / "real"
REAL = REAL_FILES / "juris-cat-decisions.json"
FACTS = REAL_FILES / "facts-kaz-tjk.json"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scrapers" / "decisions"
needs_real_data = pytest.mark.skipif(not (REAL.exists() and FACTS.exists()), reason=f"real data not found: {REAL_FILES}")

JURIS = json.loads(REAL.read_text(encoding="utf-8")) if REAL.exists() else []
#: Where the bundled data says it read Evloev's text: loading a harvest from the same address adds no source.
EVLOEV_URL = (
    "http://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc=6QkG1d%2fPPRiCAqhKb7yhsv8W4%2fV%2bvhBn6wc2vy56hVSk5eMhlUqv18xNxiP0kj3"
    "xVitAObrDZ40gclDc%2fD1KPUVtAK%2fnF7fz9zsRK8w0jn5VQlo3lbVApKBoBeiw3BNnMYktqyGfN02JRwTaWCRkNw%3d%3d"
)
CCPR_URL = "https://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc=invented"
#: The juris records name the State in English; these are the codes of the six States among them.
ISO3 = {"Denmark": "DNK", "Switzerland": "CHE", "Kazakhstan": "KAZ", "Australia": "AUS", "Canada": "CAN", "Germany": "DEU"}
#: Outcomes read by hand in each decision's operative paragraph (the juris records say only "Decision on merits").
OUTCOMES = {
    "429/2010": DecisionOutcome.NO_VIOLATION,
    "426/2010": DecisionOutcome.NO_VIOLATION,
    "467/2011": DecisionOutcome.NO_VIOLATION,
    "441/2010": DecisionOutcome.VIOLATION,
    "438/2010": DecisionOutcome.NO_VIOLATION,
    "434/2010": DecisionOutcome.NO_VIOLATION,
    "392/2009": DecisionOutcome.NO_VIOLATION,
    "430/2010": DecisionOutcome.VIOLATION,
}


def parse(
    body: bytes,
    *,
    content_type: str | None = "text/plain; charset=utf-8",
    url: str | None = None,
    known: object = None,
    **params: str,
) -> Harvest:
    return DecisionText().parse(io.BytesIO(body), ParseContext(params=params, url=url, content_type=content_type, known=known))


def decision_of(harvest: Harvest) -> DecisionRecord:
    [decision] = [r for r in harvest.records if isinstance(r, DecisionRecord)]
    return decision


def remedies_of(harvest: Harvest) -> list[RemedyRecord]:
    return [r for r in harvest.records if isinstance(r, RemedyRecord)]


def juris(communication: str) -> dict[str, object]:
    return next(r for r in JURIS if r["communication_no"] == communication)


def without_dots(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(".", "")).strip()


def evloev_html() -> bytes:
    return (FIXTURES / "evloev-docstore.html").read_bytes()


def ccpr_views() -> bytes:
    return (FIXTURES / "ccpr-views-tajikistan-invented.txt").read_bytes()


# --- real CAT decisions ----------------------------------------------------------------------


@needs_real_data
@pytest.mark.parametrize("record", JURIS, ids=[r["communication_no"] for r in JURIS])
def test_each_real_decision_gives_the_fields_its_juris_record_has(record: dict[str, object]) -> None:
    decision = decision_of(parse(str(record["text"]).encode(), url=str(record["url"])))

    assert decision.body == Body(record["body"])
    assert decision.symbol == record["symbol"]
    assert decision.communication == record["communication_no"]
    assert decision.state == ISO3[str(record["country"])]
    assert decision.adopted_on == dt.date.fromisoformat(str(record["date"]))
    # The juris record writes the authors as one string and drops a final full stop ("F.H").
    authors = (
        decision.authors[0] if len(decision.authors) == 1 else f"{', '.join(decision.authors[:-1])} and {decision.authors[-1]}"
    )
    assert without_dots(authors) == without_dots(str(record["author"]))
    assert without_dots(decision.title) == without_dots(str(record["title"]))
    assert decision.submitted_on is not None and decision.submitted_on < decision.adopted_on
    articles = [a for a in record["substantive_articles"] if a != "No articles found"]  # type: ignore[attr-defined]
    if articles:
        assert decision.notes == f"Articles invoked: {', '.join(articles)}."


@needs_real_data
@pytest.mark.parametrize("communication", list(OUTCOMES))
def test_each_real_decision_has_its_outcome_and_remedies_only_when_violated(communication: str) -> None:
    harvest = parse(str(juris(communication)["text"]).encode())
    decision = decision_of(harvest)

    assert decision.outcome is OUTCOMES[communication]
    if decision.outcome is DecisionOutcome.VIOLATION:
        assert decision.reply_days == 90
        assert remedies_of(harvest)
    else:
        assert (decision.reply_days, decision.articles_violated, remedies_of(harvest)) == (None, [], [])


@needs_real_data
def test_evloev_gives_the_articles_remedies_and_90_days_the_facts_record() -> None:
    facts = next(f for f in json.loads(FACTS.read_text(encoding="utf-8")) if f["id"] == "kaz-cat-441-2010-evloev")
    harvest = parse(str(juris("441/2010")["text"]).encode(), url=EVLOEV_URL)
    decision = decision_of(harvest)
    remedies = remedies_of(harvest)

    assert decision.articles_violated == facts["details"]["articles_violated"] == ["1 with 2(1)", "12", "13", "14", "15"]
    assert decision.reply_days == facts["details"]["deadline_days"] == 90
    assert decision.submitted_on == dt.date.fromisoformat(facts["dates"]["complaint_filed"])
    assert decision.sources[0].date == dt.date.fromisoformat(facts["dates"]["distributed"])
    assert decision.notes == f"Articles invoked: {', '.join(facts['details']['articles_claimed'])}."
    assert decision.counsel == "Kazakhstan International Bureau for Human Rights and Rule of Law"
    assert decision.victims == []  # "The complainant": the victim is the author
    assert [(r.kind, r.ordinal) for r in remedies] == [
        (RemedyKind.INVESTIGATION, 1),
        (RemedyKind.COMPENSATION, 1),
        (RemedyKind.REHABILITATION, 1),
        (RemedyKind.NON_REPETITION, 1),
    ]
    investigation, compensation, rehabilitation, non_repetition = (r.text for r in remedies)
    assert "impartial and independent investigation in order to bring to justice those responsible" in investigation
    assert compensation == rehabilitation and "including compensation and full rehabilitation" in compensation
    assert non_repetition == "prevent similar violations in the future"
    assert all(r.decision == "cat-441-2010" and r.id is None for r in remedies)


@needs_real_data
def test_abichou_names_the_victim_apart_from_the_author_and_asks_for_compensation() -> None:
    harvest = parse(str(juris("430/2010")["text"]).encode())
    decision = decision_of(harvest)

    assert decision.authors == ["Inass Abichou (née Seifeddine)"]
    assert decision.victims == ["Onsi Abichou (the complainant’s husband)"]
    assert decision.articles_violated == ["3"]
    assert [(r.kind, r.text) for r in remedies_of(harvest)] == [
        (RemedyKind.COMPENSATION, "provide redress to Onsi Abichou, including adequate compensation"),
    ]


# --- docstore HTML and charsets ----------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/html", None, "text/html; charset=windows-1252"])
def test_docstore_html_in_utf16_with_a_bom_reads_whatever_the_content_type_says(content_type: str | None) -> None:
    harvest = parse(evloev_html(), content_type=content_type, url=EVLOEV_URL)
    decision = decision_of(harvest)

    assert (decision.body, decision.symbol, decision.communication, decision.state) == (
        Body.CAT,
        "CAT/C/51/D/441/2010",
        "441/2010",
        "KAZ",
    )
    assert decision.authors == ["Oleg Evloev"]
    # The value wraps over two lines inside its paragraph: the line end is layout, not a break.
    assert decision.counsel == "Kazakhstan International Bureau for Human Rights and Rule of Law"
    assert (decision.submitted_on, decision.adopted_on) == (dt.date(2010, 12, 20), dt.date(2013, 11, 5))
    assert decision.articles_violated == ["1 with 2(1)", "12", "13", "14", "15"]
    assert decision.reply_days == 90
    assert [r.kind for r in remedies_of(harvest)] == [
        RemedyKind.INVESTIGATION,
        RemedyKind.COMPENSATION,
        RemedyKind.REHABILITATION,
        RemedyKind.NON_REPETITION,
    ]
    assert remedies_of(harvest)[0].text.endswith("those responsible for the complainant’s treatment")


@needs_real_data
def test_docstore_html_gives_the_same_records_as_the_published_text() -> None:
    from_html = parse(evloev_html(), content_type="text/html", url=EVLOEV_URL)
    from_text = parse(str(juris("441/2010")["text"]).encode(), url=EVLOEV_URL)

    assert from_html.records == from_text.records


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", None])
def test_utf16_saved_without_a_bom_and_read_as_utf8_is_a_wrong_charset(content_type: str | None) -> None:
    with pytest.raises(ParseError, match="wrong charset.*NUL"):
        parse((FIXTURES / "evloev-docstore-no-bom.html").read_bytes(), content_type=content_type)


def test_utf16_without_a_bom_reads_when_the_content_type_names_it() -> None:
    harvest = parse((FIXTURES / "evloev-docstore-no-bom.html").read_bytes(), content_type="text/html; charset=utf-16le")

    assert decision_of(harvest).symbol == "CAT/C/51/D/441/2010"


def test_a_utf8_bom_is_taken_off_and_the_text_read() -> None:
    harvest = parse(b"\xef\xbb\xbf" + ccpr_views(), content_type=None)

    assert decision_of(harvest).communication == "9999/2021"


# --- PDF and Word ------------------------------------------------------------------------------
# evloev.pdf and evloev.docx are the Evloev HTML printed by Chromium and rebuilt with python-docx
# (tools/build_decision_fixtures.py): the same text in the layouts UN decisions are published in.


@pytest.mark.parametrize("name", ["evloev.pdf", "evloev.docx"])
@pytest.mark.parametrize("content_type", ["application/pdf", "application/octet-stream", "text/html; charset=utf-8", None])
def test_a_pdf_or_word_decision_gives_the_same_records_as_its_docstore_html(name: str, content_type: str | None) -> None:
    from_html = parse(evloev_html(), content_type="text/html", url=EVLOEV_URL)
    from_file = parse((FIXTURES / name).read_bytes(), content_type=content_type, url=EVLOEV_URL)

    assert from_file.records == from_html.records
    assert decision_of(from_file).symbol == "CAT/C/51/D/441/2010"
    assert len(remedies_of(from_file)) == 4


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ((FIXTURES / "evloev.pdf").read_bytes()[:4000], "truncated PDF"),
        ((FIXTURES / "evloev.pdf").read_bytes()[:2000] + b"\n%%EOF\n", "corrupt PDF"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n", "corrupt PDF"),
        ((FIXTURES / "evloev.docx").read_bytes()[:3000], "not a valid Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "old binary Word .doc"),
    ],
)
def test_a_pdf_or_word_file_that_cannot_be_read_is_a_parse_error_naming_the_fault(body: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(body, content_type="application/pdf")


# --- CCPR Views ------------------------------------------------------------------------------


def test_ccpr_views_give_the_front_matter_the_findings_and_180_days() -> None:
    harvest = parse(ccpr_views(), url=CCPR_URL)
    decision = decision_of(harvest)

    assert (decision.body, decision.symbol, decision.communication, decision.state) == (
        Body.CCPR,
        "CCPR/C/140/D/9999/2021",
        "9999/2021",
        "TJK",
    )
    assert decision.title == "X.Y. v. Tajikistan"
    assert (decision.authors, decision.victims, decision.counsel) == (["X.Y."], ["his brother, Z.Y."], "Invented Law Office")
    assert (decision.submitted_on, decision.adopted_on) == (dt.date(2021, 1, 14), dt.date(2024, 3, 21))
    assert decision.outcome is DecisionOutcome.VIOLATION
    # The individual opinion's "article 9 (3)" and "release" are not the Committee's.
    assert decision.articles_violated == ["7", "7 with 2(3)", "14(3)(g)"]
    assert decision.reply_days == 180
    assert decision.notes == "Articles invoked: 2(3), 7, 14(3)(g)."


def test_ccpr_remedies_are_the_enumerated_measures_not_the_general_effective_remedy() -> None:
    remedies = remedies_of(parse(ccpr_views(), url=CCPR_URL))

    assert [(r.kind, r.text) for r in remedies] == [
        (
            RemedyKind.INVESTIGATION,
            "conduct a prompt, impartial and effective investigation into the allegations of torture and prosecute those responsible",
        ),
        (
            RemedyKind.RETRIAL_OR_RELEASE,
            "quash the conviction of Z.Y. and, if necessary, conduct a new trial in accordance with the guarantees of the Covenant",
        ),
        (RemedyKind.COMPENSATION, "provide the author and Z.Y. with adequate compensation"),
        (RemedyKind.NON_REPETITION, "take all steps necessary to prevent similar violations from occurring in the future"),
        (
            RemedyKind.OTHER,
            "publish the present Views and to have them widely disseminated in the official languages of the State party",
        ),
    ]
    assert [r.title for r in remedies][:2] == ["X.Y. v. Tajikistan: investigation", "X.Y. v. Tajikistan: retrial or release"]


def _with_operative_part(operative: str) -> bytes:
    text = ccpr_views().decode()
    return (text[: text.index("8. The Committee, acting")] + operative).encode()


@pytest.mark.parametrize(
    ("operative", "outcome"),
    [
        (
            "7. The Human Rights Committee therefore decides:\n(a) That the communication is inadmissible under article 5 (2) (b) "
            "of the Optional Protocol;\n(b) That the present decision shall be transmitted to the State party and to the author.\n",
            DecisionOutcome.INADMISSIBLE,
        ),
        (
            "7. On 21 March 2024, the Committee decides to discontinue the consideration of communication No. 9999/2021.\n",
            DecisionOutcome.DISCONTINUED,
        ),
        (
            "8. The Committee, acting under article 5 (4) of the Optional Protocol, is of the view that the facts before it do not "
            "disclose a violation of any of the provisions of the Covenant.\n",
            DecisionOutcome.NO_VIOLATION,
        ),
    ],
)
def test_decisions_without_a_violation_have_no_remedies(operative: str, outcome: DecisionOutcome) -> None:
    harvest = parse(_with_operative_part(operative))

    assert decision_of(harvest).outcome is outcome
    assert (decision_of(harvest).reply_days, remedies_of(harvest)) == (None, [])


@pytest.mark.parametrize(
    ("cited", "normalized"),
    [
        ("discloses a violation of articles 2 (1), 12, 13, 14 and 16", ["2(1)", "12", "13", "14", "16"]),
        (
            "violations of article 1 in conjunction with article 2, paragraph 1, and of articles 12, 13, 14 and 15",
            ["1 with 2(1)", "12", "13", "14", "15"],
        ),
        (
            "a violation of article 9, paragraphs 1 and 3, and article 14, paragraph 3 (b), (d) and (g)",
            ["9(1)", "9(3)", "14(3)(b)", "14(3)(d)", "14(3)(g)"],
        ),
        (
            "violations of article 7, read alone and in conjunction with article 2 (3), and of article 10 (1)",
            ["7", "7 with 2(3)", "10(1)"],
        ),
        ("a breach of article 3 of the Convention in respect of 29 complainants", ["3"]),
        # Kurbanov v. Tajikistan as facts-kaz-tjk records it, in the Committee's style of citing a plural list.
        (
            "violations of articles 6, 7, 9, paragraphs 2 and 3, 10, and 14, paragraphs 1 and 3 (a) and (g), of the Covenant",
            ["6", "7", "9(2)", "9(3)", "10", "14(1)", "14(3)(a)", "14(3)(g)"],
        ),
    ],
)
def test_articles_are_normalized_as_the_body_cites_them(cited: str, normalized: list[str]) -> None:
    assert references(cited) == normalized


COMPENSATION_OR_RETRIAL = (
    "provide Mr. Kurbanov with an effective remedy, including compensation and either a retrial with all the guarantees "
    "enshrined in article 14 of the Covenant or release"
)


@pytest.mark.parametrize(
    ("operative", "asked"),
    [
        # Older CCPR wording, "Mr." inside the sentence; kinds named in one clause give one remedy each.
        (
            "8. In accordance with article 2, paragraph 3 (a), of the Covenant, the State party is under an obligation to "
            f"{COMPENSATION_OR_RETRIAL}. The State party is under an obligation to avoid similar violations in the future.",
            [
                Measure(COMPENSATION_OR_RETRIAL, [RemedyKind.COMPENSATION, RemedyKind.RETRIAL_OR_RELEASE]),
                Measure("avoid similar violations in the future", [RemedyKind.NON_REPETITION]),
            ],
        ),
        # CAT wording with the rule between the verb and the list, and the deadline as the list's last clause.
        (
            "14. The Committee urges the State party, in accordance with rule 118, paragraph 5, of its rules of procedure, to provide "
            "redress for the complainants, including adequate compensation, to take effective measures to monitor the situation of the "
            "complainants in Uzbekistan and to facilitate their return, and to inform it, within 90 days from the date of the transmittal "
            "of this decision, of the steps it has taken.",
            [
                Measure("provide redress for the complainants, including adequate compensation", [RemedyKind.COMPENSATION]),
                Measure(
                    "take effective measures to monitor the situation of the complainants in Uzbekistan and to facilitate their return",
                    [RemedyKind.RETURN_OR_PROTECTION],
                ),
            ],
        ),
        (
            "12. The Committee is of the view that the State party has an obligation to refrain from forcibly returning the complainant "
            "to Sri Lanka or to any other country where he runs a real risk of being expelled or returned to Sri Lanka.",
            [
                Measure(
                    "refrain from forcibly returning the complainant to Sri Lanka or to any other country where he runs a real risk of "
                    "being expelled or returned to Sri Lanka",
                    [RemedyKind.NON_REFOULEMENT],
                )
            ],
        ),
    ],
)
def test_measures_are_read_from_the_committees_standard_phrasings(operative: str, asked: list[Measure]) -> None:
    assert measures(sentences(operative)) == asked


@pytest.mark.parametrize(
    ("alleged", "authors", "victims"),
    [
        ("The complainant", ["Oleg Evloev"], []),
        ("R.S.M.", ["R.S.M."], []),
        ("The author's son, Abdumalik Kurbanov", ["Safarmo Kurbanova"], ["The author's son, Abdumalik Kurbanov"]),
        ("The author and his brother, Z.Y.", ["X.Y."], ["his brother, Z.Y."]),
    ],
)
def test_victims_are_those_who_are_not_the_authors(alleged: str, authors: list[str], victims: list[str]) -> None:
    assert victims_of(alleged, authors) == victims


# --- bodies that are not decision texts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (
            b'<html><body><h1 class="un-style-page-title">Evloev v. Kazakhstan</h1><p class="un-style-detail-symbol">'
            b'<strong>CAT/C/51/D/441/2010</strong></p><p class="un-style-detail-label">Country</p><p>Kazakhstan</p></body></html>',
            "no 'State party:'",
        ),
        (b"Not found", "neither a CAT decision nor CCPR Views"),
    ],
)
def test_a_body_that_is_not_a_decision_text_is_a_parse_error(body: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(body, content_type="text/html")


def test_a_text_cut_before_its_operative_part_is_a_parse_error() -> None:
    text = ccpr_views().decode()
    with pytest.raises(ParseError, match="no operative part"):
        parse(text[: text.index("8. The Committee")].encode())


def test_a_state_party_the_tracker_does_not_know_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="'Atlantis' is not a State"):
        parse(ccpr_views().replace(b"Tajikistan\n", b"Atlantis\n"))


def test_a_text_of_another_decision_than_the_source_asks_for_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not CAT/C/48/D/433/2010"):
        parse(evloev_html(), content_type="text/html", symbol="CAT/C/48/D/433/2010")


# --- the address -------------------------------------------------------------------------------


def test_the_url_is_the_base_url_with_the_symbol_filled_in_encoded() -> None:
    adapter = DecisionText()
    base = "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal/Download.aspx?symbolno={symbol}&Lang=en"

    assert adapter.url(base, {"symbol": "CAT/C/51/D/441/2010"}).endswith("symbolno=CAT%2FC%2F51%2FD%2F441%2F2010&Lang=en")
    assert adapter.url(EVLOEV_URL, {"symbol": "CAT/C/51/D/441/2010"}) == EVLOEV_URL
    with pytest.raises(ValueError, match="no `symbol` parameter"):
        adapter.url(base, {})


# --- loading -----------------------------------------------------------------------------------


async def harvest_with_prepare(t: tracker.Tracker, body: bytes, **context: str | None) -> Harvest:
    adapter = DecisionText()
    known = await adapter.prepare(t)
    return adapter.parse(io.BytesIO(body), ParseContext(known=known, **context))  # type: ignore[arg-type]


async def test_a_kaz_decision_loads_once_and_its_remedies_are_due_90_days_after_adoption(tmp_path: Path) -> None:
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.load(read_records(files("tracker.seed") / "states.ndjson"))  # type: ignore[arg-type]

        first = await t.load((await harvest_with_prepare(t, evloev_html(), url=EVLOEV_URL, content_type="text/html")).records)
        again = await t.load((await harvest_with_prepare(t, evloev_html(), url=EVLOEV_URL, content_type="text/html")).records)
        remedy = (await t.items.get("cat-441-2010-investigation")).item

    assert (first.counts["decision"].created, first.counts["item"].created) == (1, 4)
    assert again.total("created") == 0 and again.total("updated") == 0
    assert remedy.due_date == dt.date(2013, 11, 5) + dt.timedelta(days=90) == dt.date(2014, 2, 3)
    assert "90 days" in (remedy.due_date_basis or "")


async def test_ccpr_views_load_with_remedies_due_180_days_after_adoption(tmp_path: Path) -> None:
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        first = await t.load((await harvest_with_prepare(t, ccpr_views(), url=CCPR_URL, content_type="text/plain")).records)
        again = await t.load((await harvest_with_prepare(t, ccpr_views(), url=CCPR_URL, content_type="text/plain")).records)
        detail = await t.decisions.get("ccpr-9999-2021")

    assert (first.counts["decision"].created, first.counts["item"].created) == (1, 5)
    assert again.total("created") == 0 and again.total("updated") == 0
    assert {r.due_date for r in detail.remedies} == {dt.date(2024, 3, 21) + dt.timedelta(days=180)}


async def test_loading_over_the_bundled_decision_keeps_its_id_remedies_and_curation(tmp_path: Path) -> None:
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        before = await t.decisions.get("cat-441-2010")
        gerasimov_before = await t.decisions.get("cat-433-2010")

        first = await t.load((await harvest_with_prepare(t, evloev_html(), url=EVLOEV_URL, content_type="text/html")).records)
        again = await t.load((await harvest_with_prepare(t, evloev_html(), url=EVLOEV_URL, content_type="text/html")).records)
        after = await t.decisions.get("cat-441-2010")
        gerasimov_after = await t.decisions.get("cat-433-2010")

    assert first.total("created") == 0
    assert again.total("created") == 0 and again.total("updated") == 0
    assert after.decision.id == before.decision.id == "cat-441-2010"
    assert [r.id for r in after.remedies] == [r.id for r in before.remedies]
    # What the text does not say stays as the editors recorded it …
    for field in ("title", "summary", "sources", "verification", "notes", "articles_violated", "reply_days", "adopted_on"):
        assert getattr(after.decision, field) == getattr(before.decision, field), field
    assert all(r.verification is Verification.VERIFIED and r.sources for r in after.remedies)
    assert [r.title for r in after.remedies] == [r.title for r in before.remedies]
    assert [r.due_date for r in after.remedies] == [r.due_date for r in before.remedies]
    # … and what it says replaces the paraphrase.
    assert after.decision.counsel == "Kazakhstan International Bureau for Human Rights and Rule of Law"
    assert {r.remedy_kind: r.text for r in after.remedies}[
        RemedyKind.NON_REPETITION
    ] == "prevent similar violations in the future"
    assert gerasimov_after == gerasimov_before


async def test_a_corrupt_pdf_fails_the_run_and_loads_nothing_and_the_good_pdf_then_loads(
    seeded: tracker.Tracker, tmp_path: Path
) -> None:
    good = (FIXTURES / "evloev.pdf").read_bytes()
    served = [good[:3000] + b"\n%%EOF\n", good]
    pdf_url = "https://docstore.test/evloev.pdf"
    await seeded.sources.add("evloev", "decision-text", pdf_url, every="1d")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=served.pop(0), headers={"Content-Type": "application/pdf"})

    async def no_wait(seconds: float) -> None:
        return None

    before = await seeded.decisions.get("cat-441-2010")
    latest = (await seeded.changes.list(latest_first=True, limit=1)).items[0].id
    policy = FetchPolicy(retries=1, backoff=0.0, politeness=0.0, max_body=200_000)
    async with Fetcher(
        SnapshotStore(tmp_path / "snapshots"), policy=policy, transport=httpx.MockTransport(answer), sleep=no_wait
    ) as f:
        runner = Runner(seeded, f, holder="test")
        failed = await runner.run("evloev")
        assert failed.outcome is tracker.RunOutcome.FAILED and "corrupt PDF" in (failed.error or ""), failed
        assert await seeded.decisions.get("cat-441-2010") == before
        assert (await seeded.changes.list(latest_first=True, limit=1)).items[0].id == latest

        loaded = await runner.run("evloev")
    assert loaded.outcome is tracker.RunOutcome.OK, loaded.error
    after = await seeded.decisions.get("cat-441-2010")
    assert after.decision.counsel == "Kazakhstan International Bureau for Human Rights and Rule of Law"
    assert pdf_url in {source.url for source in after.decision.sources}
