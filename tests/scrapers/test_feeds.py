"""The RSS/Atom adapter: entries become inbox candidates matched to items, whatever the feed's charset."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import pytest

import tracker
from tracker_scrapers.harvest import Harvest, ParseContext, ParseError
from tracker_scrapers.matching import KnownDecision, KnownDocument, KnownItem, MatchIndex, cyrillic_renderings
from tracker_scrapers.sources.feeds import Feed

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scrapers" / "feeds"
RSS = "application/rss+xml; charset=utf-8"


def parse(
    body: bytes | str, *, known: object = None, content_type: str | None = RSS, url: str | None = None, **params: str
) -> Harvest:
    data = (FIXTURES / body).read_bytes() if isinstance(body, str) else body
    context = ParseContext(params=params, source="test-feed", url=url, content_type=content_type, known=known)
    return Feed().parse(io.BytesIO(data), context)


def rss(*items: str, language: str = "en") -> bytes:
    """A minimal RSS 2.0 channel around hand-written <item> elements."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>https://feed.example.org/</link><description>d</description><language>{language}</language>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def item(title: str, link: str = "https://feed.example.org/1", description: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid><description>{description}</description></item>"


def by_entry(harvest: Harvest) -> Mapping[str, object]:
    return {candidate.entry: candidate for candidate in harvest.candidates}


GERASIMOV = KnownDecision(
    id="cat-433-2010",
    body="CAT",
    communication="433/2010",
    state="KAZ",
    title="Gerasimov v. Kazakhstan",
    people=("Alexander Gerasimov",),
)
SMALL = MatchIndex(
    items=[
        KnownItem(
            id="cat-433-2010-compensation",
            state="KAZ",
            decision="cat-433-2010",
            themes=("redress_and_compensation", "treaty_body_decisions"),
            text="compensation",
        ),
        KnownItem(
            id="cat-433-2010-investigation",
            state="KAZ",
            decision="cat-433-2010",
            themes=("investigation_and_prosecution", "treaty_body_decisions"),
            text="investigate the case",
        ),
        KnownItem(
            id="cat-c-kaz-co-3-p8",
            state="KAZ",
            document="CAT/C/KAZ/CO/3",
            follow_up=True,
            themes=("investigation_and_prosecution",),
            text="Investigate allegations of torture.",
        ),
        KnownItem(
            id="cat-c-kaz-co-3-p20",
            state="KAZ",
            document="CAT/C/KAZ/CO/3",
            themes=("redress_and_compensation",),
            text="Provide redress.",
        ),
        KnownItem(id="a-hrc-28-10-r1", state="KAZ", document="A/HRC/28/10", themes=("other",), text="Ratify."),
        KnownItem(id="a-hrc-28-10-r2", state="KAZ", document="A/HRC/28/10", themes=("other",), text="Cooperate."),
    ],
    decisions=[GERASIMOV],
    documents=[KnownDocument(symbol="CAT/C/KAZ/CO/3", state="KAZ"), KnownDocument(symbol="A/HRC/28/10", state="KAZ")],
)


def best(text: str, state: str | None = None, index: MatchIndex = SMALL) -> tuple[str, float, str]:
    top = index.match(text, state).matches[0]
    return top.item, top.score, top.reason


# Matching, on an index made of plain values


@pytest.mark.parametrize(
    "text",
    [
        "CAT decision, communication 433/2010, still not implemented",
        "Views in case No. 433/2010",
        "Комитет рассмотрел сообщение № 433/2010",
        "See CAT/C/48/D/433/2010.",
    ],
)
def test_a_communication_number_names_the_decisions_remedies(text: str) -> None:
    matches = SMALL.match(text).matches
    assert {m.item for m in matches} >= {"cat-433-2010-compensation", "cat-433-2010-investigation"}
    assert all(m.score >= 0.9 and "names communication 433/2010" in m.reason for m in matches[:2])


def test_a_bare_number_counts_less_than_one_called_a_communication() -> None:
    assert best("Case 433/2010 reopened")[1] < best("Communication 433/2010 reopened")[1]


@pytest.mark.parametrize("text", ["1433/2010", "433/20101", "law 12/433/2010", "no number here"])
def test_numbers_that_only_contain_a_communication_number_name_nothing(text: str) -> None:
    assert SMALL.match(text).matches == []


def test_a_document_symbol_names_its_follow_up_items_whatever_the_spacing_and_case() -> None:
    matching = SMALL.match("The reply on cat / c / kaz / co / 3 was late")
    assert [(m.item, m.score, m.reason) for m in matching.matches] == [("cat-c-kaz-co-3-p8", 0.85, "names CAT/C/KAZ/CO/3")]
    assert matching.state == "KAZ"


