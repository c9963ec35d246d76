import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

MAX_PAGE_WEIGHT = 100 * 1024
ASSET_RE = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"')


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
