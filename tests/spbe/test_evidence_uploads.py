import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from spbe.models import Evidence
from spbe.services import score_set, self_assessment_create
from spbe.uploads import MAX_EVIDENCE_BYTES, sniff

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def draft(sumedang, framework_2020, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evaluation = self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)
    score_set(evaluation=evaluation, indicator=framework_2020.indicators.get(number=1), level=2)
    return evaluation


def _upload(client, evaluation, name, content, **data):
    return client.post(
        f"/spbe/self-assessments/{evaluation.pk}/evidence/",
        {"indicator": 1, "title": "Perbup SPBE", "file": SimpleUploadedFile(name, content), **data},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("perbup.pdf", PDF),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
        ("laporan.docx", _docx()),
    ],
)
def test_documents_are_accepted_by_their_content(draft, sumedang_editor, client_for, name, content):
    response = _upload(client_for(sumedang_editor), draft, name, content)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.added_by == sumedang_editor
    download = client_for(sumedang_editor).get(f"/spbe/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("perbup.pdf", b"this is plain text pretending"),
        ("skrip.docx", b"PK\x03\x04 not a zip"),
        ("arsip.zip", _docx().replace(b"[Content_Types].xml", b"[Content_Typez].xml")),
        ("run.exe", b"MZ\x90\x00"),
    ],
)
def test_other_content_is_refused_next_to_the_field(draft, sumedang_editor, client_for, name, content):
    response = _upload(client_for(sumedang_editor), draft, name, content)

    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_10_mb_is_refused(draft, sumedang_editor, client_for):
    response = _upload(client_for(sumedang_editor), draft, "besar.pdf", PDF + b"0" * MAX_EVIDENCE_BYTES)

    assert 'id="id_file_error"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_link_is_enough_but_something_is_needed(draft, sumedang_editor, client_for):
    client = client_for(sumedang_editor)
    url = f"/spbe/self-assessments/{draft.pk}/evidence/"

    nothing = client.post(url, {"indicator": 1, "title": "Kosong"})
    link = client.post(url, {"indicator": 1, "title": "JDIH", "url": "https://jdih.sumedangkab.go.id/perbup"})

    assert nothing.status_code == 200
    assert link.status_code == 302
    assert Evidence.objects.get().url == "https://jdih.sumedangkab.go.id/perbup"


def test_evidence_needs_a_level_first(draft, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(
        f"/spbe/self-assessments/{draft.pk}/evidence/",
        {"indicator": 2, "title": "x", "url": "https://x.go.id"},
    )

    assert 'id="id_indicator_error"' in response.content.decode()


def test_documents_are_only_for_those_who_may_see_the_self_assessment(
    draft, sumedang_editor, ogan_ilir_editor, anon, client_for
):
    _upload(client_for(sumedang_editor), draft, "perbup.pdf", PDF)
    url = f"/spbe/evidence/{Evidence.objects.get().pk}/"

    assert anon.get(url).status_code == 302
    assert client_for(ogan_ilir_editor).get(url).status_code == 404
    assert client_for(sumedang_editor).get(url).status_code == 200


def test_other_pemdas_cannot_add_evidence(draft, ogan_ilir_editor, client_for):
    response = _upload(client_for(ogan_ilir_editor), draft, "perbup.pdf", PDF)

    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_sniff_reads_content_not_names():
    assert sniff(SimpleUploadedFile("x.txt", PDF)) == "pdf"
    assert sniff(SimpleUploadedFile("x.pdf", b"hello")) is None
