import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from regencies.models import Regency
from spbe.models import Evaluation

pytestmark = pytest.mark.django_db

RANKING_HEADER = [
    "rank",
    "previous_rank",
    "movement",
    "new",
    "regency_code",
    "regency_name",
    "province_code",
    "province_name",
    "index",
    "predicate",
    "synthetic",
    "evaluation_id",
    "source",
    "kind",
    "source_title",
    "source_url",
    "certainty",
]


@pytest.fixture
def results(regions, framework_2020, make_result):
    """2022 with a tie for second place; 2021 for the movement. {(code, year): evaluation}."""
    figures = {
        ("32.73", 2022): "4.10",
        ("32.11", 2022): "3.84",
        ("32.04", 2022): "3.84",
        ("16.10", 2022): "2.50",
        ("16.10", 2021): "3.90",
        ("32.11", 2021): "3.52",
    }
    return {
        (code, year): make_result(Regency.objects.get(code=code), year, Decimal(index), framework_2020)
        for (code, year), index in figures.items()
    }


@pytest.fixture
def ranking_2022(results):
    """The national 2022 ranking, worked out by hand: ties share rank 2, the next rank is 4."""
    ids = {code: results[(code, 2022)].pk for code in ["32.73", "32.11", "32.04", "16.10"]}
    return [
        [1, None, None, True, "32.73", "Kota Bandung", "32", "Jawa Barat", Decimal("4.10"), "Sangat Baik", False, ids["32.73"], "official", "official result", "", "", ""],
        [2, None, None, True, "32.04", "Kabupaten Bandung", "32", "Jawa Barat", Decimal("3.84"), "Sangat Baik", False, ids["32.04"], "official", "official result", "", "", ""],
        [2, 2, 0, False, "32.11", "Kabupaten Sumedang", "32", "Jawa Barat", Decimal("3.84"), "Sangat Baik", False, ids["32.11"], "official", "official result", "", "", ""],
        [4, 1, -3, False, "16.10", "Kabupaten Ogan Ilir", "16", "Sumatera Selatan", Decimal("2.50"), "Cukup", False, ids["16.10"], "official", "official result", "", "", ""],
    ]  # fmt: skip


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_text(rows):
    return [["" if value is None else str(value) for value in row] for row in rows]


def test_the_ranking_csv_holds_the_ranking_rows(anon, ranking_2022):
    response = anon.get("/spbe/rankings/2022/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="spbe-rankings-2022-national-official.csv"'
    )
    assert read_csv(response) == [RANKING_HEADER, *as_text(ranking_2022)]


