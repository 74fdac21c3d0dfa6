"""The pages in Russian and English: how the language is chosen and kept, and what a Russian page says.

One SQLite database per module holds the bundled Kazakhstan/Tajikistan data; every test reads.
"""

from __future__ import annotations

import asyncio
import re
import typing
from collections.abc import AsyncIterator
from html import unescape

import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.config import Settings
from tracker.locale import LANGUAGES
from tracker.records import RecommendationRecord
from tracker_api.app import create_app
from tracker_api.pages.languages import LANGUAGE_NAMES, page_language

RUSSIAN_P8 = "Обеспечить незамедлительное и беспристрастное расследование всех утверждений о пытках."

PAGES = [
    "/",
    "/states/KAZ",
    "/items/cat-433-2010-compensation",
    "/items/cat-c-kaz-co-3-p8",
    "/decisions/cat-433-2010",
    "/briefings/KAZ?since=2013-01-01",
    "/search?q=torture",
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    root = tmp_path_factory.mktemp("languages")
    url = f"sqlite+aiosqlite:///{root}/t.db"

    async def seed() -> None:
        async with tracker.open(url, upgrade=True) as t:
            await t.seed()
            english = (await t.items.get("cat-c-kaz-co-3-p8")).item.text
            await t.load(
                [RecommendationRecord(document="CAT/C/KAZ/CO/3", paragraph="8", text=english, texts={"ru": RUSSIAN_P8})],
                fill_only=True,
            )

    asyncio.run(seed())
    return url, str(root / "s")


@pytest.fixture
async def client(database: tuple[str, str]) -> AsyncIterator[AsyncTestClient]:
    url, snapshots = database
    async with AsyncTestClient(app=create_app(Settings(database_url=url, snapshot_dir=snapshots))) as test_client:
        yield test_client


def text_of(html: str) -> str:
    """What a reader sees: tags, style and entities gone, whitespace collapsed (no-break spaces kept)."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.DOTALL)
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)">', html)
    assert match, html[:200]
    return match.group(1)


# --- choosing the language -------------------------------------------------------------------------


def lang_cookie(response: object) -> str | None:
    """The ``Set-Cookie`` line of the language cookie, if the response sets it (the forms' token cookie aside)."""
    lines = response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    return next((line for line in lines if line.startswith("lang=")), None)


async def test_lang_ru_gives_a_russian_page_and_is_remembered_in_a_cookie(client: AsyncTestClient) -> None:
    response = await client.get("/?lang=ru")
    assert response.status_code == 200
    assert html_lang(response.text) == "ru"
    assert response.headers["content-language"] == "ru"
    assert {part.strip() for part in response.headers["vary"].split(",")} >= {"Accept-Language", "Cookie"}
    cookie = lang_cookie(response)
    assert cookie is not None and cookie.startswith("lang=ru;") and "Path=/" in cookie and "SameSite=lax" in cookie
    seen = text_of(response.text)
    assert "<h1>Отслеживаемые государства</h1>" in response.text
    assert "нет информации" in seen and "выполнено частично" in seen  # status words from the wording table
    assert "Панель мониторинга" in seen and "Справка" in seen

    # The next page, without ?lang=, stays Russian: the cookie carries the choice.
    following = await client.get("/states/KAZ")
    assert html_lang(following.text) == "ru"
    assert lang_cookie(following) is None
    assert "Пункты по органам и статусам" in following.text


async def test_accept_language_chooses_when_nothing_else_was_chosen(client: AsyncTestClient) -> None:
    russian = await client.get("/", headers={"Accept-Language": "ru"})
    assert html_lang(russian.text) == "ru" and "Отслеживаемые государства" in russian.text
    assert lang_cookie(russian) is None  # a browser's language is not a choice to remember
    ranked = await client.get("/", headers={"Accept-Language": "kk-KZ, en;q=0.5, ru-RU;q=0.9"})
    assert html_lang(ranked.text) == "ru"
    english = await client.get("/", headers={"Accept-Language": "fr-FR, fr;q=0.9"})
    assert html_lang(english.text) == "en" and "<h1>States tracked</h1>" in english.text
    assert html_lang((await client.get("/")).text) == "en"


async def test_lang_beats_the_cookie_and_the_cookie_beats_accept_language(client: AsyncTestClient) -> None:
    client.cookies.set("lang", "ru")
    assert html_lang((await client.get("/", headers={"Accept-Language": "en"})).text) == "ru"
    response = await client.get("/search?lang=en", headers={"Accept-Language": "ru"})
    assert html_lang(response.text) == "en"
    assert (lang_cookie(response) or "").startswith("lang=en;")
    assert html_lang((await client.get("/", headers={"Accept-Language": "ru"})).text) == "en"


async def test_an_unknown_cookie_value_is_ignored(client: AsyncTestClient) -> None:
    client.cookies.set("lang", "xx")
    assert html_lang((await client.get("/", headers={"Accept-Language": "ru"})).text) == "ru"


@pytest.mark.parametrize("path", ["/?lang=xx", "/states/KAZ?lang=EN", "/items/cat-433-2010-compensation?lang="])
async def test_an_unknown_language_is_a_400_page_naming_the_languages(client: AsyncTestClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    message = re.search(r'<p class="message" role="alert">(.*?)</p>', response.text)
    assert message is not None
    assert "`lang` must be one of: en, ru" in unescape(message.group(1))
    assert lang_cookie(response) is None


async def test_the_error_page_speaks_the_reader_language(client: AsyncTestClient) -> None:
    response = await client.get("/?lang=xx", headers={"Accept-Language": "ru"})
    assert response.status_code == 400 and html_lang(response.text) == "ru" and "<h1>Неверный запрос</h1>" in response.text
    missing = await client.get("/items/nope?lang=ru")
    assert missing.status_code == 404 and html_lang(missing.text) == "ru" and "<h1>Не найдено</h1>" in missing.text
    assert missing.headers["content-language"] == "ru"


@pytest.mark.parametrize(("path", "close"), [("/?lng=ru", "lang"), ("/states/KAZ?langs=ru", "lang")])
async def test_a_misspelled_lang_is_refused_with_the_right_name(client: AsyncTestClient, path: str, close: str) -> None:
    response = await client.get(path)
    assert response.status_code == 400
    assert f"did you mean `{close}`?" in unescape(response.text)


def test_the_accepted_values_are_the_languages_of_the_catalogue() -> None:
    annotation = typing.get_type_hints(page_language, include_extras=True)["lang"]
    allowed = [arg for arg in typing.get_args(typing.get_args(annotation)[0]) if arg is not type(None)]
    assert set(typing.get_args(allowed[0])) == set(LANGUAGES) == set(LANGUAGE_NAMES)


# --- the switch ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_has_a_switch_to_the_same_address_in_the_other_language(client: AsyncTestClient, path: str) -> None:
    html = (await client.get(path + ("&" if "?" in path else "?") + "lang=ru")).text
    switch = re.search(r'<nav class="languages no-print" aria-label="Язык">(.*?)</nav>', html, re.DOTALL)
    assert switch is not None, path
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"( aria-current="true")?>([^<]+)</a>', switch.group(1))
    assert [(code, name) for _, code, _, name in links] == [("en", "English"), ("ru", "Русский")]
    current = [code for _, code, marked, _ in links if marked]
    assert current == ["ru"]
    base, _, query = path.partition("?")
    for href, code, _, _ in links:
        href = unescape(href)
        assert href.startswith(base + "?")
        assert href.endswith(f"lang={code}") and href.count("lang=") == 1
        if query:
            assert query.replace(" ", "+") in href  # the rest of the address stays as it was
    english = (await client.get(unescape(links[0][0]))).text
    assert html_lang(english) == "en"


# --- what a Russian page says ----------------------------------------------------------------------


async def test_a_state_page_in_russian_words_dates_deadlines_and_money(client: AsyncTestClient) -> None:
    html = (await client.get("/states/KAZ?lang=ru")).text
    seen = text_of(html)
    assert "<title>Казахстан — tracker</title>" in html and "<h1>Казахстан" in html
    assert "Ответ государства-участника просрочен с 22 августа 2012 г. (более 14 лет)" in seen
    assert re.search(
        r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} г\.", seen
    )
    assert "присуждено 2\xa0000\xa0000\xa0₸" in seen
    assert "Просроченные ответы государства" in seen and "Индивидуальные дела" in seen
    assert "не выполнено" in seen  # a column of the table, from the wording table
    assert "State reply overdue" not in seen and "awarded" not in seen and "Latest actions" not in seen
    chart = re.search(r"<svg .*?</svg>", html, re.DOTALL)
    assert chart is not None
    assert "Казахстан: отслеживаемые пункты по органам и статусам" in chart.group(0)
    assert "нет информации: " in chart.group(0) and "no information" not in chart.group(0)
    assert '<abbr title="Комитет против пыток">CAT</abbr>' in html


async def test_a_month_precision_date_reads_as_a_month_in_russian(client: AsyncTestClient) -> None:
    html = (await client.get("/states/TJK?lang=ru")).text + (await client.get("/states/KAZ?lang=ru")).text
    english = (await client.get("/states/TJK?lang=en")).text + (await client.get("/states/KAZ?lang=en")).text
    months = re.findall(r'<time datetime="\d{4}-\d\d-\d\d">([A-Z][a-z]{2} \d{4})</time>', english)
    if not months:
        pytest.skip("the bundled data has no action dated to a month")
    assert re.search(
        r'<time datetime="\d{4}-\d\d-\d\d">(январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь) \d{4} г\.</time>',
        html,
    )


async def test_an_item_page_in_russian_shows_the_russian_text_first(client: AsyncTestClient) -> None:
    russian = (await client.get("/items/cat-c-kaz-co-3-p8?lang=ru")).text
    english = (await client.get("/items/cat-c-kaz-co-3-p8?lang=en")).text
    first = re.search(r'<blockquote class="text" lang="(\w+)">([^<]*)', russian)
    assert first and first.groups() == ("ru", RUSSIAN_P8)
    assert re.search(r'<blockquote class="text" lang="(\w+)">', english).group(1) == "en"  # type: ignore[union-attr]
    assert "Русский" in text_of(russian) and "(официальный текст записи)" in text_of(russian)


async def test_an_item_page_in_russian_words_status_basis_and_deadline(client: AsyncTestClient) -> None:
    seen = text_of((await client.get("/items/cat-433-2010-compensation?lang=ru")).text)
    assert "Основание:" in seen and "Срок:" in seen and "Хронология" in seen
    assert "выполнено частично" in seen
    assert "Ответ государства-участника просрочен с 22 августа 2012 г." in seen
    assert "присуждено 2\xa0000\xa0000\xa0₸" in seen
    for english in ("Basis:", "Deadline:", "Timeline", "awarded KZT", "effect on this item"):
        assert english not in seen


async def test_the_briefing_page_in_russian_links_to_russian_downloads(client: AsyncTestClient) -> None:
    html = (await client.get("/briefings/KAZ?since=2013-01-01&lang=ru")).text
    seen = text_of(html)
    assert "<title>Справка: Казахстан с 1 января 2013 г. — tracker</title>" in html
    assert '<article class="briefing" lang="ru">' in html
    assert "<h2>Сводка</h2>" in html and "Что сделало государство" in seen and "<h2>Summary</h2>" not in html
    downloads = dict(re.findall(r'href="(/api/v1/briefings/KAZ\?[^"]*format=(\w+)[^"]*)"', html))
    links = {fmt: unescape(href) for href, fmt in downloads.items()}
    assert all("lang=ru" in links[fmt] for fmt in ("docx", "md", "html"))
    assert "lang=" not in links["json"]  # JSON speaks no language


async def test_an_english_page_stays_as_it_was(client: AsyncTestClient) -> None:
    seen = text_of((await client.get("/states/KAZ")).text)
    assert "State reply overdue since 22 Aug 2012" in seen and "awarded KZT\xa02,000,000" in seen
    assert "просрочен" not in seen
