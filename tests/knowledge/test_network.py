"""The replication network: who replicates from whom, as a drawing and a sortable table, filtered by
cohort, province and practice; only public replications, whoever asks."""

import re

import pytest

from ..queries import measure_get
from ..regencies.factories import CohortFactory, RegencyFactory
from .factories import PracticeFactory
from .replication_factories import ReplicationFactory

pytestmark = pytest.mark.django_db
URL = "/replications/network/"


@pytest.fixture
def banjar(db):
    return RegencyFactory(code="32.79", name="Kota Banjar", province__name="Jawa Barat")


@pytest.fixture
def network(published, sumedang, ogan_ilir, banjar):
    """Sumedang → Ogan Ilir twice (one live), Sumedang → Banjar once, Banjar → Ogan Ilir once; plus a
    request Sumedang has not accepted and a replication of a draft, which nobody sees here."""
    second = PracticeFactory(regency=sumedang, slug="e-sakip")
    banjar_practice = PracticeFactory(regency=banjar, slug="sipd-banjar")
    ReplicationFactory(practice=published, adopter=ogan_ilir, stage="live")
    ReplicationFactory(practice=second, adopter=ogan_ilir, stage="training")
    ReplicationFactory(practice=published, adopter=banjar, stage="agreement")
    ReplicationFactory(practice=banjar_practice, adopter=ogan_ilir, stage="evaluated")
    ReplicationFactory(practice=PracticeFactory(regency=sumedang), adopter=banjar, stage="requested")
    hidden = PracticeFactory(regency=banjar, status="draft", published_at=None)
    ReplicationFactory(practice=hidden, adopter=sumedang, stage="live")


def _rows(response):
    return [(p.owner_name, p.adopter_name, p.replications, p.live) for p in response.context["pairs"]]


def test_it_counts_public_replications_per_pair_most_first(client, network):
    response = client.get(URL)

    assert response.status_code == 200
    assert _rows(response) == [
        ("Kabupaten Sumedang", "Kabupaten Ogan Ilir", 2, 1),
        ("Kabupaten Sumedang", "Kota Banjar", 1, 0),
        ("Kota Banjar", "Kabupaten Ogan Ilir", 1, 1),
    ]


def test_the_table_sorts_by_the_column_asked_for(client, network):
    by_adopter = _rows(client.get(URL, {"sort": "adopter"}))
    by_live = _rows(client.get(URL, {"sort": "-live"}))

    assert [row[1] for row in by_adopter] == ["Kabupaten Ogan Ilir", "Kabupaten Ogan Ilir", "Kota Banjar"]
    assert [row[3] for row in by_live] == [1, 1, 0]


def test_the_sort_links_keep_the_filters(client, network):
    response = client.get(URL, {"province": "32", "sort": "-replications"})

    hrefs = [column["href"] for column in response.context["columns"]]
    assert hrefs == [
        "?province=32&sort=owner",
        "?province=32&sort=adopter",
        "?province=32&sort=replications",  # the current sort, flipped
        "?province=32&sort=-live",
    ]


