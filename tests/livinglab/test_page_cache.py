"""Anonymous pages come from the cache until the database is written, whoever writes it and however
(livinglab/page_cache.py); nobody else's page is ever served from it."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from livinglab import page_cache
from regencies.models import Cohort, Regency

from ..regencies.factories import RegencyFactory

PAGE = "/regencies/32.11/"


@pytest.fixture
def page(sumedang):
    sumedang.description = "Teks lama"
    sumedang.save()
    body = Client().get(PAGE).content.decode()
    assert "Teks lama" in body
    return sumedang


def test_the_second_anonymous_reader_gets_the_page_without_a_query(page, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get(PAGE)

    assert response.status_code == 200
    assert "Teks lama" in response.content.decode()


def _save(regency):
    regency.description = "Teks baru"
    regency.save()


def _update(regency):
    Regency.objects.filter(pk=regency.pk).update(description="Teks baru")


def _raw_sql(regency):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE regencies_regency SET description = %s WHERE code = %s", ["Teks baru", regency.pk]
        )


def _bulk_update(regency):
    regency.description = "Teks baru"
    Regency.objects.bulk_update([regency], ["description"])


def _many_to_many(regency):
    Cohort.objects.create(name="Teks baru", slug="teks-baru").members.add(regency)


@pytest.mark.parametrize("write", [_save, _update, _raw_sql, _bulk_update, _many_to_many])
def test_any_write_through_django_shows_on_the_next_read(page, write):
    write(page)

    assert "Teks baru" in Client().get(PAGE).content.decode()


def test_a_write_in_another_table_also_renews_the_page(page):
    """The cache does not know which rows a page shows: any write renews every page."""
    before = page_cache.version()
    RegencyFactory(code="99.98")

    assert page_cache.version() != before


@pytest.mark.django_db(transaction=True)
def test_the_version_changes_again_when_the_transaction_commits(sumedang):
    """A page read from the rows before the commit, by another connection, must not outlive it."""
    with transaction.atomic():
        Regency.objects.filter(pk=sumedang.pk).update(description="x")
        during = page_cache.version()

    assert page_cache.version() != during


def test_a_lost_version_is_never_an_old_one(db):
    first = page_cache.version()
    cache.delete(page_cache.VERSION_KEY)

    assert page_cache.version() > first


def test_a_logged_in_reader_never_gets_the_anonymous_page_nor_leaves_theirs(
    page, client_for, sumedang_editor
):
    staff = client_for(sumedang_editor)

    mine = staff.get(PAGE).content.decode()
    anonymous = Client().get(PAGE).content.decode()

    assert 'action="/accounts/logout/"' in mine
    assert 'action="/accounts/logout/"' not in anonymous


def test_a_reader_with_a_message_waiting_is_not_served_from_the_cache(page, django_assert_max_num_queries):
    reader = Client()
    reader.cookies["messages"] = "pesan"
    reader.cookies["sessionid"] = "tidak-ada"

    with django_assert_max_num_queries(50) as queries:
        reader.get(PAGE)

    assert len(queries) > 0


def test_each_language_has_its_own_page(page):
    indonesian = Client().get(PAGE).content.decode()
    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = reader.get(PAGE).content.decode()

    assert 'lang="id"' in indonesian
    assert 'lang="en"' in english


def test_a_missing_page_is_not_kept(db, django_assert_max_num_queries):
    Client().get("/regencies/99.99/")

    with django_assert_max_num_queries(50) as queries:
        assert Client().get("/regencies/99.99/").status_code == 404
    assert len(queries) > 0


def test_the_cache_can_be_turned_off(page, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0

    with django_assert_max_num_queries(50) as queries:
        Client().get(PAGE)
    assert len(queries) > 0


def test_a_request_reads_the_content_version_once(db, anon, monkeypatch):
    page_cache.version()  # there is one (a cache that lost it is read again once it is made)
    reads = []
    get, get_many = cache.get, cache.get_many

    inside_get_many = []  # a cache without its own get_many() calls get() for each key

    def counting_get(key, *args, **kwargs):
        reads.extend([key] if key == page_cache.VERSION_KEY and not inside_get_many else [])
        return get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        reads.extend(key for key in keys if key == page_cache.VERSION_KEY)
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    monkeypatch.setattr(cache, "get", counting_get)
    monkeypatch.setattr(cache, "get_many", counting_get_many)
    if hasattr(cache, "count"):  # Redis: the throttle fetches the version with its count
        count = cache.count

        def counting_count(key, timeout, *, then_get=()):
            reads.extend(other for other in then_get if other == page_cache.VERSION_KEY)
            return count(key, timeout, then_get=then_get)

        monkeypatch.setattr(cache, "count", counting_count)
    # A search: its answer and its glossary are both kept under the version.
    for _ in range(2):  # worked out, then answered from the cache
        reads.clear()
        assert anon.get("/api/v1/practices/?search=arsip").status_code == 200
        assert len(reads) == 1


def test_within_a_request_its_own_write_gives_the_new_version(db):
    token = page_cache._memo.set(None)  # as PageCacheMiddleware opens it
    try:
        before = page_cache.version()
        assert page_cache.version() == before  # read once
        page_cache.bump()
        assert page_cache.version() != before
    finally:
        page_cache._memo.reset(token)


def test_outside_a_request_every_read_sees_another_process_write(db):
    before = page_cache.version()
    cache.set(page_cache.VERSION_KEY, before + 1, timeout=None)  # as another process's bump

    assert page_cache.version() == before + 1


def test_the_api_is_never_looked_up_as_a_page(regions, anon, monkeypatch):
    looked_up = []
    monkeypatch.setattr(page_cache, "_key", lambda request: looked_up.append(request.path) or "x")

    assert anon.get("/api/v1/provinces/").status_code == 200
    assert anon.get("/regencies/").status_code == 200

    assert looked_up == ["/regencies/"]
