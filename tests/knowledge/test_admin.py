"""Practices in the Django admin: national admins find, moderate and read the history there."""

import pytest

from knowledge.models import Practice, PracticeDocument, PracticeRevision

from .factories import PracticeDocumentFactory, PracticeFactory, RbThemeFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(national_admin, client_for):
    return client_for(national_admin)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/knowledge/practice/?q=e-office&status__exact=published",
        "/admin/knowledge/practicedocument/?q=panduan",
        "/admin/knowledge/practicerevision/",
        "/admin/knowledge/tag/?q=surat",
        "/admin/knowledge/rbtheme/",
        "/admin/knowledge/practice/add/",
    ],
)
def test_the_admin_pages_open(admin_client, published, media, url):
    PracticeDocumentFactory(practice=published, title="Panduan")
    TagFactory(name="surat")
    RbThemeFactory(number=1)

    assert admin_client.get(url).status_code == 200


def test_the_practice_changelist_finds_by_title_and_owner(admin_client, published, ogan_ilir):
    PracticeFactory(regency=ogan_ilir, title="Integrasi SIPD")

    by_title = admin_client.get("/admin/knowledge/practice/", {"q": "e-office"}).content.decode()
    by_owner = admin_client.get("/admin/knowledge/practice/", {"q": "Ogan Ilir"}).content.decode()

    assert "Super Aplikasi e-Office" in by_title and "Integrasi SIPD" not in by_title
    assert "Integrasi SIPD" in by_owner and "Super Aplikasi e-Office" not in by_owner


def test_practices_are_archived_not_deleted_in_the_admin(admin_client, published):
    response = admin_client.post(f"/admin/knowledge/practice/{published.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Practice.objects.filter(pk=published.pk).exists()


def test_removing_a_document_in_the_admin_is_in_the_history(
    admin_client, published, media, national_admin, django_capture_on_commit_callbacks
):
    document = PracticeDocumentFactory(practice=published, title="Panduan")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/knowledge/practicedocument/{document.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not PracticeDocument.objects.exists()
    revision = PracticeRevision.objects.get()
    assert (revision.action, revision.changed_by, revision.by_role) == (
        "document_removed",
        national_admin,
        "national_admin",
    )
    assert not list(media.rglob("*.pdf"))


def test_the_admin_adds_no_document_past_the_upload_checker(admin_client):
    assert admin_client.get("/admin/knowledge/practicedocument/add/").status_code == 403
