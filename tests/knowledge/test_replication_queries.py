"""Query discipline of the replication lists: the same queries for a few rows or a full page."""

import pytest
from rest_framework.test import APIClient

from ..queries import measure_get
from .factories import PracticeFactory
from .replication_factories import ReplicationFactory

pytestmark = pytest.mark.django_db


def _replications(owner, count):
    for _ in range(count):
        ReplicationFactory(practice=PracticeFactory(regency=owner), stage="accepted")


def test_the_list_page_costs_the_same_for_2_or_45_replications(client_for, sumedang, sumedang_editor):
    client = client_for(sumedang_editor)
    _replications(sumedang, 2)
    small, _ = measure_get(client, "/replications/")
    _replications(sumedang, 43)
    large, response = measure_get(client, "/replications/")

    # session, user, membership, its pemda (the heading), count, one page of rows with practice and
    # both pemda, the menu's unread count.
    assert small == large == 7
    assert len(response.context["page"].object_list) == 20


def test_the_list_api_costs_the_same_for_2_or_45_replications(sumedang):
    client = APIClient()
    _replications(sumedang, 2)
    small, _ = measure_get(client, "/api/v1/replications/")
    _replications(sumedang, 43)
    large, response = measure_get(client, "/api/v1/replications/")

    # count, one page of rows with practice and both pemda (anonymous: the public ones).
    assert small == large == 2
    assert response.json()["count"] == 45


def test_the_list_api_for_pemda_staff_costs_the_same_for_2_or_45_replications(
    sumedang, ogan_ilir, ogan_ilir_editor
):
    client = APIClient()

    def measure():
        # A fresh user object: permission helpers keep membership and group names on it.
        client.force_authenticate(type(ogan_ilir_editor).objects.get(pk=ogan_ilir_editor.pk))
        return measure_get(client, "/api/v1/replications/")

    _replications(sumedang, 2)
    small, _ = measure()
    _replications(sumedang, 43)
    ReplicationFactory(practice=PracticeFactory(regency=sumedang), adopter=ogan_ilir)  # their own request
    large, response = measure()

    # membership (the reader's pemda; not Django staff, so no group query), count, one page of rows.
    assert small == large == 3
    assert response.json()["count"] == 46
