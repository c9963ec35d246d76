"""Benchmark: the replication pages over 62 pilots × 20 practices × 500 replications (8 steps at most each).

Run by hand (never in CI), against a scratch PostgreSQL database of its own that it migrates and fills
(its practices and replications are replaced at each run):

    createdb -h 127.0.0.1 -U postgres livinglab_rbench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/livinglab_rbench \\
        .venv/bin/python benchmarks/replications.py [--replications 500] [--small 10] [--requests 50]

It builds the data with bulk_create: the regions, the pilot cohort topped up to 62 members with other
kabupaten/kota (as admins add the unnamed ones), the SPBE frameworks with flagged synthetic
self-assessments of the pilots (load_spbe_results --demo), 20 published practices per pilot linked to
SPBE indicators, and replications between pilots, their stages spread over the pipeline, each with the
timeline of steps that leads to its stage (8 steps for evaluated and late-stopped ones). Everything it
creates is labelled synthetic in its source. For the small and the full number of replications it
measures in-process, through the test client, the dashboard (as a pilot's editor), the network, the
recommendations page and API (anonymous) and the replication list (the editor): queries per request and
latency (median, p95). Goals: the same number of queries at both sizes; median below 200 ms. With
--wrk SECONDS it also load-tests the recommendations API under gunicorn with wrk (apt-get install wrk).
"""

import argparse
import datetime
import os
import random
import signal
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import environment  # noqa: E402

environment("127.0.0.1,localhost,testserver")
os.environ["PAGE_CACHE_SECONDS"] = "0"  # it measures what a page costs to build, not the cache
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic needed here

from benchmarks.practices_search import percentiles  # noqa: E402 (median and p95 in ms)
from benchmarks.spbe_import import free_port, serve, wrk  # noqa: E402 (the SPBE benchmark's load tools)

PILOTS = 62
PRACTICES_PER_PILOT = 20
LINKS_PER_PRACTICE = 3
MEDIAN_GOAL_MS = 200
SOURCE = "Data sintetis untuk benchmark (benchmarks/replications.py)"


@contextmanager
def dates_as_given(*models):
    """bulk_create keeps the created_at/stage_changed_at we set instead of stamping now."""
    fields = [f for model in models for f in model._meta.fields if getattr(f, "auto_now_add", False)]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def pilots_load():
    """The pilot cohort, topped up to PILOTS members, with synthetic self-assessments; its members."""
    from regencies import importers
    from regencies.models import Regency
    from regencies.services import pilot_cohort_load, regions_load
    from spbe.services import frameworks_load, synthetic_self_assessments_generate

    regions_load()
    cohort, _ = pilot_cohort_load()
    named = len(importers.parse_cohort_members(importers.PILOT_COHORT_FILE))
    missing = PILOTS - cohort.members.count()
    if missing > 0:
        others = Regency.objects.exclude(cohorts=cohort).order_by("code")[:missing]
        cohort.members.add(*others)
    frameworks_load()
    created = synthetic_self_assessments_generate()
    pilots = list(cohort.members.order_by("code"))
    print(
        f"pilots: {len(pilots)} ({named} named by the cohort file, the others added as admins would); "
        f"synthetic self-assessments created now: {created}"
    )
    return pilots


def practices_load(pilots, rng):
    """PRACTICES_PER_PILOT published practices per pilot, each linked to LINKS_PER_PRACTICE indicators."""
    from django.db import connection
    from django.utils import timezone

    from knowledge.practices.models import Practice, PracticeIndicator
    from spbe.services import current_framework

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE knowledge_practice CASCADE")  # and the replications that use them
    now = timezone.now()
    rows = [
        Practice(
            regency=pilot,
            slug=f"sintetis-{pilot.code.replace('.', '-')}-{n}",
            title=f"Layanan sintetis {n} {pilot.name}",
            summary="Contoh sintetis untuk benchmark replikasi.",
            kind=rng.choice(Practice.Kind.values),
            status=Practice.Status.PUBLISHED,
            demo=True,
            source_title=SOURCE,
            reviewed_on=(now - datetime.timedelta(days=rng.randrange(900))).date(),
            published_at=now - datetime.timedelta(hours=rng.randrange(20000)),
        )
        for pilot in pilots
        for n in range(PRACTICES_PER_PILOT)
    ]
    practices = Practice.objects.bulk_create(rows, batch_size=2000)
    indicators = list(current_framework().indicators.all())
    PracticeIndicator.objects.bulk_create(
        [
            PracticeIndicator(practice=practice, indicator=indicator, level=rng.randint(3, 5))
            for practice in practices
            for indicator in rng.sample(indicators, LINKS_PER_PRACTICE)
        ],
        batch_size=5000,
    )
    print(f"practices: {len(practices)} published, {len(practices) * LINKS_PER_PRACTICE} indicator links")
    return practices


