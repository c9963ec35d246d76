import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from spbe.models import Evaluation, Evidence
from spbe.uploads import MAX_EVIDENCE_BYTES, evidence_file_name, sniff

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def _ooxml(main_part="word/document.xml", content_types=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def _add(evaluation):
    return f"/spbe/self-assessments/{evaluation.pk}/evidence/"


def _upload(client, evaluation, name, content, **data):
    return client.post(
        _add(evaluation),
        {"indicator": 1, "title": "Perbup SPBE", "file": SimpleUploadedFile(name, content), **data},
    )


def _download(evidence):
    return f"/spbe/evidence/{evidence.pk}/"


# Accepted by content ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "stored"),
    [
        ("Perbup SPBE 2026.pdf", PDF, "perbup-spbe-2026.pdf"),
        ("foto.png", PNG, "foto.png"),
        ("foto rapat.jpeg", JPEG, "foto-rapat.jpg"),
        ("laporan.docx", _ooxml("word/document.xml"), "laporan.docx"),
        ("anggaran.xlsx", _ooxml("xl/workbook.xml"), "anggaran.xlsx"),
        ("paparan.pptx", _ooxml("ppt/presentation.xml"), "paparan.pptx"),
        # The name is cleaned and the extension follows the content, whatever the name says.
        ("../../etc/Surat Edaran & Nota.png", PDF, "surat-edaran-nota.pdf"),
        ("тест.pdf", PDF, "evidence.pdf"),
        ("Laporan " * 30 + ".pdf", PDF, ("laporan-" * 8)[:60].strip("-") + ".pdf"),  # a long name is no error
    ],
)
def test_documents_are_accepted_by_their_content_and_stored_under_a_clean_name(
    scored_draft, sumedang_editor, client_for, name, content, stored
):
    client = client_for(sumedang_editor)

    response = _upload(client, scored_draft, name, content)

    assert response["Location"] == f"/spbe/self-assessments/{scored_draft.pk}/"
    evidence = Evidence.objects.get()
    assert (evidence.score.indicator.number, evidence.title, evidence.added_by) == (
        1,
        "Perbup SPBE",
        sumedang_editor,
    )
    assert evidence.file.name == f"spbe/evidence/{timezone.now().year}/{stored}"
    download = client.get(_download(evidence))
    assert download["Content-Disposition"] == f'attachment; filename="{stored}"'
    assert b"".join(download.streaming_content) == content


def test_a_document_of_exactly_10_mb_is_accepted(scored_draft, sumedang_editor, client_for):
    content = PDF + b"0" * (MAX_EVIDENCE_BYTES - len(PDF))

    assert _upload(client_for(sumedang_editor), scored_draft, "besar.pdf", content).status_code == 302
    assert Evidence.objects.get().file.size == MAX_EVIDENCE_BYTES


# Refused by content or size --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("perbup.pdf", b"this is plain text pretending to be a PDF"),
        ("perbup.pdf", b""),
        ("skrip.docx", b"PK\x03\x04 not really a zip"),
        ("arsip.docx", _ooxml(content_types=False)),  # a plain zip, not an Office document
        ("arsip.docx", _ooxml("payload/setup.exe")),  # Office's table of contents, no document in it
        ("halaman.png", b"<html><script>alert(1)</script></html>"),
        ("run.pdf", b"MZ\x90\x00\x03\x00"),
    ],
)
def test_other_content_is_refused_next_to_the_file_field(
    scored_draft, sumedang_editor, client_for, name, content
):
    response = _upload(client_for(sumedang_editor), scored_draft, name, content)

    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_document_over_10_mb_is_refused(scored_draft, sumedang_editor, client_for):
    content = PDF + b"0" * (MAX_EVIDENCE_BYTES - len(PDF) + 1)

    response = _upload(client_for(sumedang_editor), scored_draft, "besar.pdf", content)

    html = response.content.decode()
    errors = html.split('id="id_file_error"')[1].split("</ul>")[0]
    assert "10" in errors
    assert not Evidence.objects.exists()


# Links, and what evidence needs ----------------------------------------------------------------------


