"""What the OpenAPI schema promises, checked directly (schemathesis checks the answers against it)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(anon):
    return anon.get("/api/schema/?format=json").json()


def _operation(schema, path):
    return schema["paths"][path]["get"]


def _parameter(operation, name):
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_a_regencys_spbe_history_is_one_object(schema):
    response = _operation(schema, "/api/v1/regencies/{code}/spbe/")["responses"]["200"]

    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/RegencySpbe"}
    assert set(schema["components"]["schemas"]["RegencySpbe"]["properties"]) == {
        "regency",
        "evaluations",
        "national",
    }


def test_fields_that_can_be_empty_are_nullable(schema):
    components = schema["components"]["schemas"]

    assert components["Evaluation"]["properties"]["index"]["nullable"] is True
    assert components["RegencyHistory"]["properties"]["index"]["nullable"] is True
    assert components["Aspect"]["properties"]["domain"]["nullable"] is True
    assert components["RankingRow"]["properties"]["previous_rank"]["nullable"] is True


def test_every_error_answer_is_documented(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401"} <= codes, (method, path)
            if method != "get":
                assert "403" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
    error = _operation(schema, "/api/v1/regencies/{code}/")["responses"]["404"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_reading_needs_no_account(schema):
    assert {} in _operation(schema, "/api/v1/spbe/national/")["security"]
    assert {} not in schema["paths"]["/api/v1/spbe/evaluations/"]["post"]["security"]


def test_ordering_lists_its_values_and_takes_several(schema):
    ordering = _parameter(_operation(schema, "/api/v1/spbe/evaluations/"), "ordering")

    assert (ordering["style"], ordering["explode"]) == ("form", False)
    assert ordering["schema"]["items"]["enum"] == [
        "year",
        "-year",
        "index",
        "-index",
        "regency",
        "-regency",
        "",
    ]


def test_rankings_say_when_cohort_is_required_and_which_years_exist(schema):
    rankings = _operation(schema, "/api/v1/spbe/rankings/")

    assert "required with scope=cohort" in _parameter(rankings, "cohort")["description"]
    assert _parameter(rankings, "year")["schema"] == {"type": "integer", "minimum": 2000, "maximum": 2100}


def test_parameters_naming_a_record_list_the_records(sumedang, schema_after_data):
    regency = _parameter(_operation(schema_after_data, "/api/v1/spbe/evaluations/"), "regency")

    assert regency["schema"]["enum"] == ["32.11", ""]


@pytest.fixture
def schema_after_data(anon, sumedang):
    return anon.get("/api/schema/?format=json").json()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "last"}, "page"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "1.5"}, "page_size"),
    ],
)
def test_page_and_page_size_must_be_whole_numbers(anon, params, field):
    response = anon.get("/api/v1/provinces/", params, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {field: ["Enter a whole number of at least 1."]}


def test_a_page_past_the_last_is_not_found(anon):
    assert anon.get("/api/v1/provinces/", {"page": "2"}).status_code == 404
