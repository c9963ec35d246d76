"""From `deployed` on, the adopter publishes its adapted version "based on" the practice; the lineage
page and API show the tree; the practice page lists verified adopters; publiccode.yml's usedBy names
the adopters running it."""

import pytest
import yaml
from rest_framework.test import APIClient

from knowledge.models import Practice
from knowledge.replications import services

from ..queries import measure_get
from .factories import PracticeFactory
from .replication_factories import ReplicationFactory

pytestmark = pytest.mark.django_db


def _version(origin, regency, **fields):
    return PracticeFactory(regency=regency, based_on=origin, **fields)


# Publishing the adopter's version ---------------------------------------------------------------
def test_the_adopter_starts_its_version_as_a_draft_based_on_the_practice(
    client_for, make_replication, published, ogan_ilir, ogan_ilir_editor
):
    published.tags.set([published.tags.create(name="e-Office", slug="e-office")])
    replication = make_replication("deployed")
    client = client_for(ogan_ilir_editor)

    response = client.post(f"/replications/{replication.pk}/version/")

    version = Practice.objects.get(based_on=published)
    assert response.status_code == 302 and response["Location"] == f"/practices/{version.slug}/edit/"
    assert (version.regency, version.status) == (ogan_ilir, Practice.Status.DRAFT)
    assert version.title == "Super Aplikasi e-Office (Kabupaten Ogan Ilir)"
    assert (version.summary, version.kind) == (published.summary, published.kind)
    assert list(version.tags.values_list("name", flat=True)) == ["e-Office"]
    replication.refresh_from_db()
    assert replication.derived_practice == version
    # Asking again leads to the same version.
    client.post(f"/replications/{replication.pk}/version/")
    assert Practice.objects.filter(based_on=published).count() == 1


@pytest.mark.parametrize("stage", ["accepted", "handover", "training"])
def test_a_version_waits_until_the_replication_is_deployed(
    client_for, make_replication, ogan_ilir_editor, stage
):
    replication = make_replication(stage)

    response = client_for(ogan_ilir_editor).post(f"/replications/{replication.pk}/version/")

    assert response.status_code == 400
    assert not Practice.objects.filter(based_on__isnull=False).exists()


@pytest.mark.parametrize(
    ("actor", "status"), [("sumedang_editor", 403), ("banjar_editor", 403), ("national_admin", 403)]
)
def test_only_the_adopters_staff_publish_its_version(request, client_for, make_replication, actor, status):
    replication = make_replication("live")

    response = client_for(request.getfixturevalue(actor)).post(f"/replications/{replication.pk}/version/")

    assert response.status_code == status
    assert not Practice.objects.filter(based_on__isnull=False).exists()


def test_anonymous_people_are_sent_to_log_in(anon, make_replication):
    replication = make_replication("live")

    assert anon.post(f"/replications/{replication.pk}/version/").status_code == 302
    assert not Practice.objects.filter(based_on__isnull=False).exists()


def test_the_replication_page_offers_the_button_to_the_adopter_only(
    client_for, make_replication, ogan_ilir_editor, sumedang_editor
):
    replication = make_replication("deployed")
    url = replication.get_absolute_url()

    assert (
        f"/replications/{replication.pk}/version/" in client_for(ogan_ilir_editor).get(url).content.decode()
    )
    assert (
        f"/replications/{replication.pk}/version/"
        not in client_for(sumedang_editor).get(url).content.decode()
    )


def test_the_replication_page_links_the_version_once_others_may_see_it(
    client_for, make_replication, ogan_ilir_editor, sumedang_editor
):
    replication = make_replication("live")
    version = services.replication_publish_version(replication=replication, by_user=ogan_ilir_editor)
    url = replication.get_absolute_url()

    assert version.get_absolute_url() in client_for(ogan_ilir_editor).get(url).content.decode()
    assert version.get_absolute_url() not in client_for(sumedang_editor).get(url).content.decode()
    Practice.objects.filter(pk=version.pk).update(status=Practice.Status.PUBLISHED)
    assert version.get_absolute_url() in client_for(sumedang_editor).get(url).content.decode()


