from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from regencies.models import Regency
from spbe.models import Evaluation, LevelChange, NationalIndex

from ..regencies.factories import MembershipFactory, RegencyFactory

pytestmark = pytest.mark.django_db

EVALUATIONS = "/api/v1/spbe/evaluations/"


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# Frameworks.
def test_frameworks_are_listed(frameworks):
    body = _api().get("/api/v1/spbe/frameworks/").json()

    assert {f["code"] for f in body["results"]} == set(frameworks)
    provisional = {f["code"]: f["provisional"] for f in body["results"]}
    assert provisional["permenpanrb-8-2026"] is True
    assert provisional["permenpanrb-59-2020"] is False


def test_a_framework_is_the_whole_tree_with_weights_and_level_names(
    frameworks, django_assert_max_num_queries
):
    # framework, domains, aspects, indicators, scales, levels, predicate bands
    with django_assert_max_num_queries(7):
        body = _api().get("/api/v1/spbe/frameworks/permenpanrb-59-2020/").json()

    assert (len(body["domains"]), len(body["aspects"]), len(body["indicators"])) == (4, 8, 47)
    assert body["domains"][0] == {
        "number": 1,
        "name": "Kebijakan Internal SPBE",
        "name_en": "Internal SPBE policy",
        "weight": "13.0000",
    }
    assert body["aspects"][0] == {
        "number": 1,
        "name": "Kebijakan Internal terkait Tata Kelola SPBE",
        "name_en": "Internal policies on SPBE governance",
        "weight": "13.0000",
        "domain": 1,
    }
    assert body["indicators"][0] == {
        "number": 1,
        "name": "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE Instansi Pusat/Pemerintah Daerah",
        "name_en": "Maturity of internal policy on the agency SPBE architecture",
        "weight": "1.3000",
        "aspect": 1,
        "scale": "process",
    }
    scales = {s["code"]: [lv["name"] for lv in s["levels"]] for s in body["scales"]}
    assert scales["process"] == ["Rintisan", "Terkelola", "Terdefinisi", "Terpadu dan Terukur", "Optimum"]
    assert {"name": "Memuaskan", "min_index": "4.20"} in body["predicates"]
    assert "dindarestika" in body["sources"]


def test_an_unknown_framework_is_a_json_404(frameworks):
    response = _api().get("/api/v1/spbe/frameworks/tidak-ada/")

    assert response.status_code == 404
    assert response.json()["detail"]


# Evaluations: reading.
@pytest.fixture
def results(regions, framework_2020, make_result):
    sumedang, ogan_ilir = Regency.objects.get(code="32.11"), Regency.objects.get(code="16.10")
    return {
        "sumedang": make_result(
            sumedang, 2022, Decimal("3.84"), framework_2020, source_url="https://x.test/a"
        ),
        "ogan_ilir": make_result(ogan_ilir, 2022, Decimal("2.50"), framework_2020),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"regency": "32.11"}, ["32.11"]),
        ({"province": "16"}, ["16.10"]),
        ({"cohort": "idsll-2022-pilot", "ordering": "index"}, ["16.10", "32.11"]),
        ({"year": 2022, "framework": "permenpanrb-59-2020", "source": "official"}, ["16.10", "32.11"]),
        ({"synthetic": "true"}, []),
    ],
)
def test_evaluations_filter(results, params, expected):
    body = _api().get(EVALUATIONS, {"ordering": "regency", **params}).json()

    assert [e["regency"]["code"] for e in body["results"]] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"regency": "99.99"}, "regency"),
        ({"year": "x"}, "year"),
        ({"source": "gosip"}, "source"),
        ({"synthetic": "abc"}, "synthetic"),
    ],
)
def test_a_bad_evaluation_filter_is_a_400_naming_it(results, params, field):
    response = _api().get(EVALUATIONS, params)

    assert response.status_code == 400
    assert field in response.json()


