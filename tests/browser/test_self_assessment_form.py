"""The self-assessment form on a 360 px phone and a 1280 px screen (issue 7 item 7): it fits the
screen, the indicator name reads on one or two lines on a desktop, the save button is on screen
wherever the reader is, and a refused save shows its errors at the top, linked to the fields.

Set SCREENSHOT_DIR to keep a screenshot of the form at each width.
"""

import os

import pytest

PHONE, DESKTOP = 360, 1280


@pytest.fixture
def draft_url(loaded_regions, live_server, browser_context):
    """Sumedang's 2026 draft, with its manager logged in in the browser."""
    from django.conf import settings
    from django.test import Client

    from regencies.models import Membership, Regency
    from spbe.services import current_framework, frameworks_load, score_set, self_assessment_create

    from ..regencies.factories import MembershipFactory, UserFactory

    frameworks_load()
    framework = current_framework()
    manager = UserFactory(username="manajer")
    sumedang = Regency.objects.get(name="Kabupaten Sumedang")
    MembershipFactory(user=manager, regency=sumedang, role=Membership.Role.MANAGER)
    draft = self_assessment_create(regency=sumedang, year=2026, framework=framework, by_user=manager)
    score_set(evaluation=draft, indicator=framework.indicators.get(number=1), level=2, by_user=manager)
    client = Client()
    client.force_login(manager)
    browser_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return f"/spbe/self-assessments/{draft.pk}/"


def _in_view(page, selector):
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def _top_in_view(page, selector):
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] <= page.viewport_size["height"] / 2


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_form_fits_the_screen_and_saving_needs_no_scroll_to_the_end(draft_url, page, width):
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(draft_url)

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".indicator-card").count() == 47
    # Criteria beside each level choice.
    first = page.locator("#indicator-1")
    assert first.locator(".level-choice").count() == 5
    assert "Konsep kebijakan internal" in first.locator(".level-choice").first.inner_text()
    # Wherever the reader is in the form, the save button is on screen.
    save = ".save-bar button[type=submit]"
    for number in (1, 24, 40):
        page.locator(f"#indicator-{number} h4").scroll_into_view_if_needed()
        assert _in_view(page, save), number
    if width == DESKTOP:
        name = page.locator("#indicator-24 h4").bounding_box()
        assert name["width"] >= 600  # a readable line, not a narrow column
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('#indicator-24 h4')).lineHeight)"
        )
        assert name["height"] <= 3 * line
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], f"self-assessment-{width}.png"))


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_refused_save_shows_its_errors_at_the_top_linked_to_the_fields(draft_url, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(draft_url)

    page.fill("#id_explanation_30", "Ada SOP, tingkat belum dipilih")
    page.click(".save-bar button[type=submit]")
    page.wait_for_selector("#levels-errors")

    assert _in_view(page, "#levels-errors")
    link = page.locator("#levels-errors a").first
    assert link.get_attribute("href") == "#id_level_30"
    assert page.locator("#indicator-30 .errorlist").count() == 1  # also beside the field
    link.click()
    assert _top_in_view(page, "#id_level_30")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
