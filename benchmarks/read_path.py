"""Benchmark: the read path. API endpoints against their raw-SQL floors, public pages against a trivial view.

Run by hand (never in CI), against a scratch PostgreSQL database that it migrates and fills itself:

    createdb -h 127.0.0.1 -U postgres livinglab_read_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/livinglab_read_bench \\
        .venv/bin/python benchmarks/read_path.py [--seconds 3] [--rounds 3] [--sizes small,large]

It needs wrk (apt-get install wrk). Two data sizes: "small" is what `make run` loads (regions, frameworks,
the published results, demo practices); "large" adds 514 kabupaten/kota × 5 years × 47 levels of synthetic
official results (years 2031-2035, imported through the product's import) and puts 1,000 synthetic published
practices (those of benchmarks/practices_search.py) in place of the demo ones. gunicorn serves the portal and
the floors (benchmarks/floor_wsgi.py, read_floors.py) with 2 workers. For each API endpoint it checks that
the floor returns the same JSON, then runs product and floor alternately, `--rounds` times, and reports
the median of product ÷ floor throughput (goal ≥ 0.5); then, for information, the product once more
with every request's URL new (nothing kept for it: as each first read after a write). Each public
page is compared the same way with a trivial view of the portal (/favicon.ico: the whole middleware
stack, a redirect, no query); goal: a page costs ≤ 10 × that. It ends with one line per goal:
`goal <name> <measured> <target> met|NOT met`.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import environment  # noqa: E402

environment()

from benchmarks.practices_search import THROUGHPUT_WORD as SEARCH_WORD  # noqa: E402
from benchmarks.practices_search import practices_load  # noqa: E402
from benchmarks.spbe_import import free_port, serve, write_long_file  # noqa: E402
from benchmarks.spbe_import import wrk as wrk_run  # noqa: E402

LARGE_YEARS = range(2031, 2036)
LARGE_PRACTICES = 1000
REGENCY = "32.11"  # Kabupaten Sumedang


def load_small():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    for command, *args in [
        ("load_regions",),
        ("load_pilot_cohort",),
        ("load_spbe_frameworks",),
        ("load_spbe_results", "--demo"),
        ("load_practices", "--demo"),
    ]:
        call_command(command, *args, verbosity=0)
    analyze()


def load_large():
    """514 × 5 years × 47 levels through the product's import (skipped if already there)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regencies.models import Regency
    from spbe import imports
    from spbe.models import Evaluation, ImportJob
    from spbe.published_data import Citation
    from spbe.services import current_framework

    framework = current_framework()
    codes = list(Regency.objects.order_by("code").values_list("code", flat=True))
    citation = Citation("Benchmark: synthetic results", "", "unverified")
    for year in LARGE_YEARS:
        if Evaluation.objects.filter(year=year).count() == len(codes):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "levels.csv"
            rows = write_long_file(path, codes, framework, year=year)
            upload = SimpleUploadedFile("levels.csv", path.read_bytes(), content_type="text/csv")
            start = time.perf_counter()
            job = imports.import_check(upload=upload, by_user=None, citation=citation)
            if job.status != ImportJob.Status.CHECKED:
                raise SystemExit(f"the import refused the file: {job.problems[:5]}")
            imports.import_run(job=job)
            print(f"  imported {year}: {rows} levels in {time.perf_counter() - start:.1f} s")
    # Ranked like official figures: the benchmark's results are marked synthetic, certainty official.
    Evaluation.objects.filter(year__in=LARGE_YEARS).update(synthetic=True, certainty="official")
    start = time.perf_counter()
    practices_load(LARGE_PRACTICES, seed=LARGE_PRACTICES)
    print(f"  {LARGE_PRACTICES} synthetic practices in {time.perf_counter() - start:.1f} s")
    analyze()


def analyze():
    """Fresh planner statistics, as autovacuum would gather after a load (else PostgreSQL plans for
    the empty tables it last saw, for product and floor alike)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _ranking_year(size):
    """The newest ranked year: of the published results (small), of the benchmark's own (large)."""
    from spbe import selectors

    return selectors.ranking_years()[0] if size == "small" else LARGE_YEARS[-1]