def test_an_evaluation_shows_levels_sub_indices_predicate_and_gaps(regions, make_evaluation):
    evaluation = make_evaluation(Regency.objects.get(code="32.11"), level=4, levels={40: 1})

    body = _api().get(f"{EVALUATIONS}{evaluation.pk}/").json()

    assert body["predicate"] == evaluation.predicate
    assert body["index"] == str(evaluation.index)
    assert len(body["levels"]) == 47
    assert [d["number"] for d in body["domains"]] == [1, 2, 3, 4]
    assert body["domains"][0]["index"] == "4.00"
    assert len(body["aspects"]) == 8
    assert body["gaps"][0]["indicator"] == 40
    assert body["gaps"][0]["level"] == 1
    assert body["synthetic"] is False
    assert body["index_mismatch"] is False


def test_the_evaluation_list_costs_the_same_queries_at_any_size(regions, framework_2020, make_result):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert _api().get(EVALUATIONS, {"page_size": 1000}).status_code == 200
        return len(ctx)

    for regency in Regency.objects.order_by("code")[:3]:
        make_result(regency, 2022, Decimal("3.00"), framework_2020)
    small = count()
    for regency in Regency.objects.order_by("code")[3:60]:
        make_result(regency, 2022, Decimal("3.00"), framework_2020)

    # one query: the page of evaluations with regency and framework, and the count (COUNT(*) OVER ())
    assert small == count() == 1


def test_synthetic_evaluations_say_so_in_the_list_and_the_filter(regions, make_evaluation):
    make_evaluation(
        Regency.objects.get(code="32.11"),
        year=2026,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.VERIFIED,
        synthetic=True,
    )

    body = _api().get(EVALUATIONS, {"synthetic": "true"}).json()
    official = _api().get(EVALUATIONS, {"synthetic": "false"}).json()

    assert [(e["regency"]["code"], e["year"], e["synthetic"]) for e in body["results"]] == [
        ("32.11", 2026, True)
    ]
    assert official["count"] == 0


# Visibility of self-assessments.
@pytest.fixture
def draft(sumedang, framework_2020):
    from spbe.services import self_assessment_create

    return self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)


def _ids(user):
    return [e["id"] for e in _api(user).get(EVALUATIONS).json()["results"]]


def test_drafts_are_hidden_from_the_public_and_other_pemdas(draft, ogan_ilir_editor):
    assert draft.pk not in _ids(None)
    assert draft.pk not in _ids(ogan_ilir_editor)
    assert _api().get(f"{EVALUATIONS}{draft.pk}/").status_code == 404


def test_drafts_are_visible_to_their_pemdas_staff(draft, sumedang_editor):
    assert draft.pk in _ids(sumedang_editor)


def test_submitted_self_assessments_are_visible_to_assessors_but_drafts_are_not(
    draft, assessor, national_admin
):
    assert draft.pk not in _ids(assessor)
    Evaluation.objects.filter(pk=draft.pk).update(status=Evaluation.Status.SUBMITTED)
    assert draft.pk in _ids(assessor)
    assert draft.pk in _ids(national_admin)


# Evaluations: writing, from each side.
def test_anonymous_cannot_create(sumedang, frameworks):
    response = _api().post(EVALUATIONS, {"regency": "32.11", "year": 2026}, format="json")

    assert response.status_code == 401
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("actor", ["ogan_ilir_editor", "national_admin", "assessor"])
def test_only_the_pemdas_own_staff_create_its_self_assessment(sumedang, frameworks, request, actor):
    response = _api(request.getfixturevalue(actor)).post(
        EVALUATIONS, {"regency": "32.11", "year": 2026}, format="json"
    )

    assert response.status_code == 403
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager"])
def test_the_pemdas_staff_create_a_draft_of_the_current_framework(sumedang, frameworks, request, actor):
    response = _api(request.getfixturevalue(actor)).post(
        EVALUATIONS, {"regency": "32.11", "year": 2026}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["framework"], body["source"], body["status"]) == (
        "permenpanrb-59-2020",
        "self_assessment",
        "draft",
    )


