"""An anonymous API read a second time is answered from what was kept the first time
(livinglab/api_answers.py): the same answer without a query, never a stale or someone else's one."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext_lazy, override
from rest_framework.authtoken.models import Token

from knowledge.models import GlossaryTerm, Practice
from livinglab import page_cache
from livinglab.api_answers import plain
from spbe.models import Framework
from spbe.services import frameworks_load

from ..knowledge.factories import PracticeFactory
from ..regencies.factories import RegencyFactory
from ..spbe.factories import EvaluationFactory

pytestmark = pytest.mark.django_db
SEARCH = "/api/v1/practices/?search=arsip&page_size=2"


@pytest.fixture
def archives(sumedang, ogan_ilir):
    PracticeFactory(regency=sumedang, slug="arsip-digital", title="Arsip Digital", demo=True)
    PracticeFactory(regency=ogan_ilir, slug="arsip-desa", title="Arsip Desa", body="Pengarsipan surat desa.")
    PracticeFactory(regency=ogan_ilir, slug="arsip-kepegawaian", title="Arsip Kepegawaian")
    PracticeFactory(regency=sumedang, slug="draf-arsip", title="Draf Arsip", status=Practice.Status.DRAFT)


def _slugs(body):
    return [row["slug"] for row in body["results"]]


def test_a_search_read_again_answers_the_same_without_a_query(anon, archives, django_assert_num_queries):
    first = anon.get(SEARCH).json()

    with django_assert_num_queries(0):
        again = anon.get(SEARCH)

    assert again.status_code == 200
    assert again.json() == first
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    if connection.vendor == "postgresql":  # SQLite's search marks nothing
        assert "<mark>" in first["results"][0]["snippet"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/regencies/?page_size=3&province=32",
        "/api/v1/spbe/evaluations/?page_size=2",
        "/api/v1/practices/?ordering=title&page=2&page_size=1",
    ],
)
def test_every_row_list_answers_the_same_the_second_time(anon, archives, url, django_assert_num_queries):
    RegencyFactory.create_batch(3, province_id="32")
    frameworks_load()
    EvaluationFactory.create_batch(3, framework=Framework.objects.first())
    first = anon.get(url)
    assert first.status_code == 200 and first.json()["results"]

    with django_assert_num_queries(0):
        again = anon.get(url)

    assert again.json() == first.json()


def test_a_new_practice_shows_at_the_next_read(anon, archives, sumedang):
    anon.get(SEARCH)

    PracticeFactory(regency=sumedang, slug="arsip-baru", title="Arsip Baru Sekali")

    assert anon.get(SEARCH).json()["count"] == 4


def test_a_change_made_with_raw_sql_shows_at_the_next_read(anon, archives):
    anon.get(SEARCH)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE knowledge_practice SET status = 'archived' WHERE slug = 'arsip-desa'")

    assert "arsip-desa" not in _slugs(anon.get(SEARCH + "&page_size=10").json())
    assert anon.get(SEARCH).json()["count"] == 2


def test_a_new_glossary_term_is_searched_at_the_next_read(anon, archives):
    url = "/api/v1/practices/?search=zzdok"
    assert anon.get(url).json()["count"] == 0

    GlossaryTerm.objects.create(term="zzdok", expansion="arsip")

    assert anon.get(url).json()["count"] == 3


@pytest.mark.parametrize("first", ["anonymous", "staff"])
def test_staff_and_the_public_never_share_a_page(first, anon, archives, client_for, sumedang_editor):
    url = "/api/v1/practices/?status=draft"
    staff = client_for(sumedang_editor)
    order = [anon, staff] if first == "anonymous" else [staff, anon]
    bodies = {id(client): client.get(url).json() for client in order}
    for client in order:  # and again, once something was kept
        assert client.get(url).json() == bodies[id(client)]

    assert _slugs(bodies[id(staff)]) == ["draf-arsip"]
    assert _slugs(bodies[id(anon)]) == []


def test_each_language_keeps_its_own_page(anon, archives):
    url = "/api/v1/practices/?search=arsip+digital"
    indonesian = anon.get(url, HTTP_ACCEPT_LANGUAGE="id").json()
    english = anon.get(url, HTTP_ACCEPT_LANGUAGE="en").json()

    assert indonesian["results"][0]["demo_label"] == "contoh"
    assert english["results"][0]["demo_label"] == "example"
    assert anon.get(url, HTTP_ACCEPT_LANGUAGE="id").json() == indonesian


def test_a_page_past_the_last_stays_not_found(anon, archives):
    for _ in range(2):
        response = anon.get(SEARCH + "&page=9")
        assert response.status_code == 404
        assert "detail" in response.json()


def test_a_bad_parameter_is_refused_every_time(anon, archives):
    for _ in range(2):
        response = anon.get("/api/v1/practices/?kind=nonsense")
        assert response.status_code == 400
        assert "kind" in response.json()


def test_a_search_of_only_punctuation_finds_nothing_without_a_query(
    anon, archives, django_assert_num_queries
):
    url = "/api/v1/practices/?search=%21%21"
    assert anon.get(url).json()["count"] == 0

    with django_assert_num_queries(0):
        assert anon.get(url).json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_kept_answer_is_still_throttled(anon, archives, settings):
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    statuses = [anon.get(SEARCH).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_links_follow_the_host_asked(anon, archives, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example"]
    here = anon.get(SEARCH).json()
    there = anon.get(SEARCH, HTTP_HOST="portal.example").json()

    assert here["next"].startswith("http://testserver/")
    assert there["next"].startswith("http://portal.example/")
    assert there["results"][0]["url"].startswith("http://portal.example/")


def test_nothing_is_kept_when_the_page_cache_is_off(anon, archives, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    anon.get(SEARCH)

    with django_assert_num_queries(1):
        assert anon.get(SEARCH).json()["count"] == 3


def test_a_token_client_never_reads_a_kept_answer(anon, archives, sumedang_editor):
    anon.get("/api/v1/practices/?status=draft")
    token = Token.objects.create(user=sumedang_editor)
    staff = anon.get("/api/v1/practices/?status=draft", HTTP_AUTHORIZATION=f"Token {token.key}").json()

    assert _slugs(staff) == ["draf-arsip"]


def test_a_cache_that_lost_the_version_answers_anew(anon, archives, django_assert_max_num_queries):
    anon.get(SEARCH)
    cache.delete(page_cache.VERSION_KEY)
    PracticeFactory(title="Arsip Lagi")  # written while the version was gone

    with django_assert_max_num_queries(5) as queries:
        assert anon.get(SEARCH).json()["count"] == 4
    assert len(queries) > 0


def test_lazy_texts_are_kept_as_the_text_of_the_request_language():
    with override("en"):
        kept = plain({"rows": [{"label": gettext_lazy("official")}], "pair": ("a", gettext_lazy("official"))})

    assert kept == {"rows": [{"label": "official"}], "pair": ["a", "official"]}
    assert type(kept["rows"][0]["label"]) is str


@pytest.mark.skipif(not hasattr(cache, "count"), reason="the throttle's pipeline is Redis's")
def test_a_kept_answer_comes_with_the_throttle_count_in_one_round_trip(anon, archives, monkeypatch):
    first = anon.get(SEARCH).json()
    lookups = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache,
            name,
            lambda *args, _original=original, **kwargs: lookups.append(args) or _original(*args, **kwargs),
        )

    assert anon.get(SEARCH).json() == first
    assert lookups == []
