"""Evidence added through the admin passes the same content check as the self-assessment form."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from spbe.models import Evidence

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
# A real, minimal PDF (one empty page).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _post_evidence(client, score, upload):
    url = f"/admin/spbe/indicatorscore/{score.pk}/change/"
    data = {}
    for formset in client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    prefix = "evidence"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-title": "Perbup SPBE",
            f"{prefix}-0-score": str(score.pk),
            f"{prefix}-0-file": upload,
        }
    )
    return client.post(url, data)


@pytest.fixture
def score(scored_draft):
    return scored_draft.scores.get()


def test_the_admin_refuses_an_html_page_named_pdf(score, national_admin, client_for):
    response = _post_evidence(client_for(national_admin), score, SimpleUploadedFile("perbup.pdf", HTML))

    assert response.status_code == 200  # the form again, with the error next to the file
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert errors[0]["file"] == [
        "Berkas ini bukan dokumen PDF, PNG, JPEG, atau Office (diperiksa dari isinya, bukan namanya)."
    ]
    assert not Evidence.objects.exists()


def test_the_admin_accepts_a_real_pdf_and_stores_it_under_a_clean_name(score, national_admin, client_for):
    response = _post_evidence(client_for(national_admin), score, SimpleUploadedFile("Perbup SPBE.html", PDF))

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file.name.startswith("spbe/evidence/")
    assert evidence.file.name.endswith("/perbup-spbe.pdf")
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF


def test_any_other_path_in_is_refused_on_save(score):
    with pytest.raises(ValidationError):
        Evidence.objects.create(score=score, title="x", file=SimpleUploadedFile("x.pdf", HTML))

    assert not Evidence.objects.exists()
