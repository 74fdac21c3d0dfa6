"""The UHRI bulk-export adapter: what a hand-made export in the real schema becomes, loading it, and bounded memory.

``export-sample.json`` is described record by record in the fixture directory's README.
"""

from __future__ import annotations

import importlib.util
import io
import json
import tracemalloc
from pathlib import Path
from unittest.mock import ANY

import httpx
import pytest

import tracker
from tracker.domain.enums import Body, DocumentKind, RunOutcome, UprResponse
from tracker.records import DocumentRecord, RecommendationRecord
from tracker_scrapers.harvest import Harvest, ParseContext, ParseError
from tracker_scrapers.http import Fetcher, FetchPolicy
from tracker_scrapers.runner import Runner
from tracker_scrapers.snapshots import SnapshotStore
from tracker_scrapers.sources import uhri
from tracker_scrapers.sources.uhri import PUBLISHER, Stored, UhriExport, paragraph_number, upr_number

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "tests/fixtures/scrapers/uhri/export-sample.json").read_bytes()
CO3 = "CAT/C/KAZ/CO/3"


def harvest_of(data: bytes, known: object = None, **params: str) -> Harvest:
    return UhriExport().parse(io.BytesIO(data), ParseContext(params=params, known=known))


def documents(harvest: Harvest) -> dict[str, DocumentRecord]:
    return {r.symbol: r for r in harvest.records if isinstance(r, DocumentRecord)}


def recommendations(harvest: Harvest) -> dict[tuple[str, str], RecommendationRecord]:
    return {(r.document, r.paragraph): r for r in harvest.records if isinstance(r, RecommendationRecord)}


def annotation(n: int) -> str:
    return f"annotation a0000000-0000-4000-8000-{n:012d}"


# ---------------------------------------------------------------- where to fetch


def test_the_url_is_the_full_english_export_under_the_base() -> None:
    adapter = UhriExport()
    assert adapter.url("https://dataex.ohchr.org/uhri", {}) == "https://dataex.ohchr.org/uhri/export-results/export-full-en.json"
    assert adapter.url("https://dataex.ohchr.org/uhri/", {}) == "https://dataex.ohchr.org/uhri/export-results/export-full-en.json"


def test_a_base_naming_a_json_file_is_fetched_as_it_is() -> None:
    assert UhriExport().url("https://mirror.example.org/uhri/full.JSON", {}) == "https://mirror.example.org/uhri/full.JSON"


# ---------------------------------------------------------------- what the sample becomes


def test_kazakhstan_gets_its_recommendations_documents_context_and_skips() -> None:
    harvest = harvest_of(SAMPLE, state="KAZ")

    assert sorted(documents(harvest)) == ["A/HRC/43/10", CO3, "CEDAW/C/KAZ/CO/5"]
    assert sorted(recommendations(harvest)) == sorted(
        [
            (CO3, "8"),
            (CO3, "9"),
            (CO3, "10"),
            (CO3, "12"),
            (CO3, "13"),
            (CO3, "14"),
            (CO3, "15"),
            (CO3, "16a"),
            ("A/HRC/43/10", "140.97"),
            ("A/HRC/43/10", "140.150"),
            ("CEDAW/C/KAZ/CO/5", "18"),
        ]
    )
    assert harvest.context == 2  # the concerns of paragraphs 7 and 11
    assert harvest.skipped == [
        f"{annotation(10)}: cat-c-kaz-co-3-p12 again with another text; merged, the first text is kept",
        f"{annotation(15)}: no paragraph number at the start of its text ('The Committee requests the State party t')",
        f"{annotation(18)}: no recommendation number at the start of its text ('Continue its efforts to reduce poverty (')",
        f"{annotation(25)}: cannot tell whose document A/HRC/99/99 is; Countries names several States: ['Kazakhstan', 'Kyrgyzstan']",
        "1 record of 'SR on the rights to freedom of peaceful assembly and of association', a body the tracker follows no items of",
        "1 record annotated 'Positive aspects', neither recommendations nor concerns",
    ]


