"""The practice API: what it returns, what it accepts, and every refusal naming its field."""

import pytest
from rest_framework.test import APIClient

from knowledge.models import Practice, PracticeRevision

from ..regencies.factories import MembershipFactory, UserFactory
from .factories import PracticeFactory, PracticeIndicatorFactory, RbThemeFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/practices/"


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_list_rows_link_to_the_api_and_the_page_and_say_contoh(sumedang):
    PracticeFactory(regency=sumedang, slug="e-office", title="Super Aplikasi e-Office", demo=True)

    row = _api().get(API).json()["results"][0]

    assert row["url"] == "http://testserver/api/v1/practices/e-office/"
    assert row["html_url"] == "http://testserver/practices/e-office/"
    assert (row["demo"], row["demo_label"]) == (True, "contoh")
    assert row["regency"] == {
        "code": "32.11",
        "name": "Kabupaten Sumedang",
        "province": {"code": "32", "name": "Jawa Barat"},
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "roket"}, "kind"),
        ({"province": "99"}, "province"),
        ({"status": "hapus"}, "status"),
        ({"demo": "mungkin"}, "demo"),
        ({"ordering": "password"}, "ordering"),
        ({"tag": "tidak-ada"}, "tag"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_it(published, params, field):
    response = _api().get(API, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_list_orders_by_title(sumedang):
    for title in ["Beta", "Alfa", "Gama"]:
        PracticeFactory(regency=sumedang, title=title)

    rows = _api().get(API, {"ordering": "title"}).json()["results"]

    assert [row["title"] for row in rows] == ["Alfa", "Beta", "Gama"]


FULL = {
    "title": "Super Aplikasi e-Office",
    "title_en": "e-Office super app",
    "slug": "e-office-sumedang",
    "summary": "Surat-menyurat, disposisi, tanda tangan dan absensi digital.",
    "body": "## Fitur\n\n- disposisi",
    "kind": "application",
    "sustainability": "active",
    "launched_on": "2019-04-01",
    "reviewed_on": "2025-01-15",
    "tags": ["e-office", "tanda tangan digital"],
    "problem": "Surat kertas.",
    "national_platforms": ["SRIKANDI", "BSrE"],
    "build_team_size": 6,
    "adoption_months": 4,
    "repository_url": "https://git.example.go.id/eoffice",
    "license": "gpl-3.0-or-later",
    "development_status": "stable",
    "software_type": "standalone/web",
    "platforms": ["web", "android"],
    "dependencies": ["PostgreSQL"],
    "available_languages": ["id", "en"],
    "maintenance_type": "internal",
    "maintenance_contacts": [{"name": "Tim e-Office", "email": "eoffice@example.go.id"}],
}


def test_staff_create_a_whole_practice(sumedang, sumedang_editor, framework_2020):
    RbThemeFactory(number=3, name="Digitalisasi Administrasi Pemerintahan")
    contact = MembershipFactory(regency=sumedang, user=UserFactory(username="narahubung")).user
    data = {
        **FULL,
        "rb_themes": [3],
        "contacts": [contact.pk],
        "indicators": [{"framework": framework_2020.code, "indicator": 37, "level": 4, "evidence": "Naik."}],
    }

    response = _api(sumedang_editor).post(API, data, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["license"] == "GPL-3.0-or-later"
    assert body["body_html"] == "<h2>Fitur</h2>\n<ul>\n<li>disposisi</li>\n</ul>\n"
    assert body["rb_themes"] == [
        {"number": 3, "name": "Digitalisasi Administrasi Pemerintahan", "name_en": ""}
    ]
    assert sorted(body["tags"]) == ["e-office", "tanda tangan digital"]
    assert body["contacts"] == [{"id": contact.pk, "name": contact.get_full_name()}]
    assert body["indicators"] == [
        {
            "framework": "permenpanrb-59-2020",
            "indicator": 37,
            "name": framework_2020.indicators.get(number=37).name,
            "level": 4,
            "evidence": "Naik.",
            "owner_level": None,
        }
    ]
    assert (body["national_platforms"], body["available_languages"]) == (["SRIKANDI", "BSrE"], ["id", "en"])
    assert Practice.objects.get().regency == sumedang
    assert PracticeRevision.objects.get().action == "created"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": "x" * 301}, "summary"),
        ({"kind": "roket"}, "kind"),
        ({"license": "GPL-ish"}, "license"),
        ({"national_platforms": ["PALAPA"]}, "national_platforms"),
        ({"available_languages": ["bahasa indonesia"]}, "available_languages"),
        ({"platforms": [""]}, "platforms"),
        ({"platforms": "web"}, "platforms"),
        ({"maintenance_contacts": [{"nama": "Tim"}]}, "maintenance_contacts"),
        ({"maintenance_contacts": [{"name": "Tim", "email": "bukan"}]}, "maintenance_contacts"),
        ({"indicators": [{"framework": "permenpanrb-59-2020", "indicator": 99, "level": 3}]}, "indicators"),
        ({"indicators": [{"framework": "tidak-ada", "indicator": 1, "level": 3}]}, "indicators"),
        ({"indicators": [{"framework": "permenpanrb-59-2020", "indicator": 1, "level": 0}]}, "indicators"),
        ({"rb_themes": [42]}, "rb_themes"),
        ({"contacts": [999999]}, "contacts"),
        ({"slug": "new"}, "slug"),
        ({"slug": "bukan slug!"}, "slug"),
        ({"repository_url": "javascript:alert(1)"}, "repository_url"),
        ({"kind": "regulation"}, "repository_url"),  # software details only for an application
        ({"tags": ["x" * 61]}, "tags"),
        ({"tags": ["!!!"]}, "tags"),
        ({"build_budget": -1}, "build_budget"),
        ({"launched_on": "kemarin"}, "launched_on"),
    ],
)
def test_every_refusal_names_its_field(sumedang, sumedang_editor, framework_2020, changes, field):
    response = _api(sumedang_editor).post(API, {**FULL, **changes}, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Practice.objects.exists()


def test_a_contact_from_another_pemda_is_refused(sumedang, ogan_ilir, sumedang_editor, ogan_ilir_editor):
    response = _api(sumedang_editor).post(API, {**FULL, "contacts": [ogan_ilir_editor.pk]}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["contacts"]


def test_a_taken_slug_is_refused(published, sumedang_editor):
    response = _api(sumedang_editor).post(API, {**FULL, "slug": "e-office"}, format="json")

    assert (response.status_code, list(response.json())) == (400, ["slug"])


def test_patch_changes_only_what_is_sent_and_keeps_slug_owner_and_relations(
    published, sumedang_editor, framework_2020
):
    PracticeIndicatorFactory(practice=published, indicator=framework_2020.indicators.get(number=1))
    published.tags.create(name="lama", slug="lama")

    response = _api(sumedang_editor).patch(f"{API}e-office/", {"summary": "Baru."}, format="json")
    moved = _api(sumedang_editor).patch(f"{API}e-office/", {"regency": "16.10"}, format="json")
    renamed = _api(sumedang_editor).patch(f"{API}e-office/", {"slug": "lain"}, format="json")

    assert response.status_code == 200
    assert (response.json()["summary"], response.json()["tags"]) == ("Baru.", ["lama"])
    assert len(response.json()["indicators"]) == 1
    assert (moved.status_code, list(moved.json())) == (400, ["regency"])
    assert (renamed.status_code, list(renamed.json())) == (400, ["slug"])
    published.refresh_from_db()
    assert (published.slug, published.regency_id) == ("e-office", "32.11")


def test_publishing_twice_is_a_400_naming_the_status(published, sumedang_editor):
    response = _api(sumedang_editor).post(f"{API}e-office/publish/")

    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def test_an_archived_practice_is_still_readable_by_everyone(published, sumedang_editor):
    _api(sumedang_editor).post(f"{API}e-office/archive/")

    body = _api().get(f"{API}e-office/").json()
    listed = _api().get(API).json()["results"]
    archived = _api().get(API, {"status": "archived"}).json()["results"]

    assert body["status"] == "archived" and body["archived_at"] is not None
    assert listed == [] and [row["slug"] for row in archived] == ["e-office"]


def test_the_detail_gives_the_owners_latest_level(sumedang, framework_2020, make_evaluation):
    make_evaluation(sumedang, year=2022, levels={3: 2})
    practice = PracticeFactory(regency=sumedang, slug="e-office")
    PracticeIndicatorFactory(practice=practice, indicator=framework_2020.indicators.get(number=3), level=4)

    row = _api().get(f"{API}e-office/").json()["indicators"][0]

    evaluation = sumedang.evaluations.get()
    assert row["owner_level"] == {
        "level": 2,
        "year": 2022,
        "source": "official",
        "synthetic": False,
        "evaluation": evaluation.pk,
    }


def test_the_schema_documents_the_endpoints_and_their_errors(anon):
    schema = anon.get("/api/schema/", {"format": "json"}).json()

    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/practices/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/practices/{slug}/"])
    assert "post" in paths["/api/v1/practices/{slug}/archive/"]
    assert "post" in paths["/api/v1/practices/{slug}/publish/"]
    assert {"get", "post"} <= set(paths["/api/v1/practices/{slug}/documents/"])
    assert {"get", "delete"} <= set(paths["/api/v1/practices/{slug}/documents/{document_id}/"])
    assert {"201", "400", "401", "403"} <= set(paths["/api/v1/practices/"]["post"]["responses"])
    assert {"200", "400", "401", "403", "404"} <= set(
        paths["/api/v1/practices/{slug}/"]["patch"]["responses"]
    )
    assert {"201", "400", "403"} <= set(paths["/api/v1/practices/{slug}/documents/"]["post"]["responses"])
    upload = paths["/api/v1/practices/{slug}/documents/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
