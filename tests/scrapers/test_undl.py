"""The UN Digital Library adapters: what a record says of its document, MARCXML search results and RSS feeds.

Fixtures: the real 200-record MARCXML response (tests/fixtures/real) and hand-made files under
tests/fixtures/scrapers/undl, each saying in a comment what in it is real and what invented.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import tracker
from tracker.domain.enums import Body, DocumentKind, Verification
from tracker.records import DocumentRecord
from tracker_scrapers.harvest import Harvest, ParseContext, ParseError
from tracker_scrapers.sources.undl import (
    UndlMarcXml,
    UndlRss,
    classify_document,
    document_of,
    state_code,
    state_named_in,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scrapers" / "undl"
REAL_200 = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "undl-marcxml-200.xml"
CO3 = FIXTURES / "cat-co3-kaz-tjk.xml"
EDGES = FIXTURES / "edge-cases.xml"
FEED = FIXTURES / "cat-kaz-tjk.rss"
BASE = "https://digitallibrary.un.org"

CAT, CCPR, CESCR, CRC, SPT, UPR, SP = Body.CAT, Body.CCPR, Body.CESCR, Body.CRC, Body.SPT, Body.UPR, Body.SP
CO, FOLLOW_UP, REPORT, LOI = (
    DocumentKind.CONCLUDING_OBSERVATIONS,
    DocumentKind.FOLLOW_UP_REPLY,
    DocumentKind.STATE_REPORT,
    DocumentKind.LIST_OF_ISSUES,
)
OTHER, DECISION, SUMMARY, VISIT = (
    DocumentKind.OTHER,
    DocumentKind.DECISION,
    DocumentKind.SUMMARY_RECORD,
    DocumentKind.VISIT_REPORT,
)


def marcxml(path: Path, known: object = None) -> Harvest:
    with path.open("rb") as body:
        return UndlMarcXml().parse(body, ParseContext(known=known))


def rss(data: bytes, known: object = None, content_type: str | None = None) -> Harvest:
    return UndlRss().parse(io.BytesIO(data), ParseContext(known=known, content_type=content_type))


def by_symbol(harvest: Harvest) -> dict[str, DocumentRecord]:
    return {r.symbol: r for r in harvest.records if isinstance(r, DocumentRecord)}


@pytest.fixture
async def seeded(tmp_path: Path):
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        yield t


# ---------------------------------------------------------------- what a record says besides its symbol


def test_a_council_report_is_a_upr_outcome_when_its_title_names_the_working_group() -> None:
    title = "Report of the Working Group on the Universal Periodic Review : Kazakhstan"
    assert classify_document("A/HRC/28/10", title=title) == (UPR, DocumentKind.UPR_OUTCOME, "KAZ")
    assert classify_document("A/HRC/28/10/Add.1", title=f"{title} : addendum") == (UPR, OTHER, "KAZ")
    assert classify_document(
        "A/HRC/28/10", authors=["UN. Human Rights Council. Working Group on the Universal Periodic Review"], title="Kazakhstan"
    ) == (UPR, DocumentKind.UPR_OUTCOME, "KAZ")


def test_a_council_report_by_a_mandate_holder_is_a_special_procedures_document() -> None:
    somalia = "Report of the Independent Expert on the Situation of Human Rights in Somalia : note"
    assert classify_document("A/HRC/39/72", title=somalia) == (SP, OTHER, "SOM")
    assert classify_document(
        "E/CN.4/2001/73", title="Report", authors=["UN. Commission on Human Rights. Special Rapporteur on X"]
    ) == (SP, OTHER, None)
    mission = "Report of the Special Rapporteur on torture : addendum : mission to Kazakhstan"
    assert classify_document("A/HRC/99/1/Add.2", title=mission) == (SP, VISIT, "KAZ")


def test_a_council_document_that_is_neither_stays_unclassified() -> None:
    assert classify_document("A/HRC/8/L.17", title="Special Rapporteur on Trafficking : draft resolution").body is None
    assert classify_document("A/HRC/99/2", title="Annual report of the Secretary-General").body is None
    assert classify_document("A/HRC/99/3", title="Report of the open-ended intergovernmental working group on X").body is None


def test_a_decision_takes_its_state_from_the_title_or_the_one_geographic_subject() -> None:
    assert classify_document("CAT/C/48/D/433/2010", title="Gerasimov v. Kazakhstan") == (CAT, DECISION, "KAZ")
    assert classify_document("CAT/C/48/D/433/2010", title="Communication 433/2010", places=["KAZAKHSTAN"]).state == "KAZ"
    assert classify_document("CAT/C/48/D/433/2010", title="Communication", places=["KAZAKHSTAN", "TAJIKISTAN"]).state is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Report of the Working Group on the Universal Periodic Review : Kazakhstan", "KAZ"),
        ("Situation of human rights in Nigeria", "NGA"),
        ("Situation in the Niger", "NER"),
        ("Mission to Guinea-Bissau", "GNB"),
        ("Mission to Iran", "IRN"),
        ("Visit to Turkey", "TUR"),
        ("Доклад: Таджикистан", "TJK"),
        ("Women, peace and security", None),
        ("Cambodia, by Michael Kirby (Australia)", None),
    ],
)
def test_a_text_names_a_state_only_when_it_names_exactly_one(text: str, code: str | None) -> None:
    assert state_named_in(text) == code


def test_a_symbol_too_long_for_a_document_record_is_refused_with_the_reason() -> None:
    assert document_of("CAT/C/KAZ/" + "X" * 200, title=None) == "a symbol longer than 200 characters"


def test_state_codes_are_those_the_tracker_bundles() -> None:
    assert (state_code("KAZ"), state_code("SOMALIA"), state_code("XYZ"), state_code("Somaliland")) == ("KAZ", "SOM", None, None)


# ---------------------------------------------------------------- URLs


def test_the_marcxml_url_searches_the_symbol_field_newest_first() -> None:
    assert UndlMarcXml().url(f"{BASE}/", {"query": "CAT/C/KAZ"}) == (
        f"{BASE}/search?ln=en&p=CAT%2FC%2FKAZ&f=documentsymbol&rg=200&of=xm&sf=year&so=d"
    )
    assert UndlMarcXml().url(BASE, {"query": "Kazakhstan torture", "field": "title", "rows": "50"}) == (
        f"{BASE}/search?ln=en&p=Kazakhstan+torture&f=title&rg=50&of=xm&sf=year&so=d"
    )


def test_the_rss_url_carries_the_query_and_the_rows() -> None:
    assert UndlRss().url(BASE, {"query": "CAT/C/TJK"}) == f"{BASE}/rss?ln=en&p=CAT%2FC%2FTJK&rg=50"
    assert UndlRss().url(BASE, {"query": "CAT/C/TJK", "rows": "10"}) == f"{BASE}/rss?ln=en&p=CAT%2FC%2FTJK&rg=10"


@pytest.mark.parametrize(
    "params", [{}, {"query": "  "}, {"query": "CAT/C/KAZ", "rows": "0"}, {"query": "CAT/C/KAZ", "rows": "many"}]
)
def test_a_source_without_a_query_or_with_bad_rows_is_refused(params: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="query|rows"):
        UndlMarcXml().url(BASE, params)


# ---------------------------------------------------------------- MARCXML: the real 200 records


def test_every_one_of_the_200_real_records_is_a_document_or_skipped_with_a_reason() -> None:
    harvest = marcxml(REAL_200)
    assert harvest.total == 200
    assert (len(harvest.records), len(harvest.skipped)) == (8, 192)
    assert sum("not a document of a body the tracker follows" in s for s in harvest.skipped) == 182
    assert sum("no document symbol (191/791)" in s for s in harvest.skipped) == 10
    assert "record 515307: E/CN.6/2004/NGO/4: not a document of a body the tracker follows" in harvest.skipped
    assert "record 3963970: no document symbol (191/791)" in harvest.skipped
    assert {r.body for r in harvest.records} == {SP}


def test_a_real_special_procedures_report_keeps_its_symbol_date_title_files_and_record_id() -> None:
    somalia = by_symbol(marcxml(REAL_200))["A/HRC/39/72"]
    assert (somalia.body, somalia.kind, somalia.state) == (SP, OTHER, "SOM")
    assert somalia.published_on == dt.date(2018, 7, 19)
    assert somalia.title == "Report of the Independent Expert on the Situation of Human Rights in Somalia : note"
    assert somalia.library_ids == {"undl": "1639774"}
    assert [v.language for v in somalia.languages] == ["ar", "en", "es", "fr", "ru", "zh"]
    english = somalia.languages[1]
    assert (english.url, english.label) == ("http://digitallibrary.un.org/record/1639774/files/A_HRC_39_72-EN.pdf", "English")
    assert somalia.id is None


def test_decomposed_language_labels_of_real_records_are_read_as_their_language() -> None:
    commission = by_symbol(marcxml(REAL_200))["E/CN.4/1998/96"]  # its labels are written with combining marks
    assert {v.language: v.label for v in commission.languages}["fr"] == "Français"
    assert {v.language: v.label for v in commission.languages}["es"] == "Español"


def test_a_thematic_report_has_no_state_and_a_country_subject_gives_one() -> None:
    documents = by_symbol(marcxml(REAL_200))
    assert documents["E/CN.4/2001/73"].state is None
    assert documents["E/CN.4/1995/4"].state == "BIH"  # from 651, the title names only "the former Yugoslavia"


async def test_the_real_documents_load_into_the_bundled_data_and_reload_changes_nothing(seeded) -> None:
    harvest = marcxml(REAL_200, known=await UndlMarcXml().prepare(seeded))
    first = await seeded.load(harvest.records)
    assert first.counts["document"].created == 8
    again = await seeded.load(harvest.records)
    assert again.total("created") == 0 and again.total("updated") == 0


# ---------------------------------------------------------------- MARCXML: hand-made records


def test_the_hand_made_concluding_observations_are_read_in_full() -> None:
    harvest = marcxml(CO3)
    assert harvest.total == 2 and harvest.skipped == []
    kaz, tjk = by_symbol(harvest)["CAT/C/KAZ/CO/3"], by_symbol(harvest)["CAT/C/TJK/CO/3"]
    assert (kaz.body, kaz.kind, kaz.state, tjk.state) == (CAT, CO, "KAZ", "TJK")
    assert kaz.title == "Concluding observations on the third periodic report of Kazakhstan : Committee against Torture"
    assert (kaz.published_on, tjk.published_on) == (dt.date(2014, 12, 12), dt.date(2018, 6, 18))
    assert (kaz.library_ids, tjk.library_ids) == ({"undl": "9000101"}, {"undl": "9000102"})
    assert [(v.language, v.label) for v in tjk.languages] == [("en", "English"), ("ru", "Русский"), ("fr", "Français")]


async def test_loading_the_library_records_into_stored_documents_keeps_what_editors_recorded(seeded) -> None:
    adapter = UndlMarcXml()
    deadlines = {i.id: i.due_date for i in (await seeded.documents.get("CAT/C/KAZ/CO/3")).items}
    harvest = marcxml(CO3, known=await adapter.prepare(seeded))
    first = await seeded.load(harvest.records)
    assert (first.counts["document"].created, first.counts["document"].updated) == (0, 2)
    detail = await seeded.documents.get("CAT/C/KAZ/CO/3")
    assert {i.id: i.due_date for i in detail.items} == deadlines and dt.date(2015, 11, 28) in deadlines.values()
    kaz = detail.document
    assert kaz.library_ids == {"undl": "9000101"}
    assert [v.language for v in kaz.languages] == ["en", "ru"]
    assert kaz.title == "CAT concluding observations on the third periodic report of Kazakhstan"
    assert (kaz.review, kaz.follow_up_due, kaz.adopted_on) == ("cat-kaz-3", dt.date(2015, 11, 28), dt.date(2014, 11, 27))
    assert kaz.verification is Verification.VERIFIED and kaz.summary and kaz.sources

    again = await seeded.load(harvest.records)
    assert again.total("created") == 0 and again.total("updated") == 0
    rerun = marcxml(CO3, known=await adapter.prepare(seeded))
    third = await seeded.load(rerun.records)
    assert third.total("created") == 0 and third.total("updated") == 0


def test_edge_records_give_upr_decision_and_summary_documents_and_skip_the_unloadable() -> None:
    harvest = marcxml(EDGES)
    documents = by_symbol(harvest)
    assert harvest.total == 57
    assert set(documents) == {"CAT/C/TJK/FCO/3", "A/HRC/28/10", "A/HRC/WG.6/20/KAZ/1", "CAT/C/48/D/433/2010", "CAT/C/SR.1998"}
    assert harvest.skipped == [
        "record 9000205: CAT/C/XYZ/CO/1: unknown State code 'XYZ'",
        "record 9000206: the same document as record 9000201",
        "record 9000208: A/HRC/99/99: upr outcome of no State the record names",
    ]
    upr = documents["A/HRC/28/10"]  # its symbol is in 791 only
    assert (upr.body, upr.kind, upr.state, upr.library_ids) == (UPR, DocumentKind.UPR_OUTCOME, "KAZ", {"undl": "9000202"})
    assert (documents["A/HRC/WG.6/20/KAZ/1"].kind, documents["CAT/C/48/D/433/2010"].state) == (REPORT, "KAZ")
    assert documents["CAT/C/SR.1998"].library_ids == {}


def test_a_date_given_to_the_month_or_year_is_its_first_day_with_a_note() -> None:
    documents = by_symbol(marcxml(EDGES))
    follow_up, national = documents["CAT/C/TJK/FCO/3"], documents["A/HRC/WG.6/20/KAZ/1"]
    assert follow_up.published_on == dt.date(2021, 12, 1)
    assert follow_up.notes == "The UN Digital Library dates it only to 2021-12; published_on is the first day of that month."
    assert national.published_on == dt.date(2014, 1, 1)
    assert "first day of that year" in (national.notes or "")
    assert documents["CAT/C/48/D/433/2010"].published_on is None


def test_a_file_labelled_other_takes_its_language_from_its_name_and_a_link_of_no_language_is_left_out() -> None:
    follow_up = by_symbol(marcxml(EDGES))["CAT/C/TJK/FCO/3"]
    assert [(v.language, v.label) for v in follow_up.languages] == [("en", "English"), ("de", "Other")]


async def test_a_stored_document_keeps_its_own_state_and_precise_date(seeded) -> None:
    harvest = marcxml(EDGES, known=await UndlMarcXml().prepare(seeded))
    documents = by_symbol(harvest)
    assert documents["CAT/C/SR.1998"].state == "KAZ"  # the editors' State; the symbol names none
    assert documents["CAT/C/TJK/FCO/3"].published_on == dt.date(2021, 12, 13)
    assert documents["CAT/C/TJK/FCO/3"].notes == "Received 2021-08-12."
    report = await seeded.load(harvest.records)
    assert (report.counts["document"].created, report.counts["document"].updated) == (1, 4)
    again = await seeded.load(harvest.records)
    assert again.total("created") == 0 and again.total("updated") == 0


# ---------------------------------------------------------------- MARCXML: bodies that are not MARCXML


def test_malformed_marcxml_is_a_parse_error() -> None:
    body = b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record></collection>'
    with pytest.raises(ParseError, match="not well-formed"):
        UndlMarcXml().parse(io.BytesIO(body), ParseContext())


def test_a_truncated_body_is_a_parse_error() -> None:
    data = REAL_200.read_bytes()
    with pytest.raises(ParseError, match="not well-formed"):
        UndlMarcXml().parse(io.BytesIO(data[: len(data) // 2]), ParseContext())


@pytest.mark.parametrize("body", [FEED.read_bytes(), b"<html><body><p>Please wait</p></body></html>"])
def test_xml_that_is_not_marcxml_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError, match="not MARCXML"):
        UndlMarcXml().parse(io.BytesIO(body), ParseContext())


def test_an_empty_body_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        UndlMarcXml().parse(io.BytesIO(b""), ParseContext())


def test_external_entities_are_not_resolved() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
        b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record><controlfield tag="001">1</controlfield>'
        b'<datafield tag="191" ind1=" " ind2=" "><subfield code="a">CAT/C/KAZ/CO/3</subfield></datafield>'
        b'<datafield tag="245" ind1=" " ind2=" "><subfield code="a">&e;</subfield></datafield></record></collection>'
    )
    (document,) = UndlMarcXml().parse(io.BytesIO(body), ParseContext()).records
    assert isinstance(document, DocumentRecord) and document.title is None


# ---------------------------------------------------------------- RSS


def test_feed_items_with_a_symbol_become_documents_and_the_others_are_skipped() -> None:
    harvest = rss(FEED.read_bytes())
    documents = by_symbol(harvest)
    assert set(documents) == {"CAT/C/KAZ/CO/3", "CAT/C/TJK/CO/3"}
    tjk = documents["CAT/C/TJK/CO/3"]  # its symbol is in the description only
    assert (tjk.body, tjk.kind, tjk.state) == (CAT, CO, "TJK")
    assert tjk.title == "Concluding observations on the third periodic report of Tajikistan : Committee against Torture"
    assert (tjk.published_on, tjk.library_ids) == (dt.date(2018, 6, 18), {"undl": "9000102"})
    assert documents["CAT/C/KAZ/CO/3"].library_ids == {"undl": "9000101"}
    assert harvest.skipped == ["item 9000103: no document symbol of a body the tracker follows in its title or description"]
    assert harvest.total is None


async def test_feed_documents_load_into_stored_ones_idempotently(seeded) -> None:
    harvest = rss(FEED.read_bytes(), known=await UndlRss().prepare(seeded))
    first = await seeded.load(harvest.records)
    assert (first.counts["document"].created, first.counts["document"].updated) == (0, 2)
    tjk = (await seeded.documents.get("CAT/C/TJK/CO/3")).document
    assert (tjk.library_ids, tjk.title) == (
        {"undl": "9000102"},
        "CAT concluding observations on the third periodic report of Tajikistan",
    )
    again = await seeded.load(harvest.records)
    assert again.total("created") == 0 and again.total("updated") == 0


def test_an_empty_well_formed_feed_is_an_empty_harvest() -> None:
    body = b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>UN Digital Library</title></channel></rss>'
    harvest = rss(body)
    assert (harvest.records, harvest.skipped) == ([], [])


@pytest.mark.parametrize(
    "body", [b"<rss><channel><title>x</", b'{"hits": []}', b"", b"<html><body>Service unavailable</body></html>"]
)
def test_a_body_that_yields_no_feed_entries_and_is_no_feed_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError, match="not a readable feed"):
        rss(body, content_type="text/html" if body.startswith(b"<html") else None)


def test_a_body_that_looks_like_a_path_is_read_as_content_never_opened(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_bytes(FEED.read_bytes())
    with pytest.raises(ParseError):
        rss(str(path).encode())
