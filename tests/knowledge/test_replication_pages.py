"""The replication pages: a pemda's list, a step taken on the page, a refused step explained on it."""

import pytest

from .replication_factories import ReplicationFactory
from .replication_fixtures import ADOPTER, OWNER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def test_a_step_on_the_page_is_recorded_and_leads_back(client_for, make_replication, sumedang_editor):
    replication = make_replication("accepted")

    response = client_for(sumedang_editor).post(
        f"/replications/{replication.pk}/steps/",
        {
            "to": "agreement",
            "expected_stage": "accepted",
            "agreement_kind": "pks",
            "agreement_date": "2021-12-01",
        },
    )

    assert response.status_code == 302 and response["Location"] == f"/replications/{replication.pk}/"
    replication.refresh_from_db()
    assert replication.stage == "agreement"
    step = replication.steps.get()
    assert (step.agreement_kind, str(step.agreement_date)) == ("pks", "2021-12-01")
    page = client_for(sumedang_editor).get(response["Location"]).content.decode()
    assert "Perjanjian Kerja Sama (PKS)" in page


def test_a_missing_field_comes_back_next_to_it(client_for, make_replication, ogan_ilir_editor):
    replication = make_replication("deployed")

    response = client_for(ogan_ilir_editor).post(
        f"/replications/{replication.pk}/steps/", {"to": "live", "expected_stage": "deployed"}
    )

    assert response.status_code == 400
    [(form, stage)] = [(f, s) for f, s in response.context["step_forms"] if s == "live"]
    assert form.errors["go_live_date"]
    replication.refresh_from_db()
    assert replication.stage == "deployed"


def test_a_forbidden_step_is_refused_on_the_page_with_a_message(
    client_for, make_replication, sumedang_editor
):
    replication = make_replication("deployed")

    response = client_for(sumedang_editor).post(
        f"/replications/{replication.pk}/steps/",
        {"to": "live", "expected_stage": "deployed", "go_live_date": "2022-06-01"},
    )

    assert response.status_code == 409
    assert (
        "Pemda pemilik tidak dapat memindahkan replikasi ini dari “Diterapkan” ke “Beroperasi”."
        in response.content.decode()
    )
    replication.refresh_from_db()
    assert replication.stage == "deployed"


def test_a_step_on_a_stage_that_moved_on_is_refused_on_the_page(
    client_for, make_replication, ogan_ilir_editor
):
    replication = make_replication("live")

    response = client_for(ogan_ilir_editor).post(
        f"/replications/{replication.pk}/steps/",
        {"to": "live", "expected_stage": "deployed", "go_live_date": "2022-06-01"},
    )

    assert response.status_code == 409
    assert "sementara itu sudah berpindah ke “Beroperasi”" in response.content.decode()


@pytest.mark.parametrize(("actor", "status"), [("banjar_editor", 403), ("national_admin", 403)])
def test_strangers_cannot_post_a_step(request, client_for, make_replication, actor, status):
    replication = make_replication("accepted")

    response = client_for(request.getfixturevalue(actor)).post(
        f"/replications/{replication.pk}/steps/", {"to": "stopped", "note": "x", "expected_stage": "accepted"}
    )

    assert response.status_code == status


def test_anonymous_visitors_are_asked_to_log_in_for_a_step_and_the_list(anon, make_replication):
    replication = make_replication("accepted")

    for response in (
        anon.post(f"/replications/{replication.pk}/steps/", {"to": "stopped"}),
        anon.get("/replications/"),
    ):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("actor", [OWNER, ADOPTER])
def test_the_list_shows_the_pemdas_replications_both_ways(
    request, client_for, make_replication, sumedang, ogan_ilir, actor
):
    from .factories import PracticeFactory

    incoming_to_sumedang = make_replication("requested")
    incoming_to_ogan_ilir = ReplicationFactory(practice=PracticeFactory(regency=ogan_ilir), adopter=sumedang)
    ReplicationFactory(stage="live")  # between two other pemda
    client = client_for(request.getfixturevalue(actor))

    def ids(direction=""):
        response = client.get("/replications/", {"direction": direction} if direction else {})
        return {replication.pk for replication in response.context["page"].object_list}

    both = {incoming_to_sumedang.pk, incoming_to_ogan_ilir.pk}
    assert ids() == both
    mine = incoming_to_sumedang if actor == OWNER else incoming_to_ogan_ilir
    assert ids("incoming") == {mine.pk}
    assert ids("outgoing") == both - {mine.pk}


def test_national_admins_see_every_replication_in_the_list(client_for, national_admin, make_replication):
    replications = {make_replication("requested").pk, ReplicationFactory(stage="live").pk}

    response = client_for(national_admin).get("/replications/")

    assert {r.pk for r in response.context["page"].object_list} == replications


def test_the_list_filters_by_stage_and_names_a_wrong_one(
    client_for, make_replication, sumedang, ogan_ilir_editor
):
    from .factories import PracticeFactory

    live = make_replication("live")
    ReplicationFactory(practice=PracticeFactory(regency=sumedang), adopter=live.adopter, stage="requested")
    client = client_for(ogan_ilir_editor)

    response = client.get("/replications/", {"stage": "live", "direction": "outgoing"})
    wrong = client.get("/replications/", {"stage": "flying"})

    assert [r.pk for r in response.context["page"].object_list] == [live.pk]
    assert wrong.status_code == 200 and list(wrong.context["page"].object_list) == []
    assert wrong.context["stage_field"].errors