def test_a_longer_symbol_is_not_taken_for_a_known_one() -> None:
    assert SMALL.match("CAT/C/KAZ/CO/30 and CAT/C/KAZ/CO/3/Add.1").matches == []


def test_a_document_without_follow_up_items_names_all_its_items_with_less_confidence() -> None:
    matches = SMALL.match("UPR outcome A/HRC/28/10 adopted").matches
    assert [(m.item, m.score) for m in matches] == [("a-hrc-28-10-r1", 0.6), ("a-hrc-28-10-r2", 0.6)]


def test_a_full_name_counts_more_than_a_surname_and_both_name_the_remedies() -> None:
    assert best("Alexander Gerasimov speaks")[1:] == (0.7, "names Alexander Gerasimov (CAT 433/2010)")
    assert best("GERASIMOV's lawyer speaks")[1:] == (0.5, "names Gerasimov (CAT 433/2010)")


def test_a_surname_is_matched_on_word_boundaries_only() -> None:
    assert SMALL.match("Gerasimovich and Gerasim visited").matches == []


def test_a_cyrillic_surname_is_found_in_its_case_endings_but_not_in_longer_words() -> None:
    assert best("Суд обязал выплатить Герасимову")[1:] == (0.5, "names Герасимову (Gerasimov, CAT 433/2010)")
    assert SMALL.match("Герасимовский район").matches == []


def test_cyrillic_renderings_cover_the_ambiguous_spellings() -> None:
    assert cyrillic_renderings("Gerasimov") == {"герасимов"}
    assert "байрамов" in cyrillic_renderings("Bairamov")
    assert {"евлоев", "эвлоев"} == cyrillic_renderings("Evloev")
    assert cyrillic_renderings("Toregozhina") == {"торегожина"}


def test_initials_are_never_looked_for() -> None:
    index = MatchIndex(
        items=[KnownItem(id="cat-495-2012-x", state="KAZ", decision="cat-495-2012")],
        decisions=[
            KnownDecision(
                id="cat-495-2012",
                body="CAT",
                communication="495/2012",
                state="KAZ",
                title="N.Z. v. Kazakhstan",
                people=("N.Z.", "E.Z. (son)"),
            )
        ],
    )
    assert index.match("N.Z. and E.Z. met the press").matches == []


def test_a_compensation_word_ranks_the_compensation_remedy_above_the_investigation_one() -> None:
    matches = SMALL.match("Gerasimov finally received compensation").matches
    assert [m.item for m in matches[:2]] == ["cat-433-2010-compensation", "cat-433-2010-investigation"]
    assert matches[0].reason == "names Gerasimov (CAT 433/2010); mentions compensation (theme: Redress and compensation)"


def test_signals_add_up_by_noisy_or_and_stay_below_one() -> None:
    item, score, reason = best("Alexander Gerasimov: communication No. 433/2010, compensation and damages")
    assert item == "cat-433-2010-compensation"
    # 1 - (1 - 0.9)(1 - 0.7)(1 - theme): above each signal alone, below 1.
    assert 0.97 < score < 1
    assert reason.startswith("names communication 433/2010; names Alexander Gerasimov (CAT 433/2010); mentions ")


def test_theme_words_alone_give_at_most_five_weak_matches_and_only_in_a_known_state() -> None:
    index = MatchIndex(
        items=[KnownItem(id=f"kaz-{n:02}", state="KAZ", themes=("redress_and_compensation",), text="redress") for n in range(12)]
    )
    matches = index.match("Victims demand compensation", "KAZ").matches
    assert len(matches) == 5
    assert all(0.2 <= m.score <= 0.4 for m in matches)
    assert matches[0].reason == "mentions compensation (theme: Redress and compensation)"
    assert index.match("Victims demand compensation").matches == []
    assert index.match("Victims demand compensation", "TJK").matches == []


def test_theme_stems_are_word_beginnings() -> None:
    index = MatchIndex(items=[KnownItem(id="kaz-media", state="KAZ", themes=("civic_space",), text="media")])
    assert index.match("The minister replied immediately", "KAZ").matches == []
    assert index.match("Media freedom", "KAZ").matches[0].item == "kaz-media"


# Reading feeds


