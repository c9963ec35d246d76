import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from regencies.models import Regency
from regencies.services import regions_load

from .factories import CohortFactory, RegencyFactory

pytestmark = pytest.mark.django_db

REGENCIES = "/api/v1/regencies/"


def test_it_lists_the_38_provinces(regions, anon):
    response = anon.get("/api/v1/provinces/?page_size=100")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 38
    assert body["results"][0] == {"code": "11", "name": "Aceh"}


def test_a_province_is_found_by_its_code(regions, anon):
    assert anon.get("/api/v1/provinces/32/").json() == {"code": "32", "name": "Jawa Barat"}


def test_it_lists_all_514_regencies_on_one_page_of_1000(regions, anon):
    body = anon.get(REGENCIES, {"page_size": 1000}).json()

    assert body["count"] == 514
    assert len(body["results"]) == 514
    assert body["next"] is None


def test_page_size_is_capped_at_1000(db, anon):
    for _ in range(3):
        RegencyFactory()

    body = anon.get(REGENCIES, {"page_size": 5000}).json()

    assert len(body["results"]) == 3


def test_a_regency_is_found_by_its_kemendagri_code(regions, anon):
    response = anon.get(f"{REGENCIES}32.11/")

    assert response.status_code == 200
    assert response.json() == {
        "code": "32.11",
        "name": "Kabupaten Sumedang",
        "kind": "kabupaten",
        "province": {"code": "32", "name": "Jawa Barat"},
        "cohorts": [{"slug": "idsll-2022-pilot", "name": "IDSLL 2022 Pilot"}],
        "website": "",
        "description": "",
        "url": "http://testserver/api/v1/regencies/32.11/",
    }


@pytest.mark.parametrize(
    "path", [f"{REGENCIES}99.99/", "/api/v1/provinces/00/", "/api/v1/cohorts/tidak-ada/"]
)
def test_an_unknown_code_is_a_json_404(regions, anon, path):
    response = anon.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Tidak ditemukan."}


def test_an_unknown_api_path_is_a_json_404(db, anon):
    response = anon.get("/api/v1/tidak-ada/")

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"province": "32"}, 27),
        ({"province": "32", "kind": "kota"}, 9),
        ({"kind": "kabupaten"}, 416),
        ({"cohort": "idsll-2022-pilot"}, 30),
        ({"search": "sumedang"}, 1),
        ({"search": "ogan"}, 6),  # five Ogan kabupaten and Grobogan
        ({"search": "32.7"}, 9),
    ],
)
def test_regencies_filter_by_province_kind_cohort_and_search(regions, anon, params, expected):
    body = anon.get(REGENCIES, {**params, "page_size": 1000}).json()

    assert body["count"] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [({"province": "99"}, "province"), ({"kind": "desa"}, "kind"), ({"cohort": "tidak-ada"}, "cohort")],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(regions, anon, params, field):
    response = anon.get(REGENCIES, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0]


