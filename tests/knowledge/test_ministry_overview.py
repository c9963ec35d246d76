"""The ministry's overview of replications: by stage, median days per stage, stalled counts, each
cohort's progress, as a page and as CSV/XLSX, for national admins only."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from knowledge.models import Replication, ReplicationStep

from ..queries import measure_get
from ..regencies.factories import CohortFactory, RegencyFactory
from .factories import PracticeFactory
from .replication_factories import ReplicationFactory, ReplicationStepFactory

pytestmark = pytest.mark.django_db
URL = "/replications/ministry/"
START = timezone.now() - datetime.timedelta(days=200)


def _walk(replication, *stages_and_days):
    """Steps into each stage at START + days (created_at is set by the database, so moved after)."""
    previous = ""
    for stage, days in stages_and_days:
        step = ReplicationStepFactory(replication=replication, from_stage=previous, to_stage=stage)
        ReplicationStep.objects.filter(pk=step.pk).update(created_at=START + datetime.timedelta(days=days))
        previous = stage
    Replication.objects.filter(pk=replication.pk).update(
        stage=previous, stage_changed_at=START + datetime.timedelta(days=stages_and_days[-1][1])
    )


@pytest.fixture
def pipeline(published, sumedang, ogan_ilir):
    banjar = RegencyFactory(code="32.79", name="Kota Banjar")
    first = ReplicationFactory(practice=published, adopter=ogan_ilir, stage="handover")
    second = ReplicationFactory(practice=published, adopter=banjar, stage="agreement")
    third = ReplicationFactory(practice=PracticeFactory(regency=banjar), adopter=sumedang)
    # requested 2 and 4 days (median 3), accepted 10 and 6 (8), agreement 3; handover not left yet.
    _walk(first, ("requested", 0), ("accepted", 2), ("agreement", 12), ("handover", 15))
    _walk(second, ("requested", 0), ("accepted", 4), ("agreement", 10))
    _walk(third, ("requested", 0))
    # Ogan Ilir runs two practices live: a cohort member counts once.
    for _ in range(2):
        ReplicationFactory(practice=PracticeFactory(regency=sumedang), adopter=ogan_ilir, stage="live")
    CohortFactory(slug="pilot-2022", name="Pilot 2022", members=[ogan_ilir, banjar, RegencyFactory()])
    CohortFactory(slug="=HYPERLINK(1)", name='=HYPERLINK("x")', members=[banjar])
    return first, second, third


def _stage_rows(response):
    return {
        row.stage.value: (row.replications, row.stalled, row.median_days)
        for row in response.context["overview"].stages
    }


@pytest.mark.parametrize(
    "actor, status", [("sumedang_editor", 403), ("assessor", 403), ("national_admin", 200)]
)
def test_only_national_admins_see_the_overview(request, client_for, pipeline, actor, status):
    client = client_for(request.getfixturevalue(actor))

    assert client.get(URL).status_code == status
    assert client.get(URL, {"format": "csv"}).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, pipeline):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_counts_by_stage_with_the_median_days_spent_in_each(client_for, national_admin, pipeline):
    rows = _stage_rows(client_for(national_admin).get(URL))

    assert rows["requested"] == (1, 1, 3.0)  # the third waits for an answer since START: stalled
    assert rows["accepted"] == (0, 0, 8.0)
    assert rows["agreement"] == (1, 1, 3.0)
    assert rows["handover"] == (1, 1, None)
    assert rows["live"] == (2, 0, None)
    assert rows["declined"] == (0, 0, None)


def test_it_shows_how_many_members_of_each_cohort_run_a_replication_live(
    client_for, national_admin, pipeline
):
    response = client_for(national_admin).get(URL)

    cohorts = {row.cohort.slug: (row.members, row.running) for row in response.context["overview"].cohorts}
    assert cohorts == {"pilot-2022": (3, 1), "=HYPERLINK(1)": (1, 0)}
    assert response.context["overview"].total == 5
    assert response.context["overview"].stalled == 3


def test_the_csv_export_is_an_attachment_with_fixed_columns_and_no_formulas(
    client_for, national_admin, pipeline
):
    response = client_for(national_admin).get(URL, {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="replications-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "section",
        "key",
        "label",
        "replications",
        "stalled",
        "median_days",
        "members",
        "running",
    ]
    assert rows[1][:2] == ["stage", "requested"] and rows[1][3:6] == ["1", "1", "3.0"]
    assert ["cohort", "pilot-2022", "Pilot 2022", "", "", "", "3", "1"] in rows
    assert ["cohort", "'=HYPERLINK(1)", '\'=HYPERLINK("x")', "", "", "", "1", "0"] in rows


def test_the_xlsx_export_holds_the_same_table(client_for, national_admin, pipeline):
    response = client_for(national_admin).get(URL, {"format": "xlsx"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["section", "key", "label"]
    assert rows[3][:2] == ["stage", "agreement"] and rows[3][3:6] == [1, 1, 3.0]
    assert ["cohort", "pilot-2022", "Pilot 2022", None, None, None, 3, 1] in rows
    assert all(not str(cell).startswith("=") for row in rows for cell in row if cell is not None)


def test_an_unknown_format_is_a_400_naming_it(client_for, national_admin, pipeline):
    response = client_for(national_admin).get(URL, {"format": "pdf"})

    assert response.status_code == 400
    assert b"format" in response.content


def _replications(count):
    for _ in range(count):
        replication = ReplicationFactory(practice=PracticeFactory(), stage="accepted")
        ReplicationStepFactory(replication=replication)
        CohortFactory(members=[replication.adopter])


def test_the_page_and_the_export_cost_the_same_for_2_or_30_replications(client_for, national_admin):
    client = client_for(national_admin)
    _replications(2)
    small, _ = measure_get(client, URL)
    small_csv, _ = measure_get(client, URL, {"format": "csv"})
    _replications(28)
    large, response = measure_get(client, URL)
    large_csv, _ = measure_get(client, URL, {"format": "csv"})

    # session, user, groups, by stage, stalled by stage, the steps, cohorts with their progress,
    # the menu's unread count.
    assert small == large == 8
    assert small_csv == large_csv == 7
    assert len(response.context["overview"].cohorts) == 30


def test_it_says_how_many_counted_replications_are_examples_from_public_reporting(
    client_for, national_admin, pipeline
):
    client = client_for(national_admin)
    assert "contoh dari pemberitaan publik" not in client.get(URL).content.decode()

    ReplicationFactory(stage="live", demo=True)
    html = client.get(URL).content.decode()

    assert "1 di antaranya contoh dari pemberitaan publik" in html