STEP_DETAILS = {
    "agreement": lambda day: {"agreement_kind": "mou", "agreement_date": day},
    "handover": lambda day: {"handover_date": day},
    "training": lambda day: {
        "training_start": day,
        "training_end": day + datetime.timedelta(days=3),
        "training_participants": 25,
    },
    "live": lambda day: {"go_live_date": day},
    "evaluated": lambda day: {"outcome": "Hasil sintetis.", "outcome_rating": 4},
}


def _timeline(stage):
    """The stages a replication at `stage` went through, the request first."""
    from knowledge.replications.stages import PATH, Stage

    if stage == Stage.DECLINED:
        return [Stage.REQUESTED, Stage.DECLINED]
    if stage == Stage.STOPPED:
        return [*PATH[: PATH.index(Stage.LIVE) + 1], Stage.STOPPED]  # 8 steps
    return list(PATH[: PATH.index(stage) + 1])


def _side(origin, to):
    from knowledge.replications.stages import STEPS, Side

    if not origin:
        return Side.ADOPTER
    return Side.OWNER if Side.OWNER in STEPS[(origin, to)] else Side.ADOPTER


def replications_load(size, pilots, practices, focus, seed):
    """Replace the replications by `size` synthetic ones between pilots, the first of them involving
    `focus` on each side, stages cycling over the pipeline; returns the number of steps."""
    from django.db import connection
    from django.utils import timezone

    from knowledge.replications.models import Replication, ReplicationStep
    from knowledge.replications.stages import PATH, Stage

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE knowledge_replication CASCADE")
    rng = random.Random(seed)
    cycle = [*PATH, Stage.DECLINED, Stage.STOPPED]
    by_owner = {}
    for practice in practices:
        by_owner.setdefault(practice.regency_id, []).append(practice)
    now = timezone.now()
    seen, replications, timelines = set(), [], []
    while len(replications) < size:
        n = len(replications)
        owner, adopter = rng.sample(pilots, 2)
        if n < 6:  # the editor's pemda on both sides, at small and full size alike
            owner, adopter = (focus, adopter) if n % 2 == 0 else (owner, focus)
            if owner == adopter:
                continue
        practice = rng.choice(by_owner[owner.code])
        if (practice.pk, adopter.code) in seen:
            continue
        seen.add((practice.pk, adopter.code))
        stage = cycle[n % len(cycle)]
        timeline = _timeline(stage)
        start = now - datetime.timedelta(days=rng.randrange(60, 900))
        times = [start]
        for _ in timeline[1:]:
            times.append(min(now, times[-1] + datetime.timedelta(days=rng.randrange(3, 60))))
        accepted = times[1] if len(timeline) > 1 and timeline[1] == Stage.ACCEPTED else None
        replications.append(
            Replication(
                practice=practice,
                owner=owner,
                adopter=adopter,
                stage=stage,
                message=f"Permintaan sintetis {n}.",
                created_at=start,
                accepted_at=accepted,
                stage_changed_at=times[-1],
                source_title=SOURCE,
            )
        )
        timelines.append(list(zip(timeline, times, strict=True)))
    with dates_as_given(Replication, ReplicationStep):
        Replication.objects.bulk_create(replications, batch_size=2000)
        steps = []
        for replication, timeline in zip(replications, timelines, strict=True):
            origin = ""
            for to, when in timeline:
                side = _side(origin, to)
                steps.append(
                    ReplicationStep(
                        replication=replication,
                        from_stage=origin,
                        to_stage=to,
                        side=side,
                        by_role="editor",
                        by_regency=replication.owner if side == "owner" else replication.adopter,
                        created_at=when,
                        note=f"Langkah sintetis ke {to}.",
                        **STEP_DETAILS.get(to, lambda day: {})(when.date()),
                    )
                )
                origin = to
        ReplicationStep.objects.bulk_create(steps, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(steps)


def editor_of(regency):
    from django.contrib.auth import get_user_model

    from regencies.models import Membership

    user, _ = get_user_model().objects.get_or_create(
        username=f"bench-editor-{regency.code}", defaults={"email": "bench-editor@example.org"}
    )
    Membership.objects.get_or_create(user=user, defaults={"regency": regency, "role": Membership.Role.EDITOR})
    return user


def pages(focus):
    """(name, url, as the editor?) of each page measured."""
    return [
        ("dashboard", "/dashboard/", True),
        ("network", "/replications/network/", False),
        ("recommendations", f"/regencies/{focus.code}/recommendations/", False),
        ("recommendations_api", f"/api/v1/regencies/{focus.code}/recommendations/", False),
        ("replication_list", "/replications/", True),
    ]


def measure(clients, focus, requests):
    """{page: (queries of one request, median ms, p95 ms, KiB of the response)}"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = {}
    for name, url, as_editor in pages(focus):
        client = clients[as_editor]
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries = len(ctx)  # now: the next request empties the connection's log
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        samples = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - start)
        median, p95 = percentiles(samples)
        figures[name] = (queries, median, p95, len(response.content) / 1024)
    return figures


def api_throughput(focus, seconds, workers):
    """(req/s, p50) of the recommendations API under gunicorn and wrk (JSON: no static manifest needed)."""
    port = free_port()
    server = serve(port, workers)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/regencies/{focus.code}/recommendations/"
        # 4 connections: each response takes ~100 ms of a worker, more would queue past wrk's timeout
        wrk(url, 2, connections=4)  # warm up
        return wrk(url, seconds, connections=4)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=500, help="the full size (default 500)")
    parser.add_argument("--small", type=int, default=10, help="the small size (default 10)")
    parser.add_argument("--requests", type=int, default=50, help="requests per page (default 50)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--wrk",
        type=int,
        default=0,
        metavar="SECONDS",
        help="also load-test the recommendations API (needs wrk)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for --wrk (default 2)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database (it is migrated and filled).")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    # Pages are rendered in-process: plain static URLs, no collectstatic manifest (as practices_search).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    start = time.perf_counter()
    pilots = pilots_load()
    practices = practices_load(pilots, rng)
    focus = pilots[0]
    print(f"data: {time.perf_counter() - start:.1f} s; measured as the editor of {focus.name} ({focus.code})")
    editor = Client()
    editor.force_login(editor_of(focus))
    clients = {True: editor, False: Client()}

    results = {}
    for size in (args.small, args.replications):
        start = time.perf_counter()
        steps = replications_load(size, pilots, practices, focus, args.seed)
        print(f"\n{size} replications, {steps} steps (loaded in {time.perf_counter() - start:.1f} s)")
        results[size] = measure(clients, focus, args.requests)
        for name, (queries, median, p95, kib) in results[size].items():
            print(
                f"  {name:20} {queries:3d} queries  median {median:7.1f} ms  p95 {p95:7.1f} ms  ({kib:.0f} KiB)"
            )

    if args.wrk:
        rps, p50 = api_throughput(focus, args.wrk, args.workers)
        print(
            f"\nrecommendations API under gunicorn ({args.workers} workers) and wrk: {rps:.1f} req/s, p50 {p50}"
        )

    small, full = results[args.small], results[args.replications]
    print()
    for name in full:
        same = small[name][0] == full[name][0]
        print(
            f"goal {name}_queries_constant {small[name][0]}->{full[name][0]} equal "
            f"{'met' if same else 'NOT met'}"
        )
    for name, (_, median, _, _) in full.items():
        met = median < MEDIAN_GOAL_MS
        print(f"goal {name}_median_ms {median:.1f} <{MEDIAN_GOAL_MS} {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
