"""New levels written by PostgreSQL in one statement (spbe/level_writes.py) carry the same audit events
as the ORM's bulk_create(): who, through what, the label, the changes."""

import pytest
from django.db import connection
from django.utils import translation

from livinglab import audit
from livinglab.models import AuditEvent
from regencies.models import Regency
from spbe import level_writes
from spbe.models import IndicatorScore

from .factories import EvaluationFactory

pytestmark = pytest.mark.django_db
FIELDS = ["actor_id", "actor_label", "action", "via", "object_type", "object_label", "about_user_id",
          "changes", "request_id"]  # fmt: skip


class _Elsewhere:
    """The connection as level_writes sees it, on another database: the ORM's path."""

    vendor = "sqlite"


def _write(framework, regency, national_admin, *, orm):
    evaluation = EvaluationFactory(regency=regency, framework=framework, year=2024)
    indicators = list(framework.indicators.order_by("number")[:5])
    levels = [(evaluation, indicator, n % 6) for n, indicator in enumerate(indicators)]
    with translation.override("id"), audit.acting_as(national_admin, via="SPBE import #7"):
        if orm:
            original, level_writes.connection = level_writes.connection, _Elsewhere()
            try:
                level_writes.levels_create(levels)
            finally:
                level_writes.connection = original
        else:
            level_writes.levels_create(levels)
    scores = {score.pk: score for score in IndicatorScore.objects.filter(evaluation=evaluation)}
    events = AuditEvent.objects.filter(
        object_type="spbe.indicatorscore", object_id__in=[str(pk) for pk in scores]
    )
    return {
        (scores[int(event.object_id)].indicator.number): {name: getattr(event, name) for name in FIELDS}
        for event in events
    }, evaluation


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's")
def test_the_database_writes_the_events_the_orm_writes(framework_2020, regions, national_admin):
    by_database, first = _write(framework_2020, Regency.objects.get(code="32.11"), national_admin, orm=False)
    by_orm, second = _write(framework_2020, Regency.objects.get(code="32.04"), national_admin, orm=True)

    assert len(by_database) == len(by_orm) == 5
    for number, event in by_database.items():
        expected = dict(by_orm[number])
        expected["object_label"] = expected["object_label"].replace("Kabupaten Bandung", "Kabupaten Sumedang")
        expected["changes"]["evaluation"] = [None, first.pk]
        assert event == expected
    assert by_database[3]["object_label"] == "Kabupaten Sumedang 2024 (Hasil resmi), indikator 3"
    assert by_database[3]["changes"]["level"] == [None, 2]
    assert by_database[3]["via"] == "SPBE import #7"


def test_the_levels_are_written(framework_2020, sumedang, national_admin):
    _events, evaluation = _write(framework_2020, sumedang, national_admin, orm=False)

    assert sorted(evaluation.scores.values_list("indicator__number", "level")) == [
        (n, n - 1) for n in range(1, 6)
    ]
