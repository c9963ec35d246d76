"""`manage.py load_practices --demo`: the RB tematik priorities and the example practices, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from knowledge.models import Practice, PracticeRevision, RbTheme

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("load_practices", *args, stdout=out)
    return out.getvalue()


def test_the_command_loads_themes_and_examples_and_a_second_run_changes_nothing(regions):
    first = _run("--demo")
    revisions = PracticeRevision.objects.count()
    second = _run("--demo")

    assert "RB tematik priorities: 4 added, 0 updated" in first
    assert "example practices (flagged contoh): 5 created and published" in first
    assert "search glossary: 55 terms added" in first
    assert second == (
        "RB tematik priorities already up to date: nothing changed.\n"
        "search glossary: nothing new.\n"
        "example practices already there: nothing changed.\n"
    )
    assert not Practice.objects.filter(search_vector=None).exists()  # every example is searchable
    assert PracticeRevision.objects.count() == revisions
    assert list(RbTheme.objects.values_list("number", "name")) == [
        (1, "Pengentasan Kemiskinan"),
        (2, "Peningkatan Investasi"),
        (3, "Digitalisasi Administrasi Pemerintahan"),
        (
            4,
            "Percepatan Prioritas Aktual Presiden (Peningkatan Penggunaan Produk Dalam Negeri; Pengendalian Inflasi)",
        ),
    ]
    examples = Practice.objects.order_by("slug")
    assert [(p.slug, p.regency_id, p.status, p.demo) for p in examples] == [
        ("contoh-indramayu-i-ceta", "32.12", "published", True),
        ("contoh-indramayu-lebu-digital", "32.12", "published", True),
        ("contoh-sumedang-e-office-desa", "32.11", "published", True),
        ("contoh-sumedang-e-sakip", "32.11", "published", True),
        ("contoh-sumedang-super-aplikasi-e-office", "32.11", "published", True),
    ]
    # Sources are given; no team, budget, launch date or indicator level is invented.
    assert all(p.source_title for p in examples)
    assert not any(p.build_budget or p.run_budget or p.build_team_size or p.launched_on for p in examples)
    assert not any(p.indicator_links.exists() for p in examples)


def test_without_demo_only_the_themes_are_loaded(db):
    assert "4 added" in _run()
    assert not Practice.objects.exists()


def test_a_second_run_keeps_what_the_pemda_changed_since(regions):
    _run("--demo")
    Practice.objects.filter(slug="contoh-sumedang-e-sakip").update(summary="Dilengkapi oleh Pemkab Sumedang.")

    _run("--demo")

    assert Practice.objects.get(slug="contoh-sumedang-e-sakip").summary == "Dilengkapi oleh Pemkab Sumedang."


def test_the_examples_need_the_regions_first(db):
    with pytest.raises(CommandError, match="load the regions"):
        _run("--demo")
    assert not Practice.objects.exists()


def test_contoh_is_visible_wherever_an_example_appears(regions, anon):
    _run("--demo")

    listing = anon.get("/practices/").content.decode()
    page = anon.get("/practices/contoh-sumedang-super-aplikasi-e-office/").content.decode()
    regency = anon.get("/regencies/32.11/").content.decode()
    rows = APIClient().get("/api/v1/practices/").json()["results"]

    label = '<span class="demo-label"'
    assert listing.count(label) == 5
    assert page.count(label) == 1 and '<p class="banner demo">' in page
    assert 'href="https://portalmajalengka.pikiran-rakyat.com/' in page  # its source
    assert "Indeks SPBE Kabupaten Sumedang 2,46 pada 2019" in page  # a figure, with its source
    assert regency.count(label) == 3
    assert {row["demo_label"] for row in rows} == {"contoh"}
    assert ">contoh</span>" in listing
