"""Benchmark: import 514 × 47 indicator levels into PostgreSQL against COPY of the same rows, and at 5 × the rows.

Run by hand (never in CI), against a scratch PostgreSQL database that it migrates itself:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/livinglab_bench .venv/bin/python benchmarks/spbe_import.py

It reports, in 3 rounds that alternate product and floor, the dry run (read + check) and the run of the
long-format file with its number of queries, and COPY of the same level rows into the level table itself
(the floor: its indexes, unique constraint and foreign keys checked); the medians; the same file again
(nothing changes); the same at 5 × the rows (five years in one file); and ends with one line per goal:
`goal <name> <measured> <target> met|NOT met` (the run, and the dry run with the run, ≤ 4 × COPY; queries
that do not grow with the rows; time that grows no more than linearly). For comparison it also prints COPY
into a table made LIKE the level table (its indexes, no foreign keys), the floor of earlier runs. The read
endpoints, the ranking API among them, are measured by benchmarks/read_path.py.
"""

import csv
import io
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
YEAR = 2031  # a year no real data uses
from benchmarks import ROOT, environment  # noqa: E402

environment()


def timed(label, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} s")
    return result, elapsed


def write_long_file(path, regency_codes, framework, year=YEAR):
    rng = random.Random(year)
    indicators = list(framework.indicators.values_list("number", flat=True))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["regency_code", "year", "framework", "indicator_no", "level"])
        for code in regency_codes:
            base = rng.uniform(1.5, 4.0)
            for number in indicators:
                level = min(framework.level_max, max(framework.level_min, round(rng.gauss(base, 0.9))))
                writer.writerow([code, year, framework.code, number, level])
    return len(regency_codes) * len(indicators)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A query parameter no endpoint reads, different at every request: each URL is new to the portal.
FRESH_URLS = """
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local n = 0
local joint = string.find(wrk.path, "?", 1, true) and "&" or "?"
function request() n = n + 1; return wrk.format(nil, wrk.path .. joint .. "fresh=" .. tid .. "-" .. n) end
"""


def wrk(url, seconds, connections=16, threads=2, fresh=False):
    """(requests per second, median latency) of `url` under load; `fresh`: every request's URL is new
    (an unread query parameter added), so that nothing kept for a URL read before is used."""
    script = []
    if fresh:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(FRESH_URLS)
        script = ["-s", handle.name]
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url} answered {errors.group(1)} errors under load:\n{output}")
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.MULTILINE).group(1)  # the latency distribution row
    return rps, p50


def serve(port, workers):
    """gunicorn serving the portal and its floor endpoints (floor_wsgi) on `port`, once it answers."""
    env = {**os.environ, "BENCHMARK_YEAR": str(YEAR)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "benchmarks.floor_wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def write_years(path, regency_codes, framework, years):
    """One long file with every year's levels (the scale check's 5 × the rows)."""
    lines = []
    for year in years:
        write_long_file(path, regency_codes, framework, year=year)
        with open(path, encoding="utf-8") as handle:
            lines.extend(handle.readlines()[0 if not lines else 1 :])
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines) - 1


COPY_LEVELS = "COPY {table} (evaluation_id, indicator_id, level, explanation, reviewer_comment) FROM STDIN"


def copy_floor(year, rounds=3):
    """Seconds (median of `rounds`) to COPY the levels of `year` into the level table itself: its
    indexes, its unique constraint and its foreign keys checked (as a commit would), for copies of
    the year's evaluations made in a transaction that is rolled back. PostgreSQL's fastest path for
    the same rows into the same table. Also, for comparison, into a table made LIKE the level table
    (its indexes, no foreign keys), the floor of earlier runs. Returns (rows, table, like table)."""
    from django.db import connection, transaction

    from spbe.models import Evaluation, IndicatorScore

    rows = list(
        IndicatorScore.objects.filter(evaluation__year=year).values_list(
            "evaluation_id", "indicator_id", "level"
        )
    )
    columns = ", ".join(f.column for f in Evaluation._meta.concrete_fields if f.column not in ("id", "year"))
    into_table, into_like = [], []
    for _ in range(rounds):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO spbe_evaluation (year, {columns}) "
                f"SELECT %s, {columns} FROM spbe_evaluation WHERE year = %s ORDER BY id RETURNING id",
                [year - 1, year],
            )
            copies = dict(
                zip(sorted({row[0] for row in rows}), sorted(pk for (pk,) in cursor.fetchall()), strict=True)
            )
            text = "".join(
                f"{copies[evaluation]}\t{indicator}\t{level}\t\t\n" for evaluation, indicator, level in rows
            )
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # foreign keys checked with the COPY, not at a commit
            start = time.perf_counter()
            cursor.cursor.copy_expert(COPY_LEVELS.format(table="spbe_indicatorscore"), io.StringIO(text))
            into_table.append(time.perf_counter() - start)
            transaction.set_rollback(True)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_copy_levels (LIKE spbe_indicatorscore INCLUDING ALL)"
            )
            start = time.perf_counter()
            cursor.cursor.copy_expert(COPY_LEVELS.format(table="bench_copy_levels"), io.StringIO(text))
            into_like.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    return len(rows), statistics.median(into_table), statistics.median(into_like)