def test_a_concluding_observations_paragraph_loses_its_number_and_keeps_its_tags() -> None:
    item = recommendations(harvest_of(SAMPLE, state="KAZ"))[(CO3, "8")]

    assert item.text == (
        "The State party should ensure prompt, impartial and effective investigation of all allegations "
        "of torture and ill-treatment."
    )
    assert item.themes == ["Torture and other cruel, inhuman or degrading treatment or punishment", "Impunity"]
    assert (item.response, item.cycle, item.recommending_states, item.follow_up) == (None, None, [], False)
    assert item.sources[0].publisher == PUBLISHER
    assert item.sources[0].title == f"UHRI {annotation(4)}"


def test_html_is_read_as_text_with_a_line_per_paragraph() -> None:
    harvest = harvest_of(SAMPLE, state="KAZ")

    assert recommendations(harvest)[(CO3, "14")].text == (
        "The State party should:\n(a) Ensure that detainees are afforded all fundamental legal safeguards;\n"
        "(b) Record every detention from its outset & inform relatives."
    )
    assert recommendations(harvest)[("CEDAW/C/KAZ/CO/5", "18")].text.endswith("against women & girls.")


def test_a_sub_paragraph_annotation_becomes_a_lettered_paragraph() -> None:
    item = recommendations(harvest_of(SAMPLE, state="KAZ"))[(CO3, "16a")]

    assert item.text == "Ensure that all detainees are examined by an independent doctor on arrival."


def test_a_upr_recommendation_keeps_its_number_position_cycle_and_recommending_states() -> None:
    harvest = harvest_of(SAMPLE, state="KAZ")
    supported = recommendations(harvest)[("A/HRC/43/10", "140.97")]
    noted = recommendations(harvest)[("A/HRC/43/10", "140.150")]

    assert supported.text.startswith("Amend article 174 of the Criminal Code")
    assert (supported.response, supported.cycle, supported.recommending_states) == (UprResponse.SUPPORTED, 3, ["NOR"])
    assert (noted.response, noted.recommending_states) == (UprResponse.NOTED, ["AUS", "CAN"])


def test_documents_take_body_kind_state_and_publication_date_from_their_records() -> None:
    found = documents(harvest_of(SAMPLE, state="KAZ"))

    assert (found[CO3].body, found[CO3].kind, found[CO3].state) == (Body.CAT, DocumentKind.CONCLUDING_OBSERVATIONS, "KAZ")
    assert str(found[CO3].published_on) == "2014-12-12"
    assert found[CO3].adopted_on is None  # a publication date is not the adoption
    assert (found["A/HRC/43/10"].body, found["A/HRC/43/10"].kind) == (Body.UPR, DocumentKind.UPR_OUTCOME)


def test_two_annotations_of_one_paragraph_are_merged_into_one_recommendation() -> None:
    items = recommendations(harvest_of(SAMPLE, state="KAZ"))

    assert items[(CO3, "9")].themes == ["Detention conditions", "Health"]
    assert items[(CO3, "9")].affected_groups == ["Persons deprived of their liberty", "Persons with disabilities"]
    assert [s.title for s in items[(CO3, "9")].sources] == [f"UHRI {annotation(5)}", f"UHRI {annotation(6)}"]
    assert (
        items[(CO3, "12")].text
        == "The State party should ensure that no statement made as a result of torture is invoked as evidence."
    )
    assert items[(CO3, "12")].themes == ["Administration of justice & fair trial", "Legal & institutional framework"]


def test_all_states_adds_peru_and_tajikistan_and_what_they_skip() -> None:
    harvest = harvest_of(SAMPLE)

    assert sorted(documents(harvest)) == ["A/HRC/43/10", CO3, "CAT/C/TJK/CO/3", "CEDAW/C/KAZ/CO/5", "CRC/C/PER/CO/6-7"]
    assert len(recommendations(harvest)) == 15
    assert ("CRC/C/PER/CO/6-7", "5") in recommendations(harvest)
    assert harvest.context == 4  # two of Kazakhstan, Peru's real record, one of Tajikistan
    assert len(harvest.skipped) == 8
    assert (
        f"{annotation(26)}: cannot tell whose document CCPR/C/UNK/CO/1 is; Countries names no State the tracker "
        "knows: ['Kosovo (under UNSC res. 1244)']"
    ) in harvest.skipped
    assert "1 record of 'WG on Arbitrary Detention', a body the tracker follows no items of" in harvest.skipped


