"""The admin's user list shows each account's pemda and role; a new account gets a name and an email."""

import pytest
from django.contrib.auth import get_user_model

from regencies.models import Membership

from ..queries import measure_get
from .factories import MembershipFactory, RegencyFactory

pytestmark = pytest.mark.django_db


def test_the_user_list_shows_pemda_and_role(sumedang_manager, sumedang_editor, national_admin, client_for):
    response = client_for(national_admin).get("/admin/auth/user/")

    rows = {row[0]: row[1:] for row in _rows(response)}
    assert rows["manager-sumedang"][2:4] == ["Kabupaten Sumedang", "Pengelola"]
    assert rows["editor-sumedang"][2:4] == ["Kabupaten Sumedang", "Editor"]
    assert rows["admin-kementerian"][2:4] == ["—", "—"]


def _rows(response):
    changelist = response.context["cl"]
    from django.contrib.admin.templatetags.admin_list import items_for_result

    return [
        [_text(cell) for cell in items_for_result(changelist, user, None)][1:]
        for user in changelist.result_list
    ]


def _text(cell):
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", str(cell))).strip()


def _staff(count):
    for n in range(count):
        MembershipFactory(regency=RegencyFactory(), role=Membership.Role.MANAGER if n % 2 else "editor")


@pytest.mark.parametrize("count", [2, 40])
def test_the_user_list_costs_the_same_queries_at_any_size(national_admin, client_for, count):
    _staff(count)
    # session, user, its permissions (user and group), the groups filter, two counts, the national
    # admin's group names (may it read the role-change log, for the sidebar), the users joined to their
    # membership and pemda: 9, whatever the number of accounts.
    queries, response = measure_get(client_for(national_admin), "/admin/auth/user/")

    assert len(response.context["cl"].result_list) == count + 1
    assert queries <= 9


def test_the_add_form_asks_for_name_and_email(national_admin, client_for):
    client = client_for(national_admin)
    form = client.get("/admin/auth/user/add/").context["adminform"].form
    assert {"first_name", "last_name", "email"} <= set(form.fields)

    refused = client.post(
        "/admin/auth/user/add/",
        {"username": "pegawai-baru", "usable_password": "false", "first_name": "", "email": ""},
    )
    assert set(refused.context["adminform"].form.errors) == {"first_name", "email"}

    created = client.post(
        "/admin/auth/user/add/",
        {
            "username": "pegawai-baru",
            "usable_password": "false",
            "first_name": "Sukarno",
            "last_name": "",
            "email": "sukarno@sumedangkab.go.id",
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
        },
    )
    assert created.status_code == 302, created.context["adminform"].form.errors
    user = get_user_model().objects.get(username="pegawai-baru")
    assert (user.first_name, user.email) == ("Sukarno", "sukarno@sumedangkab.go.id")
