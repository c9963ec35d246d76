"""SPBE permission cells the other spbe tests leave open: each rule from every side.

Anonymous, staff of another pemda, the pemda's own editor and manager, national admins,
assessors, superusers, and deactivated accounts. Every HTTP test checks the answer and what
it did (or did not do) to the database.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from rest_framework.test import APIClient

from regencies.models import Membership
from regencies.permissions import (
    ASSESSOR_GROUP,
    NATIONAL_ADMIN_GROUP,
    can_fill_self_assessment,
    can_import_spbe,
    can_submit_self_assessment,
    is_assessor,
    is_national_admin,
)
from spbe.models import Evaluation, Evidence
from spbe.services import (
    scores_set,
    self_assessment_create,
    self_assessment_review,
    self_assessment_submit,
)

from ..regencies.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "/spbe/self-assessments/"
EVALUATIONS = "/api/v1/spbe/evaluations/"


def _url(evaluation, action=""):
    return f"{BASE}{evaluation.pk}/{action + '/' if action else ''}"


def _sent_to_log_in(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _status(evaluation):
    evaluation.refresh_from_db()
    return evaluation.status


@pytest.fixture
def superuser(db):
    return UserFactory(username="superuser", is_staff=True, is_superuser=True)


@pytest.fixture
def inactive_national_admin(db):
    user = UserFactory(username="admin-nonaktif", is_staff=True, is_active=False)
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    return user


@pytest.fixture
def inactive_assessor(db):
    user = UserFactory(username="asesor-nonaktif", is_staff=True, is_active=False)
    user.groups.add(Group.objects.get_or_create(name=ASSESSOR_GROUP)[0])
    return user


@pytest.fixture
def inactive_sumedang_manager(sumedang):
    user = UserFactory(username="manager-nonaktif", is_active=False)
    MembershipFactory(user=user, regency=sumedang, role=Membership.Role.MANAGER)
    return user


@pytest.fixture
def submitted(sumedang, framework_2020, sumedang_manager):
    evaluation = self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)
    scores_set(
        evaluation=evaluation,
        levels=[(indicator, 3, "") for indicator in framework_2020.indicators.all()],
    )
    return self_assessment_submit(evaluation=evaluation, by_user=sumedang_manager)


@pytest.fixture
def returned(scored_draft, framework_2020, sumedang_manager, assessor):
    scores_set(
        evaluation=scored_draft,
        levels=[(indicator, 3, "") for indicator in framework_2020.indicators.all()],
    )
    self_assessment_submit(evaluation=scored_draft, by_user=sumedang_manager)
    first = framework_2020.indicators.get(number=1)
    self_assessment_review(
        evaluation=scored_draft, by_user=assessor, verify=False, comments={first.pk: "Bukti?"}
    )
    assert _status(scored_draft) == Evaluation.Status.RETURNED
    return scored_draft


# The rules themselves, from each side -----------------------------------------------------------------

RULES = ["is_national_admin", "is_assessor", "can_import_spbe", "can_fill", "can_submit"]
# What each side may do for Sumedang; every rule not listed is refused.
ALLOWED = {
    "anon": set(),
    "ogan_ilir_editor": set(),
    "ogan_ilir_manager": set(),
    "sumedang_editor": {"can_fill"},
    "sumedang_manager": {"can_fill", "can_submit"},
    "national_admin": {"is_national_admin", "can_import_spbe"},
    "assessor": {"is_assessor"},
    "superuser": {"is_national_admin", "is_assessor", "can_import_spbe"},  # has no pemda to fill for
    "inactive_national_admin": set(),
    "inactive_assessor": set(),
    "inactive_sumedang_manager": set(),
}


def _rules(user, regency):
    return {
        "is_national_admin": is_national_admin(user),
        "is_assessor": is_assessor(user),
        "can_import_spbe": can_import_spbe(user),
        "can_fill": can_fill_self_assessment(user, regency),
        "can_submit": can_submit_self_assessment(user, regency),
    }


@pytest.mark.parametrize("actor", list(ALLOWED))
def test_spbe_rules_from_each_side(sumedang, request, actor):
    user = AnonymousUser() if actor == "anon" else request.getfixturevalue(actor)

    granted = {rule for rule, allowed in _rules(user, sumedang).items() if allowed}

    assert granted == ALLOWED[actor]


def test_an_assessor_is_not_a_national_admin_and_cannot_import(assessor):
    assert assessor.is_staff
    assert not is_national_admin(assessor)
    assert not can_import_spbe(assessor)


# Reviewing, through the endpoints (the rule's signature is changing: not called directly) -------------


def test_anonymous_cannot_post_a_review(submitted, anon):
    response = anon.post(_url(submitted, "review"), {"decision": "verify"})

    assert _sent_to_log_in(response)
    assert _status(submitted) == Evaluation.Status.SUBMITTED


def test_another_pemdas_editor_cannot_review_on_the_web(submitted, ogan_ilir_editor, client_for):
    response = client_for(ogan_ilir_editor).post(_url(submitted, "review"), {"decision": "verify"})

    assert response.status_code == 404
    assert _status(submitted) == Evaluation.Status.SUBMITTED


def test_another_pemdas_manager_cannot_review_through_the_api(submitted, ogan_ilir_manager):
    response = _api(ogan_ilir_manager).post(
        f"{EVALUATIONS}{submitted.pk}/review/", {"verify": True}, format="json"
    )

    assert response.status_code == 404
    assert _status(submitted) == Evaluation.Status.SUBMITTED


def test_a_superuser_reviews_on_the_web(submitted, superuser, client_for):
    response = client_for(superuser).post(_url(submitted, "review"), {"decision": "verify"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (Evaluation.Status.VERIFIED, superuser)


def test_a_superuser_reviews_through_the_api(submitted, superuser):
    response = _api(superuser).post(f"{EVALUATIONS}{submitted.pk}/review/", {"verify": True}, format="json")

    assert response.status_code == 200
    assert _status(submitted) == Evaluation.Status.VERIFIED


def test_an_inactive_assessor_cannot_review_through_the_api(submitted, inactive_assessor):
    # force_authenticate skips the is_active check of login, so the rule itself must refuse.
    response = _api(inactive_assessor).post(
        f"{EVALUATIONS}{submitted.pk}/review/", {"verify": True}, format="json"
    )

    assert response.status_code == 404
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (Evaluation.Status.SUBMITTED, None)


def test_an_inactive_assessor_is_not_logged_in_to_review_on_the_web(submitted, inactive_assessor, client_for):
    response = client_for(inactive_assessor).post(_url(submitted, "review"), {"decision": "verify"})

    assert _sent_to_log_in(response)
    assert _status(submitted) == Evaluation.Status.SUBMITTED


# Adding evidence ----------------------------------------------------------------------------------------


def _add_link(client, evaluation):
    return client.post(
        _url(evaluation, "evidence"),
        {"indicator": 1, "title": "JDIH", "url": "https://jdih.sumedangkab.go.id/perbup"},
    )


def test_the_pemdas_manager_adds_evidence_to_a_draft(scored_draft, sumedang_manager, client_for):
    response = _add_link(client_for(sumedang_manager), scored_draft)

    assert response.status_code == 302
    assert response["Location"] == _url(scored_draft)
    evidence = Evidence.objects.get()
    assert (evidence.score.evaluation_id, evidence.added_by) == (scored_draft.pk, sumedang_manager)


def test_the_pemdas_editor_adds_evidence_to_a_returned_self_assessment(returned, sumedang_editor, client_for):
    response = _add_link(client_for(sumedang_editor), returned)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.score.evaluation_id, evidence.score.indicator.number, evidence.added_by) == (
        returned.pk,
        1,
        sumedang_editor,
    )
    assert _status(returned) == Evaluation.Status.RETURNED


# The self-assessment list ------------------------------------------------------------------------------


def test_the_pemdas_manager_sees_their_pemdas_self_assessments(
    submitted, ogan_ilir, framework_2020, sumedang_manager, client_for
):
    own_draft = self_assessment_create(regency=submitted.regency, year=2025, framework=framework_2020)
    other = self_assessment_create(regency=ogan_ilir, year=2026, framework=framework_2020)

    response = client_for(sumedang_manager).get(BASE)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{_url(submitted)}"' in html
    assert f'href="{_url(own_draft)}"' in html
    assert f'href="{_url(other)}"' not in html
    assert (_status(submitted), _status(own_draft)) == ("submitted", "draft")


# Reading a submitted self-assessment through the API, from every side -----------------------------------

# selectors.evaluations_visible_to: the pemda's own staff see theirs at every stage; assessors
# and national admins see every non-draft one; everyone else only official or verified ones.
SUBMITTED_READ = [
    ("anon", 404),
    ("ogan_ilir_editor", 404),
    ("ogan_ilir_manager", 404),
    ("sumedang_editor", 200),
    ("sumedang_manager", 200),
    ("assessor", 200),
    ("national_admin", 200),
    ("inactive_assessor", 404),
    ("inactive_national_admin", 404),
]


@pytest.mark.parametrize(("actor", "status_code"), SUBMITTED_READ)
def test_who_reads_a_submitted_self_assessment_through_the_api(submitted, request, actor, status_code):
    user = None if actor == "anon" else request.getfixturevalue(actor)

    response = _api(user).get(f"{EVALUATIONS}{submitted.pk}/")

    assert response.status_code == status_code
    if status_code == 200:
        body = response.json()
        assert (body["id"], body["status"]) == (submitted.pk, "submitted")
    assert _status(submitted) == Evaluation.Status.SUBMITTED
