"""Editing in a real browser (Debian's Chromium through Playwright): an editor signs in with a key
made by `tracker keys create`, records an action on an item's page and sees it there."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ITEM = "cat-c-kaz-co-3-p8"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            yield browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        finally:
            browser.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_an_editor_signs_in_records_an_action_and_sees_it(  # type: ignore[no-untyped-def]
    service: str, new_key: Callable[[str, str], dict[str, str]], page
) -> None:
    secret = new_key("browser-editor", "editor")["Authorization"].removeprefix("Bearer ")
    page.goto(f"{service}/items/{ITEM}")
    assert page.locator("form[method=post]").count() == 0

    page.get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/sign-in?next=**")
    page.get_by_label("API key").fill(secret)
    shot(page, "editing-1-sign-in")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/items/{ITEM}")
    assert page.get_by_text("browser-editor (editor)").is_visible()
    assert page.get_by_role("status").inner_text().startswith("You are signed in.")

    page.get_by_text("Record an action on this item").click()
    page.locator("#action-kind").select_option("legislation_adopted")
    page.locator("#action-title").fill("Law establishing an independent torture investigator")
    page.locator("#action-date").fill("Smarch 2024")
    page.locator("#action-effect").select_option("advances")
    page.locator("#action-sources").fill("https://example.org/law")
    page.get_by_role("button", name="Record the action").click()
    assert "Write the date as" in page.locator("#action-date-error").inner_text()
    assert page.locator("#action-title").input_value() == "Law establishing an independent torture investigator"
    shot(page, "editing-2-error-beside-the-date")

    page.locator("#action-date").fill("March 2024")
    page.get_by_role("button", name="Record the action").click()
    page.wait_for_url(re.compile(rf".*/items/{ITEM}#act-kaz-2024-03-.*"))
    recorded = page.locator("li:target")
    assert "Law establishing an independent torture investigator" in recorded.locator("h3").inner_text()
    assert "Mar 2024" in recorded.locator("h3").inner_text()
    assert "unverified" in recorded.inner_text().lower() and "key:browser-editor" in recorded.inner_text()
    shot(page, "editing-3-recorded")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{service}/")
    page.goto(f"{service}/items/{ITEM}")
    assert page.locator("form[method=post]").count() == 0
    assert page.get_by_text("Law establishing an independent torture investigator").first.is_visible()
