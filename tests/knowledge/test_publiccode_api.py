"""publiccode.yml in the API: GET export, PUT update, POST new; errors as JSON naming the key path;
the round trip export -> import -> export changes no byte and no field; the schema lists it all."""

from pathlib import Path

import pytest
import yaml
from rest_framework.test import APIClient

from knowledge.models import Notification, Practice, PracticeRevision

from ..regencies.factories import RegencyFactory, UserFactory
from .discussion_factories import FollowFactory
from .publiccode_data import DELETE, HOSTILE, application, publiccode_text

pytestmark = pytest.mark.django_db

API = "/api/v1/practices/"
EXAMPLES = Path(__file__).parent / "publiccode"
ROLES = ["anonymous", "other pemda editor", "assessor", "own editor", "own manager", "national admin"]


@pytest.fixture
def api(ogan_ilir_editor, assessor, sumedang_editor, sumedang_manager, national_admin):
    users = {
        "anonymous": None,
        "other pemda editor": ogan_ilir_editor,
        "assessor": assessor,
        "own editor": sumedang_editor,
        "own manager": sumedang_manager,
        "national admin": national_admin,
    }

    def _client(role):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if users[role] is not None:
            client.force_authenticate(users[role])
        return client

    return _client


def _put(client, slug, text, query="", content_type="application/yaml"):
    return client.put(f"{API}{slug}/publiccode/{query}", text.encode(), content_type=content_type)


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [404, 404, 404, 200, 200, 200], strict=True)))
def test_a_drafts_export_is_only_for_those_who_see_the_draft(api, sumedang, role, status):
    application(sumedang, status=Practice.Status.DRAFT, published_at=None)

    response = api(role).get(f"{API}simpel-desa/publiccode/")

    assert response.status_code == status
    if status == 404:
        assert response.json() == {"detail": "Not found."}
    else:
        assert response["Content-Type"] == "application/yaml; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert yaml.safe_load(response.content)["organisation"]["uri"] == "urn:x-kemendagri:32.11"


def test_the_api_and_the_page_export_the_same_bytes(api, anon, sumedang):
    application(sumedang)

    assert (
        api("anonymous").get(f"{API}simpel-desa/publiccode/").content
        == anon.get("/practices/simpel-desa/publiccode.yml").content
    )


def test_a_practice_without_a_software_description_is_a_404_saying_why(api, sumedang):
    application(sumedang, kind=Practice.Kind.REGULATION, software_type="")

    response = api("anonymous").get(f"{API}simpel-desa/publiccode/")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "This practice has no software description to export as publiccode.yml."
    }


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [401, 403, 403, 200, 200, 200], strict=True)))
def test_only_the_owner_pemda_and_national_admins_put_a_publiccode_yml(api, sumedang, role, status):
    practice = application(sumedang)

    response = _put(api(role), "simpel-desa", publiccode_text([("name", "SIMPEL Desa 2")]))

    assert response.status_code == status
    practice.refresh_from_db()
    assert (practice.title == "SIMPEL Desa 2") is (status == 200)
    if status == 200:
        assert response.json()["saved"] is True
        assert {"field": "title", "old": "SIMPEL Desa", "new": "SIMPEL Desa 2"} in response.json()["changes"]
        assert practice.revisions.get().action == PracticeRevision.Action.EDITED


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [401, 404, 404, 200, 200, 200], strict=True)))
def test_a_draft_is_put_only_by_those_who_see_it(api, sumedang, role, status):
    application(sumedang, status=Practice.Status.DRAFT, published_at=None)

    assert _put(api(role), "simpel-desa", publiccode_text()).status_code == status


def test_errors_are_json_naming_each_key_path_and_nothing_is_saved(api, sumedang):
    practice = application(sumedang)
    text = publiccode_text(
        [
            ("legal.license", "Lisensi Bebas"),
            ("maintenance.type", "kadang-kadang"),
            ("localisation.availableLanguages", ["bahasa indonesia"]),
            ("description.id.shortDescription", "x" * 301),
        ]
    )

    response = _put(api("own editor"), "simpel-desa", text)

    assert response.status_code == 400
    assert response.json() == {
        "legal.license": ["not a valid SPDX expression"],
        "maintenance.type": ["must be one of: internal, contract, community, none"],
        "localisation.availableLanguages[0]": ["not a language tag (BCP 47, e.g. id or en)"],
        "description.id.shortDescription": ["the portal keeps at most 300 characters"],
    }
    practice.refresh_from_db()
    assert practice.title == "SIMPEL Desa" and not practice.revisions.exists()


