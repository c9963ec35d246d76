"""Item 9 of issue 7: evidence on a verified self-assessment is public only when the pemda marked it
public; by default it is for assessors and the pemda's own staff. Downloads are never cached shared."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from spbe.models import Evidence, SelfAssessmentEvent
from spbe.services import self_assessment_review, self_assessment_submit

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def _url(evaluation, action=""):
    return f"/spbe/self-assessments/{evaluation.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def evidence(scored_draft, sumedang_editor, client_for):
    """A document on indicator 1 of Sumedang's draft, added through the form (not public)."""
    client_for(sumedang_editor).post(
        _url(scored_draft, "evidence"),
        {"indicator": 1, "title": "Perbup SPBE", "file": SimpleUploadedFile("perbup.pdf", PDF)},
    )
    return Evidence.objects.get()


@pytest.fixture
def verified(scored_draft, evidence, sumedang_editor, sumedang_manager, assessor, client_for):
    data = {f"level_{i.number}": 3 for i in scored_draft.framework.indicators.all()}
    client_for(sumedang_editor).post(_url(scored_draft), data)
    self_assessment_submit(evaluation=scored_draft, by_user=sumedang_manager)
    self_assessment_review(evaluation=scored_draft, by_user=assessor, verify=True)
    return scored_draft


def _download(evidence):
    return f"/spbe/evidence/{evidence.pk}/"


def _sees(client, evaluation, evidence):
    """(the download works, the form lists it)"""
    listed = "Perbup SPBE" in client.get(_url(evaluation)).content.decode()
    return client.get(_download(evidence)).status_code == 200, listed


def test_evidence_is_not_public_by_default(evidence):
    assert evidence.public is False


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", (False, False)),
        ("other pemda staff", (False, False)),
        ("own staff", (True, True)),
        ("assessor", (True, True)),
        ("national admin", (True, True)),
    ],
)
def test_evidence_not_marked_public_is_for_assessors_and_own_staff(
    verified,
    evidence,
    who,
    expected,
    anon,
    ogan_ilir_editor,
    sumedang_editor,
    assessor,
    national_admin,
    client_for,
):
    client = {
        "anonymous": lambda: anon,
        "other pemda staff": lambda: client_for(ogan_ilir_editor),
        "own staff": lambda: client_for(sumedang_editor),
        "assessor": lambda: client_for(assessor),
        "national admin": lambda: client_for(national_admin),
    }[who]()

    assert _sees(client, verified, evidence) == expected


@pytest.mark.parametrize("who", ["anonymous", "other pemda staff", "own staff", "assessor", "national admin"])
def test_evidence_marked_public_is_open_to_all_once_verified(
    verified, evidence, who, anon, ogan_ilir_editor, sumedang_editor, assessor, national_admin, client_for
):
    client_for(sumedang_editor).post(f"/spbe/evidence/{evidence.pk}/visibility/", {"public": "1"})
    client = {
        "anonymous": anon,
        "other pemda staff": client_for(ogan_ilir_editor),
        "own staff": client_for(sumedang_editor),
        "assessor": client_for(assessor),
        "national admin": client_for(national_admin),
    }[who]

    assert _sees(client, verified, evidence) == (True, True)


def test_public_evidence_of_a_draft_stays_with_the_pemda(
    scored_draft, evidence, anon, ogan_ilir_editor, client_for
):
    Evidence.objects.update(public=True)

    assert client_for(ogan_ilir_editor).get(_download(evidence)).status_code == 404
    assert anon.get(_download(evidence)).status_code == 302  # asked to log in


def test_downloads_are_never_kept_in_a_shared_cache(verified, evidence, sumedang_editor, anon, client_for):
    own = client_for(sumedang_editor).get(_download(evidence))
    Evidence.objects.update(public=True)
    public = anon.get(_download(evidence))

    assert own["Cache-Control"] == public["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["anonymous", "other pemda staff", "assessor", "national admin"])
def test_only_the_pemdas_staff_mark_its_evidence_public(
    verified, evidence, who, anon, ogan_ilir_editor, assessor, national_admin, client_for
):
    client = {
        "anonymous": anon,
        "other pemda staff": client_for(ogan_ilir_editor),
        "assessor": client_for(assessor),
        "national admin": client_for(national_admin),
    }[who]

    response = client.post(f"/spbe/evidence/{evidence.pk}/visibility/", {"public": "1"})

    assert response.status_code in {302, 403, 404}
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    evidence.refresh_from_db()
    assert evidence.public is False


def test_the_pemdas_staff_mark_evidence_public_and_back_and_the_history_keeps_it(
    verified, evidence, sumedang_manager, client_for
):
    client = client_for(sumedang_manager)

    client.post(f"/spbe/evidence/{evidence.pk}/visibility/", {"public": "1"})
    evidence.refresh_from_db()
    assert evidence.public is True
    client.post(f"/spbe/evidence/{evidence.pk}/visibility/", {"public": "0"})
    evidence.refresh_from_db()
    assert evidence.public is False
    assert SelfAssessmentEvent.objects.filter(kind="evidence_visibility").count() == 2


def test_a_bad_visibility_value_changes_nothing(verified, evidence, sumedang_manager, client_for):
    response = client_for(sumedang_manager).post(f"/spbe/evidence/{evidence.pk}/visibility/", {"public": "x"})

    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.public is False


def test_evidence_can_be_marked_public_when_added(scored_draft, sumedang_editor, client_for):
    client_for(sumedang_editor).post(
        _url(scored_draft, "evidence"),
        {"indicator": 1, "title": "Foto", "url": "https://example.go.id/foto", "public": "on"},
    )

    assert Evidence.objects.get().public is True