async def test_news_feed_entries_become_candidates_matched_to_the_right_items(seeded: tracker.Tracker) -> None:
    index = await Feed().prepare(seeded)
    harvest = parse("news-en.rss", known=index, state="KAZ")
    entries = by_entry(harvest)

    gerasimov = entries["https://news.example.kz/?p=1201"]
    assert gerasimov.matches[0].item == "cat-433-2010-compensation"
    assert gerasimov.matches[0].reason.startswith("names communication 433/2010; names Alexander Gerasimov (CAT 433/2010)")
    assert gerasimov.matches[1].score < gerasimov.matches[0].score
    assert gerasimov.source == "test-feed"
    assert gerasimov.url == "https://news.example.kz/2013/11/gerasimov-compensation/"
    assert gerasimov.published_on == dt.date(2013, 11, 21)  # 01:30 in Astana, still the 20th in UTC
    assert (gerasimov.language, gerasimov.state) == ("en", "KAZ")
    assert gerasimov.excerpt.startswith("The Kostanay city court awarded Alexander Gerasimov 2,000,000 tenge")
    assert "<" not in gerasimov.excerpt and "2007. The UN Committee" in gerasimov.excerpt

    follow_up = entries["https://news.example.kz/?p=2250"]
    assert (follow_up.matches[0].item, follow_up.matches[0].reason) == (
        "cat-c-kaz-co-3-p8",
        "names CAT/C/KAZ/CO/3; mentions investigation (theme: Investigation and prosecution of torture)",
    )
    assert {m.item for m in follow_up.matches if m.score >= 0.85} == {
        "cat-c-kaz-co-3-p8",
        "cat-c-kaz-co-3-p10",
        "cat-c-kaz-co-3-p13",
        "cat-c-kaz-co-3-p15",
    }

    russian = entries["https://news.example.kz/?p=1202"]
    assert russian.language == "ru"
    assert russian.matches[0].item == "cat-433-2010-compensation"
    assert russian.matches[0].reason == (
        "names Герасимову (Gerasimov, CAT 433/2010); mentions компенсацию (theme: Redress and compensation)"
    )
    assert russian.matches[1].item in {"cat-433-2010-investigation", "cat-433-2010-non-repetition"}

    assert len(harvest.candidates) == 3
    assert harvest.skipped == [
        "entry 4 (https://news.example.kz/?p=2251): matches no item",
        "entry 5 (https://news.example.kz/?p=2252): has no link",
    ]
    theme_only = [m for c in harvest.candidates for m in c.matches if m.reason.startswith("mentions")]
    assert theme_only and all(m.score <= 0.4 for m in theme_only)


async def test_proposing_a_harvest_twice_stores_its_entries_once(seeded: tracker.Tracker) -> None:
    harvest = parse("news-en.rss", known=await Feed().prepare(seeded), state="KAZ")
    first = await seeded.inbox.propose(harvest.candidates)
    assert len(first) == 3
    assert await seeded.inbox.propose(harvest.candidates) == []
    stored = await seeded.inbox.get(first[0])
    assert stored.matches[0].item == "cat-433-2010-compensation"


async def test_an_atom_feed_gives_each_entry_its_language_date_link_and_state(seeded: tracker.Tracker) -> None:
    harvest = parse(
        "court-news.atom",
        known=await Feed().prepare(seeded),
        content_type="application/atom+xml",
        url="https://courts.example.org/feed.atom",
    )
    evloev, kurbanov = harvest.candidates

    assert evloev.entry == "tag:courts.example.org,2024:evloev-1"
    assert (evloev.language, evloev.state, evloev.published_on) == ("ru", "KAZ", dt.date(2024, 7, 1))
    assert evloev.matches[0].item == "cat-441-2010-investigation"
    assert evloev.matches[0].reason.startswith("names communication 441/2010; names Евлоева (Evloev, CAT 441/2010)")

    assert kurbanov.url == "https://courts.example.org/en/kurbanov-retrial"
    assert (kurbanov.title, kurbanov.language, kurbanov.state) == ("Kurbanov v. Tajikistan: retrial still pending", "en", "TJK")
    assert kurbanov.published_on == dt.date(2024, 6, 28)
    assert kurbanov.matches[0].item == "ccpr-1096-2002-retrial-or-release"
    assert kurbanov.matches[0].reason.startswith("names Kurbanov (CCPR 1096/2002)")


@pytest.mark.parametrize("content_type", [RSS, "application/rss+xml", None])
def test_a_windows_1251_body_declared_as_utf8_is_read_as_windows_1251(content_type: str | None) -> None:
    harvest = parse("ru-cp1251-declared-utf8.rss", content_type=content_type, unmatched="keep")
    (candidate,) = harvest.candidates
    assert candidate.title == "Пытки в Костанае: Герасимову выплатили компенсацию"
    assert candidate.excerpt == "Александр Герасимов получил компенсацию по решению суда."


