"""A visitor in a real browser: home → Kabupaten Sumedang → switch to English.

Runs against Debian's Chromium (never a downloaded browser). CI installs it; without it
the test is skipped unless REQUIRE_BROWSER=1, which CI sets so a missing browser fails.
"""

from .conftest import BROWSER_TESTS

pytestmark = BROWSER_TESTS


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
