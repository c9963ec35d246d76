import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_pages_name_an_icon_served_by_the_portal(anon):
    html = anon.get("/").content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.ico"' in html
    with open(finders.find("favicon.svg"), encoding="utf-8") as handle:
        assert handle.read().startswith("<svg")
    with open(finders.find("favicon.ico"), "rb") as handle:
        assert handle.read(4) == b"\x00\x00\x01\x00"  # an icon file


def test_the_root_favicon_answers_without_a_404(anon):
    response = anon.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
