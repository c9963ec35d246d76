"""Study visits: Ogan Ilir (the visitors) visits Sumedang (the host) and commits to replicate its
e-Office; Kota Banjar is a third pemda."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from knowledge.models import Replication, StudyVisit, VisitCommitment
from knowledge.visits.models import FOLLOW_UP_DAYS

from .replication_factories import ReplicationFactory
from .visit_factories import StudyVisitFactory, VisitCommitmentFactory

pytestmark = pytest.mark.django_db

MAY_RECORD = ["ogan_ilir_editor", "sumedang_editor", "national_admin"]
MAY_NOT_RECORD = ["banjar_editor"]


def _form(ogan_ilir, sumedang, published, **changes):
    return {
        "visitor": ogan_ilir.pk,
        "host": sumedang.pk,
        "visited_on": "2026-11-20",
        "participants": "15",
        "practices": [published.pk],
        "commitments": [published.pk],
        "notes": "Rombongan Diskominfo dan Bagian Organisasi.",
        **changes,
    }


def _api_body(published, **changes):
    return {
        "visitor": "16.10",
        "host": "32.11",
        "visited_on": "2026-11-20",
        "participants": 15,
        "practices": [published.slug],
        "commitments": [published.slug],
        **changes,
    }


@pytest.fixture
def visit(ogan_ilir, sumedang, published):
    visit = StudyVisitFactory(visitor=ogan_ilir, host=sumedang, visited_on=datetime.date(2026, 11, 20))
    visit.practices.set([published])
    VisitCommitmentFactory(visit=visit, practice=published)
    return visit


@pytest.mark.parametrize("actor", MAY_RECORD)
def test_staff_of_either_pemda_and_national_admins_record_a_visit(
    request, actor, client_for, ogan_ilir, sumedang, published
):
    response = client_for(request.getfixturevalue(actor)).post(
        "/visits/new/", _form(ogan_ilir, sumedang, published)
    )

    visit = StudyVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/visits/{visit.pk}/"
    assert (visit.visitor, visit.host, visit.participants) == (ogan_ilir, sumedang, 15)
    assert list(visit.practices.all()) == [published]
    assert [c.practice for c in visit.commitments.all()] == [published]


def test_staff_of_a_third_pemda_cannot_record_a_visit_of_two_others(
    banjar_editor, client_for, ogan_ilir, sumedang, published
):
    response = client_for(banjar_editor).post("/visits/new/", _form(ogan_ilir, sumedang, published))

    assert response.status_code == 400
    assert "Hanya staf pemda yang berkunjung atau pemda tuan rumah" in response.content.decode()
    assert not StudyVisit.objects.exists()


def test_anonymous_is_sent_to_log_in(anon, ogan_ilir, sumedang, published):
    response = anon.post("/visits/new/", _form(ogan_ilir, sumedang, published))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not StudyVisit.objects.exists()


def test_a_person_without_a_pemda_cannot_open_the_form(client_for, plain_user):
    assert client_for(plain_user).get("/visits/new/").status_code == 403


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("host", "visitor", "harus berbeda"),
        ("visited_on", "2999-01-01", "tidak boleh di masa depan"),
        ("participants", "0", "lebih besar dari atau sama dengan 1"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    field, value, reason, ogan_ilir_editor, client_for, ogan_ilir, sumedang, published
):
    value = ogan_ilir.pk if value == "visitor" else value
    response = client_for(ogan_ilir_editor).post(
        "/visits/new/", _form(ogan_ilir, sumedang, published, **{field: value})
    )

    assert response.status_code == 400
    assert reason in str(response.context["form"].errors[field])
    assert not StudyVisit.objects.exists()


def test_a_practice_of_another_pemda_is_refused(
    ogan_ilir_editor, client_for, ogan_ilir, sumedang, published, draft
):
    response = client_for(ogan_ilir_editor).post(
        "/visits/new/", _form(ogan_ilir, sumedang, published, commitments=[draft.pk])
    )

    # A draft is not offered at all.
    assert response.status_code == 400
    assert "commitments" in response.context["form"].errors
    assert not StudyVisit.objects.exists() and not VisitCommitment.objects.exists()


def test_anyone_reads_the_list_and_a_visit(anon, visit, published):
    listing = anon.get("/visits/")
    page = anon.get(f"/visits/{visit.pk}/")

    assert listing.status_code == page.status_code == 200
    assert "Kabupaten Ogan Ilir → Kabupaten Sumedang" in listing.content.decode()
    assert published.title in page.content.decode()
    # Only the visitors' staff get the button.
    assert "/request/" not in page.content.decode()


def test_the_regency_page_shows_visits_made_and_received(anon, visit):
    made = anon.get("/regencies/16.10/").content.decode()
    received = anon.get("/regencies/32.11/").content.decode()

    assert f"/visits/{visit.pk}/" in made
    assert f"/visits/{visit.pk}/" in received


# The 90-day flag --------------------------------------------------------------------------
@pytest.mark.parametrize(("days_ago", "flagged"), [(FOLLOW_UP_DAYS, False), (FOLLOW_UP_DAYS + 1, True)])
def test_a_visit_is_flagged_from_the_91st_day_without_replication(anon, visit, days_ago, flagged):
    StudyVisit.objects.filter(pk=visit.pk).update(
        visited_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )

    row = anon.get("/api/v1/study-visits/").json()["results"][0]

    assert row["overdue"] is flagged
    assert ("belum ditindaklanjuti" in anon.get("/visits/").content.decode()) is flagged


def test_an_old_visit_whose_commitments_are_requested_is_not_flagged(anon, visit, published, ogan_ilir):
    StudyVisit.objects.filter(pk=visit.pk).update(visited_on=datetime.date(2020, 1, 1))
    replication = ReplicationFactory(practice=published, adopter=ogan_ilir)
    VisitCommitment.objects.update(replication=replication)

    assert anon.get("/api/v1/study-visits/").json()["results"][0]["overdue"] is False


def test_an_old_visit_without_commitments_is_not_flagged(anon, visit):
    StudyVisit.objects.filter(pk=visit.pk).update(visited_on=datetime.date(2020, 1, 1))
    VisitCommitment.objects.all().delete()

    assert anon.get("/api/v1/study-visits/").json()["results"][0]["overdue"] is False


# A commitment becomes a request in one click ----------------------------------------------
def test_the_visitors_turn_a_commitment_into_a_request_in_one_click(
    ogan_ilir_editor, client_for, visit, published, ogan_ilir
):
    client = client_for(ogan_ilir_editor)
    commitment = visit.commitments.get()
    assert "Ajukan permintaan replikasi" in client.get(f"/visits/{visit.pk}/").content.decode()

    response = client.post(f"/visits/commitments/{commitment.pk}/request/")

    replication = Replication.objects.get()
    commitment.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/replications/{replication.pk}/"
    assert (replication.practice, replication.adopter, replication.stage) == (
        published,
        ogan_ilir,
        "requested",
    )
    assert "studi tiru" in replication.message
    assert commitment.replication == replication


@pytest.mark.parametrize(
    ("actor", "status"), [("sumedang_editor", 403), ("banjar_editor", 403), ("national_admin", 403)]
)
def test_only_the_visitors_staff_make_the_request(request, actor, status, client_for, visit):
    commitment = visit.commitments.get()

    response = client_for(request.getfixturevalue(actor)).post(
        f"/visits/commitments/{commitment.pk}/request/"
    )

    assert response.status_code == status
    assert not Replication.objects.exists()


def test_anonymous_cannot_make_the_request(anon, visit):
    response = anon.post(f"/visits/commitments/{visit.commitments.get().pk}/request/")

    assert response.status_code == 302 and not Replication.objects.exists()


def test_the_request_is_refused_while_an_active_replication_exists(
    ogan_ilir_editor, client_for, visit, published, ogan_ilir
):
    ReplicationFactory(practice=published, adopter=ogan_ilir, stage="accepted")
    commitment = visit.commitments.get()

    response = client_for(ogan_ilir_editor).post(f"/visits/commitments/{commitment.pk}/request/", follow=True)

    commitment.refresh_from_db()
    assert Replication.objects.count() == 1
    assert commitment.replication is None
    assert "sudah memiliki replikasi aktif" in response.content.decode()


def test_a_commitment_is_requested_only_once(ogan_ilir_editor, client_for, visit):
    client = client_for(ogan_ilir_editor)
    url = f"/visits/commitments/{visit.commitments.get().pk}/request/"
    client.post(url)

    response = client.post(url, follow=True)

    assert Replication.objects.count() == 1
    assert "sudah memiliki permintaan replikasi" in response.content.decode()


# API -------------------------------------------------------------------------------------
@pytest.mark.parametrize("actor", MAY_RECORD)
def test_the_api_records_a_visit(request, actor, ogan_ilir, sumedang, published):
    client = APIClient()
    client.force_authenticate(request.getfixturevalue(actor))

    response = client.post("/api/v1/study-visits/", _api_body(published), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["visitor"] == {"code": "16.10", "name": "Kabupaten Ogan Ilir"}
    assert body["practices"] == [{"slug": "e-office", "title": "Super Aplikasi e-Office"}]
    assert body["commitments"][0]["replication"] is None
    assert body["overdue"] is False


@pytest.mark.parametrize(("actor", "status"), [("anon", 401), ("banjar_editor", 403)])
def test_the_api_refuses_others(request, actor, status, ogan_ilir, sumedang, published):
    client = APIClient()
    if actor != "anon":
        client.force_authenticate(request.getfixturevalue(actor))

    response = client.post("/api/v1/study-visits/", _api_body(published), format="json")

    assert response.status_code == status
    assert not StudyVisit.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"host": "99.99"}, "host"),
        ({"participants": 0}, "participants"),
        ({"commitments": ["tidak-ada"]}, "commitments"),
        ({"visited_on": "2999-01-01"}, "visited_on"),
    ],
)
def test_the_api_names_the_bad_field(changes, field, ogan_ilir_editor, ogan_ilir, sumedang, published):
    client = APIClient()
    client.force_authenticate(ogan_ilir_editor)

    response = client.post("/api/v1/study-visits/", _api_body(published, **changes), format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not StudyVisit.objects.exists()


def test_the_api_reads_one_visit(anon, visit):
    body = APIClient().get(f"/api/v1/study-visits/{visit.pk}/").json()

    assert body["host"] == {"code": "32.11", "name": "Kabupaten Sumedang"}
    assert body["commitments"][0]["practice"]["slug"] == "e-office"


def test_recording_a_visit_and_its_request_is_in_the_audit_trail(
    ogan_ilir_editor, client_for, ogan_ilir, sumedang, published
):
    from livinglab.models import AuditEvent

    client = client_for(ogan_ilir_editor)
    client.post("/visits/new/", _form(ogan_ilir, sumedang, published))
    client.post(f"/visits/commitments/{VisitCommitment.objects.get().pk}/request/")

    events = {(e.object_type, e.action) for e in AuditEvent.objects.filter(actor=ogan_ilir_editor)}
    assert {
        ("knowledge.studyvisit", "created"),
        ("knowledge.visitcommitment", "created"),
        ("knowledge.visitcommitment", "changed"),
    } <= events
