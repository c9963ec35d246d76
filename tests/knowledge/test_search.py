"""Finding practices: full-text search (stemmed Indonesian, weighted, ranked, with escaped snippets),
the glossary of government terms, "did you mean", facets whose counts combine, and sorting."""

import datetime
import re

import pytest
from rest_framework.test import APIClient

from knowledge.models import GlossaryTerm, Practice
from knowledge.practices import selectors, services

from ..queries import measure_get
from ..regencies.factories import CohortFactory, UserFactory
from .factories import PracticeFactory, PracticeIndicatorFactory, RbThemeFactory, TagFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/practices/"


def _slugs(html):
    return re.findall(r'<h2><a href="/practices/([^/"]+)/">', html)


def _page(client, **params):
    return client.get("/practices/", params).content.decode()


def _api_slugs(**params):
    response = APIClient().get(API, params)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


# Words ----------------------------------------------------------------------------------------------


def test_search_finds_inflected_words_through_the_indonesian_stemmer(sumedang, anon):
    PracticeFactory(regency=sumedang, slug="mpp", title="Mal Pelayanan Publik", summary="Satu atap.")
    PracticeFactory(regency=sumedang, slug="izin", title="Sistem Perizinan Daring", summary="Daring.")
    PracticeFactory(regency=sumedang, slug="lain", title="Aplikasi Anggaran", summary="Keuangan.")

    assert _slugs(_page(anon, search="layanan")) == ["mpp"]  # pelayanan
    assert _slugs(_page(anon, search="izin")) == ["izin"]  # perizinan
    assert _api_slugs(search="pelayanan publik") == ["mpp"]


def test_search_reads_tags_the_replication_card_and_the_body(sumedang, anon):
    PracticeFactory(regency=sumedang, slug="bertag", tags=[TagFactory(name="kearsipan", slug="kearsipan")])
    PracticeFactory(regency=sumedang, slug="kartu", regulations_needed="Peraturan bupati tentang arsip.")
    PracticeFactory(regency=sumedang, slug="isi", body="## Cara kerja\n\nDisposisi lewat ponsel.")

    assert sorted(_api_slugs(search="kearsipan")) == ["bertag", "kartu"]  # the glossary: kearsipan = arsip
    assert _api_slugs(search="bupati") == ["kartu"]
    assert _api_slugs(search="disposisi") == ["isi"]


def test_changing_tags_through_the_service_updates_what_search_finds(sumedang):
    practice = PracticeFactory(regency=sumedang, slug="e-office")
    assert _api_slugs(search="srikandi") == []

    services.practice_save(practice=practice, by_user=None, tags=["SRIKANDI"])

    assert _api_slugs(search="srikandi") == ["e-office"]


def test_a_draft_found_by_search_stays_hidden_from_others(sumedang, anon):
    PracticeFactory(
        regency=sumedang, slug="konsep", title="Layanan Rahasia", status="draft", published_at=None
    )

    assert _slugs(_page(anon, search="layanan rahasia")) == []
    assert _api_slugs(search="layanan rahasia", status="draft") == []


# The glossary ---------------------------------------------------------------------------------------


def test_an_acronym_finds_its_expansion_and_back(sumedang):
    GlossaryTerm.objects.create(term="TTE", expansion="tanda tangan elektronik")
    PracticeFactory(regency=sumedang, slug="ttd", title="Tanda Tangan Elektronik untuk Surat Desa")
    PracticeFactory(regency=sumedang, slug="tte", summary="TTE tersertifikasi BSrE.")
    PracticeFactory(regency=sumedang, slug="tangan", summary="Tangan pertama, tanda terima elektronik.")

    # A phrase: the words of the expansion in order, not each word anywhere.
    assert sorted(_api_slugs(search="tte")) == ["ttd", "tte"]
    assert sorted(_api_slugs(search="tanda tangan elektronik")) == ["ttd", "tte"]
    assert sorted(_api_slugs(search="TTE desa")) == ["ttd"]


def test_the_shipped_glossary_is_loaded_once_and_used(sumedang, anon):
    added = services.glossary_load()
    assert added >= 30 and services.glossary_load() == 0
    PracticeFactory(regency=sumedang, slug="dukcapil", title="Layanan Administrasi Kependudukan Keliling")

    assert _slugs(_page(anon, search="adminduk")) == ["dukcapil"]


