import re

import pytest
from django.contrib.staticfiles import finders

from regencies.models import Regency
from regencies.selectors import portal_counts

from ..regencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MAX_PAGE_WEIGHT = 100 * 1024
ASSET_RE = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"')


def test_home_explains_the_living_lab_with_live_counts(regions, anon):
    MembershipFactory(regency=Regency.objects.get(code="32.11"))

    html = anon.get("/").content.decode()

    counts = portal_counts()
    assert (counts.regencies, counts.provinces, counts.cohort_members, counts.staff) == (514, 38, 30, 1)
    assert "<strong>514</strong>" in html
    assert "<strong>38</strong>" in html
    assert "<strong>30</strong>" in html
    assert "SPBE" in html


def test_home_has_a_fixed_query_count(regions, anon, django_assert_max_num_queries):
    # one count per figure
    with django_assert_max_num_queries(5):
        anon.get("/")


@pytest.mark.parametrize("url", ["/", "/regencies/"])
def test_pages_are_light_and_reference_no_other_origin(regions, anon, url):
    html = anon.get(url).content.decode()

    assets = ASSET_RE.findall(html)
    assert assets, "the page should load its stylesheet and script"
    weight = len(html.encode())
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), f"{asset} is not same-origin"
        path = finders.find(asset.removeprefix("/static/"))
        assert path, f"{asset} is not served by the portal"
        with open(path, "rb") as handle:
            weight += len(handle.read())
    assert weight <= MAX_PAGE_WEIGHT
    assert not re.search(
        r'(?:href|src|action)="(?:https?:)?//', html.replace('href="https://sumedangkab', "")
    )


def test_unknown_pages_are_a_friendly_404(db, anon):
    response = anon.get("/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
