"""Items 8 and 18b of issue 7: the history of a self-assessment is complete, names people only for
insiders, and a step or an import without a user reads "akun dihapus" or "sistem", never a 500."""

import pytest

from spbe.models import Evidence, ImportJob, SelfAssessmentEvent
from spbe.services import self_assessment_review, self_assessment_submit

from ..regencies.factories import UserFactory


def _url(evaluation, action=""):
    return f"/spbe/self-assessments/{evaluation.pk}/" + (f"{action}/" if action else "")


def _kinds(evaluation):
    return list(evaluation.events.order_by("at", "pk").values_list("kind", flat=True))


@pytest.fixture
def complete_draft(scored_draft, sumedang_editor, client_for):
    """Every indicator at level 3, indicator 1 with an explanation and a piece of evidence."""
    client = client_for(sumedang_editor)
    data = {f"level_{i.number}": 3 for i in scored_draft.framework.indicators.all()}
    client.post(_url(scored_draft), {**data, "explanation_1": "Perbup 12/2025"})
    client.post(
        _url(scored_draft, "evidence"),
        {"indicator": 1, "title": "Perbup SPBE", "url": "https://jdih.example.go.id/1"},
    )
    return scored_draft


def test_history_keeps_submissions_returns_verifications_explanations_and_evidence(
    complete_draft, sumedang_manager, assessor, client_for
):
    manager, reviewer = client_for(sumedang_manager), client_for(assessor)
    manager.post(_url(complete_draft, "submit"), {"confirm": "on"})
    reviewer.post(
        _url(complete_draft, "review"),
        {"decision": "return", "comment_1": "Unggah Perbup yang ditandatangani"},
    )
    manager.post(_url(complete_draft), {"level_1": 4})
    manager.post(_url(complete_draft, "submit"), {"confirm": "on"})
    reviewer.post(_url(complete_draft, "review"), {"decision": "verify"})

    kinds = _kinds(complete_draft)
    assert kinds[0] == "created"
    assert kinds.count("level") == 47 + 1  # indicator 1 set at 2 by the fixture, then 3, then 4
    assert [k for k in kinds if k not in {"created", "level"}] == [
        "explanation",
        "evidence_added",
        "submitted",
        "comment",
        "returned",
        "submitted",
        "verified",
    ]
    comment = complete_draft.events.get(kind="comment")
    assert (comment.indicator.number, comment.detail, comment.by_role) == (
        1,
        "Unggah Perbup yang ditandatangani",
        "assessor",
    )


def test_comments_of_a_return_read_as_resolved_once_verified(
    complete_draft, sumedang_manager, assessor, client_for
):
    self_assessment_submit(evaluation=complete_draft, by_user=sumedang_manager)
    indicator_1 = complete_draft.framework.indicators.get(number=1)
    self_assessment_review(
        evaluation=complete_draft, by_user=assessor, verify=False, comments={indicator_1.pk: "Revisi"}
    )
    returned = client_for(sumedang_manager).get(_url(complete_draft, "history")).content.decode()
    assert "(diselesaikan)" not in returned

    self_assessment_submit(evaluation=complete_draft, by_user=sumedang_manager)
    # The review page keeps the comment in its field; verifying leaves it on the indicator.
    client_for(assessor).post(_url(complete_draft, "review"), {"decision": "verify", "comment_1": "Revisi"})

    history = client_for(sumedang_manager).get(_url(complete_draft, "history")).content.decode()
    assert '“Revisi” <span class="resolved">(diselesaikan)</span>' in history
    form = client_for(sumedang_manager).get(_url(complete_draft)).content.decode()
    assert 'class="reviewer-comment resolved"' in form


@pytest.fixture
def verified(complete_draft, sumedang_manager, assessor):
    self_assessment_submit(evaluation=complete_draft, by_user=sumedang_manager)
    self_assessment_review(evaluation=complete_draft, by_user=assessor, verify=True)
    return complete_draft


def test_publicly_the_history_names_roles_and_pemda_not_staff(
    verified, anon, ogan_ilir_editor, sumedang_editor, assessor, national_admin, client_for
):
    names = [sumedang_editor.get_full_name(), assessor.get_full_name()]
    for outsider in (anon, client_for(ogan_ilir_editor)):
        for url in (_url(verified, "history"), _url(verified)):
            html = outsider.get(url).content.decode()
            assert not [name for name in names if name in html], url
            assert "staf pemda, Kabupaten Sumedang" in html
        assert "asesor" in outsider.get(_url(verified, "history")).content.decode()
        # The title of evidence is not in the public history (the evidence may not be public).
        assert "Perbup SPBE" not in outsider.get(_url(verified, "history")).content.decode()
    for insider in (sumedang_editor, assessor, national_admin):
        html = client_for(insider).get(_url(verified, "history")).content.decode()
        assert all(name in html for name in names)


def test_a_step_whose_user_was_deleted_says_so_and_a_scripted_one_says_system(
    verified, sumedang_editor, anon, client_for, national_admin
):
    SelfAssessmentEvent.objects.create(
        evaluation=verified, kind="level", by_role="system", old_level=3, new_level=4
    )
    sumedang_editor.delete()  # the account goes; its steps stay, without a user

    for client in (anon, client_for(national_admin)):
        for url in (_url(verified), _url(verified, "history")):
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            if url.endswith("history/"):
                assert "akun dihapus (staf pemda, Kabupaten Sumedang)" in html
                assert ">sistem<" in html


def test_a_self_assessment_whose_submitter_and_reviewer_were_deleted_still_opens(
    verified, sumedang_manager, assessor, anon, client_for, national_admin
):
    sumedang_manager.delete()
    assessor.delete()
    Evidence.objects.update(added_by=None)

    for client in (anon, client_for(national_admin)):
        html = client.get(_url(verified)).content.decode()
        assert "akun dihapus (staf pemda)" in html
        assert "akun dihapus (asesor)" in html
        assert client.get(_url(verified, "history")).status_code == 200


def test_imports_without_a_user_say_deleted_account_or_system(national_admin, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    gone = UserFactory(username="gone")
    deleted = ImportJob.objects.create(uploaded_by=gone, original_name="a.csv", status="done", file="x/a.csv")
    gone.delete()
    scripted = ImportJob.objects.create(
        uploaded_by=None, by_script=True, original_name="b.csv", status="done", file="x/b.csv"
    )
    admin = client_for(national_admin)

    listing = admin.get("/spbe/imports/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "akun dihapus" in html and "sistem" in html
    assert "akun dihapus" in admin.get(f"/spbe/imports/{deleted.pk}/").content.decode()
    assert "sistem" in admin.get(f"/spbe/imports/{scripted.pk}/").content.decode()


def test_an_import_run_by_a_script_is_marked_so(tmp_path, settings, frameworks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from spbe.imports import import_check
    from spbe.published_data import Citation

    settings.MEDIA_ROOT = tmp_path
    job = import_check(
        upload=SimpleUploadedFile("x.csv", b"a,b\n1,2\n"),
        by_user=None,
        citation=Citation("Sumber", "", "official"),
    )

    assert (job.uploaded_by, job.by_script) == (None, True)
