"""Benchmark: practice search and the catalogue page over 1,000 and 20,000 synthetic practices.

Run by hand (never in CI), against a scratch PostgreSQL database of its own that it migrates and fills
(its practices are replaced at each size):

    createdb -h 127.0.0.1 -U postgres livinglab_search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/livinglab_search_bench \\
        .venv/bin/python benchmarks/practices_search.py [--sizes 1000,20000] [--seconds 10]

It needs wrk (apt-get install wrk). For each size it reports: the load and indexing time; the latency
(median, p95) of search pages, of the catalogue page with its facets and of the search API, measured
in-process through the test client; EXPLAIN of the search, which must use the GIN index
practice_search_gin; and the search API's throughput under gunicorn as a ratio to a floor endpoint that
returns the same JSON from one raw SQL query (benchmarks/practices_floor.py). Goal: ratio >= 0.5.
The API's figures are given twice: for a URL read before (its answer kept then,
livinglab/api_answers.py) and for URLs each read for the first time (the answer worked out anew).
"""

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import environment  # noqa: E402

environment()

from benchmarks.spbe_import import free_port, serve, wrk  # noqa: E402 (the SPBE benchmark's load tools)

TOPICS = [
    "Arsip Digital",
    "Perizinan Terpadu",
    "Pengaduan Warga",
    "Presensi Pegawai",
    "Tanda Tangan Elektronik",
    "Kesehatan Ibu dan Anak",
    "Administrasi Kependudukan",
    "Pajak Daerah",
    "Bantuan Sosial",
    "Perencanaan Anggaran",
    "Data Desa",
    "Pendidikan Anak Usia Dini",
    "Pasar Tradisional",
    "Pertanian Cerdas",
    "Transportasi Umum",
    "Pengelolaan Sampah",
    "Air Bersih",
    "Kepegawaian",
    "Kinerja Instansi",
    "Pelayanan Terpadu Satu Pintu",
    "Persuratan Dinas",
    "Informasi Publik",
    "Kebencanaan",
    "Pariwisata",
    "Usaha Mikro",
    "Ketenagakerjaan",
    "Perpustakaan Digital",
    "Rumah Sakit Daerah",
    "Puskesmas Keliling",
    "Posyandu Digital",
    "Aset Daerah",
    "Pengadaan Barang",
    "Satu Data",
    "Musrenbang Daring",
    "Pemetaan Wilayah",
    "Kearsipan Dinamis",
    "Keuangan Desa",
    "Pengawasan Internal",
    "Stunting",
    "Ruang Terbuka Hijau",
]
PREFIXES = ["Aplikasi", "Sistem", "Layanan", "Portal", "Gerakan", "Inovasi"]
SENTENCES = [
    "Warga mengajukan permohonan {t} tanpa datang ke kantor.",
    "Petugas memantau {t} dari dasbor yang diperbarui setiap hari.",
    "Perangkat daerah berbagi data {t} melalui SPLP.",
    "Waktu pelayanan {t} turun dari lima hari menjadi satu hari.",
    "Pegawai dilatih memakai aplikasi {t} selama dua minggu.",
    "Dokumen {t} ditandatangani dengan TTE dari BSrE.",
    "Kecamatan dan desa ikut memakai layanan {t}.",
    "Biaya operasional {t} dibiayai APBD setiap tahun.",
]
SEARCHES = ["arsip", "perizinan", "tte", "kesehatan ibu", "adminduk", "pajak", "stunting", "sampah"]
THROUGHPUT_WORD = "stunting"
RARE_WORD = "sumedang"  # an owner's name: about one practice in 500
PAGE_SIZE = 20


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def practices_load(size, seed):
    """Replace every practice by `size` synthetic ones (labelled synthetic) and index them."""
    from django.db import connection
    from django.utils import timezone

    from knowledge.models import Practice, RbTheme, Tag
    from knowledge.practices.services import practice_search_index
    from regencies.models import Regency

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE knowledge_practice CASCADE")
    regencies = list(Regency.objects.values_list("code", flat=True))
    tags = [Tag.objects.get_or_create(slug=f"tag-{n}", defaults={"name": f"topik {n}"})[0] for n in range(60)]
    themes = list(RbTheme.objects.all())
    now = timezone.now()
    rows = []
    for n in range(size):
        topic = rng.choice(TOPICS)
        text = " ".join(rng.choice(SENTENCES).format(t=rng.choice(TOPICS).lower()) for _ in range(8))
        rows.append(
            Practice(
                regency_id=rng.choice(regencies),
                slug=f"sintetis-{n}",
                title=f"{rng.choice(PREFIXES)} {topic} {n}",
                summary=f"Contoh sintetis: {rng.choice(SENTENCES).format(t=topic.lower())}",
                body=text,
                problem=rng.choice(SENTENCES).format(t=rng.choice(TOPICS).lower()),
                results=rng.choice(SENTENCES).format(t=rng.choice(TOPICS).lower()),
                kind=rng.choice(Practice.Kind.values),
                status=Practice.Status.PUBLISHED,
                sustainability=rng.choice(Practice.Sustainability.values),
                repository_url=f"https://git.example.go.id/{n}" if n % 3 == 0 else "",
                license=rng.choice(["MIT", "GPL-3.0-or-later", "Apache-2.0", ""]),
                source_title="Data sintetis untuk benchmark",
                reviewed_on=(now - timezone.timedelta(days=rng.randrange(900))).date(),
                published_at=now - timezone.timedelta(minutes=n),
            )
        )
    Practice.objects.bulk_create(rows, batch_size=2000)
    ids = list(Practice.objects.values_list("pk", flat=True))
    Practice.tags.through.objects.bulk_create(
        [Practice.tags.through(practice_id=pk, tag_id=tag.pk) for pk in ids for tag in rng.sample(tags, 2)],
        batch_size=5000,
    )
    Practice.rb_themes.through.objects.bulk_create(
        [Practice.rb_themes.through(practice_id=pk, rbtheme_id=rng.choice(themes).pk) for pk in ids],
        batch_size=5000,
    )
    practice_search_index()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def latencies(client, urls, repeat, fresh=False):
    """(median, p95) in ms; `fresh`: as if each URL were read for the first time after a write
    (nothing kept)."""
    from livinglab import page_cache

    samples = []
    for url in urls:
        assert client.get(url).status_code == 200, url  # warm up, and check
        for _ in range(repeat):
            if fresh:
                page_cache.bump()
            start = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - start)
    return percentiles(samples)


