"""Permission cells the other regencies tests leave open: each rule from every side.

Anonymous, staff of another pemda, the pemda's own editor and manager, and national admins.
Every test checks the answer and what it did (or did not do) to the database.
"""

import pytest
from rest_framework.authtoken.models import Token

from regencies.models import Membership

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EDIT = "/regencies/32.11/edit/"
STAFF = "/regencies/32.11/staff/"
REGENCY_API = "/api/v1/regencies/32.11/"
ROTATE = "/accounts/token/rotate/"
NEW_PROFILE = {"website": "https://sumedangkab.go.id", "description": "Tuan rumah."}


def _sent_to_log_in(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def _profile(regency):
    regency.refresh_from_db()
    return regency.website, regency.description


@pytest.fixture
def sumedang_staffer(sumedang):
    membership = MembershipFactory(user=UserFactory(username="staf-sumedang"), regency=sumedang)
    Token.objects.create(user=membership.user)
    return membership


# Editing the regency profile (HTML) -----------------------------------------------------------------


def test_anonymous_cannot_post_a_regency_edit(sumedang, anon):
    response = anon.post(EDIT, NEW_PROFILE)

    assert _sent_to_log_in(response)
    assert _profile(sumedang) == ("", "")


def test_another_pemdas_manager_cannot_post_a_regency_edit(sumedang, ogan_ilir_manager, client_for):
    response = client_for(ogan_ilir_manager).post(EDIT, NEW_PROFILE)

    assert response.status_code == 403
    assert _profile(sumedang) == ("", "")


# Managing staff (HTML) ------------------------------------------------------------------------------


def test_anonymous_cannot_change_a_staff_role(sumedang_staffer, anon):
    response = anon.post(f"{STAFF}{sumedang_staffer.pk}/role/", {f"{sumedang_staffer.pk}-role": "manager"})

    assert _sent_to_log_in(response)
    sumedang_staffer.refresh_from_db()
    assert sumedang_staffer.role == Membership.Role.EDITOR


def test_anonymous_cannot_remove_staff(sumedang_staffer, anon):
    response = anon.post(f"{STAFF}{sumedang_staffer.pk}/remove/", {"confirm": "on"})

    assert _sent_to_log_in(response)
    assert Membership.objects.filter(pk=sumedang_staffer.pk).exists()
    assert Token.objects.filter(user=sumedang_staffer.user).exists()


def test_a_national_admin_removes_a_pemdas_staff_member(sumedang_staffer, national_admin, client_for):
    response = client_for(national_admin).post(f"{STAFF}{sumedang_staffer.pk}/remove/", {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == STAFF
    assert not Membership.objects.filter(pk=sumedang_staffer.pk).exists()
    assert not Token.objects.filter(user=sumedang_staffer.user).exists()
    sumedang_staffer.user.refresh_from_db()  # the account itself is kept


def test_a_manager_cannot_remove_themselves(sumedang_manager, client_for):
    membership = sumedang_manager.membership
    token = Token.objects.create(user=sumedang_manager)

    response = client_for(sumedang_manager).post(
        f"{STAFF}{membership.pk}/remove/", {"confirm": "on"}, follow=True
    )

    assert response.status_code == 200
    assert "Anda tidak dapat menghapus diri Anda sendiri." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MANAGER
    assert Token.objects.filter(pk=token.pk).exists()


# The account pages ---------------------------------------------------------------------------------


def test_anonymous_get_of_token_rotate_is_sent_to_log_in(anon):
    response = anon.get(ROTATE)

    assert _sent_to_log_in(response)
    assert not Token.objects.exists()


def test_anonymous_post_of_token_rotate_is_sent_to_log_in(sumedang_editor, anon):
    token = Token.objects.create(user=sumedang_editor)

    response = anon.post(ROTATE, {"confirm": "on"})

    assert _sent_to_log_in(response)
    assert list(Token.objects.values_list("key", flat=True)) == [token.key]


def test_a_user_without_a_pemda_sees_their_profile_and_token(national_admin, client_for):
    client = client_for(national_admin)
    response = client.get("/accounts/profile/")

    assert response.status_code == 200
    assert "Belum terhubung ke pemda" in response.content.decode()
    token_page = client.get("/accounts/token/").content.decode()
    assert Token.objects.get(user=national_admin).key in token_page  # created on first view
    assert not Membership.objects.filter(user=national_admin).exists()


# Full update of a regency through the API (PUT), from every side ----------------------------------------


def _put(client, data=None):
    return client.put(REGENCY_API, data or NEW_PROFILE, content_type="application/json")


def test_anonymous_cannot_put_a_regency(sumedang, anon):
    response = _put(anon)

    assert response.status_code == 401  # token authentication first: 401 with WWW-Authenticate
    assert _profile(sumedang) == ("", "")


def test_another_pemdas_editor_cannot_put_a_regency(sumedang, ogan_ilir_editor, client_for):
    response = _put(client_for(ogan_ilir_editor))

    assert response.status_code == 403
    assert _profile(sumedang) == ("", "")


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager", "national_admin"])
def test_the_pemdas_staff_and_national_admins_put_a_regency(sumedang, client_for, request, actor):
    response = _put(client_for(request.getfixturevalue(actor)), {**NEW_PROFILE, "name": "Diabaikan"})

    assert response.status_code == 200
    assert response.json()["website"] == NEW_PROFILE["website"]
    assert _profile(sumedang) == (NEW_PROFILE["website"], NEW_PROFILE["description"])
    assert sumedang.name == "Kabupaten Sumedang"  # read-only through the API


def test_another_pemdas_manager_cannot_patch_a_regency(sumedang, ogan_ilir_manager, client_for):
    response = client_for(ogan_ilir_manager).patch(
        REGENCY_API, {"website": NEW_PROFILE["website"]}, content_type="application/json"
    )

    assert response.status_code == 403
    assert _profile(sumedang) == ("", "")