def test_the_portals_own_limits_are_named_by_key_path_once_the_file_follows_the_standard(api, sumedang):
    application(sumedang)
    text = publiccode_text([("name", "n" * 201), ("legal.license", "MIT OR LicenseRef-Pemkab-Sumedang")])

    response = _put(api("own editor"), "simpel-desa", text)

    assert response.status_code == 400
    assert set(response.json()) == {"name", "legal.license"}
    assert response.json()["name"] == ["Ensure this value has at most 200 characters (it has 201)."]


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_yaml_is_a_clean_400_for_the_whole_file(api, sumedang, case):
    application(sumedang)
    text, message = HOSTILE[case]

    response = _put(api("own editor"), "simpel-desa", text)

    assert response.status_code == 400
    [error] = response.json()["publiccode"]
    assert message in error


def test_a_body_that_is_not_yaml_is_a_415(api, sumedang):
    application(sumedang)

    response = _put(api("own editor"), "simpel-desa", '{"name": "x"}', content_type="application/json")

    assert response.status_code == 415
    assert "detail" in response.json()


def test_a_dry_run_lists_the_changes_and_warnings_without_saving(api, sumedang):
    practice = application(sumedang)
    text = publiccode_text([("name", "Baru"), ("x-catatan", "disimpan apa adanya")])

    response = _put(api("own editor"), "simpel-desa", text, query="?dry_run=true")

    body = response.json()
    assert response.status_code == 200 and body["saved"] is False and body["slug"] == "simpel-desa"
    assert {"field": "title", "old": "SIMPEL Desa", "new": "Baru"} in body["changes"]
    assert {"path": "x-catatan", "message": "not a key of publiccode.yml 0.7; kept as it is"} in body[
        "warnings"
    ]
    practice.refresh_from_db()
    assert practice.title == "SIMPEL Desa"


def test_export_import_export_changes_no_byte_and_no_field(api, sumedang):
    practice = application(
        sumedang,
        landing_url="https://simpel.sumedangkab.go.id",
        title_en="SIMPEL Village",
        summary_en="Village letters online.",
        dependencies=["PostgreSQL"],
        launched_on="2021-08-17",
        maintenance_contacts=[
            {
                "name": "Dewi",
                "email": "dewi@sumedangkab.go.id",
                "phone": "+62 261 1",
                "affiliation": "Diskominfo",
            }
        ],
        publiccode_extra={"usedBy": ["Kota Bandung"], "softwareVersion": "2.1.0", "x-extra": [1, "dua"]},
    )
    editor = api("own editor")
    first = editor.get(f"{API}simpel-desa/publiccode/").content

    response = _put(editor, "simpel-desa", first.decode())

    assert response.status_code == 200 and response.json()["changes"] == []
    assert editor.get(f"{API}simpel-desa/publiccode/").content == first
    assert not practice.revisions.exists()  # nothing changed, nothing recorded


def test_stand_ins_of_the_export_read_back_as_not_given(api, sumedang, settings):
    # No repository, body or contact: the export writes the practice's page as url, the summary as
    # longDescription and the pemda as contact; reading it back must not invent any of them.
    settings.ALLOWED_HOSTS = ["livinglab.example.id"]
    practice = application(sumedang, repository_url="", body="", maintenance_contacts=[])
    editor = api("own editor")
    editor.defaults["HTTP_HOST"] = "livinglab.example.id"  # "testserver" is not a web address
    first = editor.get(f"{API}simpel-desa/publiccode/").content
    assert yaml.safe_load(first)["url"] == "http://livinglab.example.id/practices/simpel-desa/"

    response = _put(editor, "simpel-desa", first.decode())

    assert response.json()["changes"] == []
    practice.refresh_from_db()
    assert (practice.repository_url, practice.body, practice.maintenance_contacts) == ("", "", [])
    assert editor.get(f"{API}simpel-desa/publiccode/").content == first


def test_a_practices_own_tags_stay_and_categories_come_from_the_file(api, sumedang):
    practice = application(sumedang)
    practice.tags.create(name="surat", slug="surat")
    practice.tags.create(name="accounting", slug="accounting")

    _put(api("own editor"), "simpel-desa", publiccode_text([("categories", ["document-management"])]))

    assert sorted(practice.tags.values_list("slug", flat=True)) == ["document-management", "surat"]


def test_staff_post_a_new_draft_application_of_their_pemda(api, sumedang):
    response = api("own manager").post(
        f"{API}new/publiccode/", publiccode_text().encode(), content_type="application/yaml"
    )

    assert response.status_code == 201
    practice = Practice.objects.get(slug=response.json()["slug"])
    assert (practice.regency, practice.status, practice.kind) == (sumedang, "draft", "application")
    assert practice.revisions.get().action == PracticeRevision.Action.CREATED


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [401, 400, 403, 201, 201, 201], strict=True)))
def test_a_new_practice_belongs_to_the_posters_pemda_never_another(api, sumedang, ogan_ilir, role, status):
    # The file names Sumedang: Ogan Ilir's editor is refused at organisation.uri.
    response = api(role).post(
        f"{API}new/publiccode/", publiccode_text().encode(), content_type="application/yaml"
    )

    assert response.status_code == status
    if status == 400:
        assert list(response.json()) == ["organisation.uri"]
    assert Practice.objects.filter(regency=sumedang).count() == (1 if status == 201 else 0)