def explain_search(word):
    from django.contrib.auth.models import AnonymousUser

    from knowledge.practices import selectors
    from knowledge.practices.filters import PracticeFilter

    filterset = PracticeFilter({"search": word}, queryset=selectors.practice_list(user=AnonymousUser()))
    assert filterset.is_valid()
    return filterset.qs[:PAGE_SIZE].explain()


def throughput(seconds, workers):
    port = free_port()
    server = serve(port, workers)
    try:
        base = f"http://127.0.0.1:{port}"
        query = f"page_size={PAGE_SIZE}&search={THROUGHPUT_WORD}"
        api, floor = f"{base}/api/v1/practices/?{query}", f"{base}/floor/practices/?{query}"
        api_body = subprocess.run(["curl", "-fsS", api], capture_output=True, check=True).stdout
        floor_body = subprocess.run(["curl", "-fsS", floor], capture_output=True, check=True).stdout
        same = json.loads(api_body) == json.loads(floor_body)
        print(f"  API and floor return the same JSON: {same} ({len(api_body) / 1024:.0f} KiB)")
        if not same:
            raise SystemExit("the floor endpoint must return exactly the API's JSON")
        wrk(api, 2)  # warm up both
        wrk(floor, 2)
        api_rps, api_p50 = wrk(api, seconds)
        floor_rps, floor_p50 = wrk(floor, seconds)
        first = wrk(api, seconds, fresh=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    return (api_rps, api_p50, floor_rps, floor_p50), first


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000", help="numbers of practices, comma-separated")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration of each throughput run")
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per URL for latencies")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    # It measures what a page costs to build, not the cache. Set here, not on import: read_path.py
    # imports practices_load() and measures with the cache.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database (it is migrated and filled).")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Pages are rendered in-process: plain static URLs, no collectstatic manifest needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.test import Client

    from knowledge.practices.services import glossary_load, rb_themes_load
    from regencies.services import regions_load

    call_command("migrate", verbosity=0)
    regions_load()
    rb_themes_load()
    glossary_load()
    client = Client(HTTP_HOST="127.0.0.1")
    summary = []
    for size in [int(size) for size in args.sizes.split(",")]:
        print(f"== {size} synthetic practices")
        start = time.perf_counter()
        practices_load(size, seed=size)
        print(f"  load and index: {time.perf_counter() - start:.1f} s")
        plan = explain_search(RARE_WORD)
        uses_gin = "practice_search_gin" in plan
        print(f"  EXPLAIN of the search for {RARE_WORD!r}, a word of few practices (first page):")
        print("\n".join(f"    {line}" for line in plan.splitlines()))
        print(f"  GIN index used: {uses_gin}")
        common = "practice_search_gin" in explain_search(THROUGHPUT_WORD)
        print(f"  GIN index used for {THROUGHPUT_WORD!r}, a word of many practices: {common}")
        search_pages = [f"/practices/?search={word}" for word in SEARCHES]
        page = latencies(client, search_pages, args.repeat)
        catalogue = latencies(client, ["/practices/", "/practices/?kind=application&page=3"], args.repeat)
        api = latencies(client, [f"/api/v1/practices/?search={word}" for word in SEARCHES], args.repeat)
        api_first = latencies(
            client, [f"/api/v1/practices/?search={word}" for word in SEARCHES], args.repeat, fresh=True
        )
        facets = latencies(
            client, [f"/api/v1/practices/facets/?search={word}" for word in SEARCHES[:4]], args.repeat
        )
        for label, (median, p95) in [
            ("search page", page),
            ("catalogue page (no search, facets)", catalogue),
            ("search API", api),
            ("search API, each URL read for the first time", api_first),
            ("facets API with a search", facets),
        ]:
            print(f"  {label}: median {median:.0f} ms, p95 {p95:.0f} ms")
        (api_rps, api_p50, floor_rps, floor_p50), (first_rps, first_p50) = throughput(
            args.seconds, args.workers
        )
        ratio = api_rps / floor_rps
        print(
            f"  search API: {api_rps:.1f} req/s (p50 {api_p50}); floor {floor_rps:.1f} req/s (p50 {floor_p50})"
        )
        print(f"  ratio API / floor: {ratio:.2f} (goal >= 0.5) -> {'met' if ratio >= 0.5 else 'NOT met'}")
        print(
            f"  every URL new (its answer worked out each time): {first_rps:.1f} req/s "
            f"(p50 {first_p50}), ratio {first_rps / floor_rps:.2f}"
        )
        summary.append(
            f"{size}: search page {page[0]:.0f}/{page[1]:.0f} ms, catalogue {catalogue[0]:.0f}/{catalogue[1]:.0f} ms, "
            f"API {api[0]:.0f}/{api[1]:.0f} ms (median/p95), ratio {ratio:.2f}, GIN {uses_gin}"
        )
    print("summary:")
    print("\n".join(f"  {line}" for line in summary))


if __name__ == "__main__":
    main()
