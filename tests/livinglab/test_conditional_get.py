# ruff: noqa: F811 (fixtures imported from tests/spbe/conftest.py are used as arguments)
"""Anonymous pages and API reads carry an ETag, and a browser that already holds the page gets a 304
with no body: on a slow connection it re-reads nothing that has not changed."""

from decimal import Decimal

import pytest

from regencies.models import Regency

from ..knowledge.factories import PracticeFactory
from ..regencies.factories import UserFactory
from ..spbe.conftest import framework_2020, frameworks, make_result  # noqa: F401 (fixtures)
from ..spbe.factories import EvaluationFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/regencies/",
    "/regencies/32.11/",
    "/spbe/",
    "/spbe/rankings/2023/",
    "/practices/",
    "/practices/lapor-sumedang/",
]
API = ["/api/v1/regencies/", "/api/v1/regencies/32.11/", "/api/v1/spbe/evaluations/"]


@pytest.fixture
def published(regions, framework_2020, make_result):
    make_result(Regency.objects.get(code="32.11"), 2023, Decimal("3.10"), framework_2020)
    make_result(Regency.objects.get(code="16.10"), 2023, Decimal("2.40"), framework_2020)
    PracticeFactory(slug="lapor-sumedang", regency=Regency.objects.get(code="32.11"))


@pytest.mark.parametrize("url", PAGES + API)
def test_a_second_get_with_the_etag_is_answered_304_without_a_body(published, anon, url):
    first = anon.get(url)
    assert first.status_code == 200
    etag = first["ETag"]

    again = anon.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_page_holds_no_csrf_token_and_sets_no_cookie(published, anon, url):
    response = anon.get(url)

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    # The language comes from the cookie, never from Accept-Language: a cache keys pages by Cookie.
    assert "Cookie" in response["Vary"]
    assert "Accept-Language" not in response["Vary"]


def test_the_api_still_varies_by_accept_language(published, anon):
    assert "Accept-Language" in anon.get("/api/v1/regencies/")["Vary"]


def test_a_head_request_learns_the_same_etag(published, anon):
    get = anon.get("/api/v1/spbe/evaluations/")

    head = anon.head("/api/v1/spbe/evaluations/")

    assert head["ETag"] == get["ETag"]
    assert anon.head("/api/v1/spbe/evaluations/", HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


@pytest.mark.parametrize("url", ["/spbe/rankings/2023/", "/regencies/32.11/", "/api/v1/spbe/evaluations/"])
def test_new_data_gives_a_new_etag_and_the_full_answer(published, anon, framework_2020, url):
    etag = anon.get(url)["ETag"]

    EvaluationFactory(
        regency=Regency.objects.get(code="32.11"),
        year=2024,
        framework=framework_2020,
        published_index=Decimal("3.50"),
        index=Decimal("3.50"),
    )
    Regency.objects.filter(code="32.11").update(description="Kabupaten di Jawa Barat.")
    again = anon.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 200
    assert again["ETag"] != etag


def test_the_english_page_has_its_own_etag(published, anon):
    indonesian = anon.get("/regencies/32.11/")["ETag"]
    anon.get("/i18n/language/", {"language": "en", "next": "/regencies/32.11/"})

    english = anon.get("/regencies/32.11/", HTTP_IF_NONE_MATCH=indonesian)

    assert english.status_code == 200
    assert english["ETag"] != indonesian


def test_a_page_for_a_logged_in_user_is_never_mistaken_for_the_anonymous_one(published, anon, client_for):
    etag = anon.get("/").headers["ETag"]

    response = client_for(UserFactory()).get("/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
