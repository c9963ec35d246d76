"""The regency list is built from `.values()` rows (livinglab/api_rows.py): it writes exactly what
RegencySerializer, which documents it, would: same keys, values and links, in both languages."""

import datetime

import pytest

from regencies.models import Regency
from regencies.serializers import RegencySerializer

from ..api_rows import LANGUAGES, drf_request, get_json
from .factories import CohortFactory, RegencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regencies():
    """Regencies in no cohort, in one and in two, one with a website and a description."""
    old = CohortFactory(name="Pilot 2022", started_on=datetime.date(2022, 1, 1))
    new = CohortFactory(name="Angkatan 2025", started_on=datetime.date(2025, 1, 1))
    alone = RegencyFactory(code="99.01", website="https://contoh.go.id", description="Teks <b>apa adanya</b>")
    one = RegencyFactory(code="99.02", kind=Regency.Kind.KOTA)
    both = RegencyFactory(code="99.03")
    old.members.add(one, both)
    new.members.add(both)
    return [alone, one, both]


@pytest.mark.parametrize("language", LANGUAGES)
def test_regency_rows_equal_the_serializer(anon, regencies, language):
    body = get_json(anon, "/api/v1/regencies/?page_size=2&page=2", language)
    request = drf_request("/api/v1/regencies/")
    expected = RegencySerializer(
        Regency.objects.order_by("code")[2:3], many=True, context={"request": request}
    )

    assert body["count"] == 3
    assert body["results"] == expected.data
    assert body["results"][0]["cohorts"] == [
        {"slug": c.slug, "name": c.name} for c in regencies[2].cohorts.order_by("-started_on")
    ]
    assert body["previous"] == "http://testserver/api/v1/regencies/?page_size=2"


@pytest.mark.parametrize("language", LANGUAGES)
def test_regency_rows_follow_a_filter(anon, regencies, language):
    body = get_json(anon, "/api/v1/regencies/?kind=kota", language)

    assert [row["code"] for row in body["results"]] == ["99.02"]


def test_a_regency_without_a_page_is_a_404_in_json(anon):
    response = anon.get("/api/v1/regencies/99.99/spbe/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_page_past_the_last_is_a_404_and_an_empty_list_a_page(anon, regencies):
    assert anon.get("/api/v1/regencies/?page=3").status_code == 404
    assert anon.get("/api/v1/regencies/?search=tidak-ada").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
