"""Every response carries the Content-Security-Policy, and no template relies on what it forbids."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response):
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


@pytest.mark.parametrize("url", ["/", "/regencies/", "/accounts/login/", "/nowhere/", "/api/v1/provinces/"])
def test_every_response_carries_the_policy(anon, url):
    assert _policy(anon.get(url)) == POLICY


def test_the_admin_carries_it_too(national_admin, client_for):
    assert _policy(client_for(national_admin).get("/admin/")) == POLICY


def test_the_api_docs_page_only_adds_data_images_and_loads_its_script_as_a_file(anon):
    response = anon.get("/api/docs/")

    assert _policy(response) == {**POLICY, "img-src": "'self' data:"}
    html = response.content.decode()
    assert "<style>" not in html
    assert re.findall(r"<script>", html) == []
    script = anon.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+\s*=|\sstyle\s*=", re.IGNORECASE)


def test_no_template_has_inline_script_style_or_event_handlers():
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    found = {
        str(path.relative_to(settings.BASE_DIR)): INLINE.findall(path.read_text())
        for path in templates
        if INLINE.search(path.read_text())
    }

    assert found == {}
