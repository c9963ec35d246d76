import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_the_indonesian_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))

    assert len(catalogue) > 50
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert "fuzzy" not in catalogue.metadata_as_entry().flags


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_string_in_the_source_is_in_the_indonesian_catalogue(tmp_path):
    # makemessages on a copy of the project: a string wrapped for translation but never added to the
    # catalogue shows up there as a new, untranslated entry.
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    ignored = shutil.ignore_patterns(
        ".venv", ".git", "node_modules", "media", "staticfiles", "*.sqlite3", "*.mo"
    )
    shutil.copytree(root, copy, ignore=ignored)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "id",
            "--no-obsolete",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    refreshed = polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))

    assert [e.msgid for e in refreshed.untranslated_entries()] == []
    assert [e.msgid for e in refreshed.fuzzy_entries()] == []


def test_the_catalogue_keeps_every_placeholder():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        # Indonesian has one plural form, used for every count: it follows the English plural.
        source = entry.msgid_plural or entry.msgid
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(source)), entry.msgid


def test_pages_are_in_indonesian_by_default(regions, anon):
    html = anon.get("/").content.decode()

    assert '<html lang="id">' in html
    assert "Kabupaten dan kota" in html or "kabupaten dan kota" in html
    assert "Regencies and cities" not in html


@pytest.mark.parametrize("url", ["/", "/regencies/", "/regencies/32.11/", "/accounts/login/"])
def test_the_language_switch_shows_pages_in_english(regions, anon, url):
    response = anon.post("/i18n/setlang/", {"language": "en", "next": url})

    assert response.status_code == 302
    html = anon.get(url).content.decode()
    assert '<html lang="en">' in html
    assert "Regencies and cities" in html


def test_english_can_be_switched_back_to_indonesian(regions, anon):
    anon.post("/i18n/setlang/", {"language": "en", "next": "/"})
    anon.post("/i18n/setlang/", {"language": "id", "next": "/"})

    assert '<html lang="id">' in anon.get("/").content.decode()


@pytest.mark.parametrize("url", ["/", "/regencies/32.11/", "/regencies/?q=sumedang"])
def test_the_language_switch_is_a_plain_link_back_to_the_same_page(regions, anon, url):
    response = anon.get("/i18n/language/", {"language": "en", "next": url})

    assert (response.status_code, response["Location"]) == (302, url)
    assert "no-store" in response["Cache-Control"]  # it sets a cookie: no proxy keeps it
    html = anon.get(url).content.decode()
    assert '<html lang="en">' in html
    assert "Regencies and cities" in html


def test_every_page_offers_the_switch_as_a_get_form(regions, anon):
    html = anon.get("/regencies/32.11/").content.decode()

    assert '<form action="/i18n/language/" method="get"' in html
    assert 'name="next" type="hidden" value="/regencies/32.11/"' in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_switch_never_leads_off_the_site(regions, anon, target):
    response = anon.get("/i18n/language/", {"language": "en", "next": target})

    assert (response.status_code, response["Location"]) == (302, "/")


def test_an_unknown_language_changes_nothing(regions, anon):
    response = anon.get("/i18n/language/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert not response.cookies
    assert '<html lang="id">' in anon.get("/").content.decode()


def test_the_api_speaks_the_clients_language(regions, anon):
    indonesian = anon.get("/api/v1/regencies/99.99/").json()["detail"]
    english = anon.get("/api/v1/regencies/99.99/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]

    assert indonesian != english
    assert english == "Not found."


def test_an_english_browser_still_gets_indonesian_pages_until_it_switches(regions, anon):
    html = anon.get("/regencies/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="id">' in html
