"""Every practice permission rule from every side: anonymous, an editor of another pemda, the owner
pemda's editor and manager, an assessor (group "Asesor") and a national admin, on the pages and the API.

Each test checks the answer and what it did (or did not do) to the database.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from knowledge.models import Practice, PracticeDocument, PracticeRevision

from .factories import PracticeDocumentFactory
from .form_data import practice_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
ACTORS = ["anon", "ogan_ilir_editor", "assessor", "sumedang_editor", "sumedang_manager", "national_admin"]
OWNERS = {"sumedang_editor", "sumedang_manager", "national_admin"}
OUTSIDERS = {"ogan_ilir_editor", "assessor"}


def _page_client(request, actor):
    """A browser session of the actor (the named fixture), or an anonymous one."""
    client = Client()
    if actor != "anon":
        client.force_login(request.getfixturevalue(actor))
    return client


def _api_client(request, actor):
    return _api_client_for(None if actor == "anon" else request.getfixturevalue(actor))


def _sent_to_log_in(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def _status(practice):
    practice.refresh_from_db()
    return practice.status


# Pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_reads_a_published_practice_and_only_its_pemda_and_admins_see_the_edit_button(
    request, published, actor
):
    response = _page_client(request, actor).get("/practices/e-office/")

    assert response.status_code == 200
    assert ('href="/practices/e-office/edit/"' in response.content.decode()) == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_a_draft_is_a_404_for_all_but_its_pemda_and_national_admins(request, draft, actor):
    response = _page_client(request, actor).get("/practices/e-sakip-baru/")

    assert response.status_code == (200 if actor in OWNERS else 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_pemda_and_national_admins_edit_a_practice(request, published, actor):
    client = _page_client(request, actor)
    page = client.get("/practices/e-office/edit/")
    response = client.post("/practices/e-office/edit/", practice_form(title="Judul baru"))

    published.refresh_from_db()
    if actor == "anon":
        assert _sent_to_log_in(page) and _sent_to_log_in(response)
    elif actor in OUTSIDERS:
        assert (page.status_code, response.status_code) == (403, 403)
    else:
        assert page.status_code == 200
        assert response.status_code == 302, response.content.decode()[:3000]
    assert (published.title == "Judul baru") == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_pemda_and_national_admins_publish_a_draft(request, draft, actor):
    response = _page_client(request, actor).post("/practices/e-sakip-baru/publish/", {"confirm": "on"})

    if actor == "anon":
        assert _sent_to_log_in(response)
    elif actor in OUTSIDERS:
        assert response.status_code == 404  # the draft is not revealed
    else:
        assert response["Location"] == "/practices/e-sakip-baru/"
    assert (_status(draft) == Practice.Status.PUBLISHED) == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_pemda_and_national_admins_archive_a_practice(request, published, actor):
    client = _page_client(request, actor)

    confirmation = client.get("/practices/e-office/archive/")
    response = client.post("/practices/e-office/archive/", {"confirm": "on"})

    if actor == "anon":
        assert _sent_to_log_in(response)
    elif actor in OUTSIDERS:
        assert (confirmation.status_code, response.status_code) == (403, 403)
    else:
        assert confirmation.status_code == 200
        assert response["Location"] == "/practices/e-office/"
    assert (_status(published) == Practice.Status.ARCHIVED) == (actor in OWNERS)


def test_archiving_needs_the_confirmation(published, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post("/practices/e-office/archive/", {})

    assert response.status_code == 200
    assert 'id="id_confirm-error"' in response.content.decode()
    assert _status(published) == Practice.Status.PUBLISHED


@pytest.mark.parametrize("actor", ACTORS)
def test_only_pemda_staff_and_national_admins_open_the_create_page(request, actor):
    response = _page_client(request, actor).get("/practices/new/")

    if actor == "anon":
        assert _sent_to_log_in(response)
    else:
        assert response.status_code == (403 if actor == "assessor" else 200)


def test_an_editor_creates_a_draft_for_their_own_pemda_whatever_regency_is_posted(
    ogan_ilir, sumedang, ogan_ilir_editor, client_for
):
    response = client_for(ogan_ilir_editor).post(
        "/practices/new/",
        practice_form(regency="32.11", title="Layanan Adminduk Keliling", kind="innovation"),
    )

    practice = Practice.objects.get()
    assert response["Location"] == "/practices/layanan-adminduk-keliling/"
    assert (practice.regency, practice.status) == (ogan_ilir, Practice.Status.DRAFT)


def test_a_national_admin_chooses_the_owner_pemda(ogan_ilir, national_admin, client_for):
    data = practice_form(title="SRIKANDI Daerah")

    missing = client_for(national_admin).post("/practices/new/", data)
    response = client_for(national_admin).post("/practices/new/", {**data, "regency": "16.10"})

    assert 'id="id_regency-error"' in missing.content.decode()
    assert response["Location"] == "/practices/srikandi-daerah/"
    assert Practice.objects.get().regency == ogan_ilir


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_pemda_and_national_admins_upload_documents(request, published, media, actor):
    client = _page_client(request, actor)

    response = client.post(
        "/practices/e-office/documents/new/",
        {"title": "Panduan", "file": SimpleUploadedFile("panduan.pdf", PDF)},
    )

    if actor == "anon":
        assert _sent_to_log_in(response)
    elif actor in OUTSIDERS:
        assert response.status_code == 403
    else:
        assert response["Location"] == "/practices/e-office/"
    assert PracticeDocument.objects.exists() == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_a_drafts_documents_are_a_404_for_all_but_its_pemda_and_national_admins(request, draft, media, actor):
    document = PracticeDocumentFactory(practice=draft)

    response = _page_client(request, actor).get(f"/practices/e-sakip-baru/documents/{document.pk}/")

    assert response.status_code == (200 if actor in OWNERS else 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_downloads_the_documents_of_a_published_practice(request, published, media, actor):
    document = PracticeDocumentFactory(practice=published)

    response = _page_client(request, actor).get(f"/practices/e-office/documents/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n%%EOF\n"


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_pemda_and_national_admins_remove_documents(request, published, media, actor):
    document = PracticeDocumentFactory(practice=published)

    response = _page_client(request, actor).post(
        f"/practices/e-office/documents/{document.pk}/delete/", {"confirm": "on"}
    )

    if actor == "anon":
        assert _sent_to_log_in(response)
    elif actor in OUTSIDERS:
        assert response.status_code == 403
    else:
        assert response["Location"] == "/practices/e-office/"
    assert PracticeDocument.objects.exists() == (actor not in OWNERS)


# API -----------------------------------------------------------------------------------------------

API = "/api/v1/practices/"
NEW = {"title": "Sistem Antrean Puskesmas", "summary": "Antrean daring.", "kind": "application"}


@pytest.mark.parametrize("actor", ACTORS)
def test_api_creates_practices_only_for_the_users_own_pemda(request, sumedang, ogan_ilir, actor):
    response = _api_client(request, actor).post(API, NEW, format="json")

    if actor == "anon":
        assert response.status_code == 401
    elif actor == "assessor":
        assert response.status_code == 403
        assert "detail" in response.json()
    elif actor == "national_admin":
        assert response.status_code == 400
        assert "regency" in response.json()
    else:
        assert response.status_code == 201
        owner = "16.10" if actor == "ogan_ilir_editor" else "32.11"
        assert response.json()["regency"]["code"] == owner
        assert response.json()["status"] == "draft"
    assert Practice.objects.count() == (
        1 if actor in {"ogan_ilir_editor", "sumedang_editor", "sumedang_manager"} else 0
    )


def test_api_refuses_a_practice_for_another_pemda(sumedang, ogan_ilir, ogan_ilir_editor):
    response = _api_client_for(ogan_ilir_editor).post(API, {**NEW, "regency": "32.11"}, format="json")

    assert response.status_code == 403
    assert not Practice.objects.exists()


def test_api_national_admins_create_for_the_pemda_they_name(sumedang, national_admin):
    response = _api_client_for(national_admin).post(API, {**NEW, "regency": "32.11"}, format="json")

    assert response.status_code == 201
    assert Practice.objects.get().regency == sumedang


def _api_client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_api_updates_only_by_the_owner_pemda_and_national_admins(request, published, actor):
    response = _api_client(request, actor).patch(f"{API}e-office/", {"summary": "Diubah."}, format="json")

    expected = {"anon": 401, "ogan_ilir_editor": 403, "assessor": 403}.get(actor, 200)
    assert response.status_code == expected
    if expected != 200:
        assert set(response.json()) == {"detail"}
    published.refresh_from_db()
    assert (published.summary == "Diubah.") == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_api_archives_only_by_the_owner_pemda_and_national_admins(request, published, actor):
    response = _api_client(request, actor).post(f"{API}e-office/archive/")

    assert response.status_code == {"anon": 401, "ogan_ilir_editor": 403, "assessor": 403}.get(actor, 200)
    assert (_status(published) == Practice.Status.ARCHIVED) == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_api_publishes_a_draft_only_by_the_owner_pemda_and_national_admins(request, draft, actor):
    response = _api_client(request, actor).post(f"{API}e-sakip-baru/publish/")

    assert response.status_code == {"anon": 401, "ogan_ilir_editor": 404, "assessor": 404}.get(actor, 200)
    assert (_status(draft) == Practice.Status.PUBLISHED) == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_api_shows_a_draft_only_to_its_pemda_and_national_admins(request, draft, actor):
    client = _api_client(request, actor)

    detail = client.get(f"{API}e-sakip-baru/")
    listed = client.get(API, {"status": "draft"}).json()["results"]

    assert detail.status_code == (200 if actor in OWNERS else 404)
    assert [row["slug"] for row in listed] == (["e-sakip-baru"] if actor in OWNERS else [])


@pytest.mark.parametrize("actor", ACTORS)
def test_api_uploads_documents_only_by_the_owner_pemda_and_national_admins(request, published, media, actor):
    response = _api_client(request, actor).post(
        f"{API}e-office/documents/",
        {"title": "Panduan", "file": SimpleUploadedFile("panduan.pdf", PDF)},
        format="multipart",
    )

    assert response.status_code == {"anon": 401, "ogan_ilir_editor": 403, "assessor": 403}.get(actor, 201)
    assert PracticeDocument.objects.exists() == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_api_removes_documents_only_by_the_owner_pemda_and_national_admins(request, published, media, actor):
    document = PracticeDocumentFactory(practice=published)

    response = _api_client(request, actor).delete(f"{API}e-office/documents/{document.pk}/")

    assert response.status_code == {"anon": 401, "ogan_ilir_editor": 403, "assessor": 403}.get(actor, 204)
    assert PracticeDocument.objects.exists() == (actor not in OWNERS)
    removed = PracticeRevision.objects.filter(action=PracticeRevision.Action.DOCUMENT_REMOVED).exists()
    assert removed == (actor in OWNERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_api_a_drafts_documents_are_a_404_for_others(request, draft, media, actor):
    document = PracticeDocumentFactory(practice=draft)
    client = _api_client(request, actor)

    listed = client.get(f"{API}e-sakip-baru/documents/")
    download = client.get(f"{API}e-sakip-baru/documents/{document.pk}/")

    assert (listed.status_code, download.status_code) == ((200, 200) if actor in OWNERS else (404, 404))


def test_a_deactivated_editor_loses_every_right(published, sumedang_editor):
    sumedang_editor.is_active = False
    sumedang_editor.save()
    client = Client()
    client.force_login(sumedang_editor)

    response = client.post("/practices/e-office/archive/", {"confirm": "on"})

    assert _sent_to_log_in(response)
    assert _status(published) == Practice.Status.PUBLISHED
