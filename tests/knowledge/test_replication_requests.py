"""Requesting a replication: the button on the practice page, the request form and the API; one's own
practice and a second active replication are refused."""

import pytest
from django.db import IntegrityError, transaction

from knowledge.models import Notification, Replication

from .discussion_factories import FollowFactory
from .factories import PracticeFactory
from .replication_factories import ReplicationFactory
from .replication_fixtures import ADOPTER, OWNER, api_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]

BUTTON = "Replikasi praktik ini"
MESSAGE = "Kami ingin memakai e-Office untuk seluruh perangkat daerah."


@pytest.mark.parametrize(
    ("actor", "shown"),
    [("anon", False), ("banjar_editor", True), (OWNER, False), (ADOPTER, True), ("national_admin", False)],
)
def test_the_button_is_for_staff_of_another_pemda(request, client_for, anon, published, actor, shown):
    client = anon if actor == "anon" else client_for(request.getfixturevalue(actor))

    page = client.get(published.get_absolute_url()).content.decode()

    assert (BUTTON in page) is shown
    assert (f"/replications/request/{published.slug}/" in page) is shown


def test_the_button_is_not_on_a_draft(client_for, draft, ogan_ilir_editor, national_admin):
    page = client_for(national_admin).get(draft.get_absolute_url()).content.decode()

    assert BUTTON not in page


def test_staff_of_another_pemda_request_a_replication_on_the_page(
    client_for, published, ogan_ilir_editor, sumedang_editor, sumedang_manager
):
    client = client_for(ogan_ilir_editor)
    url = f"/replications/request/{published.slug}/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"message": MESSAGE})

    replication = Replication.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/replications/{replication.pk}/"
    assert (replication.owner.code, replication.adopter.code, replication.stage, replication.message) == (
        "32.11",
        "16.10",
        "requested",
        MESSAGE,
    )
    step = replication.steps.get()
    assert (step.from_stage, step.to_stage, step.side, step.by) == (
        "",
        "requested",
        "adopter",
        ogan_ilir_editor,
    )
    # The owner's staff are told; the requester is not.
    told = set(
        Notification.objects.filter(event="replication_requested").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"editor-sumedang", "manager-sumedang"}


def test_an_empty_message_is_refused_next_to_the_field(client_for, published, ogan_ilir_editor):
    response = client_for(ogan_ilir_editor).post(
        f"/replications/request/{published.slug}/", {"message": "  "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert not Replication.objects.exists()


@pytest.mark.parametrize(("actor", "status"), [(OWNER, 403), ("national_admin", 403)])
def test_the_owner_and_national_admins_cannot_request(request, client_for, published, actor, status):
    response = client_for(request.getfixturevalue(actor)).post(
        f"/replications/request/{published.slug}/", {"message": MESSAGE}
    )

    assert response.status_code == status
    assert not Replication.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in(anon, published):
    response = anon.post(f"/replications/request/{published.slug}/", {"message": MESSAGE})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_draft_cannot_be_requested(client_for, draft, ogan_ilir_editor):
    assert client_for(ogan_ilir_editor).get(f"/replications/request/{draft.slug}/").status_code == 404


def test_a_second_active_request_leads_to_the_first(
    client_for, make_replication, published, ogan_ilir_editor
):
    first = make_replication("handover")

    response = client_for(ogan_ilir_editor).get(f"/replications/request/{published.slug}/")

    assert response.status_code == 302 and response["Location"] == f"/replications/{first.pk}/"


def test_the_api_creates_a_request_for_the_adopters_staff(request, published):
    response = api_as(request, ADOPTER).post(
        "/api/v1/replications/", {"practice": published.slug, "message": MESSAGE}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["stage"], body["owner"]["code"], body["adopter"]["code"], body["message"]) == (
        "requested",
        "32.11",
        "16.10",
        MESSAGE,
    )
    assert [step["to_stage"] for step in body["steps"]] == ["requested"]
    assert body["allowed_steps"] == ["stopped"]


@pytest.mark.parametrize(
    ("actor", "status", "body"),
    [
        ("anon", 401, None),
        (OWNER, 400, {"practice": ["Pemda tidak dapat mereplikasi praktiknya sendiri."]}),
        ("national_admin", 403, None),
    ],
)
def test_the_api_refuses_others(request, published, actor, status, body):
    response = api_as(request, actor).post(
        "/api/v1/replications/", {"practice": published.slug, "message": MESSAGE}, format="json"
    )

    assert response.status_code == status
    if body is not None:
        assert response.json() == body
    assert not Replication.objects.exists()


def test_the_api_refuses_a_second_active_replication(request, make_replication, published):
    first = make_replication("accepted")

    response = api_as(request, ADOPTER).post(
        "/api/v1/replications/", {"practice": published.slug, "message": MESSAGE}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "practice": [f"Pemda Anda sudah memiliki replikasi aktif untuk praktik ini (#{first.pk}, Diterima)."]
    }


@pytest.mark.parametrize("closed", ["declined", "stopped"])
def test_after_a_decline_or_a_stop_a_new_request_is_allowed(request, make_replication, published, closed):
    make_replication(closed)

    response = api_as(request, ADOPTER).post(
        "/api/v1/replications/", {"practice": published.slug, "message": MESSAGE}, format="json"
    )

    assert response.status_code == 201
    assert Replication.objects.count() == 2


def test_the_database_refuses_two_active_replications_and_ones_own_practice(published, ogan_ilir, sumedang):
    ReplicationFactory(practice=published, adopter=ogan_ilir, stage="live")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplicationFactory(practice=published, adopter=ogan_ilir, stage="requested")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplicationFactory(practice=published, adopter=sumedang)


def test_an_unknown_or_draft_practice_is_named(request, draft):
    for slug in ("tidak-ada", draft.slug):
        response = api_as(request, ADOPTER).post(
            "/api/v1/replications/", {"practice": slug, "message": MESSAGE}, format="json"
        )
        assert response.status_code == 400
        assert list(response.json()) == ["practice"]


def test_followers_do_not_hear_of_a_request(request, published, ogan_ilir):
    follower = FollowFactory(practice=published).user
    FollowFactory(regency=ogan_ilir)

    api_as(request, ADOPTER).post(
        "/api/v1/replications/", {"practice": published.slug, "message": MESSAGE}, format="json"
    )

    assert not Notification.objects.filter(recipient=follower).exists()
    assert PracticeFactory._meta.model.objects.count() == 1
