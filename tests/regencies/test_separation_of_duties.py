"""Separation of duties: only a superuser grants the national groups (or changes the accounts holding
them), and every grant and removal of a national group or a pemda role is logged with who and when."""

import pytest
from django.contrib.auth.models import Group

from regencies.models import Membership, RoleChange
from regencies.permissions import ASSESSOR_GROUP, NATIONAL_ADMIN_GROUP

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    return {
        name: Group.objects.get_or_create(name=name)[0] for name in (NATIONAL_ADMIN_GROUP, ASSESSOR_GROUP)
    }


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def assessor(groups):
    user = UserFactory(username="asesor", is_staff=True)
    user.groups.add(groups[ASSESSOR_GROUP])
    return user


def _change_form(user, **changes):
    """What the admin's change form posts for `user` (no membership inline rows), with `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [g.pk for g in user.groups.all()],
        "membership-TOTAL_FORMS": "0",
        "membership-INITIAL_FORMS": "0",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return data


def _offered_groups(client, user):
    form = client.get(f"/admin/auth/user/{user.pk}/change/").context["adminform"].form
    return {group.name for group in form.fields["groups"].queryset}


def test_a_national_admin_is_not_offered_the_national_groups(groups, national_admin, client_for):
    assert not _offered_groups(client_for(national_admin), national_admin) & set(groups)


def test_a_superuser_is_offered_them(groups, national_admin, superuser, client_for):
    assert set(groups) <= _offered_groups(client_for(superuser), national_admin)


def test_a_national_admin_cannot_make_itself_an_assessor(groups, national_admin, client_for):
    client = client_for(national_admin)
    data = _change_form(national_admin, groups=[groups[NATIONAL_ADMIN_GROUP].pk, groups[ASSESSOR_GROUP].pk])

    response = client.post(f"/admin/auth/user/{national_admin.pk}/change/", data)

    assert response.status_code == 200  # the form again, with the error
    assert "groups" in response.context["adminform"].form.errors
    assert not national_admin.groups.filter(name=ASSESSOR_GROUP).exists()
    assert not RoleChange.objects.exists()


def test_saving_its_own_account_keeps_a_national_admin_in_its_group(groups, national_admin, client_for):
    data = _change_form(national_admin, groups=[], first_name="Baru")

    response = client_for(national_admin).post(f"/admin/auth/user/{national_admin.pk}/change/", data)

    assert response.status_code == 302
    national_admin.refresh_from_db()
    assert national_admin.first_name == "Baru"
    assert national_admin.groups.filter(name=NATIONAL_ADMIN_GROUP).exists()
    assert not RoleChange.objects.exists()


def test_a_national_admin_cannot_make_pemda_staff_an_assessor(
    groups, national_admin, sumedang_editor, client_for
):
    data = _change_form(sumedang_editor, groups=[groups[ASSESSOR_GROUP].pk])

    response = client_for(national_admin).post(f"/admin/auth/user/{sumedang_editor.pk}/change/", data)

    assert response.status_code == 200
    assert not sumedang_editor.groups.exists()


def test_accounts_holding_a_national_group_are_the_superusers_to_change(
    groups, assessor, national_admin, superuser, client_for
):
    other_admin = UserFactory(username="admin-lain", is_staff=True)
    other_admin.groups.add(groups[NATIONAL_ADMIN_GROUP])

    for account in (assessor, other_admin):
        url = f"/admin/auth/user/{account.pk}/"
        # Else a national admin could set an assessor's password and review as them.
        posted = client_for(national_admin).post(f"{url}change/", _change_form(account, first_name="X"))
        assert posted.status_code == 403
        assert client_for(national_admin).get(f"{url}password/").status_code == 403
        assert client_for(national_admin).get(f"{url}delete/").status_code == 403
        assert client_for(superuser).get(f"{url}password/").status_code == 200
        account.refresh_from_db()
        assert account.first_name != "X"


def test_a_superuser_grant_and_removal_are_logged(groups, superuser, sumedang_editor, client_for):
    client = client_for(superuser)
    url = f"/admin/auth/user/{sumedang_editor.pk}/change/"

    assert (
        client.post(url, _change_form(sumedang_editor, groups=[groups[ASSESSOR_GROUP].pk])).status_code == 302
    )
    assert client.post(url, _change_form(sumedang_editor, groups=[])).status_code == 302

    log = list(RoleChange.objects.order_by("id").values_list("changed_by", "user", "kind", "before", "after"))
    assert log == [
        (superuser.pk, sumedang_editor.pk, "national_group", "", ASSESSOR_GROUP),
        (superuser.pk, sumedang_editor.pk, "national_group", ASSESSOR_GROUP, ""),
    ]
    assert all(change.changed_at for change in RoleChange.objects.all())


def test_pemda_roles_given_in_the_admin_are_logged(sumedang, national_admin, client_for):
    newcomer = UserFactory(username="baru")
    client = client_for(national_admin)

    response = client.post(
        "/admin/regencies/membership/add/", {"user": newcomer.pk, "regency": sumedang.pk, "role": "manager"}
    )
    membership = Membership.objects.get(user=newcomer)
    client.post(f"/admin/regencies/membership/{membership.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    log = list(
        RoleChange.objects.order_by("id").values_list("changed_by_name", "user_name", "before", "after")
    )
    assert log == [
        ("admin-kementerian", "baru", "", "Kabupaten Sumedang (manager)"),
        ("admin-kementerian", "baru", "Kabupaten Sumedang (manager)", ""),
    ]


def test_pemda_roles_changed_by_the_pemda_manager_are_logged(sumedang_manager, sumedang_editor, client_for):
    client = client_for(sumedang_manager)
    membership = sumedang_editor.membership

    client.post(f"/regencies/32.11/staff/{membership.pk}/role/", {f"{membership.pk}-role": "manager"})
    client.post(f"/regencies/32.11/staff/{membership.pk}/remove/", {"confirm": "on"})

    log = list(RoleChange.objects.order_by("id").values_list("changed_by", "user", "before", "after"))
    assert log == [
        (
            sumedang_manager.pk,
            sumedang_editor.pk,
            "Kabupaten Sumedang (editor)",
            "Kabupaten Sumedang (manager)",
        ),
        (sumedang_manager.pk, sumedang_editor.pk, "Kabupaten Sumedang (manager)", ""),
    ]


def test_deleting_an_account_logs_the_roles_it_lost(assessor, superuser, client_for):
    client_for(superuser).post(f"/admin/auth/user/{assessor.pk}/delete/", {"post": "yes"})

    change = RoleChange.objects.get()
    assert (change.user, change.user_name, change.before, change.after) == (
        None,
        "asesor",
        ASSESSOR_GROUP,
        "",
    )


def test_national_admins_read_the_log_and_nobody_edits_it(
    sumedang, sumedang_manager, national_admin, superuser, client_for
):
    change = RoleChange.objects.create(
        user_name="baru", kind="pemda_role", after="Kabupaten Sumedang (editor)"
    )
    admin = client_for(national_admin)

    listing = admin.get("/admin/regencies/rolechange/")
    assert listing.status_code == 200
    assert "Kabupaten Sumedang (editor)" in listing.content.decode()
    for client in (admin, client_for(superuser)):
        assert client.get("/admin/regencies/rolechange/add/").status_code == 403
        assert (
            client.post(f"/admin/regencies/rolechange/{change.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )
        assert (
            client.post(f"/admin/regencies/rolechange/{change.pk}/change/", {"after": "x"}).status_code == 403
        )
    assert client_for(sumedang_manager).get("/admin/regencies/rolechange/").status_code == 302
    change.refresh_from_db()
    assert change.after == "Kabupaten Sumedang (editor)"
