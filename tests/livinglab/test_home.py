"""The home page: what the portal knows (national index, the pilot cohort's official standing, where
to go next) and, for staff, what waits for them."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from regencies.models import Cohort, Membership, Regency
from regencies.permissions import ASSESSOR_GROUP
from spbe.models import Evaluation, Framework, NationalIndex
from spbe.services import evaluation_recompute, frameworks_load, published_results_load

from ..queries import measure_get
from ..regencies.factories import MembershipFactory, UserFactory
from ..spbe.factories import EvaluationFactory

pytestmark = pytest.mark.django_db

SA = Evaluation.Source.SELF_ASSESSMENT


def _section(html, name):
    match = re.search(rf'<section[^>]* id="{name}">(.*?)</section>', html, re.S)
    return match.group(1) if match else None


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def published(regions):
    """The real regions, pilot cohort, frameworks and published figures."""
    frameworks_load()
    published_results_load()


def _result(regency, year, index, **kwargs):
    framework = Framework.objects.get(code="permenpanrb-59-2020")
    evaluation = EvaluationFactory(
        regency=regency, year=year, framework=framework, published_index=Decimal(index), **kwargs
    )
    return evaluation_recompute(evaluation=evaluation)


def test_home_shows_the_national_index_with_the_source_of_each_year(published, anon):
    national = _section(_home(anon), "national")

    assert 'aria-labelledby="home-national-title home-national-desc"' in national
    # beside the chart, how sure the figures are; each year's source a click away
    summary = re.search(r'<p class="source">Seberapa pasti setiap angka: (.*?)</p>', national, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", summary) == ("2021, 2023: berita; 2018, 2020, 2022, 2024: sumber sekunder.")
    assert '<th scope="row">2023</th><td>2,79</td>' in national  # the chart's text alternative
    assert national.count("<li><strong>20") == NationalIndex.objects.count() == 6
    assert "<strong>2023</strong>: <span" in national and 'certainty-news">berita</span>' in national
    assert 'href="https://www.obsessionnews.com/' in national
    assert 'certainty-secondary">sumber sekunder</span>' in national


def test_home_shows_the_pilot_cohorts_official_standing(published, anon):
    pilot = _section(_home(anon), "pilot")
    sumedang_2022 = Evaluation.objects.get(regency="32.11", year=2022)

    assert "<h2>IDSLL 2022 Pilot</h2>" in pilot
    assert "30 pemda ikut dalam kohort ini." in pilot
    assert 'href="/regencies/?cohort=idsll-2022-pilot"' in pilot
    # Sumedang is the only member with a published result; its latest is 2022, alone that year.
    assert "1 dari 30 anggota memiliki hasil SPBE resmi di portal." in pilot
    assert "29 anggota belum ditemukan hasil resminya" in pilot
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", pilot, re.S)
    assert rows == [
        '<a href="/regencies/32.11/">Kabupaten Sumedang</a></th><td>2022</td>'
        f'<td><a href="/spbe/evaluations/{sumedang_2022.pk}/">3,84</a></td><td>Sangat Baik</td>'
        '<td><a href="/spbe/rankings/2022/">1 dari 1</a></td>'
    ]
    assert "hasil resmi" in pilot
    assert "Pada 2022, median 1 anggota yang memiliki hasil resmi adalah 3,84." in pilot
    assert "Indeks nasional 2022 adalah 2,34" in pilot


def test_the_pilot_standing_counts_official_results_only_and_ranks_within_the_year(published, anon):
    pilot_members = Cohort.objects.get(slug="idsll-2022-pilot").members
    bandung, bogor = pilot_members.get(code="32.04"), pilot_members.get(code="32.01")
    _result(bandung, 2022, "3.90")  # ahead of Sumedang in 2022
    _result(Regency.objects.get(code="35.10"), 2022, "4.00")  # Banyuwangi: not a member, still ranked
    _result(bogor, 2022, "4.50", synthetic=True)  # demo data is never an official figure
    _result(bogor, 2023, "4.60", source=SA, status=Evaluation.Status.VERIFIED)  # a self-assessment

    pilot = _section(_home(anon), "pilot")

    assert "2 dari 30 anggota memiliki hasil SPBE resmi" in pilot
    ranks = re.findall(r'<a href="/regencies/([\d.]+)/">.*?<a href="/spbe/rankings/2022/">(.*?)</a>', pilot)
    assert ranks == [("32.04", "2 dari 3"), ("32.11", "3 dari 3")]
    assert "Kabupaten Bogor" not in pilot
    assert "median 2 anggota yang memiliki hasil resmi adalah 3,87" in pilot  # (3.84 + 3.90) / 2


def test_without_figures_home_says_what_is_missing(db, anon):
    html = _home(anon)

    assert "Belum ada angka nasional yang dimuat." in _section(html, "national")
    assert "Kohort percontohan belum dimuat." in _section(html, "pilot")
    assert "<svg" not in html


def test_a_cohort_without_official_results_says_so(regions, anon):
    pilot = _section(_home(anon), "pilot")

    assert "0 dari 30 anggota memiliki hasil SPBE resmi" in pilot
    assert "Belum ada anggota yang memiliki hasil resmi di portal." in pilot
    assert "<table" not in pilot


def test_home_links_to_rankings_compare_regencies_and_frameworks(published, anon):
    explore = _section(_home(anon), "explore")

    for href in ("/spbe/rankings/", "/spbe/compare/", "/regencies/", "/spbe/frameworks/permenpanrb-59-2020/"):
        assert f'href="{href}"' in explore
    assert "514 kabupaten dan kota</a> di 38 provinsi" in explore
    assert 'class="provisional-label"' in explore  # PermenPANRB 8/2026


def test_home_shows_no_staff_counts_and_no_tasks_to_the_public(published, anon):
    MembershipFactory(regency=Regency.objects.get(code="32.11"))

    html = _home(anon)

    assert "akun staf" not in html.lower() and "staf" not in _section(html, "explore").lower()
    assert _section(html, "waiting") is None
    assert 'href="/accounts/tasks/"' not in html


@pytest.fixture
def sumedang_drafts(published):
    """Sumedang: a draft with one level chosen (2026) and a complete returned one (2025)."""
    sumedang = Regency.objects.get(code="32.11")
    framework = Framework.objects.get(code="permenpanrb-59-2020")
    incomplete = EvaluationFactory(
        regency=sumedang, year=2026, framework=framework, source=SA, status=Evaluation.Status.DRAFT
    )
    incomplete.scores.create(indicator=framework.indicators.get(number=1), level=2)
    complete = EvaluationFactory(
        regency=sumedang, year=2025, framework=framework, source=SA, status=Evaluation.Status.RETURNED
    )
    for indicator in framework.indicators.all():
        complete.scores.create(indicator=indicator, level=3)
    return sumedang


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Membership.Role.EDITOR, ["1 penilaian mandiri pemda Anda masih memiliki indikator tanpa level"]),
        (
            Membership.Role.MANAGER,
            [
                "1 penilaian mandiri pemda Anda masih memiliki indikator tanpa level",
                "1 penilaian mandiri sudah lengkap dan siap Anda ajukan",
            ],
        ),
    ],
)
def test_pemda_staff_see_what_waits_for_them(sumedang_drafts, client_for, role, expected):
    user = MembershipFactory(regency=sumedang_drafts, role=role).user

    waiting = _section(_home(client_for(user)), "waiting")

    assert re.findall(r"<li>(.*?)</li>", waiting) == expected
    assert 'href="/accounts/tasks/"' in waiting


def test_an_assessor_sees_the_review_queue_without_their_own_pemda(sumedang_drafts, client_for):
    assessor = UserFactory(username="asesor")
    assessor.groups.add(Group.objects.get_or_create(name=ASSESSOR_GROUP)[0])
    MembershipFactory(user=assessor, regency=Regency.objects.get(code="16.10"))
    framework = Framework.objects.get(code="permenpanrb-59-2020")
    for code in ("32.11", "32.04", "16.10"):
        EvaluationFactory(
            regency=Regency.objects.get(code=code),
            year=2024,
            framework=framework,
            source=SA,
            status=Evaluation.Status.SUBMITTED,
        )

    waiting = _section(_home(client_for(assessor)), "waiting")

    assert re.findall(r"<li>(.*?)</li>", waiting) == ["2 penilaian mandiri yang diajukan untuk ditinjau"]


def test_staff_with_nothing_waiting_are_told_so(published, sumedang_editor, client_for):
    waiting = _section(_home(client_for(sumedang_editor)), "waiting")

    assert "Tidak ada yang menunggu Anda saat ini." in waiting
    assert "<li>" not in waiting


# Query discipline: the same queries for a few figures as for many.


def _many_figures():
    members = list(Cohort.objects.get(slug="idsll-2022-pilot").members.all())
    for year in range(2018, 2025):
        NationalIndex.objects.update_or_create(year=year, defaults={"index": Decimal("2.50")})
        for n, regency in enumerate(members):
            if not Evaluation.objects.filter(regency=regency, year=year).exists():
                _result(regency, year, Decimal("2.00") + Decimal(n) / 20)


def test_home_costs_the_same_queries_for_few_or_many_figures(published, anon):
    small, small_response = measure_get(anon, "/")
    _many_figures()
    large, large_response = measure_get(anon, "/")

    # national series, province and regency counts, the cohort with its member count, its members'
    # official results with their ranks, the frameworks
    assert small == large == 6
    assert _section(small_response.content.decode(), "pilot").count('<tr><th scope="row">') == 1
    assert _section(large_response.content.decode(), "pilot").count('<tr><th scope="row">') == 30


def test_home_for_staff_costs_the_same_queries_for_little_or_much_work(sumedang_drafts, client_for):
    manager = MembershipFactory(regency=sumedang_drafts, role=Membership.Role.MANAGER).user
    manager.groups.add(Group.objects.get_or_create(name=ASSESSOR_GROUP)[0])
    client = client_for(manager)
    framework = Framework.objects.get(code="permenpanrb-59-2020")
    others = list(Regency.objects.exclude(code="32.11").order_by("code")[:40])
    EvaluationFactory(
        regency=others[0], year=2024, framework=framework, source=SA, status=Evaluation.Status.SUBMITTED
    )
    small, small_response = measure_get(client, "/")
    _many_figures()
    for regency in others[1:]:
        EvaluationFactory(
            regency=regency, year=2024, framework=framework, source=SA, status=Evaluation.Status.SUBMITTED
        )
    large, large_response = measure_get(client, "/")

    # the six public ones; session and user, membership, groups, the pemda's self-assessments,
    # the size of the review queue and its first rows; the unread notifications in the menu
    assert small == large == 6 + 8
    assert "1 penilaian mandiri yang diajukan untuk ditinjau" in small_response.content.decode()
    assert "40 penilaian mandiri yang diajukan untuk ditinjau" in large_response.content.decode()
