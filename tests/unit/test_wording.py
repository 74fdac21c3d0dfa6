"""Values, dates, deadlines and items in the words people read."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.enums import Body, CourtOutcome, DatePrecision, Effect, RemedyKind, Status, StatusRule
from tracker.domain.wording import WORDS, deadline_note, how_long, item_label, on, words


@pytest.mark.parametrize("enum", list(WORDS))
def test_every_value_of_a_worded_vocabulary_has_its_words(enum: type) -> None:
    assert set(WORDS[enum]) == set(enum)
    assert all("_" not in text for text in WORDS[enum].values())


def test_values_read_as_words_never_as_raw_values() -> None:
    assert words(CourtOutcome.PARTLY_GRANTED) == "partly granted"
    assert words(Status.PARTIALLY_IMPLEMENTED) == "partially implemented"
    assert words(Effect.REGRESSES) == "goes against it"
    assert words(StatusRule.NONE) == "no verified record shows implementation or refusal"
    assert words("redress_and_compensation") == "redress and compensation"


@pytest.mark.parametrize(
    ("precision", "expected"),
    [(DatePrecision.DAY, "21 Nov 2013"), (DatePrecision.MONTH, "Nov 2013"), (DatePrecision.YEAR, "2013")],
)
def test_a_date_reads_as_far_as_it_is_known(precision: DatePrecision, expected: str) -> None:
    assert on(dt.date(2013, 11, 21), precision) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2012, 8, 22), dt.date(2026, 12, 2), "over 14 years"),
        (dt.date(2012, 8, 22), dt.date(2026, 8, 22), "14 years"),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 15), "over 2 months"),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 13), "12 days"),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 2), "1 day"),
    ],
)
def test_how_long_counts_whole_units(start: dt.date, end: dt.date, expected: str) -> None:
    assert how_long(start, end) == expected


TODAY = dt.date(2026, 12, 2)
DUE = dt.date(2012, 8, 22)


def test_an_overdue_reply_is_said_in_words_a_reader_cannot_misread() -> None:
    assert (
        deadline_note(DUE, None, Status.PARTIALLY_IMPLEMENTED, TODAY) == "State reply overdue since 22 Aug 2012 (over 14 years)"
    )


@pytest.mark.parametrize(
    ("reply", "status", "expected"),
    [
        (dt.date(2012, 8, 1), Status.NOT_IMPLEMENTED, "State replied on 1 Aug 2012 (due 22 Aug 2012)"),
        (dt.date(2019, 7, 3), Status.NOT_IMPLEMENTED, "State replied late, on 3 Jul 2019 (due 22 Aug 2012)"),
        (None, Status.IMPLEMENTED, "No State reply recorded (due 22 Aug 2012); not overdue, as the item is implemented"),
        (dt.date(2027, 1, 1), Status.NO_INFORMATION, "State reply overdue since 22 Aug 2012 (over 14 years)"),
    ],
)
def test_the_deadline_note_follows_the_reply_and_the_status(reply: dt.date | None, status: Status, expected: str) -> None:
    assert deadline_note(DUE, reply, status, TODAY) == expected


def test_a_deadline_ahead_and_no_deadline() -> None:
    assert deadline_note(dt.date(2027, 5, 12), None, Status.NO_INFORMATION, TODAY) == "State reply due by 12 May 2027"
    assert deadline_note(None, None, Status.NO_INFORMATION, TODAY) is None


def test_items_are_labelled_as_readers_know_them() -> None:
    assert (
        item_label(
            title="legal safeguards",
            text="…",
            document_symbol="CAT/C/KAZ/CO/4",
            paragraph="11",
            covers=["11", "12", "13", "14", "15"],
            body=Body.CAT,
        )
        == "CAT/C/KAZ/CO/4, paras 11–15: legal safeguards"
    )
    assert (
        item_label(
            title=None, text="Ensure prompt investigation.", document_symbol="CAT/C/KAZ/CO/3", paragraph="8", body=Body.CAT
        )
        == "CAT/C/KAZ/CO/3, para. 8: Ensure prompt investigation."
    )
    cluster = ["95.5", "95.6", "95.15", "95.16", "95.17", "95.23", "95.33"]
    assert (
        item_label(title="Ombudsman", text="…", document_symbol="A/HRC/14/10", paragraph="95.5", covers=cluster, body=Body.UPR)
        == "A/HRC/14/10, recs 95.5–95.6 … 95.33 (7): Ombudsman"
    )
    assert (
        item_label(
            title=None,
            text="…",
            decision="cat-433-2010",
            decision_title="Gerasimov v. Kazakhstan",
            remedy_kind=RemedyKind.COMPENSATION,
        )
        == "Gerasimov v. Kazakhstan (CAT 433/2010): compensation"
    )


def test_a_reply_known_only_by_its_year_is_never_dated_to_a_day() -> None:
    due = dt.date(2014, 8, 16)
    assert deadline_note(due, dt.date(2014, 1, 1), Status.NO_INFORMATION, TODAY, DatePrecision.YEAR) == (
        "State replied in 2014 (due 16 Aug 2014; whether before the due date is not known)"
    )
    assert deadline_note(due, dt.date(2015, 1, 1), Status.NO_INFORMATION, TODAY, DatePrecision.YEAR) == (
        "State replied late, in 2015 (due 16 Aug 2014)"
    )
    assert deadline_note(due, dt.date(2014, 7, 1), Status.NO_INFORMATION, TODAY, DatePrecision.MONTH) == (
        "State replied in Jul 2014 (due 16 Aug 2014)"
    )


# --- Russian -----------------------------------------------------------------------------------


def test_every_value_in_words_has_its_russian_words():
    from tracker.domain.wording import WORDS, WORDS_RU

    assert WORDS_RU.keys() == WORDS.keys()
    for enum in WORDS:
        assert set(WORDS_RU[enum]) == set(enum), enum.__name__
        assert all(WORDS_RU[enum][value] and WORDS_RU[enum][value] != WORDS[enum][value] for value in enum)


def test_values_and_dates_read_in_russian():
    import datetime as dt

    from tracker.domain.enums import ActionKind, Status
    from tracker.domain.wording import on, words

    assert words(Status.NOT_IMPLEMENTED, "ru") == "не выполнено"
    assert words(ActionKind.COMPENSATION_PAID, "ru") == "выплачена компенсация"
    assert on(dt.date(2012, 8, 22), language="ru") == "22 августа 2012 г."
    assert on(dt.date(2013, 11, 5), "month", language="ru") == "ноябрь 2013 г."
    assert on(dt.date(2013, 11, 5), "year", language="ru") == "2013"
    assert on(dt.date(2012, 8, 22)) == "22 Aug 2012"


def test_sums_of_money_read_per_language_with_cents_only_when_there_are_any():
    from tracker.domain.wording import money

    assert money(2000000, "KZT") == "KZT\xa02,000,000"
    assert money(1500.5, "USD") == "USD\xa01,500.50"
    assert money(2000000, "KZT", "ru") == "2\xa0000\xa0000\xa0₸"
    assert money(1500.5, "USD", "ru") == "1\xa0500,50\xa0$"
    assert money(2000000, None, "ru") == "2\xa0000\xa0000"
    assert money(None, "KZT", "ru") == ""


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2012, 8, 22), dt.date(2026, 12, 2), "более 14 лет"),
        (dt.date(2012, 8, 22), dt.date(2013, 9, 1), "более 1 года"),
        (dt.date(2012, 8, 22), dt.date(2014, 8, 22), "2 года"),
        (dt.date(2005, 8, 22), dt.date(2026, 8, 22), "21 год"),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 15), "более 2 месяцев"),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 1), "5 месяцев"),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 2), "1 день"),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 4), "3 дня"),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 13), "12 дней"),
    ],
)
def test_how_long_counts_in_russian_plural_forms(start: dt.date, end: dt.date, expected: str) -> None:
    assert how_long(start, end, "ru") == expected


@pytest.mark.parametrize(
    ("reply", "status", "precision", "expected"),
    [
        (
            None,
            Status.PARTIALLY_IMPLEMENTED,
            DatePrecision.DAY,
            "Ответ государства-участника просрочен с 22 августа 2012 г. (более 14 лет)",
        ),
        (
            dt.date(2019, 7, 3),
            Status.NOT_IMPLEMENTED,
            DatePrecision.DAY,
            "Ответ государства-участника получен с опозданием: 3 июля 2019 г. (срок — 22 августа 2012 г.)",
        ),
        (
            dt.date(2012, 8, 1),
            Status.NOT_IMPLEMENTED,
            DatePrecision.MONTH,
            "Ответ государства-участника: август 2012 г. (срок — 22 августа 2012 г.; уложилось ли государство в срок, неизвестно)",
        ),
        (
            None,
            Status.IMPLEMENTED,
            DatePrecision.DAY,
            "Ответ государства-участника не зарегистрирован (срок — 22 августа 2012 г.); просрочки нет, так как статус пункта: выполнено",
        ),
    ],
)
def test_the_deadline_note_in_russian(reply: dt.date | None, status: Status, precision: DatePrecision, expected: str) -> None:
    assert deadline_note(DUE, reply, status, TODAY, precision, language="ru") == expected
    assert deadline_note(dt.date(2027, 5, 12), None, Status.NO_INFORMATION, TODAY, language="ru") == (
        "Ответ государства-участника ожидается до 12 мая 2027 г."
    )


def test_bodies_themes_and_states_have_names_in_both_languages():
    from tracker.domain.themes import BY_SLUG
    from tracker.domain.wording import body_name, state_name, status_words, theme_name

    assert words(Body.CAT) == "Committee against Torture" and words(Body.CAT, "ru") == "Комитет против пыток"
    assert body_name("CCPR") == "Human Rights Committee" and body_name("CCPR", "ru") == "Комитет по правам человека"
    assert body_name("UPR", "ru") == "Универсальный периодический обзор" and body_name("XYZ") == "XYZ"
    for slug, theme in BY_SLUG.items():
        assert theme_name(slug) == theme.label and theme_name(slug, "ru") == theme.label_ru
        assert theme.label_ru and theme.label_ru != theme.label
    assert theme_name("redress_and_compensation", "ru") == "Возмещение и компенсация"
    assert state_name({"en": "Kazakhstan", "ru": "Казахстан"}, "KAZ", "ru") == "Казахстан"
    assert state_name({"en": "Tajikistan"}, "TJK", "ru") == "Tajikistan" and state_name({}, "TJK") == "TJK"
    assert status_words("partially_implemented", "ru") == "выполнено частично" and status_words("odd_value") == "odd value"