def test_a_person_without_a_pemda_may_not_post_a_new_practice(sumedang):
    client = APIClient()
    client.force_authenticate(UserFactory())

    response = client.post(
        f"{API}new/publiccode/", publiccode_text().encode(), content_type="application/yaml"
    )

    assert response.status_code == 403 and not Practice.objects.exists()


def test_a_national_admin_must_name_the_owner_in_organisation_uri(api, sumedang):
    text = publiccode_text([("organisation", DELETE)])

    response = api("national admin").post(
        f"{API}new/publiccode/", text.encode(), content_type="application/yaml"
    )

    assert response.status_code == 400
    assert response.json() == {
        "organisation.uri": ["national admins name the owner pemda here, e.g. urn:x-kemendagri:32.11"]
    }


def test_the_schema_documents_the_publiccode_endpoints_and_their_errors(anon):
    paths = anon.get("/api/schema/?format=json").json()["paths"]

    exchange = paths["/api/v1/practices/{slug}/publiccode/"]
    assert set(exchange["get"]["responses"]) >= {"200", "404"}
    assert "application/yaml" in exchange["get"]["responses"]["200"]["content"]
    assert set(exchange["put"]["responses"]) >= {"200", "400", "401", "403", "404", "415"}
    assert "application/yaml" in exchange["put"]["requestBody"]["content"]
    new = paths["/api/v1/practices/new/publiccode/"]["post"]
    assert set(new["responses"]) >= {"201", "200", "400", "401", "403", "415"}


def test_a_client_asking_for_yaml_gets_the_file_and_errors_still_as_json(api, sumedang):
    application(sumedang)
    client = api("anonymous")

    found = client.get(f"{API}simpel-desa/publiccode/", HTTP_ACCEPT="application/yaml")
    missing = client.get(f"{API}tidak-ada/publiccode/?format=yaml", HTTP_ACCEPT="application/yaml")

    assert found.status_code == 200 and found["Content-Type"] == "application/yaml; charset=utf-8"
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}


def test_the_export_costs_the_same_queries_with_many_tags(api, sumedang, django_assert_max_num_queries):
    practice = application(sumedang)
    client = api("anonymous")
    for size in (1, 10):
        practice.tags.set(
            [practice.tags.create(name=f"tag {size}-{n}", slug=f"tag-{size}-{n}") for n in range(size)]
        )
        # the practice with its pemda and province, its tags, the adopters running it for usedBy
        # (throttling uses the cache)
        with django_assert_max_num_queries(3):
            assert client.get(f"{API}simpel-desa/publiccode/").status_code == 200


def test_a_put_is_recorded_in_the_history_and_told_to_followers(
    api, sumedang, sumedang_manager, celery_eager, django_capture_on_commit_callbacks
):
    practice = application(sumedang)
    follower = UserFactory(username="pengikut")
    FollowFactory(user=follower, regency=sumedang)

    with django_capture_on_commit_callbacks(execute=True):
        _put(api("own manager"), "simpel-desa", publiccode_text([("developmentStatus", "obsolete")]))

    revision = practice.revisions.get()
    assert (revision.changed_by, revision.by_role) == (sumedang_manager, "manager")
    assert {"field": "development_status", "old": "stable", "new": "obsolete"} in revision.changes
    assert Notification.objects.filter(recipient=follower).count() == 1


@pytest.mark.parametrize("example", ["v0.2-full", "v0.3-minimal", "v0.4-full", "v0.5-full", "v0.6-minimal"])
def test_a_file_of_each_version_imports_and_then_exports_stably(api, sumedang, example):
    editor = api("own editor")
    source = (EXAMPLES / f"{example}.yml").read_bytes()

    created = editor.post(f"{API}new/publiccode/", source, content_type="application/yaml")

    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    first = editor.get(f"{API}{slug}/publiccode/").content
    assert _put(editor, slug, first.decode()).json()["changes"] == []
    assert editor.get(f"{API}{slug}/publiccode/").content == first


def test_a_proprietary_licence_of_the_files_own_is_recorded_as_proprietary_with_a_warning(api, sumedang):
    RegencyFactory(code="35.73", name="Kota Malang", province__code="35")
    source = (EXAMPLES / "v0.7-full.yml").read_bytes()  # LicenseRef-Pemkot-Malang-Proprietary

    created = api("national admin").post(f"{API}new/publiccode/", source, content_type="application/yaml")

    assert created.status_code == 201
    practice = Practice.objects.get(slug=created.json()["slug"])
    assert (practice.regency_id, practice.license) == ("35.73", "LicenseRef-proprietary")
    assert {
        "path": "legal.license",
        "message": "recorded as LicenseRef-proprietary, the portal's name for every proprietary licence",
    } in created.json()["warnings"]
