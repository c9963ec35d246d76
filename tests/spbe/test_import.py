import csv
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from livinglab.celery import app
from regencies.apps import ensure_national_admin_group
from regencies.models import Regency
from spbe import imports
from spbe.importers import MAX_BYTES
from spbe.models import CheckedRecords, Evaluation, Framework, ImportJob, IndicatorScore, LevelChange
from spbe.published_data import Citation
from spbe.tasks import import_run_task

pytestmark = pytest.mark.django_db

FW = "permenpanrb-59-2020"  # 47 indicators, levels 1 to 5
LONG = "regency_code,year,framework,indicator_no,level"
WIDE = "regency_code,year,framework,index,predicate,source_url"
NEW = "/spbe/imports/new/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def eager(monkeypatch):
    # With REDIS_URL set Celery sends tasks to the broker; run them in-process instead.
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def admin(regions, frameworks, national_admin, client_for):
    return client_for(national_admin)


def long_lines(code="32.11", year=2023, framework=FW, level=3, levels=None, skip=()):
    """One complete 59/2020 evaluation: row n + 1 of the file holds indicator n."""
    levels = levels or {}
    return [f"{code},{year},{framework},{n},{levels.get(n, level)}" for n in range(1, 48) if n not in skip]


def upload(lines, header=LONG, name="hasil.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, ("\n".join([header, *lines]) + "\n").encode(encoding))


def raw(content, name="hasil.csv"):
    return SimpleUploadedFile(name, content)


# Every import names the source its results will cite.
SOURCE = {
    "source_title": "KemenPANRB, Keputusan MenPANRB Nomor 13 Tahun 2024",
    "source_url": "https://menpan.go.id/keputusan-13-2024",
    "certainty": "official",
}


def check(client, file, **source):
    """Upload for the dry run; returns the response and the logged job."""
    response = client.post(NEW, {"file": file, **SOURCE, **source})
    return response, ImportJob.objects.order_by("-pk").first()


def problems_of(job):
    return [(p["row"], p["column"], p["code"]) for p in job.problems]


def run_checked(client, file, django_capture_on_commit_callbacks):
    """Dry run, then confirm; the queued task runs in-process when the request commits."""
    _response, job = check(client, file)
    assert job.status == ImportJob.Status.CHECKED, job.problems
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"})
    job.refresh_from_db()
    return job


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# The dry run: every problem kind with its row and column -------------------------------------


@pytest.mark.parametrize(
    ("header", "lines", "expected"),
    [
        pytest.param(LONG, [*long_lines(), f"99.99,2023,{FW},1,3"], (49, "regency_code", "unknown_regency"), id="unknown regency"),
        pytest.param(LONG, [*long_lines(), f",2023,{FW},1,3"], (49, "regency_code", "blank"), id="blank regency"),
        pytest.param(LONG, [*long_lines(), f"32.11,20x3,{FW},1,3"], (49, "year", "bad_year"), id="year not a number"),
        pytest.param(LONG, long_lines(levels={5: 6}), (6, "level", "level_out_of_range"), id="level above the scale"),
        pytest.param(LONG, long_lines(levels={5: 0}), (6, "level", "level_out_of_range"), id="level below the scale"),
        pytest.param(LONG, long_lines(levels={5: "2.5"}), (6, "level", "bad_level"), id="level not whole"),
        pytest.param(LONG, long_lines(levels={5: "tiga"}), (6, "level", "bad_level"), id="level not a number"),
        pytest.param(LONG, [*long_lines(), f"32.11,2023,{FW},5,4"], (49, "indicator_no", "duplicate_row"), id="duplicate row"),
        pytest.param(LONG, [*long_lines(), "32.11,2023,permenpanrb-1-1999,1,3"], (49, "framework", "unknown_framework"), id="unknown framework"),
        pytest.param(LONG, [*long_lines(), f"32.11,2023,{FW},48,3"], (49, "indicator_no", "unknown_indicator"), id="unknown indicator"),
        pytest.param(LONG, long_lines(skip={47}), (2, "indicator_no", "incomplete_evaluation"), id="incomplete evaluation"),
        pytest.param("regency_code,year,framework,indicator_no", long_lines(), (1, "level", "missing_column"), id="missing column"),
        pytest.param("kode,tahun,nilai", ["32.11,2023,3"], (1, "", "unknown_layout"), id="unknown layout"),
        pytest.param(WIDE, [f"32.11,2022,{FW},5.5,,"], (2, "index", "index_out_of_range"), id="index above 5"),
        pytest.param(WIDE, [f"32.11,2022,{FW},-1,,"], (2, "index", "index_out_of_range"), id="index below 0"),
        pytest.param(WIDE, [f"32.11,2022,{FW},3.555,,"], (2, "index", "bad_index"), id="index with three decimals"),
        pytest.param(WIDE, [f"32.11,2022,{FW},tinggi,,"], (2, "index", "bad_index"), id="index not a number"),
        pytest.param(WIDE, [f"32.11,2022,{FW},3.58,Luar Biasa,"], (2, "predicate", "unknown_predicate"), id="unknown predicate"),
        pytest.param(WIDE, [f"32.11,2022,{FW},3.58,,", "32.11,2022,PermenPANRB 59/2020,3.60,,"], (3, "regency_code", "duplicate_row"), id="duplicate result"),
        pytest.param(WIDE.replace(",source_url", ""), [f"32.11,2022,{FW},3.58,"], (1, "source_url", "missing_column"), id="wide missing column"),
        pytest.param(WIDE, [f"32.11,2022,{FW},1e1000000,,"], (2, "index", "bad_index"), id="index with an exponent"),
        pytest.param(WIDE, [f"32.11,2022,{FW},4.999999999999999999999999999999,,"], (2, "index", "bad_index"), id="index with 30 decimals"),
        pytest.param(WIDE, [f"32.11,1e1000000,{FW},3.58,,"], (2, "year", "bad_year"), id="year with an exponent"),
        pytest.param(LONG, long_lines(levels={5: "1e1000000"}), (6, "level", "bad_level"), id="level with an exponent"),
        pytest.param(WIDE, ["32.11,2023,permenpanrb-5-2018,3.58,,"], (2, "framework", "framework_not_in_force"), id="framework not in force that year"),
        pytest.param(WIDE, [f"32.11,2019,permenpanrb-5-2018,3.58,{'x' * 101},"], (2, "predicate", "predicate_too_long"), id="predicate too long"),
    ],
)  # fmt: skip
def test_the_dry_run_names_the_row_and_column_of_each_problem(admin, header, lines, expected):
    response, job = check(admin, upload(lines, header=header))

    row, column, code = expected
    assert response.status_code == 200
    assert job.status == ImportJob.Status.INVALID
    assert problems_of(job) == [expected]
    assert f'data-code="{code}" data-row="{row}" data-column="{column}"' in response.content.decode()
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        pytest.param(b"", "hasil.csv", (None, "", "empty_file"), id="empty file"),
        pytest.param(f"{LONG}\n".encode(), "hasil.csv", (None, "", "empty_file"), id="header only"),
        pytest.param(b"x" * (MAX_BYTES + 1), "hasil.csv", (None, "", "too_large"), id="larger than 10 MB"),
        pytest.param(f"{LONG}\n32.11,2023,{FW},1,3\n".encode(), "hasil.xlsx", (None, "", "not_xlsx"), id="csv named xlsx"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "hasil.csv", (None, "", "wrong_type"), id="image named csv"),
        pytest.param(b"%PDF-1.4", "hasil.pdf", (None, "", "wrong_type"), id="pdf"),
        pytest.param(LONG.encode("utf-16"), "hasil.csv", (None, "", "encoding"), id="utf-16"),
        pytest.param(f"{LONG}\n32.11,2023,{FW},1,3\nKab. Bekasi é,2023,{FW},2,3\n".encode("latin-1"), "hasil.csv", (3, "", "encoding"), id="latin-1"),
    ],
)  # fmt: skip
def test_the_dry_run_refuses_a_file_that_is_not_a_utf8_table(admin, content, name, expected):
    response, job = check(admin, raw(content, name))

    assert response.status_code == 200
    assert problems_of(job) == [expected]
    assert job.status == ImportJob.Status.INVALID
    assert job.original_name == name