# Lineage ----------------------------------------------------------------------------------------
@pytest.fixture
def family(published, ogan_ilir, banjar_editor):
    """Sumedang → Ogan Ilir → Kota Banjar, and Sumedang → Kota Banjar (a draft)."""
    banjar = banjar_editor.membership.regency
    child = _version(published, ogan_ilir, slug="oi-e-office", title="B e-Office Ogan Ilir")
    grandchild = _version(child, banjar, slug="banjar-dari-oi", title="C e-Office Banjar")
    draft = _version(published, banjar, slug="banjar-draf", title="A draf Banjar", status="draft")
    return published, child, grandchild, draft


def _shape(node):
    return [node["slug"], [_shape(child) for child in node["children"]]]


def test_the_lineage_api_gives_the_tree_from_the_root(family):
    _, child, _, _ = family

    body = APIClient().get(f"/api/v1/practices/{child.slug}/lineage/").json()

    assert _shape(body) == ["e-office", [["oi-e-office", [["banjar-dari-oi", []]]]]]
    assert body["children"][0]["current"] is True and body["current"] is False
    assert body["owner"] == {"code": "32.11", "name": "Kabupaten Sumedang"}


def test_the_roots_lineage_shows_all_descendants_but_a_draft_only_to_its_pemda(
    client_for, family, banjar_editor, ogan_ilir_editor, national_admin
):
    def shape(client):
        return _shape(client.get("/api/v1/practices/e-office/lineage/").json())

    public = ["e-office", [["oi-e-office", [["banjar-dari-oi", []]]]]]
    with_draft = ["e-office", [["banjar-draf", []], ["oi-e-office", [["banjar-dari-oi", []]]]]]
    api = APIClient()
    assert shape(api) == public
    api.force_authenticate(ogan_ilir_editor)
    assert shape(api) == public
    api.force_authenticate(banjar_editor)
    assert shape(api) == with_draft
    api.force_authenticate(national_admin)
    assert shape(api) == with_draft


def test_the_lineage_page_nests_the_versions(anon, family):
    page = anon.get("/practices/banjar-dari-oi/lineage/").content.decode()

    assert page.index("/practices/e-office/") < page.index("/practices/oi-e-office/")
    assert 'aria-current="page"' in page and "banjar-draf" not in page


def test_a_drafts_lineage_is_not_found_for_others(anon, client_for, family, banjar_editor):
    assert anon.get("/practices/banjar-draf/lineage/").status_code == 404
    assert APIClient().get("/api/v1/practices/banjar-draf/lineage/").status_code == 404
    assert client_for(banjar_editor).get("/practices/banjar-draf/lineage/").status_code == 200


def test_a_practice_without_versions_is_its_own_tree(published):
    body = APIClient().get("/api/v1/practices/e-office/lineage/").json()

    assert _shape(body) == ["e-office", []]


def test_the_lineage_costs_the_same_for_a_small_or_large_tree(anon, published, ogan_ilir):
    def grow(count):
        parent = published
        for n in range(count):
            parent = _version(parent, ogan_ilir, slug=f"v-{count}-{n}")
            _version(published, ogan_ilir, slug=f"w-{count}-{n}")

    grow(1)
    small, _ = measure_get(anon, "/practices/e-office/lineage/")
    api_small, _ = measure_get(APIClient(), "/api/v1/practices/e-office/lineage/")
    grow(15)
    large, response = measure_get(anon, "/practices/e-office/lineage/")
    api_large, _ = measure_get(APIClient(), "/api/v1/practices/e-office/lineage/")

    # the practice with its pemda and province, the recursive ids, the rows with their pemda.
    assert small == large == 3
    assert api_small == api_large == 3
    page = response.content.decode()
    assert page.count('href="/practices/v-') + page.count('href="/practices/w-') == 2 + 2 * 15


