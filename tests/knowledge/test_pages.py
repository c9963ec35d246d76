"""The practice pages as a visitor and as staff use them."""

import datetime

import pytest
from django.utils import timezone

from knowledge.models import Practice, PracticeIndicator

from ..regencies.factories import MembershipFactory, ProvinceFactory, RegencyFactory, UserFactory
from .factories import PracticeFactory, PracticeIndicatorFactory
from .form_data import practice_form

pytestmark = pytest.mark.django_db


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _section(html, section_id):
    return html.split(f' id="{section_id}">', 1)[1].split("</section>", 1)[0]


def _titles(html):
    return [part.split("/", 1)[0] for part in html.split('<h2><a href="/practices/')[1:]]


# The list ------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(sumedang, ogan_ilir):
    PracticeFactory(
        regency=sumedang, slug="e-office", title="Super Aplikasi e-Office", summary="Surat digital."
    )
    PracticeFactory(
        regency=ogan_ilir,
        slug="sipd-ogan-ilir",
        title="Integrasi SIPD",
        kind="business_process",
        summary="Anggaran.",
    )
    PracticeFactory(regency=sumedang, slug="lama", title="Aplikasi Lama", status="archived")
    PracticeFactory(regency=sumedang, slug="konsep", title="Konsep Baru", status="draft", published_at=None)


def test_the_list_shows_published_practices_only(catalogue, anon):
    assert sorted(_titles(_html(anon.get("/practices/")))) == ["e-office", "sipd-ogan-ilir"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "business_process"}, ["sipd-ogan-ilir"]),
        ({"province": "32"}, ["e-office"]),
        ({"search": "e-offICE"}, ["e-office"]),
        ({"search": "ogan ilir"}, ["sipd-ogan-ilir"]),  # the owner's name
        ({"regency": "16.10"}, ["sipd-ogan-ilir"]),
        ({"status": "archived"}, ["lama"]),
        ({"status": "draft"}, []),  # anonymous visitors see no draft
    ],
)
def test_the_list_filters(catalogue, anon, params, expected):
    assert sorted(_titles(_html(anon.get("/practices/", params)))) == expected


def test_an_invalid_filter_is_shown_next_to_its_field_not_a_500(catalogue, anon):
    html = _html(anon.get("/practices/", {"kind": "roket", "province": "99"}))

    assert 'id="id_kind-error"' in html and 'id="id_province-error"' in html
    assert _titles(html) == []


def test_staff_find_their_own_drafts(catalogue, sumedang_editor, ogan_ilir_editor, client_for):
    assert _titles(_html(client_for(sumedang_editor).get("/practices/", {"status": "draft"}))) == ["konsep"]
    assert _titles(_html(client_for(ogan_ilir_editor).get("/practices/", {"status": "draft"}))) == []


def test_the_list_is_paginated_newest_first(sumedang, anon):
    now = timezone.now()
    for n in range(25):
        PracticeFactory(regency=sumedang, slug=f"p-{n:02d}", published_at=now - datetime.timedelta(days=n))

    first = _titles(_html(anon.get("/practices/")))
    second = _titles(_html(anon.get("/practices/", {"page": 2})))

    assert first == [f"p-{n:02d}" for n in range(20)]
    assert second == [f"p-{n:02d}" for n in range(20, 25)]


def test_english_pages_show_the_english_title_and_summary(sumedang, anon):
    PracticeFactory(
        regency=sumedang,
        slug="e-office",
        title="Super Aplikasi e-Office",
        title_en="e-Office super app",
        summary="Surat digital.",
        summary_en="Digital correspondence.",
    )
    PracticeFactory(
        regency=sumedang, slug="tanpa-terjemahan", title="Tanpa Terjemahan", summary="Hanya Indonesia."
    )
    anon.cookies["django_language"] = "en"

    html = _html(anon.get("/practices/"))

    assert "e-Office super app" in html and "Digital correspondence." in html
    assert "Super Aplikasi e-Office" not in html
    assert "Tanpa Terjemahan" in html  # no English title: the Indonesian one


# The practice page ---------------------------------------------------------------------------------