def test_creating_a_second_one_for_the_year_names_the_field(draft, sumedang_editor):
    response = _api(sumedang_editor).post(EVALUATIONS, {"regency": "32.11", "year": 2026}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["year"]


@pytest.mark.parametrize(
    ("data", "field"),
    [({"regency": "99.99", "year": 2026}, "regency"), ({"regency": "32.11", "year": "x"}, "year")],
)
def test_bad_input_on_create_names_the_field(sumedang, frameworks, sumedang_editor, data, field):
    response = _api(sumedang_editor).post(EVALUATIONS, data, format="json")

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"regency": "32.11", "year": 2099}, "that far ahead"),
        (
            {"regency": "32.11", "year": 2024, "framework": "permenpanrb-5-2018"},
            "not used for evaluations of 2024",
        ),
    ],
)
def test_the_api_refuses_the_years_the_form_refuses(sumedang, frameworks, sumedang_editor, data, reason):
    response = _api(sumedang_editor).post(EVALUATIONS, data, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert reason in response.json()["year"][0]
    assert not Evaluation.objects.exists()


def test_creating_before_any_framework_is_loaded_names_the_framework(sumedang, sumedang_editor):
    response = _api(sumedang_editor).post(EVALUATIONS, {"regency": "32.11", "year": 2026}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["framework"]
    assert not Evaluation.objects.exists()


def test_a_token_creates_too(sumedang, frameworks, sumedang_editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=sumedang_editor).key}")

    assert client.post(EVALUATIONS, {"regency": "32.11", "year": 2026}, format="json").status_code == 201


def _set_level(user, evaluation, indicator=1, level=3):
    return _api(user).post(
        f"{EVALUATIONS}{evaluation.pk}/levels/",
        {"indicator": indicator, "level": level, "explanation": "Perbup terbit"},
        format="json",
    )


def test_a_level_sent_without_an_explanation_keeps_the_one_written(draft, sumedang_editor):
    _set_level(sumedang_editor, draft, indicator=1, level=2)

    response = _api(sumedang_editor).post(
        f"{EVALUATIONS}{draft.pk}/levels/", {"indicator": 1, "level": 4}, format="json"
    )
    cleared = _api(sumedang_editor).post(
        f"{EVALUATIONS}{draft.pk}/levels/", {"indicator": 2, "level": 4, "explanation": ""}, format="json"
    )

    assert response.status_code == cleared.status_code == 200
    levels = {lv["indicator"]: lv for lv in cleared.json()["levels"]}
    assert (levels[1]["level"], levels[1]["explanation"]) == (4, "Perbup terbit")
    assert levels[2]["explanation"] == ""


def test_the_pemdas_editor_sets_levels_and_the_history_is_kept(draft, sumedang_editor):
    assert _set_level(sumedang_editor, draft, level=2).status_code == 200
    response = _set_level(sumedang_editor, draft, level=4)

    assert response.status_code == 200
    assert response.json()["levels"][0]["level"] == 4
    history = list(LevelChange.objects.values_list("old_level", "new_level", "changed_by__username"))
    assert history == [(2, 4, "editor-sumedang"), (None, 2, "editor-sumedang")]


def test_the_pemdas_manager_sets_levels_too(draft, sumedang_manager):
    assert _set_level(sumedang_manager, draft).status_code == 200
    assert draft.scores.get().level == 3


# A draft is visible only to its own pemda's staff, so everyone else gets 404 before any rule.
@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anon", 401),
        ("ogan_ilir_editor", 404),
        ("ogan_ilir_manager", 404),
        ("national_admin", 404),
        ("assessor", 404),
    ],
)
def test_others_cannot_set_levels(draft, request, actor, status):
    user = None if actor == "anon" else request.getfixturevalue(actor)

    assert _set_level(user, draft).status_code == status
    assert not draft.scores.exists()


def test_assessors_see_a_submitted_one_but_cannot_set_its_levels(submitted, assessor, national_admin):
    assert _set_level(assessor, submitted, level=5).status_code == 403
    assert _set_level(national_admin, submitted, level=5).status_code == 403
    assert set(submitted.scores.values_list("level", flat=True)) == {3}