def test_a_zip_that_is_not_a_workbook_is_refused_by_its_content(admin):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w/>")

    _response, job = check(admin, raw(archive.getvalue(), "hasil.xlsx"))

    assert problems_of(job) == [(None, "", "wrong_type")]


def test_the_dry_run_lists_every_problem_in_row_order(admin):
    lines = [*long_lines(levels={3: 9, 7: "x"}), "99.99,2023,permenpanrb-59-2020,1,3", f"32.11,2023,{FW},3,3"]

    _response, job = check(admin, upload(lines))

    assert problems_of(job) == [
        (4, "level", "level_out_of_range"),
        (8, "level", "bad_level"),
        (49, "regency_code", "unknown_regency"),
        (50, "indicator_no", "duplicate_row"),
    ]
    assert job.problems[3]["params"] == {"first_row": 4}


def test_a_wrong_kabupaten_kota_or_year_is_reported_on_every_row_that_repeats_it(admin):
    lines = [*long_lines(code="99.99"), *long_lines(year=2017)[:2], *long_lines(code="32.73")]

    _response, job = check(admin, upload(lines))

    expected = [(row, "regency_code", "unknown_regency") for row in range(2, 49)]
    expected += [(49, "framework", "framework_not_in_force"), (50, "framework", "framework_not_in_force")]
    assert problems_of(job) == expected
    assert {problem["params"]["value"] for problem in job.problems[:47]} == {"99.99"}
    assert job.problems[-1]["params"]["year"] == 2017


