"""A visitor in a real browser: home → Kabupaten Sumedang → switch to English.

Runs against Debian's Chromium (never a downloaded browser). CI installs it; without it
the test is skipped unless REQUIRE_BROWSER=1, which CI sets so a missing browser fails.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not HAVE_CHROMIUM and os.environ.get("REQUIRE_BROWSER") != "1",
        reason="Debian's chromium is not installed",
    ),
]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM work is done before it starts.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url)
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def loaded_regions(transactional_db):
    from regencies.services import pilot_cohort_load, regions_load

    regions_load()
    pilot_cohort_load()


def test_a_visitor_finds_sumedang_and_reads_it_in_english(loaded_regions, page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Digital Service Living Lab"

    page.get_by_role("link", name="kabupaten dan kota").first.click()
    page.get_by_label("Cari").fill("Sumedang")
    page.get_by_role("button", name="Saring").click()
    page.get_by_role("link", name="Kabupaten Sumedang").click()

    assert page.url.endswith("/regencies/32.11/")
    assert page.locator("h1").inner_text() == "Kabupaten Sumedang"
    assert page.locator("h2").first.inner_text() == "Data pokok"

    # The switch submits itself once the page's script runs (before that its button shows):
    # choosing earlier would race the deferred script.
    page.wait_for_selector("html.js")
    page.select_option("#language", "en")
    page.wait_for_selector("html[lang=en]")

    assert page.url.endswith("/regencies/32.11/")
    assert page.locator("h2").first.inner_text() == "Key facts"
    assert page.get_by_text("Kemendagri code").is_visible()
    assert page.locator("nav").get_by_role("link", name="Regencies and cities").is_visible()


def test_on_a_phone_wide_tables_scroll_inside_the_page(loaded_regions, page):
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/regencies/")

    assert page.locator("table").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
