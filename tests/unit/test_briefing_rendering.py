"""A briefing prints the same content as Markdown, HTML and Word: compact, escaped, with nothing empty."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import docx
import msgspec
import pytest

from tracker.domain.entities import (
    ActionBrief,
    Briefing,
    BriefingAction,
    BriefingCase,
    BriefingChange,
    BriefingClaim,
    BriefingItem,
    BriefingLink,
    BriefingNew,
    BriefingSummary,
    CourtRuling,
    SourceRef,
    State,
    StatusBasis,
)
from tracker.domain.enums import (
    ActionKind,
    AssessorKind,
    Body,
    DatePrecision,
    Effect,
    ItemKind,
    Status,
    StatusRule,
    Verification,
)
from tracker.rendering import to_docx, to_html, to_markdown

BASE = "https://tracker.example.org"
KAZAKHSTAN = State(code="KAZ", names={"en": "Kazakhstan", "ru": "Казахстан"})
GERASIMOV_NOTE = "State reply overdue since 22 Aug 2012 (over 14 years)"
LAW_SOURCE = "https://adilet.zan.kz/eng/docs/Z2300000001"
SECTION_HEADINGS = (
    "Summary",
    "New in the period",
    "What the State did",
    "Status changes",
    "Outstanding",
    "State replies overdue",
    "Still open",
    "Individual cases with a remedy still open",
    "Awaiting verification",
    "Sources",
)


def _item(
    id: str, label: str, *, status: Status = Status.NOT_IMPLEMENTED, body: Body = Body.CAT, **fields: object
) -> BriefingItem:
    kind = ItemKind.REMEDY if "v." in label else ItemKind.RECOMMENDATION
    return BriefingItem(id=id, label=label, body=body, kind=kind, status=status, status_rule=StatusRule.BODY_ASSESSMENT, **fields)


TORTURE_DEFINITION = "CAT/C/KAZ/CO/4, para. 10: definition and penalties for torture"
SAFEGUARDS = "CAT/C/KAZ/CO/4, para. 11: legal safeguards"
REPLY_OVERDUE = _item(
    "cat-c-kaz-co-4-p11",
    SAFEGUARDS,
    follow_up=True,
    due_date=dt.date(2015, 12, 11),
    overdue=True,
    deadline_note="State reply overdue since 11 Dec 2015 (over 10 years)",
    themes=["fundamental_legal_safeguards"],
)
STILL_OPEN = [
    _item(
        "cat-c-kaz-co-4-p10",
        TORTURE_DEFINITION,
        status=Status.PARTIALLY_IMPLEMENTED,
        themes=["definition_and_criminalisation"],
        awaiting_verification=1,
    ),
    _item(
        "ccpr-c-kaz-co-2-p24",
        "CCPR/C/KAZ/CO/2, para. 24: torture and ill-treatment",
        body=Body.CCPR,
        themes=["investigation_and_prosecution", "redress_and_compensation"],
    ),
    _item(
        "a-hrc-43-10-r120.45",
        "A/HRC/43/10, rec. 120.45: independent complaints mechanism",
        body=Body.UPR,
        status=Status.NO_INFORMATION,
    ),
]
COMPENSATION = _item(
    "cat-433-2010-compensation",
    "Gerasimov v. Kazakhstan (CAT 433/2010): compensation",
    due_date=dt.date(2012, 8, 22),
    overdue=True,
    deadline_note=GERASIMOV_NOTE,
    themes=["redress_and_compensation"],
)


def kazakhstan(**changes: object) -> Briefing:
    """A briefing on Kazakhstan since 1 Jan 2023, as the briefing query would return it."""
    fields: dict[str, object] = dict(
        state=KAZAKHSTAN,
        since=dt.date(2023, 1, 1),
        until=dt.date(2026, 12, 2),
        as_of=dt.date(2026, 12, 2),
        summary=BriefingSummary(
            items=39,
            by_status={
                "no_information": 9,
                "not_implemented": 22,
                "partially_implemented": 5,
                "implemented": 3,
                "contrary": 0,
                "closed": 0,
            },
            by_body={
                "CAT": {"not_implemented": 10, "implemented": 2},
                "CCPR": {"not_implemented": 15},
                "UPR": {"no_information": 9, "partially_implemented": 3},
            },
            replies_overdue=4,
            new_recommendations=12,
            coverage="Covers CAT, CCPR, UPR. Statuses and deadlines as of 2 Dec 2026, from verified records only.",
            verification="1 action and 1 assessment listed here await verification by a second editor.",
            latest_document=dt.date(2024, 5, 2),
            latest_action=dt.date(2024, 6, 14),
            unverified_actions=1,
            unverified_assessments=1,
        ),
        new=[
            BriefingNew(
                id="ccpr-c-kaz-co-3",
                label="CCPR/C/KAZ/CO/3",
                body=Body.CCPR,
                adopted_on=dt.date(2023, 3, 28),
                items=42,
                follow_up=3,
            ),
            BriefingNew(
                id="cat-1107-2021", label="Abdrakhmanov v. Kazakhstan", body=Body.CAT, adopted_on=dt.date(2024, 5, 2), items=2
            ),
        ],
        actions=[
            BriefingAction(
                id="act-kaz-2024-06-1a2b3c4d",
                date=dt.date(2024, 6, 14),
                kind=ActionKind.COURT_RULING,
                title="Almaty city court awards compensation to a torture victim",
                detail="Almaty city court (appeal): partly granted — awarded 2,000,000 KZT",
                verification=Verification.UNVERIFIED,
                recorded_by="key:ngo-a",
                sources=[SourceRef(url="https://kibhr.example.org/news/2024-06-14", title="Court ruling", publisher="KIBHR")],
                items=[BriefingLink(item=COMPENSATION.id, label=COMPENSATION.label, effect=Effect.ADVANCES)],
            ),
            BriefingAction(
                id="act-kaz-2023-03-5e6f7a8b",
                date=dt.date(2023, 3, 1),
                date_precision=DatePrecision.MONTH,
                kind=ActionKind.LEGISLATION_AMENDED,
                title="Law amending the Criminal Code on torture",
                verification=Verification.VERIFIED,
                sources=[SourceRef(url=LAW_SOURCE, title="Law No. 188-VII of 2023", publisher="Adilet")],
                items=[BriefingLink(item="cat-c-kaz-co-4-p10", label=TORTURE_DEFINITION, effect=Effect.PARTIAL)],
            ),
        ],
        actions_total=2,
        changes=[
            BriefingChange(
                item="cat-c-kaz-co-4-p10",
                label=TORTURE_DEFINITION,
                on=dt.date(2023, 3, 1),
                precision=DatePrecision.MONTH,
                from_=Status.NOT_IMPLEMENTED,
                to=Status.PARTIALLY_IMPLEMENTED,
                basis=StatusBasis(rule=StatusRule.LINKED_ACTIONS, action="act-kaz-2023-03-5e6f7a8b"),
                because="law amended of Mar 2023: Law amending the Criminal Code on torture",
                action=ActionBrief(
                    id="act-kaz-2023-03-5e6f7a8b",
                    kind=ActionKind.LEGISLATION_AMENDED,
                    date=dt.date(2023, 3, 1),
                    date_precision=DatePrecision.MONTH,
                    title="Law amending the Criminal Code on torture",
                ),
            ),
        ],
        changes_total=1,
        replies_overdue=[REPLY_OVERDUE],
        replies_overdue_total=1,
        outstanding=STILL_OPEN,
        outstanding_total=3,
        cases=[
            BriefingCase(
                decision="cat-433-2010",
                label="Gerasimov v. Kazakhstan (CAT 433/2010)",
                symbol="CAT/C/48/D/433/2010",
                adopted_on=dt.date(2012, 5, 24),
                remedies=[COMPENSATION],
            ),
        ],
        cases_total=1,
        unverified=[
            BriefingClaim(
                item="cat-c-kaz-co-4-p10",
                label=TORTURE_DEFINITION,
                date=dt.date(2024, 2, 1),
                assessor="KIBHR",
                assessor_kind=AssessorKind.NGO,
                grade="B2",
                status=Status.PARTIALLY_IMPLEMENTED,
                recorded_by="key:ngo-a",
            ),
        ],
    )
    fields.update(changes)
    return Briefing(**fields)  # type: ignore[arg-type]


def empty() -> Briefing:
    """The same State with nothing in any list."""
    return kazakhstan(
        new=[],
        actions=[],
        actions_total=0,
        changes=[],
        changes_total=0,
        replies_overdue=[],
        replies_overdue_total=0,
        outstanding=[],
        outstanding_total=0,
        cases=[],
        cases_total=0,
        unverified=[],
    )


def docx_text(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]


class _Text(HTMLParser):
    """Visible text of an HTML page, without its style and without the Sources list."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style" or (tag == "ol" and ("class", "sources") in attrs):
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def markdown_section(text: str, heading: str) -> str:
    """The Markdown from ``## heading`` to the next heading of the same level."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


@pytest.mark.parametrize("render", [to_markdown, lambda b: html_text(to_html(b)), lambda b: "\n".join(docx_text(to_docx(b)))])
def test_every_format_names_the_items_and_prints_deadline_notes_as_they_are(render) -> None:
    text = render(kazakhstan())
    for label in (TORTURE_DEFINITION, SAFEGUARDS, "Gerasimov v. Kazakhstan (CAT 433/2010)", COMPENSATION.label):
        assert label in text
    assert GERASIMOV_NOTE in text
    assert "State reply overdue since 11 Dec 2015 (over 10 years)" in text
    assert "OVERDUE" not in text


@pytest.mark.parametrize("render", [to_markdown, lambda b: html_text(to_html(b)), lambda b: "\n".join(docx_text(to_docx(b)))])
def test_every_format_marks_the_unverified_action_and_claim(render) -> None:
    text = render(kazakhstan())
    assert "[unverified — recorded by key:ngo-a]" in text.replace("**", "")
    assert text.count("unverified — recorded by") == 1, "the verified law must carry no mark"
    assert "KIBHR (NGO) graded B2 (partially implemented) on 1 Feb 2024, recorded by key:ngo-a" in text
    assert "not counted until another editor verifies it" in text


def test_statuses_kinds_and_dates_print_in_words() -> None:
    text = to_markdown(kazakhstan())
    assert "39 items: 3 implemented, 5 partially implemented, 22 not implemented, 9 no information" in text
    assert "CAT 12 · CCPR 15 · UPR 12" in text
    assert "Period: since 1 Jan 2023 to 2 Dec 2026 · statuses as of 2 Dec 2026" in text
    assert "Mar 2023 — law amended: Law amending the Criminal Code on torture" in text
    assert (
        ": not implemented → partially implemented (law amended of Mar 2023: Law amending the Criminal Code on torture)" in text
    )
    assert "Covers CAT, CCPR, UPR; latest document adopted 2 May 2024; latest action recorded 14 Jun 2024." in text
    assert "1 action and 1 assessment listed here await verification by a second editor" in text
    assert "0 contrary" not in text
    assert not re.search(r"partially_implemented|not_implemented|legislation_amended|redress_and", text)


def test_new_documents_count_recommendations_and_new_decisions_count_remedies() -> None:
    section = markdown_section(to_markdown(kazakhstan(), base_url=BASE), "New in the period")
    assert "CCPR/C/KAZ/CO/3 (CCPR, adopted 28 Mar 2023) — 42 recommendations, 3 selected for follow-up" in section
    assert f"[Abdrakhmanov v. Kazakhstan]({BASE}/decisions/cat-1107-2021) (CAT, adopted 2 May 2024) — 2 remedies" in section


def test_a_period_without_a_start_and_filters_are_said() -> None:
    text = to_markdown(kazakhstan(since=None, themes=["redress_and_compensation"], bodies=[Body.CAT]))
    assert "Period: from the first record to 2 Dec 2026" in text
    assert "Only: themes Redress and compensation; bodies CAT" in text


@pytest.mark.parametrize("render", [to_markdown, lambda b: html_text(to_html(b)), lambda b: "\n".join(docx_text(to_docx(b)))])
def test_no_heading_is_printed_for_an_empty_list(render) -> None:
    full, bare = render(kazakhstan()), render(empty())
    lines = {line.strip("# ").strip() for line in bare.splitlines()}
    for heading in SECTION_HEADINGS[1:]:
        assert heading in full
        assert heading not in lines and f" {heading} " not in f" {bare} ", heading
    assert "Summary" in bare


def test_html_fragment_headings_are_left_out_for_empty_lists() -> None:
    fragment = to_html(empty(), standalone=False)
    assert fragment.count("<h2>") == 1
    assert "<h2>Summary</h2>" in fragment
    assert "<h3>" not in fragment and "<ol" not in fragment


def test_a_script_in_a_title_is_escaped_in_html_and_inert_in_markdown() -> None:
    hostile = kazakhstan(
        actions=[
            BriefingAction(
                id="act-x",
                date=dt.date(2024, 1, 5),
                kind=ActionKind.STATEMENT,
                title="<script>alert(1)</script>",
                court=CourtRuling(name="# not a heading\n## nor this [link](javascript:alert(1))"),
                verification=Verification.VERIFIED,
            ),
        ],
        actions_total=1,
    )
    page = to_html(hostile)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = to_markdown(hostile)
    assert "<script>" not in text
    assert r"\<script\>alert(1)\</script\>" in text
    assert r"\[link\](javascript:" in text
    assert not any(line.lstrip().startswith("#") and "not a heading" in line for line in text.splitlines())


def test_html_body_cites_sources_by_number_and_lists_urls_only_at_the_end() -> None:
    page = to_html(kazakhstan(), base_url=BASE)
    body = html_text(page)
    assert "https://" not in body
    assert "Law amending the Criminal Code on torture [2]" in body
    sources = page[page.index('<ol class="sources">') :]
    assert sources.index("kibhr.example.org") < sources.index(LAW_SOURCE)
    assert f'<a href="{BASE}/items/cat-c-kaz-co-4-p10">' in page
    assert f'<a href="{BASE}/decisions/cat-433-2010">' in page


def test_a_cut_action_list_points_to_the_full_list_as_a_numbered_source() -> None:
    text = to_markdown(kazakhstan(actions_total=14), base_url=BASE)
    assert "Showing 2 of 14; the full list: [3]" in text
    assert (
        f"3. All actions of Kazakhstan in the period. <{BASE}/api/v1/actions?state=KAZ&since=2023-01-01&until=2026-12-02>" in text
    )
    assert "https://" not in html_text(to_html(kazakhstan(actions_total=14), base_url=BASE))


def test_a_url_cited_twice_is_listed_once() -> None:
    briefing = kazakhstan()
    again = briefing.actions[1]
    twice = kazakhstan(actions=[*briefing.actions, msgspec.structs.replace(again, id="act-kaz-2023-04", title="Second reading")])
    sources = markdown_section(to_markdown(twice), "Sources")
    assert sources.count(LAW_SOURCE) == 1
    assert "Second reading [2]" in to_markdown(twice)


def test_standalone_html_is_a_printable_a4_document_and_the_fragment_is_only_the_article() -> None:
    page = to_html(kazakhstan())
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert '<html lang="en">' in page
    assert "size: A4" in page
    assert "font-size: 10pt" in page
    fragment = to_html(kazakhstan(), standalone=False).strip()
    assert fragment.startswith('<article class="briefing"') and fragment.endswith("</article>")
    assert "<html" not in fragment and "@page" not in fragment


def test_docx_is_an_a4_document_with_the_labels_and_marks() -> None:
    data = to_docx(kazakhstan(), base_url=BASE)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 1
    assert abs(section.page_height.mm - 297) < 1
    assert 15 <= section.left_margin.mm <= 20
    texts = [paragraph.text for paragraph in document.paragraphs]
    joined = "\n".join(texts)
    assert texts[0] == "Briefing: Kazakhstan"
    assert document.paragraphs[0].style.name == "Heading 1"
    assert TORTURE_DEFINITION in joined and COMPENSATION.label in joined
    assert "[unverified — recorded by key:ngo-a]" in joined
    assert texts[-2:] == [
        "1. Court ruling. KIBHR. https://kibhr.example.org/news/2024-06-14",
        f"2. Law No. 188-VII of 2023. Adilet. {LAW_SOURCE}",
    ]


def test_each_outstanding_item_is_listed_once() -> None:
    section = markdown_section(to_markdown(kazakhstan(), base_url=BASE), "Outstanding")
    for item in [REPLY_OVERDUE, *STILL_OPEN]:
        assert section.count(f"/items/{item.id})") == 1, item.id
    assert section.index("### State replies overdue") < section.index("### Still open")
    assert "(1 record awaiting verification)" in section
    assert "themes: Investigation and prosecution of torture, Redress and compensation" in section


def test_cut_lists_say_how_many_more() -> None:
    text = to_markdown(kazakhstan(outstanding_total=10, cases_total=3))
    assert "and 7 more" in markdown_section(text, "Outstanding")
    assert "and 2 more" in markdown_section(text, "Individual cases with a remedy still open")
