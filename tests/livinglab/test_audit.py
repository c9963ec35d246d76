# ruff: noqa: F811 (fixtures imported from tests/spbe/conftest.py are used as arguments)
"""The audit trail: each kind of change to practices, evaluations, memberships and national roles,
single or in bulk, leaves an event with who, when, what, before → after."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge.practices.models import Practice, PracticeDocument
from livinglab import audit
from livinglab.models import AuditEvent
from regencies.models import Membership
from regencies.permissions import ASSESSOR_GROUP
from spbe.models import Evaluation, ImportJob, IndicatorScore

from ..knowledge.form_data import practice_form
from ..regencies.factories import MembershipFactory, UserFactory
from ..spbe.conftest import assessor, framework_2020, frameworks  # noqa: F401 F811 (fixtures)

pytestmark = pytest.mark.django_db


def events(object_type, object_id=None):
    """(by, action, changes) of the events about a type of record (one record), oldest first."""
    found = AuditEvent.objects.filter(object_type=object_type).order_by("id")
    if object_id is not None:
        found = found.filter(object_id=str(object_id))
    return [(event.actor_name, event.action, event.changes) for event in found]


def test_an_event_says_who_when_what_and_carries_the_request_id(sumedang_editor, client_for):
    response = client_for(sumedang_editor).post("/practices/new/", practice_form())

    event = AuditEvent.objects.get(object_type="knowledge.practice")
    assert (event.actor, event.actor_label, event.action) == (sumedang_editor, "editor-sumedang", "created")
    assert event.object_label == "Aplikasi Antrean"
    assert event.object_id == str(Practice.objects.get().pk)
    assert event.request_id == response["X-Request-ID"]
    assert abs(event.at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)


# Practices -------------------------------------------------------------------------------------


def test_a_practice_created_edited_published_and_archived_leaves_one_event_each(
    sumedang_editor, national_admin, client_for
):
    editor, admin = client_for(sumedang_editor), client_for(national_admin)
    editor.post("/practices/new/", practice_form(tags="e-office"))
    practice = Practice.objects.get()
    url = f"/practices/{practice.slug}/"

    editor.post(f"{url}edit/", practice_form(title="Aplikasi Antrean Puskesmas", tags="e-office, antrean"))
    editor.post(f"{url}publish/", {"confirm": "on"})
    admin.post(f"{url}archive/", {"confirm": "on"})

    (created, edited, published, archived) = events("knowledge.practice", practice.pk)
    assert created[:2] == ("editor-sumedang", "created")
    assert created[2]["title"] == [None, "Aplikasi Antrean"]
    assert created[2]["tags"] == ["", "e-office"]
    assert created[2]["status"] == [None, "draft"]
    # The fields and the relations of one save are one event.
    assert edited == (
        "editor-sumedang",
        "changed",
        {
            "title": ["Aplikasi Antrean", "Aplikasi Antrean Puskesmas"],
            "tags": ["e-office", "antrean, e-office"],
        },
    )
    assert published[:2] == ("editor-sumedang", "changed")
    assert published[2]["status"] == ["draft", "published"]
    assert archived[:2] == ("admin-kementerian", "changed")
    assert archived[2]["status"] == ["published", "archived"]


def test_a_document_added_and_removed_leaves_its_events(sumedang_editor, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(sumedang_editor)
    client.post("/practices/new/", practice_form())
    url = f"/practices/{Practice.objects.get().slug}/documents/"
    pdf = SimpleUploadedFile("sop.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    client.post(f"{url}new/", {"title": "SOP Antrean", "file": pdf})
    document = PracticeDocument.objects.get()

    client.post(f"{url}{document.pk}/delete/", {"confirm": "on"})

    added, removed = events("knowledge.practicedocument", document.pk)
    assert (added[:2], added[2]["title"]) == (("editor-sumedang", "created"), [None, "SOP Antrean"])
    assert (removed[:2], removed[2]["title"]) == (("editor-sumedang", "deleted"), ["SOP Antrean", None])


# Evaluations -----------------------------------------------------------------------------------

FW = "permenpanrb-59-2020"


def _import(client, lines, django_capture_on_commit_callbacks):
    content = "\n".join(["regency_code,year,framework,indicator_no,level", *lines]) + "\n"
    return _import_file(client, content, django_capture_on_commit_callbacks)


def _import_file(client, content, django_capture_on_commit_callbacks):
    """Upload, check and confirm an import as `client`; the job, done."""
    client.post(
        "/spbe/imports/new/",
        {
            "file": SimpleUploadedFile("hasil.csv", content.encode()),
            "source_title": "KemenPANRB, Keputusan MenPANRB Nomor 13 Tahun 2024",
            "source_url": "https://menpan.go.id/keputusan-13-2024",
            "certainty": "official",
        },
    )
    job = ImportJob.objects.order_by("-pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/spbe/imports/{job.pk}/confirm/", {"confirm": "on"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.status, job.problems, job.message)
    return job


@pytest.fixture
def importing(sumedang, ogan_ilir, frameworks, national_admin, client_for, celery_eager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return client_for(national_admin)


def test_an_import_records_every_evaluation_and_level_it_writes(
    importing, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    lines = [f"{code},2023,{FW},{n},3" for code in ("32.11", "16.10") for n in range(1, 48)]

    job = _import(importing, lines, django_capture_on_commit_callbacks)

    evaluations = AuditEvent.objects.filter(object_type="spbe.evaluation")
    assert evaluations.count() == 2
    sumedang = Evaluation.objects.get(regency_id="32.11")
    created = evaluations.get(object_id=str(sumedang.pk))
    # Created in bulk and then given its index: one event, with the final values.
    assert (created.actor_name, created.action, created.via) == (
        "admin-kementerian",
        "created",
        f"SPBE import #{job.pk}",
    )
    assert created.changes["index"] == [None, "3.00"]
    assert created.changes["source_title"] == [None, "KemenPANRB, Keputusan MenPANRB Nomor 13 Tahun 2024"]
    levels = AuditEvent.objects.filter(object_type="spbe.indicatorscore")
    assert levels.count() == 94
    level = levels.get(object_id=str(IndicatorScore.objects.get(evaluation=sumedang, indicator__number=5).pk))
    assert (level.actor_name, level.action, level.changes["level"]) == (
        "admin-kementerian",
        "created",
        [None, 3],
    )
    assert level.object_label == "Kabupaten Sumedang 2023 (Hasil resmi), indikator 5"

    # Changing levels again: one event per changed level, old → new, and the evaluation's index.
    changed = [f"32.11,2023,{FW},{n},{4 if n <= 10 else 3}" for n in range(1, 48)]
    _import(importing, changed, django_capture_on_commit_callbacks)

    assert levels.filter(action="changed").count() == 10
    assert {tuple(e.changes["level"]) for e in levels.filter(action="changed")} == {(3, 4)}
    index_change = evaluations.filter(action="changed").get()
    assert index_change.changes["index"][0] == "3.00" and index_change.changes["index"][1] > "3.00"


def test_the_events_of_a_large_import_cost_a_fixed_number_of_queries(
    importing, django_capture_on_commit_callbacks, django_assert_max_num_queries, regions
):
    from regencies.models import Regency

    codes = list(Regency.objects.order_by("code").values_list("code", flat=True)[:20])
    lines = [f"{code},2023,{FW},{n},3" for code in codes for n in range(1, 48)]

    # 940 levels of 20 evaluations: the events add a read-back and one insert per bulk write, and
    # one read per evaluation whose index is computed, never one query per level.
    with django_assert_max_num_queries(150):
        _import(importing, lines, django_capture_on_commit_callbacks)

    assert AuditEvent.objects.filter(object_type="spbe.indicatorscore").count() == 940


@pytest.fixture
def filled(sumedang, framework_2020, sumedang_editor, client_for):
    from spbe.services import self_assessment_create

    draft = self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)
    levels = {}
    for number in framework_2020.indicators.values_list("number", flat=True):
        levels[f"level_{number}"] = 3
        levels[f"explanation_{number}"] = "Sudah ada Perbup"
    client_for(sumedang_editor).post(f"/spbe/self-assessments/{draft.pk}/", levels)
    return draft


def test_a_self_assessment_filled_submitted_and_verified_leaves_its_events(
    filled, sumedang_editor, sumedang_manager, assessor, client_for
):
    url = f"/spbe/self-assessments/{filled.pk}/"
    client_for(sumedang_editor).post(
        f"{url}evidence/", {"indicator": 1, "title": "JDIH", "url": "https://jdih.sumedangkab.go.id/perbup"}
    )
    client_for(sumedang_manager).post(f"{url}submit/", {"confirm": "on"})
    client_for(assessor).post(f"{url}review/", {"decision": "verify"})

    levels = AuditEvent.objects.filter(object_type="spbe.indicatorscore")
    assert levels.count() == 47
    assert {(e.actor_name, e.action, tuple(e.changes["level"])) for e in levels} == {
        ("editor-sumedang", "created", (None, 3))
    }
    status_changes = [
        (by, changes["status"])
        for by, action, changes in events("spbe.evaluation", filled.pk)
        if action == "changed" and "status" in changes
    ]
    assert status_changes == [
        ("manager-sumedang", ["draft", "submitted"]),
        ("asesor", ["submitted", "verified"]),
    ]


def test_a_returned_self_assessment_records_the_reviewers_comment(
    filled, sumedang_manager, assessor, client_for
):
    url = f"/spbe/self-assessments/{filled.pk}/"
    client_for(sumedang_manager).post(f"{url}submit/", {"confirm": "on"})
    score = filled.scores.get(indicator__number=1)

    client_for(assessor).post(f"{url}review/", {"decision": "return", "comment_1": "Lampirkan Perbup."})

    by, action, changes = events("spbe.indicatorscore", score.pk)[-1]
    assert (by, action, changes) == ("asesor", "changed", {"reviewer_comment": ["", "Lampirkan Perbup."]})


# Memberships and national roles -----------------------------------------------------------------


def test_a_membership_added_changed_and_removed_leaves_its_events(
    sumedang, sumedang_manager, national_admin, client_for
):
    newcomer = UserFactory(username="baru")
    client_for(national_admin).post(
        "/admin/regencies/membership/add/", {"user": newcomer.pk, "regency": sumedang.pk, "role": "editor"}
    )
    membership = Membership.objects.get(user=newcomer)
    manager = client_for(sumedang_manager)

    manager.post(f"/regencies/32.11/staff/{membership.pk}/role/", {f"{membership.pk}-role": "manager"})
    manager.post(f"/regencies/32.11/staff/{membership.pk}/remove/", {"confirm": "on"})

    assert events("regencies.membership", membership.pk) == [
        (
            "admin-kementerian",
            "created",
            {"user": [None, newcomer.pk], "regency": [None, "32.11"], "role": [None, "editor"]},
        ),
        ("manager-sumedang", "changed", {"role": ["editor", "manager"]}),
        (
            "manager-sumedang",
            "deleted",
            {"user": [newcomer.pk, None], "regency": ["32.11", None], "role": ["manager", None]},
        ),
    ]
    assert (
        AuditEvent.objects.filter(object_type="regencies.membership").first().object_label.startswith("baru")
    )


def test_a_group_granted_and_taken_by_a_superuser_leaves_its_events(sumedang_editor, client_for):
    from ..regencies.test_separation_of_duties import _change_form

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    assessors = Group.objects.get_or_create(name=ASSESSOR_GROUP)[0]
    client = client_for(superuser)
    url = f"/admin/auth/user/{sumedang_editor.pk}/change/"

    client.post(url, _change_form(sumedang_editor, groups=[assessors.pk]))
    client.post(url, _change_form(sumedang_editor, groups=[]))

    grants = [e for e in events("auth.user", sumedang_editor.pk) if "groups" in e[2]]
    assert grants == [
        ("root", "changed", {"groups": [[], [ASSESSOR_GROUP]]}),
        ("root", "changed", {"groups": [[ASSESSOR_GROUP], []]}),
    ]


def test_a_bulk_update_records_one_event_per_row(sumedang, ogan_ilir):
    editors = [MembershipFactory(regency=regency).pk for regency in (sumedang, ogan_ilir)]

    with audit.acting_as(None, via="script"):
        Membership.objects.filter(pk__in=editors).update(role="manager")

    changed = AuditEvent.objects.filter(object_type="regencies.membership", action="changed")
    assert sorted(int(e.object_id) for e in changed) == sorted(editors)
    assert {(e.actor_name, e.via, tuple(e.changes["role"])) for e in changed} == {
        ("sistem", "script", ("editor", "manager"))
    }


def test_every_audited_model_audits_its_bulk_writes():
    from django.contrib.auth import get_user_model

    unchecked = [
        model
        for model in audit.registry.registered()
        if not issubclass(model._default_manager._queryset_class, audit.AuditedQuerySet)
    ]
    assert unchecked == [get_user_model()]  # auth's manager; nothing here writes users in bulk


def test_a_wide_import_records_each_published_result(importing, django_capture_on_commit_callbacks):
    header = "regency_code,year,framework,index,predicate,source_url"
    content = "\n".join([header, f"32.11,2023,{FW},3.10,Baik,", f"16.10,2023,{FW},2.50,Cukup,"]) + "\n"
    job = _import_file(importing, content, django_capture_on_commit_callbacks)

    created = AuditEvent.objects.filter(object_type="spbe.evaluation", action="created")
    assert {
        (e.actor_name, e.via, e.changes["published_index"][1], e.changes["index"][1]) for e in created
    } == {
        ("admin-kementerian", f"SPBE import #{job.pk}", "3.10", "3.10"),
        ("admin-kementerian", f"SPBE import #{job.pk}", "2.50", "2.50"),
    }


def test_a_model_whose_bulk_writes_would_escape_the_trail_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from spbe.models import LevelChange

    with pytest.raises(ImproperlyConfigured, match="AuditedQuerySet"):
        audit.register(LevelChange, fields=["new_level"])
    assert LevelChange not in audit.registry.registered()


# Replications ---------------------------------------------------------------------------------


def test_a_replication_requested_and_accepted_leaves_its_events(
    sumedang, ogan_ilir_editor, sumedang_editor, client_for
):
    from knowledge.replications.models import Replication, ReplicationStep

    from ..knowledge.factories import PracticeFactory

    published = PracticeFactory(regency=sumedang, slug="e-office")
    client_for(ogan_ilir_editor).post(
        f"/replications/request/{published.slug}/", {"message": "Kami ingin mereplikasi e-Office."}
    )
    replication = Replication.objects.get()
    client_for(sumedang_editor).post(
        f"/replications/{replication.pk}/steps/",
        {"to": "accepted", "contact": sumedang_editor.pk, "expected_stage": "requested"},
    )

    requested, accepted = events("knowledge.replication", replication.pk)
    assert requested[:2] == (ogan_ilir_editor.username, "created")
    assert requested[2]["stage"] == [None, "requested"]
    assert accepted[:2] == (sumedang_editor.username, "changed")
    assert accepted[2]["stage"] == ["requested", "accepted"]
    steps = [changes["to_stage"][1] for _by, _action, changes in events("knowledge.replicationstep")]
    assert steps == list(ReplicationStep.objects.order_by("pk").values_list("to_stage", flat=True))
    assert "accepted" in steps
