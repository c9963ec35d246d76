"""Query discipline of the regency pages and API: a list costs the same queries for 10 rows or 500.

Each test measures one URL at a small and a large size of the data it shows and asserts the
two counts are equal (and equal to the queries named in its comment), and that the response
really carried the larger data.
"""

import pytest

from regencies.models import Province, Regency
from regencies.services import regions_load

from ..queries import measure_get
from .factories import CohortFactory, MembershipFactory, ProvinceFactory, RegencyFactory

pytestmark = pytest.mark.django_db


def test_the_province_list_api_costs_the_same_queries_for_1_or_38_provinces(anon):
    ProvinceFactory(code="32", name="Jawa Barat")
    small, small_response = measure_get(anon, "/api/v1/provinces/")
    Province.objects.all().delete()
    regions_load()
    large, large_response = measure_get(anon, "/api/v1/provinces/")

    # count, page of provinces
    assert small == large == 2
    assert small_response.json()["count"] == 1
    assert large_response.json()["count"] == 38
    assert len(large_response.json()["results"]) == 38


def test_the_cohort_list_api_costs_the_same_queries_for_1_or_8_cohorts_with_members(anon):
    regencies = [RegencyFactory() for _ in range(12)]
    CohortFactory(members=regencies[:3])
    small, small_response = measure_get(anon, "/api/v1/cohorts/")
    for n in range(7):
        CohortFactory(members=regencies[n : n + 5])
    large, large_response = measure_get(anon, "/api/v1/cohorts/")

    # count, page of cohorts with their member count
    assert small == large == 2
    assert [c["member_count"] for c in small_response.json()["results"]] == [3]
    assert len(large_response.json()["results"]) == 8
    assert sorted(c["member_count"] for c in large_response.json()["results"]) == [3] + [5] * 7


def test_the_cohort_detail_api_costs_the_same_queries_for_3_or_514_members(anon):
    regions_load()
    cohort = CohortFactory(slug="kecil", members=list(Regency.objects.order_by("code")[:3]))
    small, small_response = measure_get(anon, f"/api/v1/cohorts/{cohort.slug}/")
    cohort.members.add(*Regency.objects.all())
    large, large_response = measure_get(anon, f"/api/v1/cohorts/{cohort.slug}/")

    # the cohort with its member count, its members
    assert small == large == 2
    assert len(small_response.json()["members"]) == small_response.json()["member_count"] == 3
    assert len(large_response.json()["members"]) == large_response.json()["member_count"] == 514


def test_the_staff_page_costs_the_same_queries_for_1_or_12_staff(sumedang, sumedang_manager, client_for):
    client = client_for(sumedang_manager)
    small, small_response = measure_get(client, "/regencies/32.11/staff/")
    for _ in range(11):
        MembershipFactory(regency=sumedang)
    MembershipFactory()  # staff of another pemda is not listed
    large, large_response = measure_get(client, "/regencies/32.11/staff/")

    # session, user, regency with province, membership (may manage?), staff with their user, the
    # menu's unread notifications
    assert small == large == 6
    role_form = 'action="/regencies/32.11/staff/'
    assert small_response.content.decode().count(role_form) == 1
    assert large_response.content.decode().count(role_form) == 12