def test_an_archived_practice_is_visible_with_a_clear_banner(catalogue, anon):
    html = _html(anon.get("/practices/lama/"))

    assert '<p class="banner archived" role="note"><strong>Diarsipkan</strong>' in html


def test_a_draft_page_tells_its_staff_who_sees_it(catalogue, sumedang_editor, client_for):
    html = _html(client_for(sumedang_editor).get("/practices/konsep/"))

    assert "Draf: hanya staf Kabupaten Sumedang dan admin nasional yang melihat halaman ini" in html
    assert 'href="/practices/konsep/publish/"' in html


@pytest.mark.parametrize(
    ("reviewed_months_ago", "warned"),
    [(None, False), (11, False), (12, False), (14, True)],
)
def test_a_practice_not_reviewed_for_more_than_12_months_may_be_outdated(
    sumedang, anon, reviewed_months_ago, warned
):
    today = timezone.localdate()
    reviewed = None
    if reviewed_months_ago is not None:
        month = today.month - reviewed_months_ago
        year = today.year + (month - 1) // 12
        reviewed = datetime.date(year, (month - 1) % 12 + 1, min(today.day, 28))
    PracticeFactory(regency=sumedang, slug="e-office", reviewed_on=reviewed)

    html = _html(anon.get("/practices/e-office/"))

    message = f"Terakhir ditinjau {reviewed_months_ago} bulan lalu: mungkin sudah usang."
    assert (message in html) == warned
    assert ('class="banner stale"' in html) == warned


def test_each_indicator_shows_the_owners_latest_level_with_its_kind_and_year(
    sumedang, framework_2020, make_evaluation, anon
):
    # 2022 official; 2023 a verified self-assessment; 2024 a draft self-assessment (not public)
    make_evaluation(sumedang, year=2022, levels={1: 2, 2: 2, 3: 1})
    make_evaluation(sumedang, year=2023, levels={1: 3}, level=0, source="self_assessment", status="verified")
    make_evaluation(sumedang, year=2024, level=5, source="self_assessment", status="draft")
    practice = PracticeFactory(regency=sumedang, slug="e-office")
    for number, level in [(1, 4), (2, 3), (3, 2)]:
        PracticeIndicatorFactory(
            practice=practice, indicator=framework_2020.indicators.get(number=number), level=level
        )
    other = PracticeFactory(slug="lain")  # a pemda with no result at all
    PracticeIndicatorFactory(practice=other, indicator=framework_2020.indicators.get(number=1))

    rows = _section(_html(anon.get("/practices/e-office/")), "indicators").split("<tr>")[2:]
    empty = _section(_html(anon.get("/practices/lain/")), "indicators")

    # indicator 1: the 2023 verified self-assessment; 2 and 3: it has them at 0, the official 2022 result is older
    assert '>3</a> <span class="meta">(hasil penilaian mandiri terverifikasi 2023)' in rows[0]
    assert '>0</a> <span class="meta">(hasil penilaian mandiri terverifikasi 2023)' in rows[1]
    assert "<td>4</td>" in rows[0] and "<td>3</td>" in rows[1]
    assert "belum ada hasil publik" in empty


def test_an_official_result_wins_over_a_self_assessment_of_the_same_year(
    sumedang, framework_2020, make_evaluation, anon
):
    make_evaluation(sumedang, year=2023, level=2)
    make_evaluation(sumedang, year=2023, level=4, source="self_assessment", status="verified", synthetic=True)
    practice = PracticeFactory(regency=sumedang, slug="e-office")
    PracticeIndicatorFactory(practice=practice, indicator=framework_2020.indicators.get(number=5))

    row = _section(_html(anon.get("/practices/e-office/")), "indicators").split("<tr>")[2]

    assert '>2</a> <span class="meta">(hasil resmi 2023)</span>' in row
    assert "synthetic-label" not in row


def test_a_synthetic_level_says_so(sumedang, framework_2020, make_evaluation, anon):
    make_evaluation(sumedang, year=2023, level=4, source="self_assessment", status="verified", synthetic=True)
    practice = PracticeFactory(regency=sumedang, slug="e-office")
    PracticeIndicatorFactory(practice=practice, indicator=framework_2020.indicators.get(number=5))

    row = _section(_html(anon.get("/practices/e-office/")), "indicators").split("<tr>")[2]

    assert "synthetic-label" in row