@pytest.mark.parametrize(("indicator", "level", "field"), [(99, 3, "indicator"), (1, 9, "level")])
def test_a_bad_level_names_the_field(draft, sumedang_editor, indicator, level, field):
    response = _set_level(sumedang_editor, draft, indicator=indicator, level=level)

    assert response.status_code == 400
    assert field in response.json()
    assert not draft.scores.exists()


def _fill(evaluation, user):
    for number in evaluation.framework.indicators.values_list("number", flat=True):
        assert _set_level(user, evaluation, indicator=number, level=3).status_code == 200


def test_submit_needs_every_level_and_the_manager(draft, sumedang_editor, sumedang_manager):
    incomplete = _api(sumedang_manager).post(f"{EVALUATIONS}{draft.pk}/submit/")
    assert incomplete.status_code == 400
    _fill(draft, sumedang_editor)

    assert _api(sumedang_editor).post(f"{EVALUATIONS}{draft.pk}/submit/").status_code == 403
    response = _api(sumedang_manager).post(f"{EVALUATIONS}{draft.pk}/submit/")

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["index"] == "3.00"


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anon", 401),
        ("sumedang_editor", 403),
        ("ogan_ilir_manager", 404),
        ("national_admin", 404),
        ("assessor", 404),
    ],
)
def test_only_the_pemdas_manager_submits(draft, sumedang_editor, request, actor, status):
    _fill(draft, sumedang_editor)
    user = None if actor == "anon" else request.getfixturevalue(actor)

    assert _api(user).post(f"{EVALUATIONS}{draft.pk}/submit/").status_code == status
    draft.refresh_from_db()
    assert draft.status == Evaluation.Status.DRAFT


@pytest.fixture
def submitted(draft, sumedang_editor, sumedang_manager):
    _fill(draft, sumedang_editor)
    _api(sumedang_manager).post(f"{EVALUATIONS}{draft.pk}/submit/")
    return draft


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anon", 401),
        ("sumedang_editor", 403),
        ("sumedang_manager", 403),
        ("ogan_ilir_editor", 404),  # another pemda's submitted self-assessment is not visible
        ("national_admin", 403),
    ],
)
def test_only_assessors_review(submitted, request, actor, status):
    user = None if actor == "anon" else request.getfixturevalue(actor)
    response = _api(user).post(f"{EVALUATIONS}{submitted.pk}/review/", {"verify": True}, format="json")

    assert response.status_code == status
    submitted.refresh_from_db()
    assert submitted.status == Evaluation.Status.SUBMITTED


def test_an_assessor_of_the_evaluated_pemda_may_not_review_it(submitted, assessor):
    MembershipFactory(user=assessor, regency=submitted.regency)

    response = _api(assessor).post(f"{EVALUATIONS}{submitted.pk}/review/", {"verify": True}, format="json")

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Evaluation.Status.SUBMITTED


def test_an_assessor_returns_with_comments_then_verifies(
    submitted, assessor, sumedang_editor, sumedang_manager
):
    returned = _api(assessor).post(
        f"{EVALUATIONS}{submitted.pk}/review/",
        {"verify": False, "comments": {"5": "Bukti belum ada"}},
        format="json",
    )

    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    comments = {lv["indicator"]: lv["reviewer_comment"] for lv in returned.json()["levels"]}
    assert comments[5] == "Bukti belum ada"
    assert _set_level(sumedang_editor, submitted, indicator=5, level=4).status_code == 200
    assert _api(sumedang_manager).post(f"{EVALUATIONS}{submitted.pk}/submit/").status_code == 200

    verified = _api(assessor).post(f"{EVALUATIONS}{submitted.pk}/review/", {"verify": True}, format="json")

    assert verified.json()["status"] == "verified"
    assert submitted.pk in _ids(None)  # verified: public now


@pytest.mark.parametrize("key", ["99", "²", "9" * 5000, "-1", " 5"])
def test_returning_without_a_comment_or_for_an_unknown_indicator_names_the_field(submitted, assessor, key):
    empty = _api(assessor).post(f"{EVALUATIONS}{submitted.pk}/review/", {"verify": False}, format="json")
    unknown = _api(assessor).post(
        f"{EVALUATIONS}{submitted.pk}/review/", {"verify": False, "comments": {key: "?"}}, format="json"
    )

    assert (empty.status_code, list(empty.json())) == (400, ["comments"])
    assert (unknown.status_code, list(unknown.json())) == (400, ["comments"])
    submitted.refresh_from_db()
    assert submitted.status == Evaluation.Status.SUBMITTED


