"""`manage.py load_replications`: the replications public reporting supports, flagged contoh, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from knowledge.models import Replication, ReplicationStep

pytestmark = pytest.mark.django_db


def _run():
    out = StringIO()
    call_command("load_replications", stdout=out)
    return out.getvalue()


@pytest.fixture
def examples(regions):
    call_command("load_practices", "--demo", stdout=StringIO())


def test_the_replications_load_once_with_their_sources(examples):
    first = _run()
    steps = list(ReplicationStep.objects.values_list("pk", "created_at"))
    second = _run()

    assert "example replications (flagged contoh): 8 created" in first
    assert "study visits only, no replication recorded: " in first
    assert "Kabupaten Jombang" in first and "Kabupaten Pangandaran" in first
    assert second.startswith("example replications already there: nothing changed.\n")
    assert Replication.objects.count() == 8
    assert list(ReplicationStep.objects.values_list("pk", "created_at")) == steps
    assert not Replication.objects.filter(demo=False).exists()
    assert not Replication.objects.filter(source_url="").exists()
    assert not ReplicationStep.objects.exclude(by=None).exists()  # the loader is no one


def test_the_model_case_ogan_ilir_runs_the_e_office_live_since_june_2022(examples):
    _run()

    case = Replication.objects.get(adopter__name="Kabupaten Ogan Ilir")
    assert case.practice.slug == "contoh-sumedang-super-aplikasi-e-office"
    assert case.stage == "live"
    assert case.source_url.startswith("https://jabarekspres.com/")
    assert timezone.localdate(case.created_at) == datetime.date(2021, 12, 1)
    live = case.steps.get(to_stage="live")
    assert live.go_live_date == datetime.date(2022, 6, 1)
    assert [s.to_stage for s in case.steps.all()] == ["requested", "accepted", "live"]


def test_each_adopter_is_at_the_stage_its_reporting_supports(examples):
    _run()

    stages = {
        (r.adopter.name, r.practice.slug.removeprefix("contoh-sumedang-"), r.stage)
        for r in Replication.objects.select_related("adopter", "practice")
    }
    assert stages == {
        ("Kabupaten Ogan Ilir", "super-aplikasi-e-office", "live"),
        ("Kabupaten Belitung Timur", "super-aplikasi-e-office", "agreement"),
        ("Kabupaten Belitung Timur", "e-sakip", "agreement"),
        ("Kota Banjar", "super-aplikasi-e-office", "handover"),
        ("Kota Banjar", "e-sakip", "handover"),
        ("Kabupaten Bojonegoro", "super-aplikasi-e-office", "handover"),
        ("Kabupaten Bojonegoro", "e-office-desa", "handover"),
        ("Kabupaten Bojonegoro", "e-sakip", "handover"),
    }


def test_the_practice_page_shows_the_verified_adopters_as_examples(examples, anon):
    _run()

    page = anon.get("/practices/contoh-sumedang-super-aplikasi-e-office/").content.decode()

    assert "Kabupaten Ogan Ilir" in page and "Kota Banjar" in page and "demo-label" in page


def test_without_the_example_practices_it_says_what_to_load_first(regions):
    with pytest.raises(CommandError, match="load_practices --demo"):
        _run()


def test_a_replication_the_two_pemda_recorded_themselves_is_kept_and_named(examples, ogan_ilir_editor):
    from knowledge.practices.models import Practice
    from knowledge.replications.services import replication_request

    practice = Practice.objects.get(slug="contoh-sumedang-super-aplikasi-e-office")
    own = replication_request(practice=practice, by_user=ogan_ilir_editor, message="Permintaan kami sendiri.")

    output = _run()

    assert "example replications (flagged contoh): 7 created" in output
    assert "left as the pemda recorded them on the portal (no example added): " in output
    assert str(own) in output
    own.refresh_from_db()
    assert (own.stage, own.demo, own.message) == ("requested", False, "Permintaan kami sendiri.")