def endpoints(size):
    year = _ranking_year(size)
    return {
        "regencies?page_size=100": ("/api/v1/regencies/?page_size=100", "/floor/regencies/?page_size=100"),
        "regencies?page_size=1000": ("/api/v1/regencies/?page_size=1000", "/floor/regencies/?page_size=1000"),
        "evaluations?page_size=100": (
            "/api/v1/spbe/evaluations/?page_size=100",
            "/floor/evaluations/?page_size=100",
        ),
        "rankings (page of 50)": (
            f"/api/v1/spbe/rankings/?year={year}&scope=national",
            f"/floor/rankings/?year={year}&scope=national",
        ),
        f"regencies/{REGENCY}/spbe": (
            f"/api/v1/regencies/{REGENCY}/spbe/",
            f"/floor/regency-spbe/{REGENCY}/",
        ),
        "practices?page_size=50": ("/api/v1/practices/?page_size=50", "/floor/practices/?page_size=50"),
        # A word without glossary terms: the floor's query searches the one word (arsip would also
        # find kearsipan through the glossary, which the floor does not know).
        f"practices?search={SEARCH_WORD}": (
            f"/api/v1/practices/?search={SEARCH_WORD}&page_size=50",
            f"/floor/practices/?search={SEARCH_WORD}&page_size=50",
        ),
    }


def pages(size):
    year = _ranking_year(size)
    return {
        "home": "/",
        "regency page": f"/regencies/{REGENCY}/",
        "regency list": "/regencies/",
        "rankings page": f"/spbe/rankings/{year}/",
        "practice catalogue": "/practices/",
        "framework page": "/spbe/frameworks/permenpanrb-59-2020/",
    }


def fetch(url):
    return subprocess.run(["curl", "-fsS", "--compressed", url], capture_output=True, check=True).stdout


def same_json(product, floor):
    """Equal JSON; rows with equal sort keys (ties) may come in another order."""
    product, floor = json.loads(product), json.loads(floor)
    if product == floor:
        return True
    if isinstance(product, dict) and "results" in product and "results" in floor:
        key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
        return {**product, "results": sorted(product["results"], key=key)} == {
            **floor,
            "results": sorted(floor["results"], key=key),
        }
    return False


def alternate(first, second, seconds, rounds):
    """(median of first/second throughput, first's req/s, second's req/s), run alternately."""
    ratios, first_rps, second_rps = [], [], []
    for _ in range(rounds):
        a, _ = wrk_run(first, seconds, connections=4)
        b, _ = wrk_run(second, seconds, connections=4)
        ratios.append(a / b)
        first_rps.append(a)
        second_rps.append(b)
    return statistics.median(ratios), statistics.median(first_rps), statistics.median(second_rps)


def measure(size, base, seconds, rounds):
    results = {"api": {}, "pages": {}}
    print(
        f"\n== {size} data: API endpoint / floor (req/s, median of {rounds} alternating rounds of {seconds} s)"
    )
    for name, (product, floor) in endpoints(size).items():
        product_body, floor_body = fetch(base + product), fetch(base + floor)
        if not same_json(product_body, floor_body):
            raise SystemExit(f"{name}: the floor does not return the API's JSON")
        wrk_run(base + product, 1, connections=4)  # warm up
        ratio, product_rps, floor_rps = alternate(base + product, base + floor, seconds, rounds)
        results["api"][name] = ratio
        # The same with every URL new: nothing kept for it (livinglab/api_answers.py), worked out anew.
        new_rps, _ = wrk_run(base + product, seconds, connections=4, fresh=True)
        print(
            f"{name:30} {product_rps:8.1f} / {floor_rps:8.1f}  ratio {ratio:.2f}  "
            f"({len(product_body) / 1024:.0f} KiB, same JSON); every URL new {new_rps:.1f}, "
            f"ratio {new_rps / floor_rps:.2f}"
        )
    print(f"\n== {size} data: public page / trivial view (cost = trivial req/s ÷ page req/s)")
    for name, path in pages(size).items():
        fetch(base + path)
        ratio, page_rps, trivial_rps = alternate(base + path, base + "/favicon.ico", seconds, rounds)
        results["pages"][name] = 1 / ratio
        print(f"{name:30} {page_rps:8.1f} / {trivial_rps:8.1f}  cost {1 / ratio:.1f} × trivial")
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="small,large")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database (it is migrated and filled).")
    import django

    django.setup()
    print(f"load average at start: {os.getloadavg()}")
    load_small()
    measured = {}
    for size in options.sizes.split(","):
        if size == "large":
            print(f"building the large data set (514 × 5 years × 47 levels, {LARGE_PRACTICES} practices)")
            load_large()
        port = free_port()
        server = serve(port, workers=2)
        try:
            measured[size] = measure(size, f"http://127.0.0.1:{port}", options.seconds, options.rounds)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    print(f"\nload average at end: {os.getloadavg()}")
    for size, results in measured.items():
        for name, ratio in results["api"].items():
            verdict = "met" if ratio >= 0.5 else "NOT met"
            print(f"goal api-vs-floor[{size}] {name.replace(' ', '_')} {ratio:.2f} >=0.50 {verdict}")
        for name, cost in results["pages"].items():
            verdict = "met" if cost <= 10 else "NOT met"
            print(f"goal page-vs-trivial[{size}] {name.replace(' ', '_')} {cost:.1f}x <=10x {verdict}")


if __name__ == "__main__":
    main()