def test_the_glossary_is_edited_by_national_admins_only(national_admin, sumedang_editor, client_for):
    staff = UserFactory(username="staf-kementerian", is_staff=True)
    url = "/admin/knowledge/glossaryterm/"

    assert client_for(national_admin).get(url).status_code == 200
    response = client_for(national_admin).post(
        url + "add/", {"term": "SIMRS", "expansion": "sistem informasi manajemen rumah sakit"}
    )
    assert response.status_code == 302 and GlossaryTerm.objects.filter(term="SIMRS").exists()
    assert client_for(staff).get(url).status_code == 403
    assert client_for(sumedang_editor).get(url).status_code == 302  # to the admin's login


# Ranking, snippets, suggestions ---------------------------------------------------------------------


def test_results_are_ranked_title_then_summary_then_body(sumedang):
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    PracticeFactory(
        regency=sumedang, slug="di-isi", summary="Aplikasi.", body="Presensi pegawai lewat ponsel."
    )
    PracticeFactory(regency=sumedang, slug="di-judul", title="Presensi Pegawai", published_at=old)
    PracticeFactory(regency=sumedang, slug="di-ringkasan", summary="Presensi pegawai daring.")

    assert _api_slugs(search="presensi") == ["di-judul", "di-ringkasan", "di-isi"]
    # newest first when asked, whatever the relevance
    assert _api_slugs(search="presensi", sort="newest")[-1] == "di-judul"


def test_snippets_mark_the_match_and_render_the_practices_html_inert(sumedang, anon):
    PracticeFactory(
        regency=sumedang,
        slug="xss",
        summary="Ringkas.",
        body='<script>alert("x")</script> <img src=x onerror=alert(1)> Layanan \x02aduan\x03 warga.',
    )

    html = _page(anon, search="pelayanan")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>Layanan</mark>" in snippet
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "<script>alert" not in html and "<img src=x" not in html
    assert snippet.count("<mark>") == 1  # markers typed into the text mark nothing

    row = APIClient().get(API, {"search": "layanan"}).json()["results"][0]
    assert "<mark>Layanan</mark>" in row["snippet"] and "&lt;img" in row["snippet"]
    assert APIClient().get(API).json()["results"][0]["snippet"] == ""


def test_a_search_that_finds_nothing_suggests_the_closest_title(sumedang, anon):
    PracticeFactory(regency=sumedang, slug="lebu", title="Lebu Digital")

    html = _page(anon, search="lebuu")

    assert _slugs(html) == []
    assert '<a href="?search=Lebu%20Digital">Lebu Digital</a>' in html


def test_sort_by_recently_reviewed_puts_never_reviewed_last(sumedang):
    PracticeFactory(regency=sumedang, slug="tidak", reviewed_on=None)
    PracticeFactory(regency=sumedang, slug="lama", reviewed_on=datetime.date(2024, 1, 1))
    PracticeFactory(regency=sumedang, slug="baru", reviewed_on=datetime.date(2026, 6, 1))

    assert _api_slugs(sort="reviewed") == ["baru", "lama", "tidak"]


# Facets ---------------------------------------------------------------------------------------------


@pytest.fixture
def faceted(sumedang, ogan_ilir, framework_2020):
    cohort = CohortFactory(name="Pilot 2022", slug="pilot-2022", members=[sumedang])
    theme = RbThemeFactory(number=3, name="Digitalisasi administrasi pemerintahan")
    indicator = framework_2020.indicators.get(number=7)
    a = PracticeFactory(
        regency=sumedang,
        slug="a",
        kind="application",
        repository_url="https://git.example.go.id/a",
        license="MIT",
        rb_themes=[theme],
    )
    PracticeIndicatorFactory(practice=a, indicator=indicator)
    PracticeFactory(regency=sumedang, slug="b", kind="application", sustainability="stopped")
    PracticeFactory(regency=ogan_ilir, slug="c", kind="innovation")
    PracticeFactory(regency=ogan_ilir, slug="d", kind="regulation", status="draft", published_at=None)
    return cohort


def _counts(facet, **params):
    response = APIClient().get(API + "facets/", params)
    assert response.status_code == 200, response.content
    return {row["value"]: row["count"] for row in response.json()["facets"][facet]}


def test_facet_counts_cover_the_published_practices(faceted):
    response = APIClient().get(API + "facets/").json()

    assert response["count"] == 3
    assert _counts("kind") == {"application": 2, "innovation": 1}
    assert _counts("province") == {"32": 2, "16": 1}
    assert _counts("cohort") == {"pilot-2022": 2}
    assert _counts("rb_theme") == {"3": 1}
    assert _counts("indicator") == {"permenpanrb-59-2020:7": 1}
    assert _counts("has_source") == {"false": 2, "true": 1}
    assert _counts("license") == {"MIT": 1}
    assert _counts("sustainability") == {"active": 2, "stopped": 1}
    assert response["facets"]["kind"][0] == {"value": "application", "label": "Aplikasi", "count": 2}


