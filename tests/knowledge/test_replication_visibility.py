"""Who sees a replication: the two pemda and national admins see all of it; anyone sees an accepted
one (pemda, stages, dates) without its message, notes and people; a request stays between the two."""

import pytest

from .replication_factories import ReplicationStepFactory
from .replication_fixtures import ADOPTER, OWNER, api_as

pytestmark = pytest.mark.django_db

NOTE = "Biaya hosting ditanggung pengadopsi."
EVERYONE = ["anon", "banjar_editor", OWNER, ADOPTER, "national_admin"]
INSIDERS = {OWNER, ADOPTER, "national_admin"}


def _client(request, client_for, anon, actor):
    return anon if actor == "anon" else client_for(request.getfixturevalue(actor))


@pytest.mark.parametrize("actor", EVERYONE)
def test_a_request_is_seen_by_the_two_pemda_and_national_admins_only(
    request, client_for, anon, make_replication, actor
):
    replication = make_replication("requested")
    client = _client(request, client_for, anon, actor)

    page = client.get(f"/replications/{replication.pk}/")
    api = api_as(request, actor).get(f"/api/v1/replications/{replication.pk}/")
    listed = [row["id"] for row in api_as(request, actor).get("/api/v1/replications/").json()["results"]]

    expected = 200 if actor in INSIDERS else 404
    assert page.status_code == api.status_code == expected
    assert (replication.pk in listed) is (actor in INSIDERS)


@pytest.mark.parametrize("actor", EVERYONE)
def test_an_accepted_replication_is_public_without_its_notes(
    request, client_for, anon, make_replication, sumedang_editor, actor
):
    replication = make_replication("accepted")
    ReplicationStepFactory(
        replication=replication, by=sumedang_editor, note=NOTE, by_regency=replication.owner
    )
    client = _client(request, client_for, anon, actor)

    page = client.get(f"/replications/{replication.pk}/").content.decode()
    body = api_as(request, actor).get(f"/api/v1/replications/{replication.pk}/").json()

    insider = actor in INSIDERS
    assert "Kabupaten Ogan Ilir" in page and "Kabupaten Sumedang" in page
    assert (NOTE in page) is insider and (replication.message in page) is insider
    assert body["stage"] == "accepted" and body["adopter"]["name"] == "Kabupaten Ogan Ilir"
    assert (body["steps"][0]["note"] == NOTE) is insider and (body["message"] is not None) is insider
    assert (body["steps"][0]["by"] is not None) is insider
    assert body["steps"][0]["by_label"] == "Editor, Kabupaten Sumedang"


@pytest.mark.parametrize(
    ("actor", "forms"),
    [(OWNER, ["accepted", "declined", "stopped"]), (ADOPTER, ["stopped"]), ("national_admin", [])],
)
def test_the_page_shows_the_forms_of_the_readers_side(request, client_for, make_replication, actor, forms):
    replication = make_replication("requested")

    response = client_for(request.getfixturevalue(actor)).get(f"/replications/{replication.pk}/")

    assert [str(stage) for _form, stage in [(f, s.value) for f, s in response.context["step_forms"]]] == forms


def test_the_api_lists_with_filters(request, make_replication, published, sumedang, ogan_ilir):
    from .factories import PracticeFactory
    from .replication_factories import ReplicationFactory

    live = make_replication("live")
    other = ReplicationFactory(
        practice=PracticeFactory(regency=ogan_ilir), adopter=sumedang, stage="agreement"
    )
    client = api_as(request, "anon")

    def ids(**params):
        return [row["id"] for row in client.get("/api/v1/replications/", params).json()["results"]]

    assert set(ids()) == {live.pk, other.pk}
    assert ids(practice=published.slug) == [live.pk]
    assert ids(owner="16.10") == [other.pk]
    assert ids(adopter="16.10") == [live.pk]
    assert ids(stage="agreement") == [other.pk]
    assert client.get("/api/v1/replications/", {"stage": "flying"}).status_code == 400