def test_a_link_is_evidence_too(scored_draft, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(
        _add(scored_draft), {"indicator": 1, "title": "JDIH", "url": "https://jdih.sumedangkab.go.id/perbup"}
    )

    assert response.status_code == 302
    assert Evidence.objects.get().url == "https://jdih.sumedangkab.go.id/perbup"


@pytest.mark.parametrize(
    ("data", "error_id"),
    [
        ({"indicator": 1, "title": "Kosong"}, 'class="errorlist nonfield"'),
        ({"indicator": 1, "title": "x", "url": "javascript:alert(1)"}, 'id="id_url_error"'),
        ({"indicator": 1, "title": "", "url": "https://x.go.id"}, 'id="id_title_error"'),
        ({"indicator": 2, "title": "x", "url": "https://x.go.id"}, 'id="id_indicator_error"'),  # no level yet
        ({"indicator": 99, "title": "x", "url": "https://x.go.id"}, 'id="id_indicator_error"'),  # unknown
        ({"indicator": "satu", "title": "x", "url": "https://x.go.id"}, 'id="id_indicator_error"'),
    ],
)
def test_bad_evidence_is_refused_naming_the_field(scored_draft, sumedang_editor, client_for, data, error_id):
    response = client_for(sumedang_editor).post(_add(scored_draft), data)

    assert response.status_code == 200
    assert error_id in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_link_and_a_document_together_are_refused(scored_draft, sumedang_editor, client_for):
    response = _upload(
        client_for(sumedang_editor), scored_draft, "perbup.pdf", PDF, url="https://jdih.go.id/"
    )

    assert 'class="errorlist nonfield"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_add_page_preselects_the_indicator(scored_draft, sumedang_editor, client_for):
    html = client_for(sumedang_editor).get(_add(scored_draft), {"indicator": 1}).content.decode()

    assert '<option value="1" selected>' in html


# Who adds and who downloads --------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["ogan_ilir_editor", "ogan_ilir_manager", "assessor", "national_admin"])
def test_nobody_else_adds_evidence_to_a_draft(scored_draft, client_for, request, actor):
    response = _upload(client_for(request.getfixturevalue(actor)), scored_draft, "perbup.pdf", PDF)

    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_to_add_evidence(scored_draft, anon):
    response = _upload(anon, scored_draft, "perbup.pdf", PDF)

    assert response["Location"].startswith("/accounts/login/")
    assert not Evidence.objects.exists()


def test_no_evidence_is_added_once_submitted(scored_draft, sumedang_editor, client_for):
    Evaluation.objects.filter(pk=scored_draft.pk).update(status=Evaluation.Status.SUBMITTED)

    assert _upload(client_for(sumedang_editor), scored_draft, "perbup.pdf", PDF).status_code == 403
    assert not Evidence.objects.exists()


@pytest.fixture
def document(scored_draft, sumedang_editor, client_for):
    _upload(client_for(sumedang_editor), scored_draft, "perbup.pdf", PDF)
    return Evidence.objects.get()


# Who may download a document not marked public at each stage: the pemda's staff, and assessors and
# national admins once submitted; a verified one opens to everyone only when marked public
# (tests/spbe/test_evidence_visibility.py).
DOWNLOADERS = {
    "draft": {"sumedang_editor", "sumedang_manager"},
    "submitted": {"sumedang_editor", "sumedang_manager", "assessor", "national_admin"},
    "verified": {"sumedang_editor", "sumedang_manager", "assessor", "national_admin"},
}


@pytest.mark.parametrize("stage", ["draft", "submitted", "verified"])
@pytest.mark.parametrize(
    "actor", ["anon", "sumedang_editor", "sumedang_manager", "ogan_ilir_editor", "assessor", "national_admin"]
)
def test_documents_are_served_to_those_who_may_see_the_self_assessment(
    document, client_for, request, stage, actor
):
    Evaluation.objects.filter(pk=document.score.evaluation_id).update(status=stage)
    client = (
        request.getfixturevalue("anon") if actor == "anon" else client_for(request.getfixturevalue(actor))
    )

    response = client.get(_download(document))

    if actor in DOWNLOADERS[stage]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    elif actor == "anon":
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404


def test_documents_are_not_served_from_the_media_url(document, sumedang_editor, client_for):
    assert client_for(sumedang_editor).get(f"/media/{document.file.name}").status_code == 404


def test_a_link_or_a_lost_file_is_not_a_download(document, sumedang_editor, client_for):
    client = client_for(sumedang_editor)
    link = Evidence.objects.create(score=document.score, title="JDIH", url="https://jdih.sumedangkab.go.id/")
    document.file.storage.delete(document.file.name)

    assert client.get(_download(link)).status_code == 404
    assert client.get(_download(document)).status_code == 404


# The checks themselves, without a database ------------------------------------------------------------


def test_sniff_reads_content_not_names():
    assert sniff(SimpleUploadedFile("x.txt", PDF)) == "pdf"
    assert sniff(SimpleUploadedFile("x.pdf", b"hello")) is None
    # A zip dressed as an Office package but without a document, workbook or presentation is no document.
    assert sniff(SimpleUploadedFile("x.zip", _ooxml("custom/part.xml"))) is None
    assert sniff(SimpleUploadedFile("x.docx", _ooxml("word/evil.exe"))) is None


def test_the_stored_name_keeps_only_safe_characters():
    assert (
        evidence_file_name(SimpleUploadedFile("Laporan Akhir (final) #2.docx", PDF))
        == "laporan-akhir-final-2.pdf"
    )
    assert evidence_file_name(SimpleUploadedFile("x" * 300 + ".png", PNG)) == "x" * 60 + ".png"