# Rankings.
RANKINGS = "/api/v1/spbe/rankings/"


def test_rankings_share_ranks_and_show_movement(regions, framework_2020, make_result):
    a, b, c = (Regency.objects.get(code=code) for code in ("32.11", "32.04", "16.10"))
    for regency, index in ((a, "3.84"), (b, "3.84"), (c, "2.00")):
        make_result(regency, 2022, Decimal(index), framework_2020)
    make_result(c, 2021, Decimal("3.90"), framework_2020)

    body = _api().get(RANKINGS, {"year": 2022}).json()

    assert body["count"] == 3
    assert [(r["regency_code"], r["rank"], r["movement"]) for r in body["results"]] == [
        ("32.04", 1, None),
        ("32.11", 1, None),
        ("16.10", 3, -2),
    ]
    assert body["results"][2] == {
        "rank": 3,
        "previous_rank": 1,
        "movement": -2,
        "regency_code": "16.10",
        "regency_name": "Kabupaten Ogan Ilir",
        "province_code": "16",
        "province_name": "Sumatera Selatan",
        "index": "2.00",
        "predicate": "Cukup",
        "synthetic": False,
        "evaluation": Evaluation.objects.get(regency=c, year=2022).pk,
        "new": False,
        "framework": "permenpanrb-59-2020",
        "framework_name": "PermenPANRB 59/2020",
        "framework_defines_predicates": True,
        "source": "official",
        "source_label": "hasil resmi",
        "source_title": "",
        "source_url": "",
        "certainty": "",
        "certainty_label": "",
    }


def _ranked_years(regions, framework_2020, make_result, count):
    """`count` kabupaten/kota with results in 2022 and 2023, with ties, and two new in 2023."""
    regencies = list(Regency.objects.order_by("code")[:count])
    for n, regency in enumerate(regencies):
        make_result(regency, 2023, Decimal("1.50") + Decimal(n % 7) / 4, framework_2020)
        if n > 1:
            make_result(regency, 2022, Decimal("4.00") - Decimal(n % 5) / 3, framework_2020)


@pytest.mark.parametrize("scope", ["national", "province"])
def test_each_ranking_page_holds_the_rows_of_the_whole_ranking_at_its_place(
    regions, framework_2020, make_result, scope
):
    _ranked_years(regions, framework_2020, make_result, 23)
    whole = _api().get(RANKINGS, {"year": 2023, "scope": scope, "page_size": 100}).json()["results"]

    pages = [
        _api().get(RANKINGS, {"year": 2023, "scope": scope, "page_size": 5, "page": page}).json()
        for page in range(1, 6)
    ]

    assert [row for body in pages for row in body["results"]] == whole
    assert {body["count"] for body in pages} == {23}
    assert {row["new"] for row in whole} == {True, False}
    assert any(row["movement"] for row in whole)
    assert len({row["rank"] for row in whole}) < 23  # ties share a rank


def test_a_ranking_page_costs_the_same_queries_for_10_rows_as_for_100(regions, framework_2020, make_result):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert _api().get(RANKINGS, {"year": 2023, "page_size": 1000}).status_code == 200
        return len(ctx)

    _ranked_years(regions, framework_2020, make_result, 10)
    small = queries()
    Evaluation.objects.all().delete()
    _ranked_years(regions, framework_2020, make_result, 100)

    # the page with its count, and the page's ranks the year before
    assert small == queries() == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "year"),
        ({"year": "tahun"}, "year"),
        ({"year": 2022, "scope": "dunia"}, "scope"),
        ({"year": 2022, "scope": "cohort"}, "cohort"),
        ({"year": 2022, "province": "99"}, "province"),
    ],
)
def test_a_bad_ranking_query_is_a_400_naming_the_field(regions, params, field):
    response = _api().get(RANKINGS, params)

    assert response.status_code == 400
    assert field in response.json()