def test_a_record_of_two_countries_belongs_only_to_the_state_whose_document_it_is() -> None:
    # Record 23 names Kazakhstan and Tajikistan; its symbol is CAT/C/TJK/CO/3.
    assert ("CAT/C/TJK/CO/3", "46") not in recommendations(harvest_of(SAMPLE, state="KAZ"))
    assert ("CAT/C/TJK/CO/3", "46") in recommendations(harvest_of(SAMPLE, state="TJK"))
    assert ("CAT/C/TJK/CO/3", "46") in recommendations(harvest_of(SAMPLE, state="kaz, tjk"))


def test_a_state_filter_leaves_out_the_other_states_entirely() -> None:
    harvest = harvest_of(SAMPLE, state="PER")

    assert sorted(recommendations(harvest)) == [("CRC/C/PER/CO/6-7", "5")]
    assert (harvest.context, harvest.skipped) == (1, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.The Committee", ("4", "The Committee")),
        ("4. The Committee", ("4", "The Committee")),
        ("08 The Committee", ("8", "The Committee")),
        ("16 (a) Ensure", ("16a", "Ensure")),
        ("16(b)Ensure", ("16b", "Ensure")),
        ("16. (a) Ensure; (b) Adopt", ("16", "(a) Ensure; (b) Adopt")),  # the whole paragraph, not its (a)
        ("2014 was a year", (None, "2014 was a year")),
        ("(a) Ensure", (None, "(a) Ensure")),
    ],
)
def test_paragraph_numbers(text: str, expected: tuple[str | None, str]) -> None:
    assert paragraph_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120.45 Ratify (Chile);", ("120.45", "Ratify (Chile);")),
        ("120.45. Ratify", ("120.45", "Ratify")),
        ("095.05 Ratify", ("95.5", "Ratify")),
        ("120 Ratify", (None, "120 Ratify")),
    ],
)
def test_upr_numbers(text: str, expected: tuple[str | None, str]) -> None:
    assert upr_number(text) == expected


