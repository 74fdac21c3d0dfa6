"""An item's text in other languages: stored, merged by fill-only loads, exported, and searched by word form."""

from __future__ import annotations

import io

import msgspec
import pytest

import tracker
from tracker.db import migrate
from tracker.records import RecommendationRecord, RemedyRecord, decode_lines

RU_P8 = (
    "Обеспечить незамедлительное, беспристрастное и эффективное расследование всех утверждений о пытках и "
    "преследование лиц, виновных в пытками причинённом вреде."
)
RU_P10 = "Передать места содержания под стражей в ведение Министерства юстиции."
FR_P10 = "Transférer les lieux de détention au Ministère de la justice."
RU_REMEDY = "Предоставить заявителю справедливую и адекватную компенсацию."


def _with_texts(records: list, texts: dict[tuple[str, str], dict[str, str]]) -> list:
    """The sample records, the recommendations named by (document, paragraph) or remedies by (decision, kind) given ``texts``."""

    def key(record: object) -> tuple[str, str] | None:
        if isinstance(record, RecommendationRecord):
            return (record.document, record.paragraph)
        if isinstance(record, RemedyRecord):
            return (record.decision, record.kind.value)
        return None

    return [msgspec.structs.replace(r, texts=texts[key(r)]) if key(r) in texts else r for r in records]


async def _found(t: tracker.Tracker, query: str) -> set[str]:
    return {item.id for item in await t.items.list(q=query, limit=500)}


async def test_a_record_with_its_russian_text_loads_exports_and_reimports_equal(
    opened: tracker.Tracker, sample_records: list
) -> None:
    records = _with_texts(
        sample_records,
        {("CAT/C/KAZ/CO/3", "10"): {"ru": RU_P10, "fr": FR_P10}, ("cat-433-2010", "compensation"): {"ru": RU_REMEDY}},
    )
    await opened.load(records)
    item = (await opened.items.get("cat-c-kaz-co-3-p10")).item
    assert (item.text, item.language, item.texts) == (
        "Transfer the detention facilities to the Ministry of Justice.",
        "en",
        {"fr": FR_P10, "ru": RU_P10},
    )
    before = io.BytesIO()
    await opened.export(before)
    assert RU_REMEDY.encode() in before.getvalue()

    await migrate.downgrade(opened.engine, "base")
    await opened.upgrade()
    await opened.load(decode_lines(before.getvalue().splitlines()))
    after = io.BytesIO()
    await opened.export(after)
    assert after.getvalue() == before.getvalue()
    assert (await opened.items.get("cat-433-2010-compensation")).item.texts == {"ru": RU_REMEDY}
    assert await _found(opened, "юстиции") == {"cat-c-kaz-co-3-p10"}


