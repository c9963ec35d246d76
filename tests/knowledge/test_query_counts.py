"""Query discipline of the practice pages and API: the same queries for 10 practices or 120, for a
practice with one indicator, document and revision or with many.

Each test measures one URL at a small and a large size of the data it shows, asserts both counts
equal the queries named in its comment, and checks the page really showed the larger data.
"""

import pytest
from rest_framework.test import APIClient

from knowledge.models import Practice

from ..queries import measure_get
from ..regencies.factories import MembershipFactory, ProvinceFactory, RegencyFactory, UserFactory
from .factories import (
    PracticeDocumentFactory,
    PracticeFactory,
    PracticeIndicatorFactory,
    PracticeRevisionFactory,
    RbThemeFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def _practices(count, start=0):
    """`count` published practices spread over a few pemda of a few provinces."""
    regencies = [
        RegencyFactory(code=f"{p}.{r:02d}", province=ProvinceFactory(code=str(p)))
        for p in (31, 33, 35)
        for r in (1, 2)
    ]
    for n in range(start, start + count):
        PracticeFactory(regency=regencies[n % len(regencies)], slug=f"praktik-{n}", title=f"Praktik {n}")


def test_the_practice_list_costs_the_same_queries_for_10_or_120_practices(anon):
    _practices(10)
    small, small_response = measure_get(anon, "/practices/")
    _practices(110, start=10)
    large, large_response = measure_get(anon, "/practices/", {"page": 2})

    # count, the page of practices with owner and province, the provinces of the filter, one count
    # per facet (kind, province, cohort, RB tematik, indicator, source code, licence, sustainability)
    assert small == large == 3 + 10
    assert small_response.content.decode().count('<li>\n    <h2><a href="/practices/praktik-') == 10
    assert large_response.content.decode().count('<li>\n    <h2><a href="/practices/praktik-') == 20


def test_the_practice_list_costs_the_same_for_staff_who_see_their_drafts(sumedang_editor, client_for):
    client = client_for(sumedang_editor)
    regency = sumedang_editor.membership.regency

    def drafts(numbers):
        for n in numbers:
            PracticeFactory(regency=regency, slug=f"draf-{n}", status="draft", published_at=None)

    drafts(range(5))
    small, small_response = measure_get(client, "/practices/", {"status": "draft"})
    drafts(range(5, 60))
    large, large_response = measure_get(client, "/practices/", {"status": "draft"})

    # session, user, their membership (drafts of their pemda), count, the page, the provinces, the
    # menu's unread notifications, the 10 facets
    assert small == large == 7 + 10
    assert small_response.content.decode().count('<h2><a href="/practices/draf-') == 5
    assert large_response.content.decode().count('<h2><a href="/practices/draf-') == 20


def test_the_practice_api_list_costs_the_same_queries_for_10_or_120_practices():
    client = APIClient()
    _practices(10)
    small, small_response = measure_get(client, "/api/v1/practices/")
    _practices(110, start=10)
    large, large_response = measure_get(client, "/api/v1/practices/", {"page_size": 200})

    # the page of practices with owner, province and the count (COUNT(*) OVER ())
    assert small == large == 1
    assert len(small_response.json()["results"]) == 10
    assert len(large_response.json()["results"]) == 120
    assert large_response.json()["results"][0]["url"].startswith(
        "http://testserver/api/v1/practices/praktik-"
    )


def _rich(practice, framework, size, contacts):
    """A practice with `size` indicators, documents, revisions, tags and themes."""
    indicators = list(framework.indicators.order_by("number")[:size])
    for indicator in indicators:
        PracticeIndicatorFactory(practice=practice, indicator=indicator)
    for n in range(size):
        PracticeDocumentFactory(practice=practice)
        PracticeRevisionFactory(practice=practice, changed_by=contacts[0])
        practice.tags.add(TagFactory(name=f"tag {practice.pk} {n}"))
        practice.rb_themes.add(RbThemeFactory(number=n + 1))
    practice.contacts.add(*contacts[:size])


@pytest.fixture
def two_practices(sumedang, framework_2020, make_evaluation, media):
    contacts = [
        MembershipFactory(regency=sumedang, user=UserFactory(username=f"staf-{n}")).user for n in range(4)
    ]
    make_evaluation(sumedang, year=2022, level=2)
    make_evaluation(sumedang, year=2023, level=3, source="self_assessment", status="verified")
    small = PracticeFactory(regency=sumedang, slug="kecil")
    large = PracticeFactory(regency=sumedang, slug="besar")
    _rich(small, framework_2020, 1, contacts)
    _rich(large, framework_2020, 12, contacts)
    return small, large


def test_the_practice_page_costs_the_same_queries_for_1_or_12_indicators_documents_and_revisions(
    two_practices, anon
):
    small, small_response = measure_get(anon, "/practices/kecil/")
    large, large_response = measure_get(anon, "/practices/besar/")

    # the practice with owner and province; its RB themes, tags, contacts with their role, documents,
    # indicators with framework; the owner's latest public levels on them (one query); the revisions;
    # the discussion's thread count (no thread yet, so no page of them); the verified adopters with
    # their pemda
    assert small == large == 10
    html = large_response.content.decode()
    indicators = html.split('<section id="indicators">', 1)[1].split("</section>", 1)[0]
    assert indicators.count("<tr>") == 13  # a heading row and 12 indicators
    assert indicators.count("(hasil penilaian mandiri terverifikasi 2023)") == 12
    assert html.count('href="/practices/besar/documents/') == 12


def test_the_practice_api_detail_costs_the_same_queries_for_1_or_12_indicators(two_practices):
    client = APIClient()
    small, _small_response = measure_get(client, "/api/v1/practices/kecil/")
    large, large_response = measure_get(client, "/api/v1/practices/besar/")

    # the practice with owner and province; RB themes, tags, contacts, documents, indicators;
    # the owner's latest public levels
    assert small == large == 7
    assert len(large_response.json()["indicators"]) == 12
    assert {row["owner_level"]["year"] for row in large_response.json()["indicators"]} == {2023}


def test_the_regency_page_lists_its_practices_in_one_query(sumedang, anon, django_assert_max_num_queries):
    PracticeFactory.create_batch(3, regency=sumedang)
    small, _small_response = measure_get(anon, "/regencies/32.11/")
    PracticeFactory.create_batch(30, regency=sumedang)
    large, large_response = measure_get(anon, "/regencies/32.11/")

    assert small == large
    assert large_response.content.decode().count('<li><a href="/practices/aplikasi-layanan-') == 20
    assert Practice.objects.count() == 33
