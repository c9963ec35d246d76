"""The stage rules of a replication, through the API: every step of the table from each side,
allowed or refused with a 409 listing the allowed steps; strangers take no step; each step needs
its fields; concurrent steps cannot both pass."""

import threading

import pytest
from django.db import connection

from knowledge.models import Replication, ReplicationStep
from knowledge.replications import services, stages
from knowledge.replications.stages import Stage

from .replication_fixtures import ADOPTER, OWNER, api_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]

NOTE = "Catatan langkah."


def _valid(to, contact):
    """A body that gives every field a step may need."""
    return {
        "to": to,
        "note": NOTE,
        "contact": contact.pk,
        "agreement_kind": "mou",
        "agreement_date": "2021-12-01",
        "handover_date": "2022-01-15",
        "training_start": "2022-02-01",
        "training_end": "2022-02-05",
        "training_participants": 12,
        "go_live_date": "2022-06-01",
        "outcome": "Surat keluar kini tercatat dan terlacak secara elektronik.",
        "outcome_rating": 4,
    }


def _steps_url(replication):
    return f"/api/v1/replications/{replication.pk}/steps/"


TABLE = [(stage, to, side) for stage in Stage for to in Stage for side in (OWNER, ADOPTER)]


@pytest.mark.parametrize(
    ("stage", "to", "actor"), TABLE, ids=[f"{s}-{t}-{a.split('_')[0]}" for s, t, a in TABLE]
)
def test_every_step_is_allowed_only_to_the_side_of_the_table(
    request, make_replication, sumedang_manager, stage, to, actor
):
    replication = make_replication(stage)
    side = "owner" if actor == OWNER else "adopter"

    response = api_as(request, actor).post(
        _steps_url(replication), _valid(to, sumedang_manager), format="json"
    )

    replication.refresh_from_db()
    if side in stages.STEPS.get((stage, to), ()):
        assert response.status_code == 201, response.json()
        assert replication.stage == to
        assert response.json()["steps"][-1]["to_stage"] == to
    else:
        assert response.status_code == 409
        assert response.json()["allowed"] == stages.next_stages(stage, side)
        assert replication.stage == stage and not replication.steps.exists()


def test_the_table_reads_as_the_issue_says():
    assert stages.next_stages("requested", "owner") == ["accepted", "declined", "stopped"]
    assert stages.next_stages("requested", "adopter") == ["stopped"]  # the adopter may withdraw
    assert stages.next_stages("agreement", "owner") == ["handover", "stopped"]
    assert stages.next_stages("agreement", "adopter") == ["stopped"]
    assert stages.next_stages("handover", "adopter") == ["deployed", "stopped"]  # training skipped
    assert stages.next_stages("training", "owner") == ["stopped"]
    assert stages.next_stages("deployed", "adopter") == ["live", "stopped"]
    for closed in ("evaluated", "declined", "stopped"):
        assert stages.next_stages(closed) == []


def test_a_refused_step_answers_409_with_the_allowed_steps(request, make_replication, sumedang_manager):
    replication = make_replication("requested")

    response = api_as(request, ADOPTER).post(
        _steps_url(replication), _valid("deployed", sumedang_manager), format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Pemda pengadopsi tidak dapat memindahkan replikasi ini dari “Diminta” ke “Diterapkan”.",
        "stage": "requested",
        "allowed": ["stopped"],
    }


@pytest.mark.parametrize(
    ("actor", "status"), [("anon", 401), ("banjar_editor", 403), ("national_admin", 403)]
)
def test_strangers_take_no_step_on_an_accepted_replication(
    request, make_replication, sumedang_manager, actor, status
):
    replication = make_replication("accepted")

    response = api_as(request, actor).post(
        _steps_url(replication), _valid("stopped", sumedang_manager), format="json"
    )

    assert response.status_code == status
    assert not replication.steps.exists()


@pytest.mark.parametrize(
    ("actor", "status"), [("anon", 401), ("banjar_editor", 404), ("national_admin", 403)]
)
def test_strangers_take_no_step_on_a_request(request, make_replication, sumedang_manager, actor, status):
    replication = make_replication("requested")

    response = api_as(request, actor).post(
        _steps_url(replication), _valid("accepted", sumedang_manager), format="json"
    )

    assert response.status_code == status
    replication.refresh_from_db()
    assert replication.stage == "requested"