def test_the_ranking_xlsx_holds_the_ranking_rows(anon, ranking_2022):
    response = anon.get("/spbe/rankings/2022/export.xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, *rows = read_xlsx(response)
    assert header == RANKING_HEADER
    # Numbers come back as numbers: compare the index as a Decimal of two places; empty cells as "".
    assert [
        [*row[:8], Decimal(str(row[8])).quantize(Decimal("0.01")), *row[9:14], *as_text([row[14:]])[0]]
        for row in rows
    ] == ranking_2022


def test_the_ranking_export_follows_the_ranking_filters(anon, results):
    by_province = read_csv(anon.get("/spbe/rankings/2022/export.csv", {"scope": "province"}))
    only_16 = read_csv(anon.get("/spbe/rankings/2022/export.csv", {"province": "16"}))

    assert [(row[0], row[4]) for row in by_province[1:]] == [("1", "32.73"), ("2", "32.04"), ("2", "32.11"), ("1", "16.10")]  # fmt: skip
    assert [row[4] for row in only_16[1:]] == ["16.10"]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/spbe/rankings/1999/export.csv", {}, "year"),
        ("/spbe/rankings/2022/export.csv", {"scope": "cohort"}, "cohort"),
        ("/spbe/rankings/2022/export.xlsx", {"province": "99"}, "province"),
        ("/spbe/rankings/2022/export.csv", {"source": "rumor"}, "source"),
        ("/spbe/evaluations/export.csv", {"year": "tahun"}, "year"),
        ("/spbe/evaluations/export.xlsx", {"framework": "permenpanrb-1-1999"}, "framework"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(anon, results, url, params, field):
    response = anon.get(url, params)

    assert response.status_code == 400
    assert response.content.decode().startswith(f"{field}: ")


def test_an_unknown_format_is_not_found(anon, results):
    assert anon.get("/spbe/rankings/2022/export.pdf").status_code == 404
    assert anon.get("/spbe/evaluations/export.json").status_code == 404


def evaluation_row(e):
    return [
        e.pk,
        e.regency_id,
        e.regency.name,
        e.regency.province_id,
        e.regency.province.name,
        e.year,
        "permenpanrb-59-2020",
        "official",
        "official result",
        "published",
        False,
        e.published_index,
        None,
        e.index,
        e.predicate,
        "",
        "",
        "",
        "",
    ]


def test_the_evaluation_csv_and_xlsx_hold_the_filtered_evaluations(anon, results):
    expected = [evaluation_row(results[("32.11", 2021)]), evaluation_row(results[("16.10", 2021)])]
    expected.sort(key=lambda row: row[1])  # newest year first, then by regency code

    as_csv = read_csv(anon.get("/spbe/evaluations/export.csv", {"year": 2021, "source": "official"}))
    as_xlsx = read_xlsx(anon.get("/spbe/evaluations/export.xlsx", {"year": 2021}))

    assert as_csv[0][:3] == ["evaluation_id", "regency_code", "regency_name"]
    assert as_csv[1:] == as_text(expected)
    assert as_xlsx[0] == as_csv[0]
    assert [row[:11] for row in as_xlsx[1:]] == [row[:11] for row in expected]
    assert [Decimal(str(row[13])) for row in as_xlsx[1:]] == [row[13] for row in expected]


def test_the_evaluation_export_marks_synthetic_self_assessments(anon, regions, make_evaluation):
    make_evaluation(
        Regency.objects.get(code="32.11"),
        year=2024,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.VERIFIED,
        synthetic=True,
    )

    header, row = read_csv(anon.get("/spbe/evaluations/export.csv", {"synthetic": "true"}))

    exported = dict(zip(header, row, strict=True))
    assert (exported["regency_code"], exported["source"], exported["synthetic"], exported["index"]) == (
        "32.11",
        "self_assessment",
        "True",
        "3.00",
    )


def test_the_evaluation_export_leaves_out_unverified_self_assessments(anon, regions, make_evaluation):
    for status in (Evaluation.Status.DRAFT, Evaluation.Status.SUBMITTED, Evaluation.Status.RETURNED):
        make_evaluation(
            Regency.objects.get(code="32.11"),
            year=2024,
            source=Evaluation.Source.SELF_ASSESSMENT,
            status=status,
        )
        assert read_csv(anon.get("/spbe/evaluations/export.csv", {"year": 2024})) == [
            read_csv(anon.get("/spbe/evaluations/export.csv"))[0]
        ]
        Evaluation.objects.filter(year=2024).delete()


def test_a_text_that_a_spreadsheet_would_run_is_exported_as_text(anon, results):
    Evaluation.objects.filter(pk=results[("32.11", 2022)].pk).update(source_url='=HYPERLINK("http://x.test")')

    rows = read_csv(anon.get("/spbe/evaluations/export.csv", {"regency": "32.11", "year": 2022}))
    cells = read_xlsx(anon.get("/spbe/evaluations/export.xlsx", {"regency": "32.11", "year": 2022}))

    link = rows[0].index("source_url")
    assert rows[1][link] == '\'=HYPERLINK("http://x.test")'
    assert cells[1][link] == '\'=HYPERLINK("http://x.test")'


@pytest.mark.parametrize("count", [3, 40])
def test_exports_cost_the_same_queries_at_any_size(
    anon, regions, framework_2020, make_result, count, django_assert_num_queries
):
    for regency in Regency.objects.order_by("code")[:count]:
        make_result(regency, 2022, Decimal("3.00"), framework_2020)

    # the ranking: this year's rows and last year's ranks
    with django_assert_num_queries(2):
        assert len(read_csv(anon.get("/spbe/rankings/2022/export.csv"))) == count + 1
    # the evaluations with their regency, province and framework
    with django_assert_num_queries(1):
        assert len(read_xlsx(anon.get("/spbe/evaluations/export.xlsx"))) == count + 1
