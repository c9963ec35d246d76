"""Practice documents: checked by content with the portal's one upload checker, served as attachments."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from knowledge.models import PracticeDocument, PracticeRevision
from spbe.uploads import MAX_EVIDENCE_BYTES

pytestmark = pytest.mark.django_db

NEW = "/practices/e-office/documents/new/"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def _zip(*entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def _ooxml(main_part):
    return _zip(("[Content_Types].xml", "<Types/>"), (main_part, "<document/>"))


ODT = _zip(
    ("mimetype", ODT_TYPE), ("content.xml", "<office:document-content/>"), ("META-INF/manifest.xml", "<m/>")
)


def _upload(client, name, content, title="Panduan penerapan"):
    return client.post(NEW, {"title": title, "file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "stored", "content_type"),
    [
        ("Panduan e-Office.pdf", PDF, "panduan-e-office.pdf", "application/pdf"),
        ("alur.docx", _ooxml("word/document.xml"), "alur.docx", "application/vnd.openxmlformats-"),
        ("biaya.xlsx", _ooxml("xl/workbook.xml"), "biaya.xlsx", "application/vnd.openxmlformats-"),
        ("paparan.pptx", _ooxml("ppt/presentation.xml"), "paparan.pptx", "application/vnd.openxmlformats-"),
        ("Perbup.odt", ODT, "perbup.odt", ODT_TYPE),
        ("layar.png", PNG, "layar.png", "image/png"),
        ("foto.jpeg", JPEG, "foto.jpg", "image/jpeg"),
        # The extension follows the content and the name is cleaned, whatever it was called.
        ("../../etc/Surat & Nota.png", PDF, "surat-nota.pdf", "application/pdf"),
    ],
)
def test_documents_are_accepted_by_content_and_downloaded_as_safe_attachments(
    published, sumedang_editor, client_for, media, anon, name, content, stored, content_type
):
    response = _upload(client_for(sumedang_editor), name, content)

    assert response["Location"] == "/practices/e-office/"
    document = PracticeDocument.objects.get()
    assert document.file.name == f"knowledge/documents/{timezone.now().year}/{stored}"
    assert (document.title, document.size, document.uploaded_by) == (
        "Panduan penerapan",
        len(content),
        sumedang_editor,
    )
    download = anon.get(f"/practices/e-office/documents/{document.pk}/")
    assert download["Content-Disposition"] == f'attachment; filename="{stored}"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"].startswith(content_type)
    assert b"".join(download.streaming_content) == content


def test_a_document_of_exactly_10_mb_is_accepted(published, sumedang_editor, client_for, media):
    content = PDF + b"0" * (MAX_EVIDENCE_BYTES - len(PDF))

    response = _upload(client_for(sumedang_editor), "besar.pdf", content)

    assert response.status_code == 302
    assert PracticeDocument.objects.get().size == MAX_EVIDENCE_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("halaman.pdf", b"<!doctype html><script>alert(1)</script>", "bukan"),  # HTML renamed .pdf
        ("besar.pdf", PDF + b"0" * (MAX_EVIDENCE_BYTES + 1 - len(PDF)), "10 MB"),
        ("arsip.docx", _zip(("a.txt", "teks")), "bukan"),  # a zip that is not an Office document
        ("tanpa-isi.docx", _zip(("[Content_Types].xml", "<Types/>")), "bukan"),  # no main part
        (
            "tabel.odt",
            _zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "x")),
            "bukan",
        ),
        ("salah-urut.odt", _zip(("content.xml", "x"), ("mimetype", ODT_TYPE)), "bukan"),  # mimetype not first
        ("tanpa-konten.odt", _zip(("mimetype", ODT_TYPE)), "bukan"),
        ("rusak.pdf", b"PK\x03\x04" + b"\x00" * 40, "bukan"),  # a broken zip
        ("skrip.exe", b"MZ\x90\x00" + b"\x00" * 40, "bukan"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_hostile_or_wrong_uploads_are_refused_next_to_the_field(
    published, sumedang_editor, client_for, media, name, content, message
):
    response = _upload(client_for(sumedang_editor), name, content)

    assert response.status_code == 200
    html = response.content.decode()
    error = html.split('id="id_file-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert not PracticeDocument.objects.exists()
    assert not list(media.rglob("*.*"))


def test_the_api_refuses_a_hostile_upload_naming_the_field(published, sumedang_editor, media):
    client = APIClient()
    client.force_authenticate(sumedang_editor)

    response = client.post(
        "/api/v1/practices/e-office/documents/",
        {"title": "Halaman", "file": SimpleUploadedFile("halaman.pdf", b"<html><script>alert(1)</script>")},
        format="multipart",
    )
    empty = client.post(
        "/api/v1/practices/e-office/documents/",
        {"title": "Kosong", "file": SimpleUploadedFile("kosong.pdf", b"")},
        format="multipart",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert "PDF" in response.json()["file"][0]
    assert (empty.status_code, list(empty.json())) == (400, ["file"])
    assert not PracticeDocument.objects.exists()


def test_the_api_uploads_lists_and_downloads_a_document(published, sumedang_editor, media, anon):
    client = APIClient()
    client.force_authenticate(sumedang_editor)

    created = client.post(
        "/api/v1/practices/e-office/documents/",
        {"title": "Perbup", "file": SimpleUploadedFile("Perbup 12.odt", ODT)},
        format="multipart",
    )
    listed = APIClient().get("/api/v1/practices/e-office/documents/").json()
    download = APIClient().get(created.json()["url"])

    document = PracticeDocument.objects.get()
    assert created.status_code == 201
    assert created.json() == {
        "id": document.pk,
        "title": "Perbup",
        "file_type": "odt",
        "size": len(ODT),
        "uploaded_at": created.json()["uploaded_at"],
        "url": f"http://testserver/api/v1/practices/e-office/documents/{document.pk}/",
    }
    assert listed == [created.json()]
    assert download["Content-Disposition"] == 'attachment; filename="perbup-12.odt"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == ODT


def test_adding_and_removing_documents_is_in_the_history(
    published, sumedang_editor, client_for, media, django_capture_on_commit_callbacks
):
    client = client_for(sumedang_editor)
    _upload(client, "panduan.pdf", PDF, title="Panduan")
    document = PracticeDocument.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/practices/e-office/documents/{document.pk}/delete/", {"confirm": "on"})

    history = [
        (r.action, r.changes, r.changed_by)
        for r in PracticeRevision.objects.filter(practice=published).order_by("pk")
    ]
    assert history == [
        (
            PracticeRevision.Action.DOCUMENT_ADDED,
            [{"field": "documents", "old": "", "new": "Panduan"}],
            sumedang_editor,
        ),
        (
            PracticeRevision.Action.DOCUMENT_REMOVED,
            [{"field": "documents", "old": "Panduan", "new": ""}],
            sumedang_editor,
        ),
    ]
    assert not list(media.rglob("*.pdf"))  # the file went with it


def test_a_document_of_another_practice_is_a_404(published, sumedang, media, anon):
    from .factories import PracticeDocumentFactory, PracticeFactory

    other = PracticeDocumentFactory(practice=PracticeFactory(regency=sumedang, slug="lain"))

    response = anon.get(f"/practices/e-office/documents/{other.pk}/")

    assert response.status_code == 404