async def test_a_fill_only_load_adds_a_language_and_keeps_the_text_of_record_and_the_others(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(_with_texts(sample_records, {("CAT/C/KAZ/CO/3", "10"): {"fr": FR_P10}}))
    stored = (await opened.items.get("cat-c-kaz-co-3-p10")).item
    russian = RecommendationRecord(document="CAT/C/KAZ/CO/3", paragraph="10", text=stored.text, texts={"ru": RU_P10})

    report = await opened.load([russian], fill_only=True)
    assert report.counts["item"].updated == 1
    item = (await opened.items.get("cat-c-kaz-co-3-p10")).item
    assert (item.text, item.follow_up, item.texts) == (stored.text, True, {"fr": FR_P10, "ru": RU_P10})
    assert "cat-c-kaz-co-3-p10" in await _found(opened, "министерство")

    again = await opened.load([russian], fill_only=True)
    assert (again.counts["item"].updated, again.counts["item"].unchanged) == (0, 1)
    await opened.load([msgspec.structs.replace(russian, texts={})], fill_only=True)
    assert (await opened.items.get("cat-c-kaz-co-3-p10")).item.texts == {"fr": FR_P10, "ru": RU_P10}

    # Without fill_only, a record's texts are the item's texts.
    await opened.load([msgspec.structs.replace(russian, follow_up=True)])
    assert (await opened.items.get("cat-c-kaz-co-3-p10")).item.texts == {"ru": RU_P10}


@pytest.mark.parametrize(
    ("texts", "field", "says"),
    [
        ('{"de":"Die Haftanstalten überführen."}', "texts", "'de'"),
        ('{"RU":"Передать места содержания."}', "texts", "'RU'"),
        ('{"ru":""}', "texts[...]", "length >= 1"),
    ],
)
def test_an_unknown_language_or_an_empty_text_is_refused_naming_the_field(texts: str, field: str, says: str) -> None:
    line = (
        b'{"type":"recommendation","document":"CAT/C/KAZ/CO/3","paragraph":"10","text":"Transfer.","texts":'
        + texts.encode()
        + b"}"
    )
    with pytest.raises(tracker.InvalidInput) as caught:
        list(decode_lines([b'{"type":"meta","format":"tracker-records","version":1}', line], name="texts.ndjson"))
    assert caught.value.field == field
    assert "texts.ndjson, line 2" in str(caught.value) and says in str(caught.value)


async def test_the_items_own_language_in_texts_is_refused_naming_the_field(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    english = RecommendationRecord(document="CAT/C/KAZ/CO/3", paragraph="10", text="Transfer.", texts={"en": "Transfer them."})
    russian = RecommendationRecord(
        document="CAT/C/KAZ/CO/3",
        paragraph="20",
        language="ru",
        text="Обеспечить.",
        texts={"en": "Ensure.", "ru": "Обеспечить жертвам."},
    )
    for record, field in ((english, "texts.en"), (russian, "texts.ru")):
        with pytest.raises(tracker.InvalidInput) as caught:
            await opened.load([record])
        assert caught.value.field == field
        assert "own language" in str(caught.value)
    assert (
        await opened.items.get("cat-c-kaz-co-3-p10")
    ).item.text == "Transfer the detention facilities to the Ministry of Justice."


async def test_russian_words_find_their_other_forms_in_texts_and_texts_of_record(
    opened: tracker.Tracker, sample_records: list
) -> None:
    # Paragraph 8 says "пытками" in its Russian text; paragraph 20 is Russian and says "пыток"; paragraph 10's Russian text speaks of none.
    await opened.load(
        _with_texts(sample_records, {("CAT/C/KAZ/CO/3", "8"): {"ru": RU_P8}, ("CAT/C/KAZ/CO/3", "10"): {"ru": RU_P10}})
    )
    torture = {"cat-c-kaz-co-3-p8", "cat-c-kaz-co-3-p20"}
    for query in ("пытки", "пытка", "пыток", "пытками", "Пытки"):
        assert await _found(opened, query) == torture, query
    assert await _found(opened, "пытки министерства") == set()
    assert await _found(opened, "пытки -компенсацию") == {"cat-c-kaz-co-3-p8"}
    assert await _found(opened, "жертва") == {"cat-c-kaz-co-3-p20"}
    ranked = await opened.items.list(q="пытки", sort="relevance")
    assert {item.id for item in ranked.items} == torture


async def test_english_words_find_their_other_forms_and_prefixes_and_phrases_still_match(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    torture = {"cat-c-kaz-co-3-p8", "cat-c-tjk-co-3-p10", "cat-433-2010-investigation"}
    assert await _found(opened, "torture") == torture
    assert await _found(opened, "tortured") == torture
    assert await _found(opened, "tortur*") == torture
    assert await _found(opened, "investigations") == torture
    assert await _found(opened, "prosecuted") == {"cat-c-tjk-co-3-p10", "cat-433-2010-investigation"}
    assert await _found(opened, '"acts of torture"') == {"cat-c-tjk-co-3-p10"}
    assert await _found(opened, '"torture acts"') == set()
    assert await _found(opened, '"facil justic"') == set()  # stems of paragraph 10, side by side only in its search_stems
    assert await _found(opened, "torture -prosecuting") == {"cat-c-kaz-co-3-p8"}


async def test_a_changed_russian_text_is_found_by_its_new_words_only(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(_with_texts(sample_records, {("CAT/C/KAZ/CO/3", "10"): {"ru": RU_P10}}))
    assert "cat-c-kaz-co-3-p10" in await _found(opened, "юстиция")
    await opened.load(
        _with_texts(sample_records, {("CAT/C/KAZ/CO/3", "10"): {"ru": "Закрыть неофициальные места лишения свободы."}})
    )
    assert "cat-c-kaz-co-3-p10" not in await _found(opened, "юстиция")
    assert await _found(opened, "неофициальное") == {"cat-c-kaz-co-3-p10"}