# ---------------------------------------------------------------- bodies that are not an export


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (SAMPLE[: len(SAMPLE) // 2], "malformed or truncated after 13 records"),
        (SAMPLE.rstrip()[:-1], "malformed or truncated after 28 records"),
        (SAMPLE + b"[]", "malformed or truncated after 28 records"),
        (b'{"AnnotationId": "a", "Symbol": "CAT/C/KAZ/CO/3"}', "not a JSON array of records (it starts with '{')"),
        (b"", "the UHRI export is empty"),
        (b" \n ", "the UHRI export is empty"),
    ],
)
def test_a_body_that_is_not_a_whole_export_is_a_parse_error(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        harvest_of(body)


@pytest.mark.parametrize("read_size", [1, 100, 4096])
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (SAMPLE[: len(SAMPLE) // 2], "malformed or truncated after 13 records"),
        (SAMPLE + b"[]", "malformed or truncated after 28 records"),
    ],
)
def test_a_broken_export_fails_after_as_many_records_however_it_is_read(
    body: bytes, message: str, read_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uhri, "_READ_SIZE", read_size)

    with pytest.raises(ParseError, match=message):
        harvest_of(body)


def _with_odd_elements() -> bytes:
    """The sample with a record whose text holds what lies between two records, a string and a list among the records."""
    records = json.loads(SAMPLE)
    records[6]["Text"] = records[6]["Text"].replace("should ", 'should (see {"a": 1}, {"b": 2}) ', 1)
    return json.dumps([*records[:3], "x", *records[3:20], [1], *records[20:]], indent=1).encode()


@pytest.mark.parametrize(("read_size", "longest_run"), [(1, None), (100, None), (700, None), (2000, None), (100, 300)])
def test_the_harvest_does_not_depend_on_how_much_of_the_export_is_read_at_once(
    read_size: int, longest_run: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _with_odd_elements()
    whole = harvest_of(data)
    monkeypatch.setattr(uhri, "_READ_SIZE", read_size)
    if longest_run:  # records longer than that: read on by ijson
        monkeypatch.setattr(uhri, "_LONGEST_RUN", longest_run)

    assert len(data) > 10 * read_size
    read = harvest_of(data)

    assert (read.records, read.context, read.skipped) == (whole.records, whole.context, whole.skipped)
    assert 'should (see {"a": 1}, {"b": 2}) ' in recommendations(read)[(CO3, "10")].text
    assert {"a str where a record was expected", "a list where a record was expected"} <= set(read.skipped)


def test_a_byte_order_mark_and_an_empty_array_are_an_empty_harvest() -> None:
    harvest = harvest_of(b"\xef\xbb\xbf [ ]")

    assert (harvest.records, harvest.context, harvest.skipped) == ([], 0, [])


def test_an_element_that_is_not_a_record_is_skipped() -> None:
    assert harvest_of(b'["x", 1]').skipped == ["a str where a record was expected", "a int where a record was expected"]


# ---------------------------------------------------------------- loading into the tracker


async def parse_and_load(t: tracker.Tracker, data: bytes) -> tuple[Harvest, tracker.LoadReport]:
    adapter = UhriExport()
    harvest = adapter.parse(io.BytesIO(data), ParseContext(known=await adapter.prepare(t)))
    return harvest, await t.load(harvest.records)


async def test_loading_adds_to_the_bundled_data_and_leaves_its_records_as_they_are(tmp_path: Path) -> None:
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        seeded = await t.items.get("cat-c-kaz-co-3-p8")
        harvest, report = await parse_and_load(t, SAMPLE)

        assert (report.counts["document"].created, report.counts["document"].updated) == (2, 0)  # CEDAW/C/KAZ/CO/5, Peru's
        assert (report.counts["item"].created, report.counts["item"].updated) == (8, 0)
        kept = await t.items.get("cat-c-kaz-co-3-p8")
        assert (kept.item.text, kept.item.follow_up, kept.item.due_date) == (seeded.item.text, True, seeded.item.due_date)
        assert f"{annotation(4)}: cat-c-kaz-co-3-p8 is recorded from another source; the stored item is kept" in harvest.skipped
        added = await t.items.get("cat-c-kaz-co-3-p9")
        assert added.item.text.startswith("The State party should improve material conditions")
        assert added.item.state == "KAZ"
        upr = await t.items.get("a-hrc-43-10-r140.97")
        assert (upr.item.response, upr.item.recommending_states) == (UprResponse.SUPPORTED, ["NOR"])
        assert (await t.documents.get("A/HRC/43/10")).document.review == "upr-kaz-3"  # the bundled document, untouched


async def test_loading_the_same_export_again_creates_and_updates_nothing(tmp_path: Path) -> None:
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        await parse_and_load(t, SAMPLE)
        _, again = await parse_and_load(t, SAMPLE)

        assert (again.total("created"), again.total("updated")) == (0, 0)


async def test_a_changed_text_updates_exactly_one_item(tmp_path: Path) -> None:
    changed = SAMPLE.replace(
        b"adopt a comprehensive definition of discrimination", b"adopt without delay a definition of discrimination"
    )
    assert changed != SAMPLE
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        await parse_and_load(t, SAMPLE)
        _, report = await parse_and_load(t, changed)

        assert (report.total("created"), report.total("updated"), report.counts["item"].updated) == (0, 1, 1)
        assert "without delay" in (await t.items.get("cedaw-c-kaz-co-5-p18")).item.text


def test_a_record_without_a_usable_symbol_is_skipped() -> None:
    record = {**json.loads(SAMPLE)[27], "Symbol": " / "}

    assert harvest_of(json.dumps([record]).encode()).skipped == [f"{annotation(28)}: no usable Symbol ('/')"]


def test_a_stored_document_of_another_state_takes_no_recommendation() -> None:
    upr = json.loads(SAMPLE)[15]
    stored = Stored(documents={"a-hrc-43-10": ("A/HRC/43/10", "TJK")})

    harvest = harvest_of(json.dumps([upr]).encode(), known=stored)

    assert (harvest.records, harvest.skipped) == (
        [],
        [f"{annotation(16)}: A/HRC/43/10 is stored as a document of TJK, the index gives it to KAZ"],
    )


# ---------------------------------------------------------------- in batches


def batches_of(data: bytes, size: int, known: object = None) -> list[Harvest]:
    return list(UhriExport().batches(io.BytesIO(data), ParseContext(known=known), size=size))


def test_batches_hold_what_one_parse_holds_and_name_each_document_once() -> None:
    whole = harvest_of(SAMPLE)
    batches = batches_of(SAMPLE, 2)

    assert [len(recommendations(b)) for b in batches] == [9, 2, 3, 1]  # each cut where a document begins
    assert {k: v for b in batches for k, v in recommendations(b).items()} == recommendations(whole)
    assert sorted(symbol for b in batches for symbol in documents(b)) == sorted(documents(whole))
    assert sum(b.context for b in batches) == whole.context
    assert [line for b in batches for line in b.skipped] == whole.skipped


def test_a_paragraph_annotated_again_after_its_batch_keeps_its_first_annotation() -> None:
    records = json.loads(SAMPLE)
    cedaw, again = records[27], {**records[27], "AnnotationId": "b0000000-0000-4000-8000-000000000001", "Themes": ["Health"]}
    data = json.dumps([cedaw, records[1], again]).encode()

    first, second, last = batches_of(data, 1)

    assert recommendations(first)[("CEDAW/C/KAZ/CO/5", "18")].themes == ["Women's rights", "Discrimination against women"]
    assert (recommendations(second), documents(last), recommendations(last)) == ({("CRC/C/PER/CO/6-7", "5"): ANY}, {}, {})
    assert last.skipped == [
        "annotation b0000000-0000-4000-8000-000000000001: cedaw-c-kaz-co-5-p18 again, after an earlier "
        "batch; the first annotation is kept"
    ]


async def test_loading_the_batches_in_order_loads_what_one_harvest_loads(tmp_path: Path) -> None:
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        known = await UhriExport().prepare(t)
        created = [(await t.load(b.records)).total("created") for b in batches_of(SAMPLE, 2, known)]
        again = [await t.load(b.records) for b in batches_of(SAMPLE, 2, await UhriExport().prepare(t))]

        assert sum(created) == 10  # 2 documents and 8 items, as in one harvest
        assert [(r.total("created"), r.total("updated")) for r in again] == [(0, 0)] * len(again)


async def test_the_runner_fetches_the_export_and_loads_its_batches_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uhri, "BATCH", 2)
    asked: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, content=SAMPLE, headers={"Content-Type": "application/json"})

    async def no_wait(seconds: float) -> None:
        return None

    policy = FetchPolicy(retries=1, backoff=0.0, politeness=0.0)
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/t.db", upgrade=True) as t:
        await t.seed()
        await t.sources.add("uhri-sample", "uhri-export", "https://dataex.test/uhri", params={"state": "KAZ,TJK"}, every="1d")
        async with Fetcher(
            SnapshotStore(tmp_path / "snapshots"), policy=policy, transport=httpx.MockTransport(server), sleep=no_wait
        ) as fetcher:
            run = await Runner(t, fetcher, holder="test").run("uhri-sample")

        assert asked == ["https://dataex.test/uhri/export-results/export-full-en.json"]
        assert (run.outcome, run.error) == (RunOutcome.OK, None)
        # CEDAW/C/KAZ/CO/5 and 7 items of Kazakhstan; the bundled KAZ and TJK paragraphs are left alone.
        assert (run.created, run.updated) == (8, 0)
        assert run.skipped == 14
        assert (await t.items.get("cat-c-kaz-co-3-p9")).item.sources[0].url == asked[0]


# ---------------------------------------------------------------- a large export, a record at a time


def _write_export():  # the generator lives with the benchmarks, which are not a package of the distribution
    spec = importlib.util.spec_from_file_location("uhri_export", ROOT / "benchmarks/uhri_export.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_export


def test_parsing_a_large_export_keeps_memory_far_below_its_size(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    _write_export()(path, 20_000)
    size = path.stat().st_size

    tracemalloc.start()
    try:
        with path.open("rb") as body:
            harvest = UhriExport().parse(body, ParseContext(params={"state": "KAZ,TJK"}))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert size > 20_000_000
    assert len(recommendations(harvest)) > 10
    # Decoding the whole array at once (json.load) takes more than the file's size in objects.
    assert peak < size / 10, f"peak {peak:,} bytes traced while parsing {size:,} bytes"
