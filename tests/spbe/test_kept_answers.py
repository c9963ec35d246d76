"""Rankings and a regency's SPBE history read again anonymously are answered from what was kept the
first time (livinglab/api_answers.py): the same answer without a query, never a stale one."""

from decimal import Decimal

import pytest

from regencies.models import Regency

pytestmark = pytest.mark.django_db
RANKINGS = "/api/v1/spbe/rankings/?year=2022&page_size=2"


@pytest.fixture
def results(regions, framework_2020, make_result):
    a, b, c = (Regency.objects.get(code=code) for code in ("32.11", "32.04", "16.10"))
    for regency, index in ((a, "3.84"), (b, "3.10"), (c, "2.00")):
        make_result(regency, 2022, Decimal(index), framework_2020)
    make_result(b, 2021, Decimal("3.90"), framework_2020)
    return a, b, c


def _ranks(body):
    return [(row["regency_code"], row["rank"], row["previous_rank"]) for row in body["results"]]


def test_a_ranking_read_again_is_the_same_without_a_query(anon, results, django_assert_num_queries):
    first = anon.get(RANKINGS).json()

    with django_assert_num_queries(0):
        again = anon.get(RANKINGS).json()

    assert again == first
    assert _ranks(first) == [("32.11", 1, None), ("32.04", 2, 1)]
    assert first["count"] == 3 and first["next"]


def test_a_new_result_moves_the_ranking_at_the_next_read(anon, results, framework_2020, make_result):
    anon.get(RANKINGS)

    make_result(Regency.objects.get(code="32.73"), 2022, Decimal("4.50"), framework_2020)

    assert _ranks(anon.get(RANKINGS).json())[0] == ("32.73", 1, None)


def test_a_bad_ranking_request_is_refused_every_time(anon, results):
    for _ in range(2):
        response = anon.get("/api/v1/spbe/rankings/?year=22")
        assert response.status_code == 400 and "year" in response.json()


def test_a_regency_history_read_again_is_the_same_without_a_query(anon, results, django_assert_num_queries):
    url = "/api/v1/regencies/32.04/spbe/"
    first = anon.get(url).json()

    with django_assert_num_queries(0):
        again = anon.get(url).json()

    assert again == first
    assert [row["year"] for row in first["evaluations"]] == [2021, 2022]
    assert first["regency"] == {"code": "32.04", "name": "Kabupaten Bandung"}


def test_an_unknown_regency_stays_not_found(anon, results):
    for _ in range(2):
        assert anon.get("/api/v1/regencies/99.99/spbe/").status_code == 404
