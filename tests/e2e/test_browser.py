"""The pages in a real browser (Debian's Chromium through Playwright), as an advocate would click through them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_an_advocate_clicks_from_the_overview_to_a_case_and_the_briefing(service: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{service}/")
    assert page.locator("h1").count() == 1
    assert "Kazakhstan" in page.content() and "Tajikistan" in page.content()
    shot(page, "1-overview")

    page.get_by_role("link", name="Kazakhstan").first.click()
    page.wait_for_url("**/states/KAZ**")
    assert "Kazakhstan" in page.title()
    assert page.locator("svg[role=img] title").count() >= 1
    assert page.get_by_text("overdue", exact=False).count() > 0
    shot(page, "2-kazakhstan")

    assert page.get_by_text("State reply overdue since", exact=False).first.is_visible()
    page.locator("section[aria-labelledby=overdue] a[href^='/items/']").first.click()
    page.wait_for_url("**/items/**")
    assert page.locator("h1").count() == 1 and page.get_by_text("State reply overdue since", exact=False).first.is_visible()
    shot(page, "3-overdue-item")

    page.go_back()
    page.get_by_role("link", name="Gerasimov v. Kazakhstan", exact=True).first.click()
    page.wait_for_url("**/decisions/cat-433-2010")
    assert "Gerasimov" in page.locator("h1").inner_text()
    shot(page, "3b-gerasimov-decision")
    page.locator("section[aria-labelledby=remedies] a[href='/items/cat-433-2010-compensation']").first.click()
    page.wait_for_url("**/items/cat-433-2010-compensation")
    assert "KZT&nbsp;2,000,000" in page.content()  # a no-break space holds the sum together
    shot(page, "4-gerasimov-compensation")

    page.goto(f"{service}/briefings/KAZ?since=2013-01-01")
    body = page.content()
    assert "Kostanay" in body and "2,000,000" in body
    assert page.locator("a[href*='format=md']").count() >= 1 and page.locator("a[href*='format=docx']").count() >= 1
    shot(page, "5-briefing")


def test_the_kazakhstan_briefing_since_2023_prints_on_at_most_two_a4_pages(service: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{service}/api/v1/briefings/KAZ?since=2023-01-01&format=html")
    assert "Briefing: Kazakhstan" in page.content()
    pdf = page.pdf(format="A4", print_background=False)
    (SCREENSHOTS.parent / "briefing-KAZ-2023.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 1 <= pages <= 2, pages


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/states/KAZ",
        "/items/cat-433-2010-compensation",
        "/decisions/cat-433-2010",
        "/briefings/KAZ?since=2013-01-01",
        "/search?q=torture",
    ],
)
def test_keyboard_reaches_every_link_and_pictures_say_what_they_show(service: str, page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{service}{path}")
    links = page.eval_on_selector_all("a[href]", "els => els.filter(e => e.offsetParent !== null).map(e => e.href)")
    reached = set()
    for _ in range(len(links) + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.href || null")
        if focused:
            reached.add(focused)
    assert set(links) <= reached, set(links) - reached
    assert page.locator("img:not([alt])").count() == 0
    for chart in page.locator("svg").all():
        labelled = chart.get_attribute("aria-label") or chart.locator("title").count()
        assert labelled or chart.get_attribute("aria-hidden") == "true"


def test_the_russian_text_stands_beside_the_english_and_below_it_on_a_narrow_screen(service: str, workdir: Path, page) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import tracker
    from tracker.records import RecommendationRecord

    async def give_russian_text() -> None:
        async with tracker.open(f"sqlite+aiosqlite:///{workdir}/tracker.db") as t:
            english = (await t.items.get("cat-c-kaz-co-3-p8")).item.text
            russian = "Обеспечить незамедлительное, беспристрастное и эффективное расследование всех утверждений о пытках."
            await t.load(
                [RecommendationRecord(document="CAT/C/KAZ/CO/3", paragraph="8", text=english, texts={"ru": russian})],
                fill_only=True,
            )

    with ThreadPoolExecutor(1) as outside_playwrights_event_loop:
        outside_playwrights_event_loop.submit(asyncio.run, give_russian_text()).result()
    page.goto(f"{service}/items/cat-c-kaz-co-3-p8")
    english, russian = (page.locator(f"blockquote.text[lang={language}]").bounding_box() for language in ("en", "ru"))
    assert russian["x"] >= english["x"] + english["width"] and abs(russian["y"] - english["y"]) < 1
    shot(page, "6-item-in-english-and-russian")

    page.set_viewport_size({"width": 390, "height": 844})
    english, russian = (page.locator(f"blockquote.text[lang={language}]").bounding_box() for language in ("en", "ru"))
    assert russian["y"] >= english["y"] + english["height"] and abs(russian["x"] - english["x"]) < 1
    shot(page, "7-item-in-english-and-russian-narrow")


PHONE = {"width": 390, "height": 844}

#: Per page, what overflows a phone's width: the page itself, and every table with where its scroll box ends.
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth,
  tables: [...document.querySelectorAll("main table")].map(table => {
    let box = table.parentElement;
    while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const edge = table.getBoundingClientRect().right;
    return {caption: table.caption ? table.caption.textContent.trim() : table.rows[0].textContent.trim().slice(0, 40),
            box: box ? box.getBoundingClientRect().right : null, table: edge, scrolls: !!box && box.scrollWidth > box.clientWidth};
  }),
})"""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/states/KAZ",
        "/search?q=torture",
        "/briefings/KAZ?since=2013-01-01",
        "/items/cat-433-2010-compensation",
        "/decisions/cat-433-2010",
        "/states/KAZ?lang=ru",
        "/briefings/KAZ?since=2013-01-01&lang=ru",
        "/items/cat-433-2010-compensation?lang=ru",
    ],
)
def test_on_a_phone_no_page_is_wider_than_the_screen_and_wide_tables_scroll_in_their_own_box(
    service: str, browser, tmp_path: Path, path: str
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{service}{path}")
        measured = page.evaluate(OVERFLOW)
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        assert measured["page"] <= PHONE["width"], measured
        for table in measured["tables"]:
            assert table["box"] is not None and table["box"] <= PHONE["width"], table
            assert table["table"] <= table["box"] + 0.5 or table["scrolls"], table
        for chart in page.locator("svg.chart").all():
            box = chart.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            # Text in the chart is drawn at no less than 11 CSS pixels however far the chart is scaled down.
            smallest = chart.evaluate(
                "svg => Math.min(...[...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height))"
            )
            assert smallest >= 11, smallest
            overlapping = chart.evaluate("""svg => {
              const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
              return boxes.flatMap(([a, p], i) => boxes.slice(i + 1).filter(([, q]) =>
                p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5).map(([b]) => [a, b]));
            }""")
            assert overlapping == [], overlapping
    finally:
        context.close()


def test_the_api_reference_lists_its_operations_with_the_network_blocked(service: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []

    def only_the_service(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(service):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_service)
    page = context.new_page()
    try:
        page.goto(f"{service}/schema")
        page.get_by_role("heading", name="ListChanges").wait_for(timeout=15000)
        operations = page.locator("[role=menuitem]").all_inner_texts()
        assert {"getListChanges", "getChangesFeed", "getExportItems", "postAssessItem"} <= set(operations), operations
        assert page.get_by_text("The append-only change log", exact=False).count() >= 1
        page.screenshot(path=str(tmp_path / "schema.png"))
        assert elsewhere == []
    finally:
        context.close()


def test_on_a_phone_a_reader_switches_between_russian_and_english_and_the_choice_sticks(service: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{service}/?lang=ru")
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.locator("h1").inner_text() == "Отслеживаемые государства"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        switch = page.get_by_role("navigation", name="Язык")
        assert switch.get_by_role("link", name="Русский").get_attribute("aria-current") == "true"
        shot(page, "8-overview-in-russian-on-a-phone")

        page.get_by_role("link", name="Казахстан").first.click()
        page.wait_for_url("**/states/KAZ")
        assert page.locator("html").get_attribute("lang") == "ru"  # the cookie keeps the choice
        assert page.get_by_text("Ответ государства-участника просрочен с", exact=False).first.is_visible()

        page.get_by_role("navigation", name="Язык").get_by_role("link", name="English").click()
        page.wait_for_url("**/states/KAZ?lang=en")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_text("State reply overdue since", exact=False).first.is_visible()
        shot(page, "9-kazakhstan-back-in-english-on-a-phone")

        page.goto(f"{service}/search?q=torture")
        assert page.locator("html").get_attribute("lang") == "en"
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
        page.wait_for_url("**/search?q=torture&lang=ru")
        assert page.locator("h1").inner_text() == "Поиск: torture"
        assert (
            page.get_by_role("navigation", name="Язык").get_by_role("link", name="Русский").get_attribute("aria-current")
            == "true"
        )
    finally:
        context.close()