def test_facet_counts_combine_with_the_other_filters_and_the_search(faceted):
    # Other facets count within the chosen kind; the kind facet still offers the other kinds.
    assert _counts("province", kind="application") == {"32": 2}
    assert _counts("kind", kind="application") == {"application": 2, "innovation": 1}
    assert _counts("kind", province="16") == {"innovation": 1}
    assert _counts("sustainability", kind="application", has_source="false") == {"stopped": 1}
    assert _counts("license", cohort="pilot-2022", indicator="permenpanrb-59-2020:7") == {"MIT": 1}
    # and every filter narrows the list the same way in the page and the API
    assert _api_slugs(cohort="pilot-2022", has_source="true") == ["a"]


def test_domain_and_aspect_facets_count_a_practice_once_however_many_of_its_indicators_they_hold(
    faceted, framework_2020
):
    a = Practice.objects.get(slug="a")  # improves indicator 7
    seven = framework_2020.indicators.select_related("aspect__domain").get(number=7)
    sibling = framework_2020.indicators.filter(aspect=seven.aspect).exclude(pk=seven.pk).first()
    PracticeIndicatorFactory(practice=a, indicator=sibling)
    c = Practice.objects.get(slug="c")
    other = framework_2020.indicators.exclude(aspect__domain=seven.aspect.domain).first()
    PracticeIndicatorFactory(practice=c, indicator=other)
    domain = f"permenpanrb-59-2020:{seven.aspect.domain.number}"
    aspect = f"permenpanrb-59-2020:{seven.aspect.number}"

    assert _counts("domain") == {domain: 1, f"permenpanrb-59-2020:{other.aspect.domain.number}": 1}
    assert _counts("aspect")[aspect] == 1
    # chosen, the domain narrows the list and leaves one row per practice for the other facets
    assert _api_slugs(domain=domain) == ["a"]
    assert _counts("kind", domain=domain) == {"application": 1}
    assert _counts("indicator", aspect=aspect) == {
        "permenpanrb-59-2020:7": 1,
        f"permenpanrb-59-2020:{sibling.number}": 1,
    }