def import_file(path, label):
    """Dry run and run of one file; returns (check seconds, run seconds, queries of the run)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spbe import imports
    from spbe.models import ImportJob

    upload = SimpleUploadedFile("levels.csv", path.read_bytes(), content_type="text/csv")
    job, check_time = timed(f"{label}: dry run (read + check every row)", imports.import_check,
                            upload=upload, by_user=None, citation=SOURCE)  # fmt: skip
    if job.status != ImportJob.Status.CHECKED:
        raise SystemExit(f"dry run refused the file: {job.problems[:5]}")
    with CaptureQueriesContext(connection) as queries:
        _, run_time = timed(f"{label}: run (all-or-nothing, one transaction)", imports.import_run, job=job)
    job.refresh_from_db()
    print(f"  status {job.status}: {job.created} created, {job.updated} updated, {len(queries)} queries")
    return check_time, run_time, len(queries)


def goal(name, measured, target, met):
    print(f"goal {name} {measured} {target} {'met' if met else 'NOT met'}")


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database (it is migrated and filled).")
    import django

    django.setup()
    from django.core.management import call_command

    from regencies.models import Regency
    from regencies.services import pilot_cohort_load, regions_load
    from spbe import selectors
    from spbe.models import Evaluation
    from spbe.published_data import Citation
    from spbe.services import current_framework, frameworks_load

    global SOURCE
    SOURCE = Citation("Benchmark: synthetic results", "", "official")

    print(f"load average at start: {os.getloadavg()}")
    call_command("migrate", verbosity=0)
    regions_load()
    pilot_cohort_load()
    frameworks_load()
    scale_years = range(YEAR + 1, YEAR + 6)
    Evaluation.objects.filter(year__in=[YEAR - 1, YEAR, *scale_years]).delete()
    framework = current_framework()
    codes = list(Regency.objects.order_by("code").values_list("code", flat=True))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "levels.csv"
        rows = write_long_file(path, codes, framework)
        print(
            f"file: {rows} rows ({len(codes)} kabupaten/kota × 47 indicators), {path.stat().st_size / 1024:.0f} KiB"
        )
        rounds = []  # (check, run, queries, COPY, COPY without foreign keys), product and floor alternating
        for number in range(1, 4):
            Evaluation.objects.filter(year=YEAR).delete()
            measured = import_file(path, f"round {number}, 1 × rows")
            copied, copy_time, like_time = copy_floor(YEAR, rounds=1)
            print(f"round {number}: COPY of the same {copied} rows into the level table, constraints checked: "
                  f"{copy_time:.3f} s (into a table made like it, without its foreign keys: {like_time:.3f} s)")  # fmt: skip
            rounds.append((*measured, copy_time, like_time))
        check_time, run_time, run_queries, copy_time, like_time = (
            statistics.median(column) for column in zip(*rounds, strict=True)
        )
        print(
            f"medians of 3 rounds: dry run {check_time:.2f} s, run {run_time:.2f} s, COPY {copy_time:.3f} s "
            f"(without foreign keys {like_time:.3f} s)"
        )
        _, reimport_time, _ = import_file(path, "the same file again")

        big = write_years(path, codes, framework, scale_years)
        print(f"scale file: {big} rows ({len(scale_years)} years)")
        big_check, big_run, big_queries = import_file(path, "5 × rows")

    ranking, rank_time = timed("rankings for the year (national, 514 rows)", selectors.rankings, year=YEAR)
    assert len(ranking) == len(codes)
    print(f"\nload average at end: {os.getloadavg()}")
    # Each ratio is the median of the rounds' ratios (product and floor measured side by side).
    ratio = statistics.median(run / copy for _check, run, _queries, copy, _like in rounds)
    whole = statistics.median((check + run) / copy for check, run, _queries, copy, _like in rounds)
    like_ratio = statistics.median(run / like for _check, run, _queries, _copy, like in rounds)
    print(f"for comparison, the run ÷ COPY into a table without foreign keys: {like_ratio:.1f}x")
    goal("import-run-vs-copy", f"{ratio:.1f}x", "<=4x", ratio <= 4)
    goal("import-check+run-vs-copy", f"{whole:.1f}x", "<=4x", whole <= 4)
    goal("import-queries-at-5x-rows", f"{run_queries}->{big_queries}", "same", big_queries <= run_queries)
    growth = (big_check + big_run) / (check_time + run_time)
    # Linear, with 10% of room for noise.
    goal("import-time-at-5x-rows", f"{growth:.1f}x", "<=5x+10%", growth <= 5 * 1.1)
    print(f"re-import of the same file (nothing changes): {reimport_time:.2f} s")


if __name__ == "__main__":
    main()
