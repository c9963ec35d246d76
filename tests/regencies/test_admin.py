import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from regencies.models import Membership
from regencies.permissions import NATIONAL_ADMIN_GROUP, can_edit_regency, can_manage_staff, is_national_admin
from regencies.services import api_token_for

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/regencies/province/",
        "/admin/regencies/regency/",
        "/admin/regencies/regency/?kind__exact=kota&province__code__exact=32",
        "/admin/regencies/regency/?q=sumedang",
        "/admin/regencies/regency/32.11/change/",
        "/admin/regencies/cohort/",
        "/admin/regencies/membership/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
    ],
)
def test_admin_pages_load_for_a_national_admin(regions, national_admin, sumedang_editor, client_for, url):
    response = client_for(national_admin).get(url)

    assert response.status_code == 200


def test_the_admin_site_is_titled_living_lab(regions, national_admin, client_for):
    assert (
        "<title>Administrasi portal | Living Lab</title>"
        in client_for(national_admin).get("/admin/").content.decode()
    )


def test_cohort_members_are_chosen_by_autocomplete(regions, national_admin, client_for):
    client = client_for(national_admin)
    cohort_page = client.get("/admin/regencies/cohort/add/").content.decode()
    assert "admin-autocomplete" in cohort_page

    response = client.get(
        "/admin/autocomplete/",
        {"term": "sumed", "app_label": "regencies", "model_name": "cohort", "field_name": "members"},
    )

    assert [r["text"] for r in response.json()["results"]] == ["Kabupaten Sumedang"]


def test_the_changelist_costs_the_same_queries_at_any_size(
    regions, national_admin, client_for, django_assert_max_num_queries
):
    client = client_for(national_admin)
    with django_assert_max_num_queries(12):
        client.get("/admin/regencies/regency/")
    with django_assert_max_num_queries(12):
        client.get("/admin/regencies/membership/")


def test_pemda_staff_cannot_enter_the_admin(sumedang_manager, client_for):
    response = client_for(sumedang_manager).get("/admin/regencies/regency/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_national_admin_group_exists_with_permissions_after_migrate(db):
    group = Group.objects.get(name=NATIONAL_ADMIN_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {"add_membership", "change_cohort", "change_regency", "add_user"} <= codenames


# The rules themselves, from each side.
def test_rules_for_anonymous(sumedang, anon):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser()
    assert not is_national_admin(user)
    assert not can_edit_regency(user, sumedang)
    assert not can_manage_staff(user, sumedang)


def test_rules_for_staff_of_another_pemda(sumedang, ogan_ilir_manager):
    assert not can_edit_regency(ogan_ilir_manager, sumedang)
    assert not can_manage_staff(ogan_ilir_manager, sumedang)


def test_rules_for_the_pemdas_editor_and_manager(sumedang, sumedang_editor, sumedang_manager):
    assert can_edit_regency(sumedang_editor, sumedang)
    assert not can_manage_staff(sumedang_editor, sumedang)
    assert can_edit_regency(sumedang_manager, sumedang)
    assert can_manage_staff(sumedang_manager, sumedang)


def test_rules_for_national_admins(sumedang, national_admin):
    assert is_national_admin(national_admin)
    assert can_edit_regency(national_admin, sumedang)
    assert can_manage_staff(national_admin, sumedang)


def test_django_staff_outside_the_group_are_not_national_admins(sumedang):
    user = UserFactory(is_staff=True)

    assert not is_national_admin(user)
    assert not can_edit_regency(user, sumedang)


def test_a_deactivated_account_loses_its_rights(sumedang):
    membership = MembershipFactory(regency=sumedang, role=Membership.Role.MANAGER)
    membership.user.is_active = False

    assert not can_edit_regency(membership.user, sumedang)
    assert not can_manage_staff(membership.user, sumedang)


def test_a_national_admin_cannot_make_itself_superuser(db, national_admin, client_for):
    client = client_for(national_admin)
    url = f"/admin/auth/user/{national_admin.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page

    form = {
        "username": national_admin.username,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [],  # the national groups are not offered to a national admin (separation of duties)
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "membership-TOTAL_FORMS": "0",
        "membership-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)

    assert response.status_code == 302
    national_admin.refresh_from_db()
    assert not national_admin.is_superuser


def test_only_a_superuser_changes_or_deletes_a_superuser(db, national_admin, client_for):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)

    admin_client = client_for(national_admin)
    read_only = admin_client.get(f"/admin/auth/user/{root.pk}/change/").content.decode()
    assert 'name="username"' not in read_only
    assert admin_client.post(f"/admin/auth/user/{root.pk}/change/", {"username": "x"}).status_code == 403
    assert admin_client.get(f"/admin/auth/user/{root.pk}/password/").status_code == 403
    assert admin_client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.username == "root"

    other_root = UserFactory(username="root2", is_staff=True, is_superuser=True)
    page = client_for(other_root).get(f"/admin/auth/user/{root.pk}/change/").content.decode()
    assert 'name="is_superuser"' in page


def test_nobody_reads_api_tokens_in_the_admin(db, national_admin, sumedang_editor, client_for):
    key = api_token_for(user=sumedang_editor).key
    root = UserFactory(username="root", is_staff=True, is_superuser=True)

    for user in (national_admin, root):
        client = client_for(user)
        assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
        assert key not in client.get("/admin/").content.decode()
    assert not Group.objects.get(name=NATIONAL_ADMIN_GROUP).permissions.filter(
        content_type__app_label="authtoken"
    )


def test_a_deactivated_accounts_token_stops_working(sumedang, sumedang_editor):
    key = api_token_for(user=sumedang_editor).key
    sumedang_editor.is_active = False
    sumedang_editor.save()

    response = APIClient().patch(
        "/api/v1/regencies/32.11/", {"website": "https://x.go.id"}, HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert response.status_code == 401