def test_a_bad_page_is_a_404_with_a_message(regions, anon):
    response = anon.get(REGENCIES, {"page": 999})

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path", [REGENCIES, "/api/v1/provinces/", "/api/v1/cohorts/", "/api/v1/spbe/evaluations/"]
)
def test_an_unknown_ordering_is_a_400_naming_the_parameter(regions, anon, path):
    response = anon.get(path, {"ordering": "name,-secret"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert list(response.json()) == ["ordering"]
    assert "-secret" in response.json()["ordering"][0]


def test_regencies_can_be_ordered_by_name(regions, anon):
    body = anon.get(REGENCIES, {"ordering": "-name", "province": "32", "page_size": 100}).json()

    names = [r["name"] for r in body["results"]]
    assert names == sorted(names, reverse=True)


def test_cohorts_list_with_member_counts(regions, anon):
    body = anon.get("/api/v1/cohorts/").json()

    assert body["count"] == 1
    assert body["results"][0]["slug"] == "idsll-2022-pilot"
    assert body["results"][0]["member_count"] == 30
    assert body["results"][0]["started_on"] == "2022-11-01"


def test_a_cohort_shows_its_members(regions, anon):
    body = anon.get("/api/v1/cohorts/idsll-2022-pilot/").json()

    codes = [m["code"] for m in body["members"]]
    assert len(codes) == 30
    assert "32.11" in codes and "16.10" in codes
    assert {"code": "32.11", "name": "Kabupaten Sumedang", "kind": "kabupaten", "province_id": "32"} in body[
        "members"
    ]


# Query discipline: one page of rows with their province and the count (COUNT(*) OVER ()), one query
# for the page's cohorts.
def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_regency_list_costs_the_same_queries_for_10_rows_as_for_514(db, anon):
    cohort = CohortFactory()
    cohort.members.add(*[RegencyFactory() for _ in range(10)])
    small = _queries(anon, f"{REGENCIES}?page_size=1000")
    Regency.objects.all().delete()

    regions_load()
    CohortFactory().members.add(*Regency.objects.all())
    large = _queries(anon, f"{REGENCIES}?page_size=1000")

    assert small == large == 2


def test_the_cohort_detail_costs_the_same_queries_for_any_member_count(
    regions, anon, django_assert_max_num_queries
):
    # cohort with member count, then its members
    with django_assert_max_num_queries(2):
        anon.get("/api/v1/cohorts/idsll-2022-pilot/")


def test_anonymous_requests_are_throttled(regions, anon, settings):
    settings.API_ANON_THROTTLE_RATE = "3/minute"

    codes = [anon.get("/api/v1/provinces/").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
    response = anon.get("/api/v1/provinces/")
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0


def test_token_clients_are_not_throttled_like_anonymous_ones(regions, sumedang_editor, settings):
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    client = _token_client(Token.objects.create(user=sumedang_editor).key)

    codes = [client.get("/api/v1/provinces/").status_code for _ in range(3)]

    assert codes == [200, 200, 200]


def _token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# Writes: the website and description of a regency.
def _patch(client, code, data, **extra):
    return client.patch(f"{REGENCIES}{code}/", data, content_type="application/json", **extra)


def test_anonymous_cannot_write(sumedang, anon):
    response = _patch(anon, "32.11", {"website": "https://sumedangkab.go.id"})

    assert response.status_code == 401
    assert response.json()["detail"]
    sumedang.refresh_from_db()
    assert sumedang.website == ""


def test_staff_of_another_pemda_cannot_write(sumedang, ogan_ilir_editor, client_for):
    response = _patch(client_for(ogan_ilir_editor), "32.11", {"website": "https://sumedangkab.go.id"})

    assert response.status_code == 403
    sumedang.refresh_from_db()
    assert sumedang.website == ""


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager", "national_admin"])
def test_the_pemdas_staff_and_national_admins_can_write(sumedang, client_for, request, actor):
    user = request.getfixturevalue(actor)

    response = _patch(
        client_for(user), "32.11", {"website": "https://sumedangkab.go.id", "name": "Diabaikan"}
    )

    assert response.status_code == 200
    sumedang.refresh_from_db()
    assert sumedang.website == "https://sumedangkab.go.id"
    assert sumedang.name == "Kabupaten Sumedang"  # code, name and kind are read-only


def test_a_write_with_bad_input_names_the_field(sumedang, sumedang_editor, client_for):
    response = _patch(client_for(sumedang_editor), "32.11", {"website": "bukan url"})

    assert response.status_code == 400
    assert list(response.json()) == ["website"]


@pytest.mark.parametrize("body", ["[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000, "{nope"])
def test_malformed_or_deeply_nested_json_is_a_400(sumedang, sumedang_editor, client_for, body):
    client = APIClient()
    client.force_authenticate(sumedang_editor)

    response = client.patch("/api/v1/regencies/32.11/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_token_authenticates_writes(sumedang, sumedang_editor):
    client = _token_client(Token.objects.create(user=sumedang_editor).key)

    response = client.patch(f"{REGENCIES}32.11/", {"description": "Kabupaten tuan rumah."}, format="json")

    assert response.status_code == 200
    sumedang.refresh_from_db()
    assert sumedang.description == "Kabupaten tuan rumah."


def test_a_wrong_token_is_refused(sumedang):
    client = _token_client("salah")

    response = client.patch(f"{REGENCIES}32.11/", {"description": "x"}, format="json")

    assert response.status_code == 401


def test_session_writes_need_the_csrf_token(sumedang, sumedang_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sumedang_editor)

    response = _patch(client, "32.11", {"website": "https://sumedangkab.go.id"})

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_openapi_schema_documents_the_endpoints(db, anon):
    response = anon.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/regencies/",
        "/api/v1/regencies/{code}/",
        "/api/v1/provinces/",
        "/api/v1/cohorts/{slug}/",
    } <= set(paths)


def test_the_api_docs_load_their_assets_locally(db, anon):
    html = anon.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


@pytest.mark.parametrize("method", ["options", "post", "delete"])
def test_the_api_docs_answer_other_methods_with_405(db, anon, method):
    assert getattr(anon, method)("/api/docs/").status_code == 405
