"""The practice list is built from `.values()` rows (knowledge/practices/api_rows.py): it writes exactly
what PracticeSerializer, which documents it, would, snippets included, in both languages."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from knowledge.models import Practice
from knowledge.practices import selectors
from knowledge.practices.filters import PracticeFilter
from knowledge.practices.serializers import API_PREFIX, HTML_PREFIX, PracticeSerializer

from ..api_rows import LANGUAGES, get_json
from .factories import PracticeFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/practices/"


@pytest.fixture
def practices(sumedang, ogan_ilir):
    """Practices of every kind a list shows: dated and undated, demo, archived, English titles, and
    text that must come out escaped."""
    PracticeFactory(regency=sumedang, slug="arsip", title="Arsip Digital", title_en="Digital archive",
                    summary="Arsip surat <script>x</script> dinas.", launched_on=datetime.date(2021, 3, 1),
                    reviewed_on=datetime.date(2025, 1, 2))  # fmt: skip
    PracticeFactory(regency=ogan_ilir, slug="presensi", title="Presensi Pegawai", demo=True,
                    body="Presensi dan arsip kepegawaian.")  # fmt: skip
    PracticeFactory(regency=ogan_ilir, slug="lama", title="Arsip Lama", status=Practice.Status.ARCHIVED)
    PracticeFactory(regency=sumedang, slug="draf", title="Draf Arsip", status=Practice.Status.DRAFT)


def _expected(params, slugs, language):
    """The serializer's rows for the practices the API listed, as the list used to build them."""
    filterset = PracticeFilter(params, queryset=selectors.practice_list(user=AnonymousUser()))
    by_slug = {practice.slug: practice for practice in filterset.qs}
    page = selectors.attach_snippets([by_slug[slug] for slug in slugs], filterset.groups)
    context = {API_PREFIX: "http://testserver/api/v1/practices/", HTML_PREFIX: "http://testserver/practices/"}
    with translation.override(language):
        return PracticeSerializer(page, many=True, context=context).data


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "params", [{}, {"search": "arsip"}, {"status": "archived"}, {"ordering": "title"}, {"demo": "true"}]
)
def test_practice_rows_equal_the_serializer(anon, practices, language, params):
    body = get_json(anon, API + "?" + "&".join(f"{k}={v}" for k, v in params.items()), language)
    slugs = [row["slug"] for row in body["results"]]

    assert slugs, "the case lists something"
    assert body["results"] == _expected(params, slugs, language)
    assert "draf" not in slugs


def test_a_search_snippet_marks_the_match_and_escapes_the_text(anon, practices):
    rows = get_json(anon, API + "?search=arsip", "id")["results"]
    snippet = next(row["snippet"] for row in rows if row["slug"] == "arsip")

    assert "<mark>" in snippet
    assert "<script" not in snippet  # dropped by the headline or escaped, never a tag