def test_the_replication_and_software_cards_show_what_an_adopter_needs(sumedang, anon, client_for):
    contact = MembershipFactory(
        regency=sumedang, user=UserFactory(username="narahubung", first_name="Rina", last_name="Wati")
    ).user
    PracticeFactory(
        regency=sumedang,
        slug="e-office",
        problem="Surat kertas lambat.",
        results="Indeks SPBE 3,81 (2020, iNews).",
        hosting="Server di PDN atau pusat data pemda.",
        national_platforms=["SRIKANDI", "BSrE"],
        regulations_needed="Perbup tata naskah dinas elektronik.",
        build_team_size=6,
        build_budget=350_000_000,
        run_team_size=2,
        run_budget=60_000_000,
        adoption_months=4,
        license="LicenseRef-proprietary",
        repository_url="https://git.example.go.id/eoffice",
        platforms=["web", "android"],
        maintenance_type="internal",
        maintenance_contacts=[{"name": "Tim e-Office", "email": "eoffice@example.go.id"}],
        contacts=[contact],
    )

    html = _html(anon.get("/practices/e-office/"))
    replication = _section(html, "replication")
    software = _section(html, "software")
    contacts = _section(html, "contacts")

    assert "Surat kertas lambat." in replication and "Indeks SPBE 3,81 (2020, iNews)." in replication
    assert "SRIKANDI, BSrE" in replication
    assert "6 orang; Rp 350.000.000" in replication
    assert "2 orang; Rp 60.000.000 per tahun" in replication
    assert "sekitar 4 bulan" in replication
    assert "Lisensi tertutup: tanyakan kepada pemda pemilik sebelum menyalin." in software
    assert "web, android" in software and "Oleh staf pemda sendiri" in software
    assert "Rina Wati, Editor" in contacts
    assert "eoffice@example.go.id" not in software and "@example.go.id" not in contacts  # e-mail for members
    logged_in = _html(client_for(contact).get("/practices/e-office/"))
    assert "eoffice@example.go.id" in _section(logged_in, "software")


def test_a_non_application_has_no_software_card(sumedang, anon):
    PracticeFactory(regency=sumedang, slug="perbup", kind="regulation")

    assert 'id="software"' not in _html(anon.get("/practices/perbup/"))


# The regency page ----------------------------------------------------------------------------------


def test_the_regency_page_lists_its_practices_and_its_drafts_only_for_its_staff(
    catalogue, anon, sumedang_editor, ogan_ilir_editor, client_for
):
    public = _section(_html(anon.get("/regencies/32.11/")), "practices")
    own = _section(_html(client_for(sumedang_editor).get("/regencies/32.11/")), "practices")
    other = _section(_html(client_for(ogan_ilir_editor).get("/regencies/32.11/")), "practices")

    assert "/practices/e-office/" in public and "/practices/lama/" in public and "Diarsipkan" in public
    assert "/practices/konsep/" not in public and "/practices/konsep/" not in other
    assert "/practices/konsep/" in own and 'href="/practices/new/"' in own
    assert 'href="/practices/new/"' not in other
    assert "/practices/sipd-ogan-ilir/" not in public


def test_the_menu_links_to_the_practices(anon):
    assert '<a href="/practices/">Praktik baik</a>' in _html(anon.get("/"))


# Forms: errors next to the field -------------------------------------------------------------------


