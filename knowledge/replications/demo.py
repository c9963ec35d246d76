"""Replications recorded from public reporting (knowledge/data/replication_cases.csv), flagged demo
("contoh") like the example practices they attach to (practices/demo.py).

Each row of the file is a deal between Sumedang and another pemda, with its source. STAGES below says,
for each adopter, which of the example practices it took and the steps that reporting supports, no
more: a study visit alone is not a replication (those rows are left to study visits), a signed MoU is
`agreement`, a reported grant (hibah) is `handover`. Ogan Ilir's e-Office is the model case, live since
June 2022 as issue 9 states; the day is not reported, and the portal's data files hold no source for the
go-live, which its step's note says. Steps have no user: the timeline shows them as the Living Lab's.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from regencies.models import Regency

from ..practices.models import Practice
from .models import AgreementKind, Replication, ReplicationStep
from .stages import Side, Stage

CASES_FILE = Path(settings.BASE_DIR) / "knowledge" / "data" / "replication_cases.csv"
E_OFFICE = "contoh-sumedang-super-aplikasi-e-office"
E_OFFICE_DESA = "contoh-sumedang-e-office-desa"
E_SAKIP = "contoh-sumedang-e-sakip"


@dataclass(frozen=True)
class Step:
    to: str
    on: datetime.date
    note: str
    details: dict = field(default_factory=dict)


def _agreement(on, kind, note):
    return Step(Stage.AGREEMENT, on, note, {"agreement_kind": kind, "agreement_date": on})


def _handover(on, note):
    return Step(Stage.HANDOVER, on, note, {"handover_date": on})


OGAN_ILIR_VISIT = datetime.date(2021, 12, 1)
OGAN_ILIR_LIVE = datetime.date(2022, 6, 1)
BELTIM_MOU = datetime.date(2021, 12, 2)
BANJAR_PKS = datetime.date(2022, 1, 6)
BOJONEGORO_MOU = datetime.date(2022, 2, 7)

# adopter name -> (practice slugs, the steps after the request that the reporting supports)
STAGES = {
    "Kabupaten Ogan Ilir": (
        [E_OFFICE],
        [
            Step(Stage.ACCEPTED, OGAN_ILIR_VISIT, "Sumedang menyatakan aplikasi akan dihibahkan."),
            Step(
                Stage.LIVE,
                OGAN_ILIR_LIVE,
                "Berjalan sejak Juni 2022 (tanggal tidak diberitakan; menurut uraian isu 9, sumber "
                "go-live belum ada dalam berkas data portal).",
                {"go_live_date": OGAN_ILIR_LIVE},
            ),
        ],
    ),
    "Kabupaten Belitung Timur": (
        [E_OFFICE, E_SAKIP],
        [
            Step(Stage.ACCEPTED, BELTIM_MOU, "Diterima dengan nota kesepahaman."),
            _agreement(
                BELTIM_MOU,
                AgreementKind.MOU,
                "Nota kesepahaman ditandatangani kedua bupati; hibah aplikasi beserta kode sumber dan "
                "pendampingan tenaga ahli Sumedang dijanjikan.",
            ),
        ],
    ),
    "Kota Banjar": (
        [E_OFFICE, E_SAKIP],
        [
            Step(Stage.ACCEPTED, BANJAR_PKS, "Diterima dengan perjanjian kerja sama."),
            _agreement(BANJAR_PKS, AgreementKind.PKS, "Penandatanganan kerja sama tata kelola."),
            _handover(
                BANJAR_PKS, "Hibah aplikasi diberitakan pada hari yang sama (tanggal BAST tidak diberitakan)."
            ),
        ],
    ),
    "Kabupaten Bojonegoro": (
        [E_OFFICE, E_OFFICE_DESA, E_SAKIP],
        [
            Step(Stage.ACCEPTED, BOJONEGORO_MOU, "Diterima dengan nota kesepahaman."),
            _agreement(BOJONEGORO_MOU, AgreementKind.MOU, "Nota kesepahaman tentang e-Government."),
            _handover(
                BOJONEGORO_MOU,
                "Hibah gratis aplikasi dan alih pengetahuan (tanggal BAST tidak diberitakan).",
            ),
        ],
    ),
}


class DemoError(Exception):
    pass


@dataclass
class Loaded:
    created: int = 0
    visits_only: list = field(default_factory=list)  # adopters the reporting shows visiting only
    kept: list = field(default_factory=list)  # cases the two pemda already record themselves


def _cases(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _record(replication, case, steps):
    request_day = steps[0].on
    ReplicationStep.objects.create(
        replication=replication,
        from_stage="",
        to_stage=Stage.REQUESTED,
        side=Side.ADOPTER,
        by=None,
        note=case["mechanism"],
    )
    stage = Stage.REQUESTED
    for step in steps:
        side = Side.ADOPTER if step.to in (Stage.DEPLOYED, Stage.LIVE, Stage.EVALUATED) else Side.OWNER
        ReplicationStep.objects.create(
            replication=replication,
            from_stage=stage,
            to_stage=step.to,
            side=side,
            by=None,
            note=step.note,
            **step.details,
        )
        stage = step.to
    # The dates the reporting gives, not the day of the load.
    for row, step in zip(replication.steps.order_by("pk")[1:], steps, strict=True):
        ReplicationStep.objects.filter(pk=row.pk).update(created_at=_at(step.on))
    replication.steps.filter(to_stage=Stage.REQUESTED).update(created_at=_at(request_day))
    Replication.objects.filter(pk=replication.pk).update(
        stage=stage,
        created_at=_at(request_day),
        accepted_at=_at(steps[0].on),  # every case's first step after the request is the acceptance
        stage_changed_at=_at(steps[-1].on),
    )


@transaction.atomic
def demo_replications_load(*, path=CASES_FILE):
    """Create the replications of the file that are missing; existing ones (the same practice and
    adopter) are left as they are. Raises DemoError when the example practices or a pemda are missing."""
    cases = _cases(path)
    slugs = {slug for slugs, _ in STAGES.values() for slug in slugs}
    practices = {p.slug: p for p in Practice.objects.filter(slug__in=slugs)}
    if set(practices) != slugs:
        raise DemoError("load the example practices first (load_practices --demo)")
    loaded = Loaded()
    for case in cases:
        for name in (part.strip() for part in case["adopter"].split(";")):
            if name not in STAGES:
                loaded.visits_only.append(name)
                continue
            adopter = Regency.objects.filter(name=name).first()
            if adopter is None:
                raise DemoError(f"{name} is missing: load the regions first (load_regions)")
            practice_slugs, steps = STAGES[name]
            for slug in practice_slugs:
                practice = practices[slug]
                existing = Replication.objects.filter(practice=practice, adopter=adopter).first()
                if existing is not None:
                    if not existing.demo:
                        loaded.kept.append(str(existing))
                    continue
                replication = Replication.objects.create(
                    practice=practice,
                    owner=practice.regency,
                    adopter=adopter,
                    message=f"{case['apps']}: {case['mechanism']}",
                    demo=True,
                    source_title=case["source_title"],
                    source_url=case["source_url"],
                )
                _record(replication, case, steps)
                loaded.created += 1
    return loaded
