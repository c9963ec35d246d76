"""Home, compare and the SPBE overview on a 360 px phone and a 1280 px screen: nothing pushes the page
sideways, chart text stays readable, wide tables show that they scroll; the compare search works.

Set SCREENSHOT_DIR to keep a screenshot of each page at each width.
"""

import os

import pytest

PHONE, DESKTOP = 360, 1280
MIN_TEXT_PX = 10

# The rendered size of each visible SVG text: its font size in drawing units times the drawing's scale.
CHART_TEXT_SIZES = """() => Array.from(document.querySelectorAll("svg text"))
  .filter((text) => getComputedStyle(text).display !== "none")
  .map((text) => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
  }))"""


@pytest.fixture
def published_site(loaded_regions):
    from spbe.services import frameworks_load, published_results_load

    frameworks_load()
    published_results_load()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("url", ["/", "/spbe/compare/?regencies=Sumedang,Banyuwangi", "/spbe/"])
def test_pages_fit_the_screen_and_chart_text_stays_readable(published_site, page, url, width):
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(url)

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes, "the page should draw a chart"
    too_small = [size for size in sizes if size["px"] < MIN_TEXT_PX]
    assert too_small == []
    if os.environ.get("SCREENSHOT_DIR"):
        name = url.strip("/").split("?")[0].replace("/", "-") or "home"
        page.screenshot(
            path=os.path.join(os.environ["SCREENSHOT_DIR"], f"{name}-{width}.png"), full_page=True
        )


def test_on_a_phone_a_wide_table_scrolls_and_shows_a_shadow_where_there_is_more(published_site, page):
    page.set_viewport_size({"width": PHONE, "height": 800})

    page.goto("/regencies/")

    table = page.locator("table").first
    assert table.evaluate("(t) => t.scrollWidth > t.clientWidth")  # wider than the phone
    assert table.evaluate("(t) => getComputedStyle(t).overflowX") == "auto"
    assert "radial-gradient" in table.evaluate("(t) => getComputedStyle(t).backgroundImage")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_pemda_are_picked_by_typing_their_names(published_site, page):
    page.goto("/spbe/compare/")
    search, field = page.locator("#regency-search"), page.locator("#id_regencies")

    for typed, name in (("sumed", "Kabupaten Sumedang"), ("banyuw", "Kabupaten Banyuwangi")):
        search.fill(typed)
        page.wait_for_selector(f'#regency-suggestions option[value="{name}"]', state="attached")
        search.fill(name)  # what choosing the suggestion does
    assert field.input_value() == "Kabupaten Sumedang, Kabupaten Banyuwangi"
    page.get_by_role("button", name="Bandingkan").click()

    headers = page.locator("#compare-table thead th a").all_inner_texts()
    assert headers == ["Kabupaten Sumedang", "Kabupaten Banyuwangi"]


@pytest.fixture
def catalogue_site(published_site):
    from knowledge.practices.demo import demo_practices_load
    from knowledge.practices.services import rb_themes_load

    rb_themes_load()
    demo_practices_load()


def _public_replication(practice):
    from regencies.models import Regency

    from ..knowledge.replication_factories import ReplicationFactory, ReplicationStepFactory

    adopter = Regency.objects.exclude(pk=practice.regency_id).order_by("code").first()
    replication = ReplicationFactory(practice=practice, adopter=adopter, stage="training")
    ReplicationStepFactory(
        replication=replication,
        from_stage="handover",
        to_stage="training",
        training_start="2022-02-01",
        training_end="2022-02-05",
        training_participants=12,
    )
    return replication


def _visit(practice, visitor):
    """A study visit of `visitor` to the practice's pemda, committing to replicate it."""
    from ..knowledge.visit_factories import StudyVisitFactory, VisitCommitmentFactory

    visit = StudyVisitFactory(visitor=visitor, host=practice.regency)
    visit.practices.set([practice])
    VisitCommitmentFactory(visit=visit, practice=practice)
    return visit


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_public_page_fits_the_screen(catalogue_site, page, width):
    from knowledge.practices.models import Practice

    page.set_viewport_size({"width": width, "height": 800})
    practice = Practice.objects.order_by("slug").first()
    replication = _public_replication(practice)
    visit = _visit(practice, replication.adopter)
    urls = [
        "/",
        "/regencies/",
        "/regencies/32.11/",
        "/spbe/rankings/",
        "/spbe/sources/",
        "/spbe/frameworks/permenpanrb-59-2020/",
        "/practices/",
        f"/practices/{practice.slug}/",
        f"/practices/{practice.slug}/discussion/",
        f"/replications/{replication.pk}/",
        f"/practices/{practice.slug}/lineage/",
        "/accounts/login/",
        "/visits/",
        f"/visits/{visit.pk}/",
        f"/regencies/{practice.regency.code}/recommendations/",
        "/replications/network/",
    ]
    too_wide = {}
    for url in urls:
        assert page.goto(url).status == 200, url
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[url] = scroll_width

    assert too_wide == {}


def test_staff_pages_fit_a_phone(catalogue_site, page):
    """The forms and lists staff work in: a wide field or a long option never widens the page."""
    from knowledge.practices.models import Practice
    from knowledge.replications.services import replication_request
    from regencies.models import Regency

    from ..knowledge.factories import PracticeFactory
    from ..regencies.factories import MembershipFactory

    editor = MembershipFactory(regency=Regency.objects.get(code="16.10"), role="editor").user
    editor.set_password("rahasia-yang-panjang-123")
    editor.save()
    practice = Practice.objects.exclude(regency__code="16.10").order_by("slug").first()
    replication = replication_request(practice=practice, by_user=editor, message="Kami ingin mereplikasi.")
    own = PracticeFactory(regency=editor.membership.regency, slug="praktik-kami", status="draft")
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto("/accounts/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "rahasia-yang-panjang-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/tasks/")

    urls = [
        "/accounts/tasks/",
        "/practices/new/",
        f"/practices/{own.slug}/edit/",
        "/practices/new/publiccode/",
        f"/practices/{own.slug}/documents/new/",
        "/replications/",
        f"/replications/{replication.pk}/",
        f"/replications/request/{practice.slug}/",
        "/notifications/",
        "/spbe/self-assessments/",
        "/visits/new/",
        f"/visits/{_visit(practice, editor.membership.regency).pk}/",
        "/dashboard/",
    ]
    too_wide = {}
    for url in urls:
        assert page.goto(url).status == 200, url
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > PHONE:
            too_wide[url] = scroll_width

    assert too_wide == {}


def test_the_replication_network_and_the_ministry_overview_fit_a_phone(catalogue_site, page):
    """The network's drawing scales with its viewBox and keeps its numbers readable; the ministry's
    tables scroll inside themselves."""
    from knowledge.practices.models import Practice

    from ..regencies.factories import NationalAdminFactory

    _public_replication(Practice.objects.order_by("slug").first())
    admin = NationalAdminFactory(username="admin-telepon")
    admin.set_password("rahasia-yang-panjang-123")
    admin.save()
    page.set_viewport_size({"width": PHONE, "height": 800})

    page.goto("/replications/network/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes, "the page should draw the network"
    assert [size for size in sizes if size["px"] < MIN_TEXT_PX] == []
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "network-360.png"), full_page=True)

    page.goto("/accounts/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", "rahasia-yang-panjang-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.goto("/replications/ministry/").status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "ministry-360.png"), full_page=True)
