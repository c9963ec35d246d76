"""Every year in a URL is four digits: other numbers are a 404 for anyone, never a 500."""

import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

NOT_YEARS = ["0", "999", "10000", "9" * 30]


@pytest.mark.parametrize("year", NOT_YEARS)
def test_a_ranking_for_a_number_that_is_not_a_year_is_not_found(year, frameworks, anon):
    assert anon.get(f"/spbe/rankings/{year}/").status_code == 404
    assert anon.get(f"/spbe/rankings/{year}/export.csv").status_code == 404


def test_a_four_digit_year_without_results_is_an_empty_ranking(frameworks, anon):
    response = anon.get("/spbe/rankings/1999/")

    assert response.status_code == 200
    assert 'href="/spbe/rankings/1999/export.csv' in response.content.decode()


@pytest.mark.parametrize("year", [0, 999, 10000])
def test_links_are_built_only_to_years_a_route_accepts(year):
    with pytest.raises(NoReverseMatch):
        reverse("spbe:rankings", kwargs={"year": year})
    assert reverse("spbe:rankings", kwargs={"year": 2024}) == "/spbe/rankings/2024/"
