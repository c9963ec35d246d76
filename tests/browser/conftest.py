"""A real browser for the tests of this folder: Debian's Chromium, never a downloaded one.

CI installs it; without it the tests are skipped unless REQUIRE_BROWSER=1, which CI sets so a
missing browser fails.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    folder = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(folder):
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM and os.environ.get("REQUIRE_BROWSER") != "1":
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


@pytest.fixture
def browser_context(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM work is done before it starts.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url)
        yield context
        context.close()
        browser.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def loaded_regions(transactional_db):
    from regencies.services import pilot_cohort_load, regions_load

    regions_load()
    pilot_cohort_load()