@pytest.mark.parametrize(
    ("stage", "actor", "body", "field"),
    [
        ("requested", OWNER, {"to": "accepted"}, "contact"),
        ("requested", OWNER, {"to": "declined", "note": "  "}, "note"),
        ("accepted", ADOPTER, {"to": "stopped"}, "note"),
        ("accepted", OWNER, {"to": "agreement", "agreement_date": "2021-12-01"}, "agreement_kind"),
        (
            "accepted",
            OWNER,
            {"to": "agreement", "agreement_kind": "mou", "agreement_date": "2999-01-01"},
            "agreement_date",
        ),
        ("agreement", OWNER, {"to": "handover"}, "handover_date"),
        (
            "handover",
            OWNER,
            {
                "to": "training",
                "training_start": "2022-02-05",
                "training_end": "2022-02-01",
                "training_participants": 3,
            },
            "training_end",
        ),
        ("handover", ADOPTER, {"to": "deployed"}, "note"),  # no training: say why
        ("deployed", ADOPTER, {"to": "live"}, "go_live_date"),
        ("live", ADOPTER, {"to": "evaluated"}, "outcome"),
        ("live", ADOPTER, {"to": "evaluated", "outcome": "Berhasil."}, "outcome_rating"),
        ("live", ADOPTER, {"to": "evaluated", "outcome": "Berhasil.", "outcome_rating": 6}, "outcome_rating"),
    ],
)
def test_a_step_without_its_fields_is_refused_naming_the_field(
    request, make_replication, stage, actor, body, field
):
    replication = make_replication(stage)

    response = api_as(request, actor).post(_steps_url(replication), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    replication.refresh_from_db()
    assert replication.stage == stage and not replication.steps.exists()


def test_the_contact_person_must_be_staff_of_the_owner(request, make_replication, ogan_ilir_manager):
    replication = make_replication("requested")

    response = api_as(request, OWNER).post(
        _steps_url(replication), {"to": "accepted", "contact": ogan_ilir_manager.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"contact": ["Narahubung harus staf Kabupaten Sumedang."]}


def test_accepting_records_the_contact_and_makes_the_replication_public(
    request, make_replication, sumedang_manager
):
    replication = make_replication("requested")

    response = api_as(request, OWNER).post(
        _steps_url(replication),
        {"to": "accepted", "contact": sumedang_manager.pk, "note": "Silakan."},
        format="json",
    )

    assert response.status_code == 201
    replication.refresh_from_db()
    assert replication.contact == sumedang_manager and replication.is_public
    step = replication.steps.get()
    assert (step.from_stage, step.to_stage, step.side, step.by.username, step.note) == (
        "requested",
        "accepted",
        "owner",
        "editor-sumedang",
        "Silakan.",
    )


def test_a_step_taken_on_a_stage_the_person_did_not_see_is_refused(
    request, make_replication, sumedang_manager
):
    replication = make_replication("accepted")

    response = api_as(request, ADOPTER).post(
        _steps_url(replication),
        {"to": "stopped", "note": "Batal.", "expected_stage": "requested"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["stage"] == "accepted"
    assert response.json()["allowed"] == ["agreement", "stopped"]


def test_the_service_reads_the_stage_under_its_lock_not_from_the_callers_copy(
    make_replication, sumedang_editor, sumedang_manager
):
    replication = make_replication("requested")
    stale = Replication.objects.get(pk=replication.pk)
    services.replication_advance(
        replication=replication, to="declined", by_user=sumedang_editor, note="Belum bisa."
    )

    with pytest.raises(services.StepRefused) as refused:
        services.replication_advance(
            replication=stale, to="accepted", by_user=sumedang_manager, contact=sumedang_manager
        )

    assert refused.value.allowed == []
    assert list(ReplicationStep.objects.values_list("to_stage", flat=True)) == ["declined"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_answers_cannot_both_pass(sumedang, ogan_ilir, sumedang_editor, sumedang_manager):
    from .factories import PracticeFactory
    from .replication_factories import ReplicationFactory

    replication = ReplicationFactory(practice=PracticeFactory(regency=sumedang), adopter=ogan_ilir)
    start = threading.Barrier(2)
    outcomes = []

    def answer(user, to, **details):
        try:
            start.wait()
            services.replication_advance(replication=replication, to=to, by_user=user, **details)
            outcomes.append(to)
        except services.StepRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=answer, args=(sumedang_editor, "accepted"), kwargs={"contact": sumedang_manager}
        ),
        threading.Thread(target=answer, args=(sumedang_manager, "declined"), kwargs={"note": "Tidak bisa."}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[1] == "refused" or sorted(outcomes)[0] == "refused"
    assert outcomes.count("refused") == 1
    assert ReplicationStep.objects.filter(replication=replication).count() == 1
    replication.refresh_from_db()
    assert replication.stage == ReplicationStep.objects.get(replication=replication).to_stage