def test_rankings_within_a_cohort_and_province(regions, framework_2020, make_result):
    for code, index in (("32.11", "3.0"), ("32.01", "2.0"), ("73.71", "4.0")):
        make_result(Regency.objects.get(code=code), 2022, Decimal(index), framework_2020)

    cohort = _api().get(RANKINGS, {"year": 2022, "scope": "cohort", "cohort": "idsll-2022-pilot"}).json()
    province = _api().get(RANKINGS, {"year": 2022, "scope": "province"}).json()

    assert [r["regency_code"] for r in cohort["results"]] == ["32.11", "32.01"]
    assert {(r["regency_code"], r["rank"]) for r in province["results"]} == {
        ("32.11", 1),
        ("32.01", 2),
        ("73.71", 1),
    }


def test_the_ranking_api_costs_the_same_queries_for_514_rows_as_for_10(regions, framework_2020, make_result):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            body = _api().get(RANKINGS, {"year": 2022, "page_size": 1000}).json()
        return len(ctx), body["count"]

    regencies = list(Regency.objects.order_by("code"))
    for n, regency in enumerate(regencies[:10]):
        make_result(regency, 2022, Decimal("2.00") + Decimal(n) / 100, framework_2020)
    small = count()
    for n, regency in enumerate(regencies[10:]):
        make_result(regency, 2022, Decimal("1.00") + Decimal(n % 300) / 100, framework_2020)

    # this year's ranked rows and last year's
    assert small == (2, 10)
    assert count() == (2, 514)


def test_synthetic_rows_are_flagged_in_the_ranking(regions, make_evaluation):
    make_evaluation(
        Regency.objects.get(code="32.11"),
        year=2026,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.VERIFIED,
        synthetic=True,
    )

    body = _api().get(RANKINGS, {"year": 2026, "source": "self_assessment"}).json()

    assert [(r["regency_code"], r["synthetic"]) for r in body["results"]] == [("32.11", True)]


# A regency's history and the national index.
def test_a_regencys_history_sits_beside_the_national_index(results):
    NationalIndex.objects.create(year=2022, index=Decimal("2.34"), predicate="Cukup", source_title="s")

    body = _api().get("/api/v1/regencies/32.11/spbe/").json()

    assert body["regency"] == {"code": "32.11", "name": "Kabupaten Sumedang"}
    assert [(e["year"], e["index"], e["source_url"]) for e in body["evaluations"]] == [
        (2022, "3.84", "https://x.test/a")
    ]
    assert body["national"][0]["index"] == "2.34"


def test_an_unknown_regency_has_no_history(db):
    response = _api().get("/api/v1/regencies/99.99/spbe/")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_national_index_lists_years_with_sources(db):
    NationalIndex.objects.create(
        year=2023,
        index=Decimal("2.79"),
        predicate="Baik",
        source_title="Obsession News",
        source_url="https://www.obsessionnews.com/x",
        certainty="news",
    )

    assert _api().get("/api/v1/spbe/national/").json() == [
        {
            "year": 2023,
            "index": "2.79",
            "predicate": "Baik",
            "framework_name": "",
            "certainty": "news",
            "certainty_label": "berita",
            "certainty_note": "",
            "note": "",
            "source": "Obsession News",
            "source_title": "Obsession News",
            "source_url": "https://www.obsessionnews.com/x",
        }
    ]


def test_the_schema_documents_the_spbe_endpoints(db):
    paths = _api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]

    assert {
        "/api/v1/spbe/frameworks/{code}/",
        "/api/v1/spbe/evaluations/",
        "/api/v1/spbe/evaluations/{id}/levels/",
        "/api/v1/spbe/rankings/",
        "/api/v1/spbe/national/",
        "/api/v1/regencies/{code}/spbe/",
    } <= set(paths)


def test_a_regency_factory_regency_without_results_has_an_empty_history(db):
    RegencyFactory(code="99.01")

    assert _api().get("/api/v1/regencies/99.01/spbe/").json()["evaluations"] == []