# Verified adopters and usedBy ---------------------------------------------------------------------
def test_the_practice_page_lists_verified_adopters_with_their_stage(anon, published):
    listed = {}
    for stage in ("requested", "accepted", "live", "declined", "stopped"):
        listed[stage] = ReplicationFactory(practice=published, stage=stage, adopter__name=f"Kab {stage}")

    page = anon.get("/practices/e-office/").content.decode()

    assert "Kab accepted" in page and "Kab live" in page
    assert "Kab requested" not in page and "Kab declined" not in page and "Kab stopped" not in page
    assert page.count("stage-live") == 1


def test_the_practice_page_costs_the_same_for_1_or_12_verified_adopters(anon, published):
    ReplicationFactory(practice=published, stage="live")
    small, _ = measure_get(anon, "/practices/e-office/")
    ReplicationFactory.create_batch(11, practice=published, stage="accepted")
    large, response = measure_get(anon, "/practices/e-office/")

    assert small == large  # the adopters with their pemda: one query
    adopters = response.content.decode().split('id="adopters"', 1)[1].split("</section>", 1)[0]
    assert adopters.count("<li>") == 12


def test_no_adopters_section_without_verified_adopters(anon, published):
    ReplicationFactory(practice=published, stage="requested")

    assert 'id="adopters"' not in anon.get("/practices/e-office/").content.decode()


def test_the_export_names_the_adopters_running_it_in_used_by(anon, sumedang, ogan_ilir):
    from .publiccode_data import application

    practice = application(sumedang, publiccode_extra={"usedBy": ["Kota Bandung"]})
    url = "/api/v1/practices/simpel-desa/publiccode/"
    assert yaml.safe_load(APIClient().get(url).content)["usedBy"] == ["Kota Bandung"]  # as imported

    ReplicationFactory(practice=practice, adopter=ogan_ilir, stage="live")
    ReplicationFactory(practice=practice, adopter__name="Kabupaten Bojonegoro", stage="evaluated")
    ReplicationFactory(practice=practice, adopter__name="Kota Banjar", stage="deployed")  # not yet live

    assert yaml.safe_load(APIClient().get(url).content)["usedBy"] == [
        "Kabupaten Bojonegoro",
        "Kabupaten Ogan Ilir",
    ]


def test_export_import_export_stays_byte_stable_with_adopters(
    client_for, sumedang, sumedang_editor, ogan_ilir
):
    from .publiccode_data import application

    practice = application(sumedang)
    ReplicationFactory(practice=practice, adopter=ogan_ilir, stage="live")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(sumedang_editor)
    url = "/api/v1/practices/simpel-desa/publiccode/"
    first = api.get(url).content

    response = api.put(url, first, content_type="application/yaml")

    assert response.status_code == 200
    assert api.get(url).content == first


# The API ------------------------------------------------------------------------------------------
def test_the_api_starts_the_version_for_the_adopter_and_shows_it_on_the_replication(
    make_replication, ogan_ilir_editor, sumedang_editor
):
    replication = make_replication("deployed")
    api = APIClient()
    api.force_authenticate(sumedang_editor)
    assert api.post(f"/api/v1/replications/{replication.pk}/version/").status_code == 403
    api.force_authenticate(ogan_ilir_editor)

    response = api.post(f"/api/v1/replications/{replication.pk}/version/")

    assert response.status_code == 201
    slug = response.json()["slug"]
    assert Practice.objects.get(slug=slug).based_on.slug == "e-office"
    assert api.get(f"/api/v1/replications/{replication.pk}/").json()["version"]["slug"] == slug
    api.force_authenticate(sumedang_editor)  # a draft of another pemda: not shown
    assert api.get(f"/api/v1/replications/{replication.pk}/").json()["version"] is None


def test_the_api_refuses_a_version_before_deployed_naming_the_stage(make_replication, ogan_ilir_editor):
    replication = make_replication("handover")
    api = APIClient()
    api.force_authenticate(ogan_ilir_editor)

    response = api.post(f"/api/v1/replications/{replication.pk}/version/")

    assert response.status_code == 400 and "stage" in response.json()