def test_an_xlsx_file_reports_problems_by_its_sheet_rows(admin):
    rows = [LONG.split(","), *[line.split(",") for line in long_lines(levels={5: 9})]]
    rows = [[int(cell) if cell.isdigit() else cell for cell in row] for row in rows]

    _response, job = check(admin, raw(xlsx(rows), "hasil.xlsx"))

    assert problems_of(job) == [(6, "level", "level_out_of_range")]


def test_a_workbook_that_unpacks_too_large_or_runs_too_long_is_refused_before_it_is_read(admin, monkeypatch):
    rows = [LONG.split(","), *[line.split(",") for line in long_lines()]]
    monkeypatch.setattr("spbe.importers.MAX_UNPACKED_BYTES", 1000)
    _response, too_large = check(admin, raw(xlsx(rows), "besar.xlsx"))
    monkeypatch.setattr("spbe.importers.MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
    monkeypatch.setattr("spbe.importers.MAX_ROWS", 10)
    _response, too_long = check(admin, raw(xlsx(rows), "panjang.xlsx"))

    assert problems_of(too_large) == [(None, "", "too_large_unpacked")]
    assert problems_of(too_long) == [(None, "", "too_many_rows")]
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(
            ("\ufeff" + LONG + "\n" + "\n".join(long_lines())).encode(), "bom.csv", id="utf-8 with BOM"
        ),
        pytest.param(
            "\n".join(line.replace(",", ";") for line in [LONG, *long_lines()]).encode(),
            "titik-koma.csv",
            id="semicolons",
        ),
        pytest.param(
            "\n".join([LONG, *long_lines(framework="PermenPANRB 59/2020")]).encode(),
            "nama.csv",
            id="framework by name",
        ),
        pytest.param(
            xlsx(
                [LONG.split(","), *[[*line.split(",")[:3], n, 3] for n, line in enumerate(long_lines(), 1)]]
            ),
            "hasil.xlsx",
            id="xlsx",
        ),
    ],
)
def test_the_dry_run_accepts_bom_semicolons_framework_names_and_xlsx(admin, content, name):
    response, job = check(admin, raw(content, name))

    assert job.problems == []
    assert job.status == ImportJob.Status.CHECKED
    assert (job.layout, job.rows_total, job.created) == ("long", 47, 1)
    assert response.status_code == 302
    assert response["Location"] == f"/spbe/imports/{job.pk}/"


def test_the_checked_page_says_what_would_change_and_asks_to_confirm(admin):
    _response, job = check(admin, upload([*long_lines(), *long_lines("16.10", level=4)]))

    html = admin.get(f"/spbe/imports/{job.pk}/").content.decode()

    assert 'data-status="checked"' in html
    assert '<td data-count="created">2</td>' in html
    assert f'action="/spbe/imports/{job.pk}/confirm/"' in html
    assert Evaluation.objects.count() == 0


def test_a_post_without_a_file_shows_the_error_and_logs_nothing(admin):
    response = admin.post(NEW, {})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not ImportJob.objects.exists()


# Running: all or nothing, idempotent, with progress -------------------------------------------


def test_a_long_import_creates_official_evaluations_with_computed_index(
    admin, eager, django_capture_on_commit_callbacks
):
    job = run_checked(
        admin, upload([*long_lines(), *long_lines("16.10", level=4)]), django_capture_on_commit_callbacks
    )

    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.updated, job.unchanged) == (2, 0, 0)
    assert job.rows_done == job.rows_total == 94
    sumedang, ogan_ilir = Evaluation.objects.order_by("-regency_id")
    assert (sumedang.regency_id, sumedang.source, sumedang.status) == ("32.11", "official", "published")
    assert (sumedang.computed_index, sumedang.index, sumedang.predicate) == (
        Decimal("3.00"),
        Decimal("3.00"),
        "Baik",
    )
    assert (ogan_ilir.index, ogan_ilir.predicate) == (Decimal("4.00"), "Sangat Baik")
    assert IndicatorScore.objects.filter(evaluation=sumedang).count() == 47


