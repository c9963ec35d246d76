"""UU PDP 27/2022: a person downloads what the portal holds about them; a national admin erases a
departed staff member's personal data while the pemda's records stay, shown as "staf sebelumnya"."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from regencies.models import Membership
from spbe.models import Evidence, LevelChange
from spbe.services import score_set

from ..queries import measure_get

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
MY_DATA = "/accounts/my-data/"
USERS = "/admin/auth/user/"


@pytest.fixture
def records(scored_draft, sumedang_editor, ogan_ilir_editor, framework_2020, client_for):
    """Sumedang's editor set a level and added evidence; Ogan Ilir's editor has nothing to do with it."""
    score_set(
        evaluation=scored_draft,
        indicator=framework_2020.indicators.get(number=2),
        level=3,
        by_user=sumedang_editor,
    )
    client_for(sumedang_editor).post(
        f"/spbe/self-assessments/{scored_draft.pk}/evidence/",
        {"indicator": 2, "title": "Perbup SPBE", "file": SimpleUploadedFile("perbup.pdf", PDF)},
    )
    return scored_draft


def download(client):
    response = client.get(MY_DATA)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="living-lab-data-saya-')
    return json.loads(response.content)


def test_a_person_downloads_what_the_portal_holds_about_them(records, sumedang_editor, client_for):
    token = Token.objects.create(user=sumedang_editor)

    data = download(client_for(sumedang_editor))

    assert data["account"]["username"] == "editor-sumedang"
    assert data["account"]["email"] == "editor-sumedang@example.go.id"
    assert data["regencies"]["membership"]["regency_code"] == "32.11"
    assert data["regencies"]["membership"]["role"] == "editor"
    assert [e["title"] for e in data["spbe"]["evidence_added"]] == ["Perbup SPBE"]
    assert [(c["indicator"], c["old_level"], c["new_level"]) for c in data["spbe"]["level_changes"]] == [
        (2, None, 3)
    ]
    assert [
        (s["kind"], s["indicator_number"], s["by_role"]) for s in data["spbe"]["self_assessment_steps"]
    ] == [
        ("level", 2, "pemda_staff"),
        ("evidence_added", 2, "pemda_staff"),
    ]
    assert data["account"]["api_token_created"] is not None
    assert token.key not in json.dumps(data)  # the secret stays on the profile page


def test_the_download_holds_nothing_of_anyone_else(records, ogan_ilir_editor, client_for):
    data = download(client_for(ogan_ilir_editor))

    assert data["account"]["username"] == "editor-ogan-ilir"
    assert data["spbe"] == {
        "evidence_added": [],
        "imports_run": [],
        "level_changes": [],
        "self_assessment_steps": [],
        "evaluations_submitted_or_reviewed": [],
    }
    assert "editor-sumedang" not in json.dumps(data)


def test_anonymous_visitors_are_sent_to_log_in(anon):
    response = anon.get(MY_DATA)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_profile_page_links_to_the_download(sumedang_editor, client_for):
    assert (
        'href="/accounts/my-data/"' in client_for(sumedang_editor).get("/accounts/profile/").content.decode()
    )


def test_the_download_takes_the_same_queries_however_many_records(
    records, sumedang_editor, framework_2020, client_for
):
    client = client_for(sumedang_editor)
    few, _response = measure_get(client, MY_DATA)
    for number in range(3, 30):
        score_set(
            evaluation=records,
            indicator=framework_2020.indicators.get(number=number),
            level=4,
            by_user=sumedang_editor,
        )
    many, _response = measure_get(client, MY_DATA)

    # session, user, token, groups, admin log, membership, evidence, imports, level changes, evaluations
    assert few == many <= 12


# Erasure -------------------------------------------------------------------------------------------


def erase(client, *users, confirm=True):
    data = {"action": "erase_personal_data", "_selected_action": [u.pk for u in users]}
    if confirm:
        data.update({"erase": "1", "confirm": "on"})
    return client.post(USERS, data, follow=confirm)


def test_the_erasure_asks_for_confirmation_first(records, national_admin, sumedang_editor, client_for):
    response = erase(client_for(national_admin), sumedang_editor, confirm=False)

    sumedang_editor.refresh_from_db()
    assert response.status_code == 200
    assert "staf-sebelumnya" in response.content.decode()
    assert sumedang_editor.username == "editor-sumedang" and sumedang_editor.is_active


def test_a_national_admin_erases_a_departed_editor_and_the_pemda_keeps_its_records(
    records, national_admin, sumedang_editor, sumedang_manager, client_for
):
    Token.objects.create(user=sumedang_editor)
    departed = client_for(sumedang_editor)

    response = erase(client_for(national_admin), sumedang_editor)

    user = get_user_model().objects.get(pk=sumedang_editor.pk)
    assert response.status_code == 200
    assert user.username.startswith("staf-sebelumnya-") and len(user.username) == len("staf-sebelumnya-") + 8
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not user.is_active and not user.has_usable_password()
    assert not Token.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    # The pemda's records stay, pointing at the anonymised account.
    assert Evidence.objects.get().added_by == user
    assert LevelChange.objects.filter(changed_by=user).count() == 1
    history = (
        client_for(sumedang_manager).get(f"/spbe/self-assessments/{records.pk}/history/").content.decode()
    )
    assert user.username in history and "editor-sumedang" not in history
    # The departed person's open session no longer works.
    assert departed.get("/accounts/profile/").status_code == 302


def test_the_last_manager_of_a_pemda_is_not_erased_before_another_is_named(
    sumedang_manager, national_admin, client_for
):
    response = erase(client_for(national_admin), sumedang_manager)

    sumedang_manager.refresh_from_db()
    assert "harus tetap memiliki paling sedikit satu pengelola" in response.content.decode()
    assert sumedang_manager.username == "manager-sumedang" and sumedang_manager.is_active
    assert Membership.objects.filter(user=sumedang_manager).exists()


def test_a_national_admin_cannot_erase_a_superuser_or_themselves(national_admin, client_for):
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "rahasia-yang-panjang-123")
    admin = client_for(national_admin)

    erase(admin, root)
    erase(admin, national_admin)

    root.refresh_from_db()
    national_admin.refresh_from_db()
    assert root.username == "root" and root.is_active
    assert national_admin.username == "admin-kementerian" and national_admin.is_active


@pytest.mark.parametrize("actor", ["anon", "sumedang_manager", "ogan_ilir_editor"])
def test_nobody_but_national_admins_erases(actor, sumedang_editor, request, client_for):
    client = (
        request.getfixturevalue("anon") if actor == "anon" else client_for(request.getfixturevalue(actor))
    )

    response = erase(client, sumedang_editor)

    sumedang_editor.refresh_from_db()
    assert "/admin/login/" in response.redirect_chain[0][0]
    assert sumedang_editor.username == "editor-sumedang" and sumedang_editor.is_active


def test_only_a_superuser_erases_an_account_with_a_national_role(national_admin, client_for):
    from django.contrib.auth.models import Group

    from livinglab.personal_data import ErasureRefused, person_erase
    from regencies.permissions import ASSESSOR_GROUP

    from ..regencies.factories import UserFactory

    assessor = UserFactory(username="asesor", is_staff=True)
    assessor.groups.add(Group.objects.get_or_create(name=ASSESSOR_GROUP)[0])

    erase(client_for(national_admin), assessor)
    with pytest.raises(ErasureRefused):
        person_erase(user=assessor, by_user=national_admin)

    assessor.refresh_from_db()
    assert assessor.username == "asesor" and assessor.groups.filter(name=ASSESSOR_GROUP).exists()


def test_an_erasure_logs_the_end_of_each_role(records, national_admin, sumedang_editor, client_for):
    from regencies.models import RoleChange

    erase(client_for(national_admin), sumedang_editor)

    user = get_user_model().objects.get(pk=sumedang_editor.pk)
    change = RoleChange.objects.get(user=user)  # one change: the membership ended, logged once
    assert change.changed_by == national_admin and change.after == ""
    assert "Kabupaten Sumedang" in change.before
