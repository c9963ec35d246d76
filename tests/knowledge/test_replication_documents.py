"""Evidence documents of replication steps: checked by the portal's one upload checker, shown under
their step and downloaded as private attachments by the two pemda and national admins only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge.models import ReplicationDocument
from livinglab.models import AuditEvent
from spbe.uploads import MAX_EVIDENCE_BYTES

from ..queries import measure_get
from .replication_factories import ReplicationStepFactory
from .replication_fixtures import ADOPTER, OWNER, api_as

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
EVERYONE = ["anon", "banjar_editor", OWNER, ADOPTER, "national_admin"]
INSIDERS = {OWNER, ADOPTER, "national_admin"}


def _client(request, client_for, anon, actor):
    return anon if actor == "anon" else client_for(request.getfixturevalue(actor))


@pytest.fixture
def replication(make_replication):
    """Accepted (public), with the owner's acceptance step then the adopter's agreement step (latest)."""
    replication = make_replication("agreement")
    ReplicationStepFactory(replication=replication, side="owner", to_stage="accepted")
    ReplicationStepFactory(
        replication=replication, side="adopter", from_stage="accepted", to_stage="agreement"
    )
    return replication


def _steps(replication):
    accepted, agreement = replication.steps.order_by("created_at", "pk")
    return accepted, agreement


def _new(replication, step):
    return f"/replications/{replication.pk}/steps/{step.pk}/documents/new/"


def _post(client, replication, step, name="PKS Sumedang.pdf", content=PDF, title="PKS ditandatangani"):
    return client.post(_new(replication, step), {"title": title, "file": SimpleUploadedFile(name, content)})


def _document(step, title="Daftar hadir pelatihan"):
    document = ReplicationDocument(step=step, title=title, file_type="pdf", size=len(PDF))
    document.file.save("daftar-hadir.pdf", SimpleUploadedFile("daftar-hadir.pdf", PDF), save=False)
    document.save()
    return document


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("surat.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 60),
        ("besar.pdf", PDF + b"0" * (MAX_EVIDENCE_BYTES + 1 - len(PDF))),
        ("kosong.pdf", b""),
    ],
)
def test_hostile_uploads_are_refused_and_nothing_is_stored(
    replication, client_for, ogan_ilir_editor, media, name, content
):
    _accepted, agreement = _steps(replication)

    response = _post(client_for(ogan_ilir_editor), replication, agreement, name, content)

    assert response.status_code == 400
    assert response.context["refusal"].startswith("Berkas: ")  # the field, then the reason
    assert not ReplicationDocument.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_document_is_stored_under_a_safe_name_and_shown_under_its_step(
    replication, client_for, ogan_ilir_editor, media
):
    _accepted, agreement = _steps(replication)
    client = client_for(ogan_ilir_editor)

    response = _post(client, replication, agreement, name="../../PKS & Nota.pdf")

    assert response.status_code == 302
    document = ReplicationDocument.objects.get()
    assert document.download_name == "pks-nota.pdf"
    assert (document.step, document.size, document.uploaded_by) == (agreement, len(PDF), ogan_ilir_editor)
    event = AuditEvent.objects.get(object_type="knowledge.replicationdocument", object_id=str(document.pk))
    assert (event.actor_name, event.action, event.changes["title"]) == (
        "editor-ogan-ilir",
        "created",
        [None, "PKS ditandatangani"],
    )
    page = client.get(f"/replications/{replication.pk}/").content.decode()
    assert "PKS ditandatangani" in page
    assert f"/steps/{agreement.pk}/documents/{document.pk}/" in page


@pytest.mark.parametrize(
    ("actor", "step_index", "expected"),
    [
        ("anon", 1, 302),  # to the login page
        ("banjar_editor", 1, 404),
        ("national_admin", 1, 403),
        (OWNER, 0, 302),  # its own step
        (OWNER, 1, 302),  # the latest step, of the other side
        (ADOPTER, 1, 302),  # its own step, the latest
        (ADOPTER, 0, 403),  # an earlier step of the other side
    ],
)
def test_who_adds_a_document_to_which_step(
    request, client_for, anon, replication, media, actor, step_index, expected
):
    step = _steps(replication)[step_index]

    response = _post(_client(request, client_for, anon, actor), replication, step)

    assert response.status_code == expected
    if actor == "anon":
        assert response["Location"].startswith("/accounts/login/")
    assert ReplicationDocument.objects.exists() is (expected == 302 and actor != "anon")


@pytest.mark.parametrize("actor", EVERYONE)
def test_documents_are_downloaded_by_the_two_pemda_and_national_admins_only(
    request, client_for, anon, replication, media, actor
):
    """The replication is public; its documents never are."""
    accepted, _agreement = _steps(replication)
    document = _document(accepted)
    client = _client(request, client_for, anon, actor)

    download = client.get(f"/replications/{replication.pk}/steps/{accepted.pk}/documents/{document.pk}/")
    page = client.get(f"/replications/{replication.pk}/").content.decode()

    if actor == "anon":
        assert download.status_code == 302
        assert download["Location"].startswith("/accounts/login/")
    elif actor in INSIDERS:
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="daftar-hadir.pdf"'
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Cache-Control"] == "private, no-store"
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF
    else:
        assert download.status_code == 404
    assert ("Daftar hadir pelatihan" in page) is (actor in INSIDERS)


def test_a_document_of_another_step_or_replication_is_a_404(
    client_for, sumedang_editor, replication, make_replication, media
):
    accepted, agreement = _steps(replication)
    document = _document(accepted)
    client = client_for(sumedang_editor)

    assert (
        client.get(
            f"/replications/{replication.pk}/steps/{agreement.pk}/documents/{document.pk}/"
        ).status_code
        == 404
    )
    other = make_replication("declined")  # one active replication per practice and adopter
    assert (
        client.get(f"/replications/{other.pk}/steps/{accepted.pk}/documents/{document.pk}/").status_code
        == 404
    )


def test_the_page_costs_the_same_for_1_or_10_documents(client_for, sumedang_editor, replication, media):
    accepted, agreement = _steps(replication)
    client = client_for(sumedang_editor)
    _document(accepted)
    small, _ = measure_get(client, f"/replications/{replication.pk}/")
    for _ in range(5):
        _document(accepted)
        _document(agreement)
    large, response = measure_get(client, f"/replications/{replication.pk}/")

    assert small == large
    assert sum(len(step.documents.all()) for step in response.context["steps"]) == 11


@pytest.mark.parametrize(
    ("actor", "expected"), [("anon", 401), ("banjar_editor", 404), ("national_admin", 403), (ADOPTER, 201)]
)
def test_the_api_adds_a_document_to_a_step(request, replication, media, actor, expected):
    _accepted, agreement = _steps(replication)
    url = f"/api/v1/replications/{replication.pk}/steps/{agreement.pk}/documents/"

    response = api_as(request, actor).post(
        url, {"title": "PKS", "file": SimpleUploadedFile("pks.pdf", PDF)}, format="multipart"
    )

    assert response.status_code == expected
    if expected == 201:
        document = ReplicationDocument.objects.get()
        assert response.json()["url"].endswith(
            f"/replications/{replication.pk}/steps/{agreement.pk}/documents/{document.pk}/"
        )
    else:
        assert not ReplicationDocument.objects.exists()


def test_the_api_refuses_a_disguised_file_naming_the_field(request, replication, media):
    _accepted, agreement = _steps(replication)
    url = f"/api/v1/replications/{replication.pk}/steps/{agreement.pk}/documents/"

    response = api_as(request, ADOPTER).post(
        url, {"title": "PKS", "file": SimpleUploadedFile("pks.pdf", b"<html></html>")}, format="multipart"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert not ReplicationDocument.objects.exists()