def test_one_bad_row_and_nothing_is_written(admin):
    lines = [*long_lines(), *long_lines("16.10", level=4, levels={30: 7})]

    _response, job = check(admin, upload(lines))
    confirm = admin.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"})

    assert problems_of(job) == [(78, "level", "level_out_of_range")]
    assert confirm.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert Evaluation.objects.count() == 0


def test_a_failure_while_writing_rolls_everything_back(
    admin, national_admin, make_evaluation, monkeypatch, django_capture_on_commit_callbacks
):
    existing = make_evaluation(Regency.objects.get(code="32.11"), year=2023, level=2)
    file = upload([*long_lines(level=3), *long_lines("16.10", level=4)])
    _response, job = check(admin, file)
    original = imports.evaluations_recompute

    def recompute_then_fail(*, evaluations):
        original(evaluations=evaluations)  # the new 16.10 and 32.11's new levels and indices are written,
        raise RuntimeError("database went away")  # then the connection is lost before the commit

    monkeypatch.setattr(imports, "evaluations_recompute", recompute_then_fail)
    with pytest.raises(RuntimeError):
        imports.import_run(job=job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "database went away" in job.message
    assert Evaluation.objects.count() == 1
    assert set(existing.scores.values_list("level", flat=True)) == {2}
    assert not LevelChange.objects.exists()


def test_the_run_checks_the_file_again_against_the_database(admin):
    _response, job = check(admin, upload([*long_lines(), *long_lines("16.10")]))
    Regency.objects.filter(code="16.10").delete()

    imports.import_run(job=job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert problems_of(job)[0] == (49, "regency_code", "unknown_regency")
    assert Evaluation.objects.count() == 0


@pytest.fixture
def file_checked_once(monkeypatch):
    """From here on, reading and checking a file fails the test: the run must use the dry run's records."""

    def checked_again(*args):
        pytest.fail("the run read and checked the file again")

    def arm():
        monkeypatch.setattr(imports.importers, "check", checked_again)

    return arm


def test_the_run_writes_what_the_dry_run_read_without_reading_the_file_again(admin, file_checked_once):
    levels = {1: 5, 2: 1, 47: 4}
    _response, job = check(admin, upload([*long_lines(levels=levels), *long_lines("16.10", level=2)]))
    file_checked_once()

    imports.import_run(job=job)

    job.refresh_from_db()
    assert (job.status, job.created, job.rows_done) == (ImportJob.Status.DONE, 2, 94)
    written = {
        code: dict(
            IndicatorScore.objects.filter(evaluation__regency_id=code).values_list(
                "indicator__number", "level"
            )
        )
        for code in ("32.11", "16.10")
    }
    assert written == {
        "32.11": {n: levels.get(n, 3) for n in range(1, 48)},
        "16.10": dict.fromkeys(range(1, 48), 2),
    }
    assert not CheckedRecords.objects.exists()  # a finished job keeps its file, not a second copy


def test_a_wide_run_writes_what_the_dry_run_read_without_reading_the_file_again(admin, file_checked_once):
    lines = [f"32.11,2022,{FW},3.8,baik,https://example.go.id/spbe-2022", f"16.10,2022,{FW},2.05,,"]
    _response, job = check(admin, upload(lines, header=WIDE))
    file_checked_once()

    imports.import_run(job=job)

    results = {(e.regency_id, e.published_index, e.predicate, e.source_url) for e in Evaluation.objects.all()}
    assert results == {
        ("32.11", Decimal("3.80"), "Baik", "https://example.go.id/spbe-2022"),
        ("16.10", Decimal("2.05"), "Cukup", SOURCE["source_url"]),
    }


def test_a_framework_changed_since_the_dry_run_makes_the_run_check_the_file_again(admin, frameworks):
    _response, job = check(admin, upload(long_lines()))
    framework = Framework.objects.get(code=FW)
    framework.level_max = 2  # the file's levels of 3 no longer fit
    framework.save()

    imports.import_run(job=job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert problems_of(job)[0] == (2, "level", "level_out_of_range")
    assert not Evaluation.objects.exists()


def test_importing_the_same_file_again_changes_nothing_and_says_so(
    admin, eager, django_capture_on_commit_callbacks
):
    lines = [*long_lines(), *long_lines("16.10", level=4)]
    run_checked(admin, upload(lines), django_capture_on_commit_callbacks)
    before = list(Evaluation.objects.order_by("pk").values_list("pk", "updated_at", "index"))

    response, again = check(admin, upload(lines))
    page = admin.get(response["Location"]).content.decode()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert 'id="nothing-to-change"' in page

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/spbe/imports/{again.pk}/confirm/", {"confirm": "on"})
    again.refresh_from_db()

    assert again.status == ImportJob.Status.UNCHANGED
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert "Tidak ada perubahan: 2 evaluasi" in admin.get(f"/spbe/imports/{again.pk}/").content.decode()
    assert list(Evaluation.objects.order_by("pk").values_list("pk", "updated_at", "index")) == before
    assert not LevelChange.objects.exists()
    assert 'data-status="unchanged"' in admin.get(f"/spbe/imports/{again.pk}/").content.decode()


def test_a_changed_level_updates_the_evaluation_and_keeps_its_history(
    admin, national_admin, eager, django_capture_on_commit_callbacks
):
    run_checked(admin, upload([*long_lines(), *long_lines("16.10")]), django_capture_on_commit_callbacks)

    job = run_checked(
        admin, upload([*long_lines(levels={47: 5}), *long_lines("16.10")]), django_capture_on_commit_callbacks
    )

    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.updated, job.unchanged) == (0, 1, 1)
    change = LevelChange.objects.get()
    assert (change.score.indicator.number, change.old_level, change.new_level) == (47, 3, 5)
    assert change.changed_by == national_admin
    sumedang = Evaluation.objects.get(regency_id="32.11")
    assert sumedang.computed_index > Decimal("3.00")


def test_an_import_never_touches_a_self_assessment(
    admin, make_evaluation, eager, django_capture_on_commit_callbacks
):
    own = make_evaluation(
        Regency.objects.get(code="32.11"),
        year=2023,
        level=2,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.DRAFT,
    )

    run_checked(admin, upload(long_lines(level=4)), django_capture_on_commit_callbacks)

    own.refresh_from_db()
    assert (own.index, own.status) == (Decimal("2.00"), Evaluation.Status.DRAFT)
    assert set(own.scores.values_list("level", flat=True)) == {2}
    official = Evaluation.objects.get(source=Evaluation.Source.OFFICIAL)
    assert official.index == Decimal("4.00")


def test_a_wide_import_stores_published_results_and_computes_a_blank_predicate(
    admin, eager, django_capture_on_commit_callbacks
):
    lines = [
        f"32.11,2022,{FW},3.84,,https://example.go.id/spbe-2022",
        "16.10,2022,PermenPANRB 59/2020,2.5,cukup,",
        "32.11,2020,PermenPANRB 5/2018,3.81,Sangat Baik,https://example.go.id/spbe-2020",
    ]

    job = run_checked(admin, upload(lines, header=WIDE), django_capture_on_commit_callbacks)

    assert (job.layout, job.status, job.created, job.rows_done) == ("wide", "done", 3, 3)
    results = {
        (e.regency_id, e.year): (e.published_index, e.index, e.predicate, e.source_url)
        for e in Evaluation.objects.all()
    }
    assert results == {
        ("32.11", 2022): (Decimal("3.84"), Decimal("3.84"), "Sangat Baik", "https://example.go.id/spbe-2022"),
        ("16.10", 2022): (Decimal("2.50"), Decimal("2.50"), "Cukup", SOURCE["source_url"]),  # the form's link
        # 5/2018 has no predicate table: the published wording is kept as it is.
        ("32.11", 2020): (Decimal("3.81"), Decimal("3.81"), "Sangat Baik", "https://example.go.id/spbe-2020"),
    }

    again = run_checked(admin, upload(lines, header=WIDE), django_capture_on_commit_callbacks)
    assert (again.status, again.unchanged) == ("unchanged", 3)


def test_the_task_runs_an_import_once_even_when_delivered_twice(admin):
    _response, job = check(admin, upload(long_lines()))
    imports.import_queue(job=job)

    import_run_task(job.pk)
    first = Evaluation.objects.get()
    import_run_task(job.pk)

    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJob.Status.DONE, 1)
    assert Evaluation.objects.get().updated_at == first.updated_at
    assert import_run_task(999_999) is None  # a job that is gone is skipped


def test_the_job_page_shows_a_queued_import_and_its_progress(
    admin, eager, django_capture_on_commit_callbacks
):
    _response, job = check(admin, upload(long_lines()))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"})
    assert response["Location"] == f"/spbe/imports/{job.pk}/"
    assert len(callbacks) == 1
    html = admin.get(f"/spbe/imports/{job.pk}/").content.decode()

    assert 'data-status="queued"' in html
    assert f'data-progress-url="/spbe/imports/{job.pk}/progress/"' in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "js/import_progress.js" in html
    assert 'id="import-confirm"' not in html
    progress = admin.get(f"/spbe/imports/{job.pk}/progress/").json()
    assert (progress["status"], progress["rows_done"], progress["finished"]) == ("queued", 0, False)

    callbacks[0]()  # the worker picks it up

    assert admin.get(f"/spbe/imports/{job.pk}/progress/").json() == {
        "id": job.pk,
        "status": "done",
        "status_label": ImportJob.Status.DONE.label,
        "rows_total": 47,
        "rows_done": 47,
        "percent": 100,
        "finished": True,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
    }


def test_the_progress_of_a_running_import_comes_from_the_worker(admin):
    _response, job = check(admin, upload([*long_lines(), *long_lines("16.10")]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    cache.set(imports._progress_key(job.pk), 47)

    progress = admin.get(f"/spbe/imports/{job.pk}/progress/").json()

    assert (progress["status"], progress["rows_done"], progress["rows_total"], progress["percent"]) == (
        "running",
        47,
        94,
        50,
    )
    assert 'value="47"' in admin.get(f"/spbe/imports/{job.pk}/").content.decode()


def test_an_unconfirmed_post_does_not_queue(admin):
    _response, job = check(admin, upload(long_lines()))

    response = admin.post(f"/spbe/imports/{job.pk}/confirm/", {})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


# Templates --------------------------------------------------------------------------------------


def test_the_long_template_lists_every_indicator_and_imports_once_filled(admin):
    response = admin.get("/spbe/imports/template/long.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == LONG.split(",")
    assert [row[3] for row in rows[1:]] == [str(n) for n in range(1, 48)]

    _response, untouched = check(admin, raw(response.content, "template.csv"))
    assert untouched.status == ImportJob.Status.INVALID
    assert problems_of(untouched)[:3] == [
        (2, "level", "blank"),
        (2, "regency_code", "blank"),
        (2, "year", "blank"),
    ]

    filled = [["32.11", "2023", row[2], row[3], "4"] for row in rows[1:]]
    _response, job = check(admin, upload([",".join(row) for row in filled]))
    assert (job.status, job.created) == (ImportJob.Status.CHECKED, 1)


def test_the_wide_template_is_an_xlsx_with_the_header(admin):
    response = admin.get("/spbe/imports/template/wide.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [WIDE.split(",")]
    assert 'filename="spbe-import-wide.xlsx"' in response["Content-Disposition"]


# Permissions, from each side ---------------------------------------------------------------------


@pytest.fixture
def job(regions, frameworks, national_admin):
    return imports.import_check(
        upload=upload(long_lines()),
        by_user=national_admin,
        citation=Citation(SOURCE["source_title"], "", "official"),
    )


PAGES = [
    "/spbe/imports/",
    "/spbe/imports/new/",
    "/spbe/imports/{pk}/",
    "/spbe/imports/{pk}/progress/",
    "/spbe/imports/template/long.csv",
    "/spbe/imports/template/wide.xlsx",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(job, anon, url):
    url = url.format(pk=job.pk)

    response = anon.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager", "assessor"])
@pytest.mark.parametrize("url", PAGES)
def test_pemda_staff_and_assessors_may_not_import(job, request, client_for, actor, url):
    client = client_for(request.getfixturevalue(actor))

    assert client.get(url.format(pk=job.pk)).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_national_admins_see_every_import_page(job, national_admin, client_for, url):
    assert client_for(national_admin).get(url.format(pk=job.pk)).status_code == 200


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager", "assessor"])
def test_pemda_staff_can_neither_upload_nor_confirm(job, request, client_for, actor):
    client = client_for(request.getfixturevalue(actor))

    assert client.post(NEW, {"file": upload(long_lines())}).status_code == 403
    assert client.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"}).status_code == 403

    assert ImportJob.objects.count() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_anonymous_confirm_is_sent_to_log_in(job, anon):
    response = anon.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_a_national_admin_queues_a_checked_import(job, national_admin, client_for):
    response = client_for(national_admin).post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED


# The log -----------------------------------------------------------------------------------------


def test_every_import_is_logged_with_who_when_file_counts_and_result(admin, national_admin):
    check(admin, upload(long_lines(), name="sumedang-2023.csv"))
    check(admin, upload(long_lines(levels={1: 9}), name="salah.csv"))

    html = admin.get("/spbe/imports/").content.decode()

    good, bad = ImportJob.objects.order_by("pk")
    assert (good.uploaded_by, good.original_name, good.status, good.rows_total) == (
        national_admin,
        "sumedang-2023.csv",
        "checked",
        47,
    )
    assert (bad.status, len(bad.problems), bad.finished_at is not None) == ("invalid", 1, True)
    assert bad.file.read().startswith(b"regency_code")
    assert html.index("salah.csv") < html.index("sumedang-2023.csv")  # newest first
    assert f'href="/spbe/imports/{good.pk}/"' in html


@pytest.mark.parametrize("size", [3, 60])
def test_the_import_log_costs_the_same_queries_at_any_size(
    admin, national_admin, size, django_assert_num_queries
):
    ImportJob.objects.bulk_create(
        ImportJob(uploaded_by=national_admin, original_name=f"{n}.csv", status="done", rows_total=n)
        for n in range(size)
    )

    # session, user, the user's groups (national admin?), count, one page of jobs with their uploader,
    # the menu's unread notifications
    with django_assert_num_queries(6):
        response = admin.get("/spbe/imports/")

    assert response.content.decode().count("<tr data-job=") == min(size, 50)


# The Django admin --------------------------------------------------------------------------------


def test_the_admin_log_links_to_the_import_page_and_is_read_only(admin):
    # The group's permissions are granted after regencies' migrations, before spbe's exist: grant again.
    ensure_national_admin_group()
    _response, bad = check(admin, upload(long_lines(levels={1: 9})))

    changelist = admin.get("/admin/spbe/importjob/").content.decode()
    change = admin.get(f"/admin/spbe/importjob/{bad.pk}/change/")

    assert 'href="/spbe/imports/new/"' in changelist
    assert change.status_code == 200
    assert 'name="status"' not in change.content.decode()  # nothing to edit
    assert "level_out_of_range" not in change.content.decode()  # problems read as sentences
    assert "PermenPANRB 59/2020" in change.content.decode()
    assert admin.get("/admin/spbe/importjob/add/").status_code == 403


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("𠀀" * 120 + ".csv", ImportJob.Status.CHECKED),
        ("../../etc/passwd.csv", ImportJob.Status.CHECKED),
        ("a." + "c" * 250, ImportJob.Status.INVALID),  # not .csv nor .xlsx, but logged all the same
    ],
)
def test_any_file_name_is_logged_and_kept_under_a_safe_name(admin, name, status):
    _response, job = check(admin, upload(long_lines(), name=name))

    assert job.status == status
    assert job.original_name == name.rsplit("/", 1)[-1][:255]
    stored = job.file.name.rsplit("/", 1)[-1]
    assert stored.isascii() and len(stored) <= 70 and ".." not in stored


# Sources: nothing imported is sourceless ----------------------------------------------------------


def test_an_import_without_a_source_is_refused_next_to_the_field(admin):
    response = admin.post(NEW, {"file": upload(long_lines()), "certainty": "official"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_source_title_error"' in html  # the error sits with the field
    assert not ImportJob.objects.exists()


def test_imported_results_cite_the_source_given_with_the_file(
    admin, eager, django_capture_on_commit_callbacks
):
    lines = [f"32.11,2022,{FW},3.84,,https://example.go.id/sumedang", "16.10,2022,PermenPANRB 59/2020,2.5,,"]

    run_checked(admin, upload(lines, header=WIDE), django_capture_on_commit_callbacks)
    run_checked(admin, upload(long_lines(year=2023)), django_capture_on_commit_callbacks)

    cited = {
        (e.regency_id, e.year): (e.source_title, e.source_url, e.certainty) for e in Evaluation.objects.all()
    }
    assert cited == {
        ("32.11", 2022): (
            SOURCE["source_title"],
            "https://example.go.id/sumedang",
            "official",
        ),  # the row's link
        ("16.10", 2022): (SOURCE["source_title"], SOURCE["source_url"], "official"),
        ("32.11", 2023): (SOURCE["source_title"], SOURCE["source_url"], "official"),
    }
    page = admin.get(f"/spbe/imports/{ImportJob.objects.order_by('-pk').first().pk}/").content.decode()
    assert f'<a href="{SOURCE["source_url"]}" rel="noopener noreferrer">KemenPANRB' in page


# Indicator detail added to a published result ----------------------------------------------------


@pytest.fixture
def published_2022(admin, framework_2020, make_result):
    """Sumedang 2022 as published: 4.77, cited to a news report, no indicator detail."""
    return make_result(
        Regency.objects.get(code="32.11"),
        2022,
        Decimal("4.77"),
        framework_2020,
        source_title="Jabar Ekspres",
        source_url="https://jabarekspres.com/x",
        certainty="news",
    )


def test_the_dry_run_says_when_levels_add_detail_to_a_published_result(admin, published_2022):
    response, job = check(admin, upload(long_lines(year=2022, level=3)))

    page = admin.get(response["Location"]).content.decode()
    warning = re.search(r'<section id="import-warnings".*?</section>', page, re.S).group(0)
    assert "Kabupaten Sumedang 2022: menambahkan rincian indikator ke hasil yang dipublikasikan" in warning
    assert "dihitung 3,00, dipublikasikan 4,77" in warning
    assert 'name="confirm_detail"' in page
    assert job.warnings == [
        {
            "regency": "Kabupaten Sumedang",
            "regency_code": "32.11",
            "year": 2022,
            "framework": "PermenPANRB 59/2020",
            "computed": "3.00",
            "published": "4.77",
        }
    ]


def test_adding_detail_to_a_published_result_needs_its_own_confirmation(
    admin, published_2022, eager, django_capture_on_commit_callbacks
):
    _response, job = check(admin, upload(long_lines(year=2022, level=3)))

    refused = admin.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"})
    job.refresh_from_db()
    assert refused.status_code == 200
    assert 'id="id_confirm_detail_error"' in refused.content.decode()
    assert job.status == ImportJob.Status.CHECKED

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on", "confirm_detail": "on"})
    job.refresh_from_db()
    published_2022.refresh_from_db()
    assert (job.status, job.updated, job.detail_confirmed) == (ImportJob.Status.DONE, 1, True)
    # the published index stays the result; the detail's own index is kept beside it and flagged
    assert (published_2022.index, published_2022.computed_index) == (Decimal("4.77"), Decimal("3.00"))
    assert published_2022.index_mismatch
    assert published_2022.scores.count() == 47
    assert published_2022.source_title == f"Jabar Ekspres ; {SOURCE['source_title']}"
    assert published_2022.source_url == f"https://jabarekspres.com/x ; {SOURCE['source_url']}"
    assert published_2022.certainty == "news"


def test_a_published_result_that_appears_after_the_dry_run_is_not_given_detail_unconfirmed(
    admin, framework_2020, make_result
):
    _response, job = check(admin, upload(long_lines(year=2022, level=3)))
    assert job.warnings == []  # nothing published yet: a plain new result
    make_result(Regency.objects.get(code="32.11"), 2022, Decimal("4.77"), framework_2020)
    imports.import_queue(job=job)

    imports.import_run(job=job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert problems_of(job) == [(None, "", "detail_not_confirmed")]
    assert not IndicatorScore.objects.exists()


# How the values were read, and the result in the reader's language --------------------------------


def test_the_dry_run_shows_how_the_first_rows_were_read(admin):
    lines = ['32.11,2022,PermenPANRB 59/2020,"3,80",,', f"16.10,2022,{FW},2.5,,"]

    response, job = check(admin, upload(lines, header=WIDE))
    indonesian = admin.get(response["Location"]).content.decode()
    admin.cookies["django_language"] = "en"
    english = admin.get(response["Location"]).content.decode()

    table = re.search(r'<section id="import-preview".*?</section>', indonesian, re.S).group(0)
    first = re.search(r'<tr data-row="2">(.*?)</tr>', table, re.S).group(1)
    assert "<td>32.11</td><td>2022</td><td>PermenPANRB 59/2020</td>" in first
    assert '<code>3,80</code></td><td><data value="3.80">3,80</data>' in first
    assert '<data value="3.80">3.80</data>' in english
    assert '<tr data-row="3">' in table
    assert [row["read"] for row in job.preview] == ["3.80", "2.50"]


def test_the_long_dry_run_shows_the_levels_of_the_first_five_rows(admin):
    response, job = check(admin, upload(long_lines(levels={1: 4, 2: 2})))

    page = admin.get(response["Location"]).content.decode()

    assert [(row["row"], row["indicator"], row["read"]) for row in job.preview] == [
        (2, 1, "4"),
        (3, 2, "2"),
        (4, 3, "3"),
        (5, 4, "3"),
        (6, 5, "3"),
    ]
    assert page.count("<tr data-row=") == 5


def test_the_result_line_follows_the_readers_language_not_the_workers(admin):
    _response, job = check(admin, upload(long_lines()))
    imports.import_queue(job=job)

    with translation.override("en"):  # a worker running in English
        imports.import_run(job=job)
    indonesian = admin.get(f"/spbe/imports/{job.pk}/").content.decode()
    admin.cookies["django_language"] = "en"
    english = admin.get(f"/spbe/imports/{job.pk}/").content.decode()

    assert (
        '<dd id="import-message">Diimpor: 1 evaluasi dibuat, 0 diperbarui, 0 tidak berubah.</dd>'
        in indonesian
    )
    assert (
        '<dd id="import-message">Imported: 1 evaluation(s) created, 0 updated, 0 unchanged.</dd>' in english
    )


def test_a_refused_file_says_so_in_the_readers_language(admin):
    admin.cookies["django_language"] = "en"
    response, _job = check(admin, upload(long_lines(levels={1: 9})))

    assert "1 problem found; nothing was imported." in response.content.decode()
