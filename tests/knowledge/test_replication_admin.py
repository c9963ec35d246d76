"""Replications in the Django admin: national admins find and read them with their steps; nothing
is added or changed there (the two pemda take the steps on the portal)."""

import pytest

from .replication_factories import ReplicationStepFactory

pytestmark = pytest.mark.django_db


def test_national_admins_find_a_replication_and_read_its_steps(client_for, national_admin, make_replication):
    replication = make_replication("accepted")
    ReplicationStepFactory(replication=replication, note="Narahubung: Kabid Aptika.")
    client = client_for(national_admin)

    changelist = client.get("/admin/knowledge/replication/", {"q": "Ogan Ilir", "stage__exact": "accepted"})
    change = client.get(f"/admin/knowledge/replication/{replication.pk}/change/")

    assert (
        changelist.status_code == 200
        and f"/admin/knowledge/replication/{replication.pk}/" in changelist.content.decode()
    )
    page = change.content.decode()
    assert change.status_code == 200 and "Narahubung: Kabid Aptika." in page
    assert 'name="steps-0-note"' not in page  # the steps are read-only
    assert client.get("/admin/knowledge/replication/add/").status_code == 403


def test_a_replication_is_not_changed_in_the_admin(client_for, national_admin, make_replication):
    replication = make_replication("requested")

    client_for(national_admin).post(
        f"/admin/knowledge/replication/{replication.pk}/change/", {"stage": "live", "message": "diubah"}
    )

    replication.refresh_from_db()
    assert (replication.stage, replication.message) == (
        "requested",
        "Kami ingin mereplikasi aplikasi ini tahun depan.",
    )
