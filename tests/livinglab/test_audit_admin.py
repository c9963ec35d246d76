"""Who reads the audit trail (national admins, in a read-only admin), and what an erasure leaves of
the erased person in it."""

import json

import pytest
from django.utils import timezone

from livinglab.models import AuditEvent
from regencies.models import Membership

from ..knowledge.form_data import practice_form
from ..queries import measure_get
from ..regencies.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TRAIL = "/admin/livinglab/auditevent/"


@pytest.fixture
def trail(sumedang_manager, sumedang_editor, client_for):
    """The manager made the editor a manager: one event about the membership."""
    membership = sumedang_editor.membership
    client_for(sumedang_manager).post(
        f"/regencies/32.11/staff/{membership.pk}/role/", {f"{membership.pk}-role": "manager"}
    )
    return AuditEvent.objects.get(object_type="regencies.membership", action="changed")


def test_national_admins_read_who_changed_what_before_and_after(trail, national_admin, client_for):
    admin = client_for(national_admin)

    listing = admin.get(TRAIL).content.decode()
    detail = admin.get(f"{TRAIL}{trail.pk}/change/").content.decode()

    assert "manager-sumedang" in listing and "editor-sumedang — Kabupaten Sumedang" in listing
    assert "<th>role</th><td>editor</td><td>→</td><td>manager</td>" in detail


def test_the_trail_is_filtered_by_type_action_actor_and_date_and_searched(trail, national_admin, client_for):
    admin = client_for(national_admin)
    day = timezone.localdate(trail.at)  # the admin's date filter is in the portal's time zone (WIB)

    def rows(**params):
        return list(admin.get(TRAIL, params).context["cl"].result_list)

    assert rows(object_type="regencies.membership", action="changed") == [trail]
    assert rows(object_type="knowledge.practice") == []
    assert rows(actor__id__exact=trail.actor_id, at__year=day.year, at__month=day.month, at__day=day.day) == [
        trail
    ]
    assert rows(q="editor-sumedang — Kabupaten Sumedang (Pengelola)") == [trail]
    assert rows(q="tidak ada") == []


@pytest.mark.parametrize("user", ["national_admin", "superuser"])
def test_nobody_adds_changes_or_deletes_an_event(trail, user, national_admin, client_for):
    reader = national_admin if user == "national_admin" else UserFactory(is_staff=True, is_superuser=True)
    client = client_for(reader)

    assert client.get(f"{TRAIL}add/").status_code == 403
    assert client.post(f"{TRAIL}{trail.pk}/change/", {"object_label": "x"}).status_code == 403
    assert client.post(f"{TRAIL}{trail.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(TRAIL, {"action": "delete_selected", "_selected_action": [trail.pk]}).status_code in (
        200,
        403,
    )
    trail.refresh_from_db()
    assert trail.object_label.startswith("editor-sumedang")


def test_anonymous_visitors_pemda_staff_and_other_ministry_staff_cannot_read_it(
    trail, anon, sumedang_manager, ogan_ilir_manager, client_for
):
    # Staff of the ministry who may use the admin, but hold neither the national group nor superuser.
    ministry_staff = UserFactory(username="staf-kementerian", is_staff=True)

    assert anon.get(TRAIL)["Location"].startswith("/admin/login/")
    for pemda_staff in (sumedang_manager, ogan_ilir_manager):
        assert client_for(pemda_staff).get(TRAIL)["Location"].startswith("/admin/login/")
    staff = client_for(ministry_staff)
    assert staff.get(TRAIL).status_code == 403
    assert staff.get(f"{TRAIL}{trail.pk}/change/").status_code == 403
    assert "auditevent" not in staff.get("/admin/").content.decode()


def test_the_list_costs_the_same_queries_for_few_and_many_events(sumedang, national_admin, client_for):
    admin = client_for(national_admin)
    MembershipFactory.create_batch(2, regency=sumedang)
    few, _response = measure_get(admin, TRAIL)
    MembershipFactory.create_batch(20, regency=sumedang)
    many, response = measure_get(admin, TRAIL)

    assert len(response.context["cl"].result_list) == AuditEvent.objects.count() > 40
    # session, user, groups (national admin?), count, filtered count, events with their actor, the
    # actors offered by the filter, the dates of the date hierarchy; one more for the unread count.
    assert few == many <= 12


def test_a_person_downloads_what_the_trail_records_they_did(sumedang_editor, ogan_ilir_editor, client_for):
    client_for(sumedang_editor).post("/practices/new/", practice_form())

    own = json.loads(client_for(sumedang_editor).get("/accounts/my-data/").content)
    other = json.loads(client_for(ogan_ilir_editor).get("/accounts/my-data/").content)

    assert [(e["action"], e["record_type"], e["record"]) for e in own["account"]["audit_trail"]] == [
        ("created", "knowledge.practice", "Aplikasi Antrean")
    ]
    assert other["account"]["audit_trail"] == []


def test_an_erasure_leaves_what_was_done_and_removes_who_did_it(
    sumedang_editor, sumedang_manager, national_admin, client_for
):
    client_for(sumedang_editor).post("/practices/new/", practice_form())
    membership_pk = sumedang_editor.membership.pk

    response = client_for(national_admin).post(
        "/admin/auth/user/",
        {
            "action": "erase_personal_data",
            "_selected_action": [sumedang_editor.pk],
            "erase": "1",
            "confirm": "on",
        },
    )

    assert response.status_code == 302
    practice = AuditEvent.objects.get(object_type="knowledge.practice")
    assert (practice.actor_id, practice.actor_name, practice.action) == (
        sumedang_editor.pk,
        "akun dihapus",
        "created",
    )
    removed = AuditEvent.objects.get(
        object_type="regencies.membership", object_id=str(membership_pk), action="deleted"
    )
    assert (removed.actor_name, removed.action) == ("admin-kementerian", "deleted")
    # The name is gone from every event, labels and values alike; what happened stays.
    everything = json.dumps(list(AuditEvent.objects.values("actor_label", "object_label", "changes")))
    assert "editor-sumedang" not in everything
    assert AuditEvent.objects.filter(about_user_id=sumedang_editor.pk).count() >= 2
    assert not Membership.objects.filter(pk=membership_pk).exists()
