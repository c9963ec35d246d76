"""The measured impact of a live replication on a 360 px phone: its tables scroll, the page does not."""

import datetime
from decimal import Decimal

import pytest

PHONE = 360


@pytest.fixture
def live_replication(db):
    from django.utils import timezone

    from knowledge.models import Replication
    from spbe.models import Framework
    from spbe.services import evaluation_recompute, frameworks_load

    from ..knowledge.factories import PracticeFactory, PracticeIndicatorFactory
    from ..knowledge.replication_factories import ReplicationFactory
    from ..regencies.factories import RegencyFactory
    from ..spbe.factories import EvaluationFactory

    frameworks_load()
    practice = PracticeFactory(status="published")
    adopter = RegencyFactory(name="Kabupaten Ogan Ilir")
    framework = Framework.objects.get(code="permenpanrb-59-2020")
    for number in (1, 2, 3):
        PracticeIndicatorFactory(practice=practice, indicator=framework.indicators.get(number=number))
    for regency, year, index in (
        (adopter, 2023, "2.10"),
        (adopter, 2025, "2.60"),
        (practice.regency, 2023, "3.5"),
    ):
        evaluation_recompute(
            evaluation=EvaluationFactory(
                regency=regency,
                year=year,
                framework=framework,
                published_index=Decimal(index),
                source_title="Hasil evaluasi SPBE tahun yang bersangkutan, Kementerian PANRB",
            )
        )
    replication = ReplicationFactory(practice=practice, adopter=adopter, stage="live")
    Replication.objects.filter(pk=replication.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2024, 3, 1))
    )
    return replication


def test_the_impact_fits_a_phone(live_replication, page):
    page.set_viewport_size({"width": PHONE, "height": 800})

    for url in (f"/replications/{live_replication.pk}/", live_replication.practice.get_absolute_url()):
        assert page.goto(url).status == 200, url
        assert page.locator("#impact").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, url