def test_the_page_links_each_facet_value_keeping_the_whole_state(faceted, anon):
    html = _page(anon, search="aplikasi", kind="application")

    assert 'href="?search=aplikasi&amp;kind=application&amp;province=32"' in html
    assert 'href="?search=aplikasi" aria-current="true"' in html  # a chosen value removes itself


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"indicator": "tujuh"}, "indicator"),
        ({"domain": "satu"}, "domain"),
        ({"aspect": "59-2020"}, "aspect"),
        ({"has_source": "mungkin"}, "has_source"),
        ({"sort": "acak"}, "sort"),
        ({"cohort": "tidak-ada"}, "cohort"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it_in_the_list_and_the_facets(faceted, params, field):
    for url in (API, API + "facets/"):
        response = APIClient().get(url, params)
        assert response.status_code == 400 and field in response.json()


# Query counts ---------------------------------------------------------------------------------------


def _many(regency, count, start=0):
    theme = RbThemeFactory(number=1)
    for n in range(start, start + count):
        PracticeFactory(
            regency=regency,
            slug=f"layanan-{n}",
            title=f"Layanan Warga {n}",
            body="Pelayanan perizinan terpadu.",
            license="MIT" if n % 2 else "",
            rb_themes=[theme],
        )


def test_a_search_page_costs_the_same_queries_for_10_or_500_practices(sumedang, anon):
    _many(sumedang, 10)
    small, small_response = measure_get(anon, "/practices/", {"search": "layanan", "sort": "relevance"})
    _many(sumedang, 490, start=10)
    large, large_response = measure_get(anon, "/practices/", {"search": "layanan", "page": 3})

    # the glossary, count, the page with its snippets, the provinces of the filter, 10 facets
    assert small == large == 4 + 10
    assert len(_slugs(small_response.content.decode())) == 10
    assert len(_slugs(large_response.content.decode())) == 20
    assert "500" in large_response.content.decode()


def test_the_search_api_and_facets_cost_the_same_queries_for_10_or_500_practices(sumedang):
    client = APIClient()
    _many(sumedang, 10)
    small, small_response = measure_get(client, API, {"search": "layanan"})
    small_facets, _response = measure_get(client, API + "facets/", {"search": "layanan", "license": "MIT"})
    _many(sumedang, 490, start=10)
    large, large_response = measure_get(client, API, {"search": "layanan", "page_size": 100})
    large_facets, facets = measure_get(client, API + "facets/", {"search": "layanan", "license": "MIT"})

    # the glossary (read after the writes), the page with owner, province, snippets and the count
    assert small == large == 2
    # the count and 10 facets: the glossary comes from the cache, nothing was written since the list
    assert small_facets == large_facets == 1 + 10
    assert len(small_response.json()["results"]) == 10 and len(large_response.json()["results"]) == 100
    assert facets.json()["count"] == 250


# The SQLite fallback --------------------------------------------------------------------------------


@pytest.fixture
def without_full_text(monkeypatch):
    """The code path SQLite takes (icontains, Python snippets, no suggestion), run here on PostgreSQL."""
    monkeypatch.setattr(selectors, "full_text_search", lambda: False)


def test_the_fallback_finds_words_glossary_terms_and_tags(without_full_text, sumedang, anon):
    GlossaryTerm.objects.create(term="TTE", expansion="tanda tangan elektronik")
    PracticeFactory(regency=sumedang, slug="ttd", title="Tanda Tangan Elektronik")
    PracticeFactory(regency=sumedang, slug="bertag", summary="Lain.", tags=[TagFactory(name="arsip")])
    PracticeFactory(regency=sumedang, slug="isi", summary="Lain.", body="Memakai TTE & <b>surat</b>.")

    assert _api_slugs(search="tte") == ["ttd", "isi"]  # a title match first
    assert _api_slugs(search="arsip") == ["bertag"]
    html = _page(anon, search="surat")
    assert "&lt;b&gt;<mark>surat</mark>&lt;/b&gt;" in html
    assert "Did you mean" not in _page(anon, search="zzz") and "Maksud Anda" not in _page(anon, search="zzz")


def test_a_practice_with_several_tags_and_themes_is_counted_once_per_value(sumedang):
    cohort = CohortFactory(name="Pilot", slug="pilot", members=[sumedang])
    themes = [RbThemeFactory(number=1), RbThemeFactory(number=2)]
    tags = [TagFactory(name="surat", slug="surat"), TagFactory(name="arsip", slug="arsip")]
    PracticeFactory(regency=sumedang, slug="a", rb_themes=themes, tags=tags)

    assert _counts("rb_theme", tag="surat", cohort=cohort.slug) == {"1": 1, "2": 1}
    assert _counts("kind", rb_theme="1", tag="arsip") == {"application": 1}
    assert _counts("cohort", rb_theme="2") == {"pilot": 1}


def test_renaming_a_tag_in_the_admin_updates_what_search_finds(national_admin, client_for, sumedang):
    tag = TagFactory(name="ponsel", slug="ponsel")
    PracticeFactory(regency=sumedang, slug="a", tags=[tag])

    response = client_for(national_admin).post(
        f"/admin/knowledge/tag/{tag.pk}/change/", {"name": "gawai", "slug": "gawai"}
    )

    assert response.status_code == 302
    assert _api_slugs(search="gawai") == ["a"] and _api_slugs(search="ponsel") == []


def test_a_search_of_punctuation_only_finds_nothing_rather_than_everything(sumedang):
    PracticeFactory(regency=sumedang, slug="a")

    assert _api_slugs(search="?!") == []
    assert _api_slugs(search="   ") == ["a"]  # an empty search is no search


def test_sort_by_most_replicated_counts_adopters_the_owner_accepted(sumedang, anon):
    from .replication_factories import ReplicationFactory

    twice, once, never = (PracticeFactory(regency=sumedang, slug=slug) for slug in ("dua", "satu", "nol"))
    for stage in ("accepted", "live"):
        ReplicationFactory(practice=twice, stage=stage)
    ReplicationFactory(practice=once, stage="deployed")
    for stage in ("requested", "declined", "stopped"):  # not (or no longer) replicating
        ReplicationFactory(practice=never, stage=stage)

    assert _api_slugs(sort="replicated") == ["dua", "satu", "nol"]
    assert _slugs(_page(anon, sort="replicated")) == ["dua", "satu", "nol"]


def test_a_glossary_term_added_counts_from_the_next_search(sumedang):
    """The glossary is kept in the cache between searches, until the database is next written."""
    PracticeFactory(regency=sumedang, slug="ttd", title="Tanda Tangan Elektronik", summary="Sah.")
    assert _api_slugs(search="ttx") == []

    GlossaryTerm.objects.create(term="TTX", expansion="tanda tangan elektronik")

    assert _api_slugs(search="ttx") == ["ttd"]