def test_a_charset_given_only_in_the_http_header_is_used() -> None:
    harvest = parse("ru-cp1251-http-charset.rss", content_type="application/rss+xml; charset=windows-1251", unmatched="keep")
    assert [c.title for c in harvest.candidates] == ["Пытки в Костанае: Герасимову выплатили компенсацию"]
    assert harvest.candidates[0].language == "ru"


def test_an_unreadable_title_is_skipped_with_the_reason_and_the_rest_is_kept() -> None:
    harvest = parse("double-encoded.rss", unmatched="keep")
    assert [c.entry for c in harvest.candidates] == ["digest-2"]
    (skipped,) = harvest.skipped
    assert skipped.startswith("entry 1 (digest-1): title 'ÐŸÑ‹Ñ‚ÐºÐ¸") and "mojibake" in skipped


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", None])
def test_an_html_page_is_not_a_feed(content_type: str | None) -> None:
    with pytest.raises(ParseError, match=r"^not a readable feed: .*mismatched tag"):
        parse("not-a-feed.html", content_type=content_type)


def test_well_formed_xml_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(ParseError, match="not an RSS or Atom feed"):
        parse(b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body><p>moved</p></body></html>")


def test_an_empty_feed_gives_an_empty_harvest() -> None:
    harvest = parse("empty.rss")
    assert (harvest.candidates, harvest.skipped) == ([], [])


def test_entries_matching_nothing_are_kept_only_when_the_source_asks() -> None:
    body = rss(item("Almaty jazz festival opens"))
    assert parse(body, known=SMALL, state="KAZ").skipped == ["entry 1 (https://feed.example.org/1): matches no item"]
    (kept,) = parse(body, known=SMALL, state="KAZ", unmatched="keep").candidates
    assert (kept.state, kept.matches) == ("KAZ", [])


def test_an_entry_naming_a_decision_without_remedies_is_kept_with_its_state() -> None:
    index = MatchIndex(
        decisions=[
            KnownDecision(
                id="ccpr-2024-2011",
                body="CCPR",
                communication="2024/2011",
                state="KAZ",
                title="Israil v. Kazakhstan",
                people=("Arshidin (Ershidin) Israil",),
            )
        ]
    )
    (candidate,) = parse(rss(item("Arshidin Israil extradited")), known=index).candidates
    assert (candidate.state, candidate.matches) == ("KAZ", [])


def test_the_feeds_language_is_used_before_the_sources_default() -> None:
    body = rss(item("Gerasimov"), language="ru-RU")
    assert parse(body, known=SMALL, language="en").candidates[0].language == "ru"
    body = rss(item("Gerasimov"), language="")
    assert parse(body, known=SMALL, language="kk").candidates[0].language == "kk"


def test_a_long_summary_is_cut_to_an_excerpt_of_at_most_500_characters() -> None:
    words = " ".join(["compensation"] * 200)
    (candidate,) = parse(rss(item("Gerasimov", description=f"&lt;p&gt;{words}&lt;/p&gt;")), known=SMALL).candidates
    assert len(candidate.excerpt) <= 500 and candidate.excerpt.endswith("compensation…")


def test_a_relative_link_without_the_feeds_address_is_skipped() -> None:
    harvest = parse(rss(item("Gerasimov", link="/news/1")), known=SMALL)
    assert harvest.skipped == ["entry 1 (/news/1): link '/news/1' is not an http(s) address"]


def test_a_state_parameter_that_is_no_code_is_refused() -> None:
    with pytest.raises(ValueError, match="ISO 3166-1"):
        parse(rss(item("Gerasimov")), known=SMALL, state="Kazakhstan")


def test_a_feed_is_fetched_at_its_own_address() -> None:
    assert Feed().url("https://news.example.kz/feed/", {"state": "KAZ"}) == "https://news.example.kz/feed/"


async def test_a_thousand_entry_feed_is_read_whole_with_capped_matches(seeded: tracker.Tracker) -> None:
    index = await Feed().prepare(seeded)
    items = [
        item(
            f"Court hearing {n}: compensation, investigation and custody, Gerasimov case 433/2010",
            link=f"https://feed.example.org/{n}",
        )
        for n in range(1000)
    ]
    harvest = parse(rss(*items), known=index, state="KAZ")
    assert len(harvest.candidates) == 1000 and harvest.skipped == []
    for candidate in harvest.candidates[:10]:
        assert candidate.matches[0].item == "cat-433-2010-compensation"
        assert sum(m.reason.startswith("mentions") for m in candidate.matches) <= 5
