"""Query discipline of the study visit lists: the same queries for a few rows or a full page."""

import pytest
from rest_framework.test import APIClient

from ..queries import measure_get
from .visit_factories import StudyVisitFactory, VisitCommitmentFactory

pytestmark = pytest.mark.django_db


def _visits(count, **kwargs):
    for _ in range(count):
        VisitCommitmentFactory(visit=StudyVisitFactory(**kwargs))


def test_the_list_page_costs_the_same_for_2_or_25_visits(anon):
    _visits(2)
    small, _ = measure_get(anon, "/visits/")
    _visits(23)
    large, response = measure_get(anon, "/visits/")

    # count, one page of rows with both pemda, commitment counts and the flag.
    assert small == large == 2
    assert len(response.context["page"].object_list) == 20


def test_the_list_api_costs_the_same_for_2_or_25_visits():
    client = APIClient()
    _visits(2)
    small, _ = measure_get(client, "/api/v1/study-visits/")
    _visits(23)
    large, response = measure_get(client, "/api/v1/study-visits/")

    # count, one page of rows.
    assert small == large == 2
    assert response.json()["count"] == 25


def test_the_regency_page_costs_the_same_for_2_or_15_visits(anon, sumedang):
    _visits(2, host=sumedang)
    small, _ = measure_get(anon, "/regencies/32.11/")
    _visits(13, host=sumedang)
    large, _ = measure_get(anon, "/regencies/32.11/")

    # The visits section is one query (rows with both pemda and the flag).
    assert small == large
