"""Benchmark: import 514 × 47 indicator levels into PostgreSQL, rank the year, and load-test the ranking API.

Run by hand (never in CI), against a scratch PostgreSQL database that it migrates itself:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/livinglab_bench .venv/bin/python benchmarks/spbe_import.py

It needs wrk (apt-get install wrk). It reports: the dry run and the import of the long-format file, the ranking
computation, and the ranking API's throughput under gunicorn as a ratio to a floor endpoint that returns the same
JSON from one raw SQL query, measured in the same run. Goal: ratio >= 0.5.
"""

import csv
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
YEAR = 2031  # a year no real data uses
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ["API_ANON_THROTTLE_RATE"] = "100000000/second"
os.environ["DJANGO_SETTINGS_MODULE"] = "livinglab.settings"


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


def wrk(url, seconds, connections=16, threads=2):
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
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


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database (it is migrated and filled).")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from regencies.models import Regency
    from regencies.services import pilot_cohort_load, regions_load
    from spbe import imports, selectors
    from spbe.models import Evaluation, ImportJob
    from spbe.published_data import Citation
    from spbe.services import current_framework, frameworks_load

    global SOURCE
    SOURCE = Citation("Benchmark: synthetic results", "", "official")

    call_command("migrate", verbosity=0)
    regions_load()
    pilot_cohort_load()
    frameworks_load()
    Evaluation.objects.filter(year__in=[YEAR - 1, YEAR]).delete()
    framework = current_framework()
    codes = list(Regency.objects.order_by("code").values_list("code", flat=True))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "levels.csv"
        rows = write_long_file(path, codes, framework)
        print(
            f"file: {rows} rows ({len(codes)} kabupaten/kota × {framework.indicators.count()} indicators), "
            f"{path.stat().st_size / 1024:.0f} KiB"
        )
        upload = SimpleUploadedFile("levels.csv", path.read_bytes(), content_type="text/csv")
        job, check_time = timed(
            "dry run (parse + check every row)",
            imports.import_check,
            upload=upload,
            by_user=None,
            citation=SOURCE,
        )
        if job.status != ImportJob.Status.CHECKED:
            raise SystemExit(f"dry run refused the file: {job.problems[:5]}")
        _, import_time = timed("import (all-or-nothing, one transaction)", imports.import_run, job=job)
        job.refresh_from_db()
        print(
            f"  status {job.status}: {job.created} created, {job.updated} updated, {job.unchanged} unchanged"
        )
        upload = SimpleUploadedFile("levels.csv", path.read_bytes(), content_type="text/csv")
        again = imports.import_check(upload=upload, by_user=None, citation=SOURCE)
        _, reimport_time = timed("re-import of the same file", imports.import_run, job=again)
        again.refresh_from_db()
        print(f"  status {again.status}")

    ranking, rank_time = timed("rankings for the year (national, 514 rows)", selectors.rankings, year=YEAR)
    timed("rankings within provinces", selectors.rankings, year=YEAR, scope="province")
    assert len(ranking) == len(codes)

    port = free_port()
    server = serve(port, workers=int(os.environ.get("BENCH_WORKERS", "2")))
    try:
        base = f"http://127.0.0.1:{port}"
        api = f"{base}/api/v1/spbe/rankings/?year={YEAR}&page_size=1000"
        floor = f"{base}/floor/rankings/?year={YEAR}&page_size=1000"
        api_body = subprocess.run(["curl", "-fsS", api], capture_output=True, check=True).stdout
        floor_body = subprocess.run(["curl", "-fsS", floor], capture_output=True, check=True).stdout
        same = json.loads(api_body) == json.loads(floor_body)
        print(f"API and floor return the same JSON: {same} ({len(api_body) / 1024:.0f} KiB)")
        if not same:
            raise SystemExit("the floor endpoint must return exactly the API's JSON")
        seconds = int(os.environ.get("BENCH_SECONDS", "10"))
        wrk(api, 2)  # warm up both
        wrk(floor, 2)
        api_rps, api_p50 = wrk(api, seconds)
        floor_rps, floor_p50 = wrk(floor, seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    print(f"ranking API: {api_rps:.1f} req/s (p50 {api_p50})")
    print(f"floor (one raw SQL query, same JSON): {floor_rps:.1f} req/s (p50 {floor_p50})")
    ratio = api_rps / floor_rps
    print(f"ratio API / floor: {ratio:.2f} (goal >= 0.5) -> {'met' if ratio >= 0.5 else 'NOT met'}")
    print(
        f"summary: dry run {check_time:.2f} s, import {import_time:.2f} s, re-import {reimport_time:.2f} s, "
        f"ranking {rank_time:.3f} s, ratio {ratio:.2f}"
    )


if __name__ == "__main__":
    main()