def test_it_filters_by_cohort_province_and_practice(client, network, sumedang, ogan_ilir):
    CohortFactory(slug="pilot-2022", members=[ogan_ilir])

    by_cohort = _rows(client.get(URL, {"cohort": "pilot-2022"}))
    by_province = _rows(client.get(URL, {"province": "16"}))
    by_practice = _rows(client.get(URL, {"practice": "e-office"}))

    # Ogan Ilir is the only member: every pair it takes part in, on either side.
    assert by_cohort == [
        ("Kabupaten Sumedang", "Kabupaten Ogan Ilir", 2, 1),
        ("Kota Banjar", "Kabupaten Ogan Ilir", 1, 1),
    ]
    assert by_province == by_cohort
    assert by_practice == [
        ("Kabupaten Sumedang", "Kabupaten Ogan Ilir", 1, 1),
        ("Kabupaten Sumedang", "Kota Banjar", 1, 0),
    ]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"cohort": "no-such-cohort"}, "cohort"),
        ({"province": "99"}, "province"),
        ({"practice": "../../etc"}, "practice"),
        ({"sort": "password"}, "sort"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_field(client, network, params, field):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert field in response.context["filter_form"].errors
    assert response.context["pairs"] == []


def test_the_drawing_has_a_title_a_description_and_the_table_as_its_text(client, network):
    html = client.get(URL).content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'viewBox="0 0 640 640"' in svg
    assert '<title id="network-title">' in svg and '<desc id="network-desc">' in svg
    assert svg.count('class="node"') == 3
    assert svg.count('class="edge"') == 3
    assert "Kabupaten Sumedang → Kabupaten Ogan Ilir: 2" in svg
    assert '<table class="chart-table network-table">' in html
    assert "demo-label" not in html  # recorded by the two pemda, not examples
    assert "<script" not in html[html.index("<main") :] and 'style="' not in html


def test_without_replications_it_says_so_and_draws_nothing(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    assert b"<svg" not in response.content.split(b"<main")[1]


@pytest.mark.parametrize("actor", ["anon", "sumedang_editor", "banjar_editor", "national_admin"])
def test_everyone_sees_the_same_public_network(request, client_for, network, actor):
    """Even the two pemda of an unaccepted request, and national admins: the network is public."""
    client = (
        request.getfixturevalue("client") if actor == "anon" else client_for(request.getfixturevalue(actor))
    )

    rows = _rows(client.get(URL))

    assert sum(row[2] for row in rows) == 4  # not the request nor the draft's replication


def _pairs(count):
    for _ in range(count):
        owner = RegencyFactory()
        ReplicationFactory(practice=PracticeFactory(regency=owner), stage="live")


def test_the_page_costs_the_same_for_3_or_40_pairs(client, db):
    _pairs(3)
    small, _ = measure_get(client, URL)
    _pairs(37)
    large, response = measure_get(client, URL)

    # the options of the cohort, province and practice filters, the pairs with their counts.
    assert small == large == 4
    assert len(response.context["pairs"]) == 40


def test_the_replications_list_links_the_network_and_for_national_admins_the_overview(
    client_for, sumedang_editor, national_admin
):
    staff_page = client_for(sumedang_editor).get("/replications/").content.decode()
    admin_page = client_for(national_admin).get("/replications/").content.decode()
    dashboard = client_for(national_admin).get("/dashboard/").content.decode()

    assert 'href="/replications/network/"' in staff_page
    assert 'href="/replications/ministry/"' not in staff_page
    assert 'href="/replications/ministry/"' in admin_page
    assert 'href="/replications/ministry/"' in dashboard


def test_the_replications_of_public_reporting_draw_sumedang_giving_to_ogan_ilir(client, regions):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_practices", "--demo", stdout=StringIO())
    call_command("load_replications", stdout=StringIO())

    response = client.get(URL, {"sort": "owner"})

    rows = _rows(response)
    assert ("Kabupaten Sumedang", "Kabupaten Ogan Ilir", 1, 1) in rows
    assert all(owner != adopter for owner, adopter, *_ in rows)
    # Every one of them is an example from public reporting, and the table says so.
    assert all(pair.examples == pair.replications for pair in response.context["pairs"])
    assert response.content.decode().count('class="demo-label"') == len(rows)


def test_the_practice_filter_offers_only_practices_in_the_network(client, network, sumedang):
    PracticeFactory(regency=sumedang, slug="tanpa-replikasi", title="Belum direplikasi")

    html = client.get(URL).content.decode()
    offered = re.findall(r'<option value="([^"]+)"', html.split('name="practice"')[1].split("</select>")[0])

    assert sorted(offered) == ["e-office", "e-sakip", "sipd-banjar"]  # not the unaccepted or draft ones