def _new(client, **data):
    return client.post("/practices/new/", practice_form(**data))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"summary": "x" * 301}, "summary"),
        ({"title": ""}, "title"),
        ({"license": "GPL-ish"}, "license"),
        ({"kind": "regulation", "repository_url": "https://git.example.go.id/x"}, "repository_url"),
        ({"available_languages": "bahasa indonesia"}, "available_languages"),
        ({"maintenance_contacts": "Tim; bukan-email"}, "maintenance_contacts"),
        ({"slug": "new"}, "slug"),
        ({"repository_url": "javascript:alert(1)"}, "repository_url"),
        ({"national_platforms": ["PALAPA"]}, "national_platforms"),
        ({"launched_on": "31-31-2020"}, "launched_on"),
        ({"build_budget": "-5"}, "build_budget"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(sumedang_editor, client_for, data, field):
    html = _html(_new(client_for(sumedang_editor), **data))

    assert f'id="id_{field}-error"' in html
    assert not Practice.objects.exists()


def test_a_taken_slug_is_refused_and_an_empty_one_is_made_from_the_title(
    published, sumedang_editor, client_for
):
    client = client_for(sumedang_editor)

    taken = _html(_new(client, slug="e-office"))
    made = _new(client, title="Super Aplikasi e-Office")

    assert 'id="id_slug-error"' in taken
    assert made["Location"] == "/practices/super-aplikasi-e-office/"


def test_indicator_rows_are_checked_next_to_their_fields(sumedang_editor, client_for, framework_2020):
    indicator = framework_2020.indicators.get(number=1)
    client = client_for(sumedang_editor)

    without_level = _html(_new(client, **{"indicators-0-indicator": indicator.pk}))
    twice = _html(
        _new(
            client,
            **{
                "indicators-0-indicator": indicator.pk,
                "indicators-0-level": 3,
                "indicators-1-indicator": indicator.pk,
                "indicators-1-level": 4,
            },
        )
    )
    too_low = _html(_new(client, **{"indicators-0-indicator": indicator.pk, "indicators-0-level": 0}))

    assert 'id="id_indicators-0-level-error"' in without_level
    assert 'id="id_indicators-1-indicator-error"' in twice
    assert 'id="indicator-errors"' in too_low and "antara 1 dan 5" in too_low
    assert not Practice.objects.exists()


def test_a_practice_is_created_with_its_indicators_tags_and_contacts(
    sumedang, sumedang_editor, client_for, framework_2020
):
    contact = MembershipFactory(regency=sumedang, user=UserFactory(username="narahubung")).user
    stranger = MembershipFactory(
        regency=RegencyFactory(province=ProvinceFactory(code="35"), code="35.10")
    ).user
    client = client_for(sumedang_editor)
    indicator = framework_2020.indicators.get(number=37)

    refused = _html(_new(client, contacts=[stranger.pk]))
    response = _new(
        client,
        tags="e-office, Tanda Tangan Elektronik",
        contacts=[contact.pk],
        platforms="web, android",
        license="gpl-3.0-or-later",
        reviewed_on="2025-01-15",  # as a browser's date field sends it
        maintenance_contacts="Tim e-Office; eoffice@example.go.id; 0261-123; Diskominfosanditik",
        **{"indicators-0-indicator": indicator.pk, "indicators-0-level": 4, "indicators-0-evidence": "Naik."},
    )

    assert 'id="id_contacts-error"' in refused
    practice = Practice.objects.get()
    assert response["Location"] == "/practices/aplikasi-antrean/"
    assert sorted(practice.tags.values_list("name", flat=True)) == ["Tanda Tangan Elektronik", "e-office"]
    assert list(practice.contacts.all()) == [contact]
    assert (practice.platforms, practice.license) == (["web", "android"], "GPL-3.0-or-later")
    assert practice.reviewed_on == datetime.date(2025, 1, 15)
    assert practice.maintenance_contacts == [
        {
            "name": "Tim e-Office",
            "email": "eoffice@example.go.id",
            "phone": "0261-123",
            "affiliation": "Diskominfosanditik",
        }
    ]
    link = PracticeIndicator.objects.get()
    assert (link.indicator, link.level, link.evidence) == (indicator, 4, "Naik.")


def test_the_edit_form_shows_the_current_values(published, sumedang_editor, client_for, framework_2020):
    PracticeIndicatorFactory(practice=published, indicator=framework_2020.indicators.get(number=2), level=3)
    published.platforms = ["web", "ios"]
    published.reviewed_on = datetime.date(2024, 1, 5)
    published.save()

    html = _html(client_for(sumedang_editor).get("/practices/e-office/edit/"))

    assert 'value="web, ios"' in html
    assert 'type="date" name="reviewed_on" value="2024-01-05"' in html  # what a browser's date field reads
    assert 'name="indicators-0-level" value="3"' in html
    assert 'name="slug"' not in html  # the address stays as it is
