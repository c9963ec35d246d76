from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spbe.models import Evaluation, Evidence, IndicatorScore, Level, LevelChange
from spbe.services import (
    SpbeError,
    score_set,
    self_assessment_create,
    self_assessment_review,
    self_assessment_submit,
)

from ..regencies.factories import MembershipFactory, RegencyFactory

pytestmark = pytest.mark.django_db

BASE = "/spbe/self-assessments/"


def _url(evaluation, action=""):
    return f"{BASE}{evaluation.pk}/{action + '/' if action else ''}"


def _levels(evaluation, level=3, overrides=None):
    """The whole form as a browser posts it: a level and an explanation for every indicator."""
    overrides = overrides or {}
    data = {}
    for number in evaluation.framework.indicators.values_list("number", flat=True):
        data[f"level_{number}"] = overrides.get(number, level)
        data[f"explanation_{number}"] = "Sudah ada Perbup"
    return data


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _card(html, number):
    """The form's card of one indicator."""
    return html.split(f'id="indicator-{number}"')[1].split("</section>")[0]


def _status(evaluation):
    evaluation.refresh_from_db()
    return evaluation.status


def _sent_to_log_in(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.fixture
def draft(sumedang, framework_2020):
    return self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)


@pytest.fixture
def filled(draft, sumedang_editor, client_for):
    client_for(sumedang_editor).post(_url(draft), _levels(draft, level=3))
    return draft


@pytest.fixture
def submitted(filled, sumedang_manager, client_for):
    client_for(sumedang_manager).post(_url(filled, "submit"), {"confirm": "on"})
    assert _status(filled) == "submitted"
    return filled


@pytest.fixture
def verified(submitted, assessor, client_for):
    client_for(assessor).post(_url(submitted, "review"), {"decision": "verify"})
    assert _status(submitted) == "verified"
    return submitted


# Starting one ---------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager"])
def test_staff_start_a_self_assessment_for_their_own_pemda(frameworks, client_for, request, actor):
    client = client_for(request.getfixturevalue(actor))

    response = client.post(f"{BASE}new/", {"year": 2026, "framework": "permenpanrb-59-2020"})

    evaluation = Evaluation.objects.get()
    assert response["Location"] == _url(evaluation)
    assert (evaluation.regency_id, evaluation.status, evaluation.source, evaluation.synthetic) == (
        "32.11",
        "draft",
        "self_assessment",
        False,
    )


def test_the_start_form_proposes_this_year_and_the_current_framework(frameworks, sumedang_editor, client_for):
    html = _html(client_for(sumedang_editor), f"{BASE}new/")

    assert f'name="year" value="{timezone.now().year}"' in html
    assert '<option value="permenpanrb-59-2020" selected>' in html


@pytest.mark.parametrize(
    "data",
    [
        {"year": 2026, "framework": "permenpanrb-59-2020"},  # one already exists
        {"year": 2026, "framework": "permenpanrb-5-2018"},  # that framework ended in 2020
        {"year": 2040, "framework": "permenpanrb-59-2020"},
        {"year": "tahun ini", "framework": "permenpanrb-59-2020"},
    ],
)
def test_a_refused_start_names_the_year_and_creates_nothing(draft, sumedang_editor, client_for, data):
    response = client_for(sumedang_editor).post(f"{BASE}new/", data)

    assert response.status_code == 200
    assert 'id="id_year_error"' in response.content.decode()
    assert Evaluation.objects.count() == 1


def test_an_unknown_framework_is_refused_next_to_its_field(frameworks, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(
        f"{BASE}new/", {"year": 2026, "framework": "permenpanrb-1-1999"}
    )

    assert 'id="id_framework_error"' in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("actor", ["national_admin", "assessor"])
def test_people_without_a_pemda_cannot_start_one(frameworks, client_for, request, actor):
    response = client_for(request.getfixturevalue(actor)).post(
        f"{BASE}new/", {"year": 2026, "framework": "permenpanrb-59-2020"}
    )

    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_anonymous_is_sent_to_log_in_for_everything_not_public(draft, anon):
    urls = [BASE, f"{BASE}new/"] + [_url(draft, a) for a in ("", "submit", "review", "history", "evidence")]

    for url in urls:
        assert _sent_to_log_in(anon.get(url)), url
    assert _sent_to_log_in(anon.post(_url(draft), _levels(draft)))
    assert not draft.scores.exists()


# Filling: drafts, the index, the history ------------------------------------------------------------


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager"])
def test_the_pemdas_staff_save_a_draft_and_see_the_index_and_predicate(draft, client_for, request, actor):
    client = client_for(request.getfixturevalue(actor))

    response = client.post(_url(draft), _levels(draft, level=3, overrides={1: 4}))

    assert response["Location"] == _url(draft)
    draft.refresh_from_db()
    assert (draft.status, str(draft.index), draft.predicate) == ("draft", "3.01", "Baik")  # 3 + 1.30 / 100
    html = _html(client, _url(draft))
    assert '<strong id="index">3,01</strong> <span id="predicate">Baik</span>' in html
    assert '<dd id="levels-set">47 / 47</dd>' in html
    assert 'data-weight="1.3000"' in html  # read by static/js/self_assessment.js
    assert "js/self_assessment.js" in html


def test_the_form_shows_every_indicator_under_its_domain_and_aspect_with_its_scale(
    draft, sumedang_editor, client_for
):
    html = _html(client_for(sumedang_editor), _url(draft))

    assert html.count('<section class="indicator-card') == 47
    assert html.count('<h2 class="domain">') == 4
    assert html.count('<h3 class="aspect">') == 8
    process_5 = Level.objects.get(scale__framework=draft.framework, scale__code="process", value=5)
    service_5 = Level.objects.get(scale__framework=draft.framework, scale__code="service", value=5)
    assert process_5.name != service_5.name
    row_1 = _card(html, 1)
    row_47 = _card(html, 47)
    assert 'name="level_1" value="5"' in row_1
    assert f'<span class="level-name">{process_5}</span>' in row_1
    assert f'<span class="level-name">{service_5}</span>' in row_47


def test_a_partial_draft_is_kept_without_an_index(draft, sumedang_editor, client_for):
    client = client_for(sumedang_editor)

    client.post(_url(draft), {"level_1": 2, "explanation_1": "Draf Perbup"})

    draft.refresh_from_db()
    assert list(draft.scores.values_list("indicator__number", "level", "explanation")) == [
        (1, 2, "Draf Perbup")
    ]
    assert draft.index is None
    assert '<dd id="levels-set">1 / 47</dd>' in _html(client, _url(draft))


def test_every_change_of_level_is_kept_with_who_old_and_new(
    draft, sumedang_editor, sumedang_manager, client_for
):
    client_for(sumedang_editor).post(_url(draft), {"level_1": 2})
    client_for(sumedang_manager).post(_url(draft), {"level_1": 4})
    # Only the explanation changes: no new entry in the history.
    client_for(sumedang_manager).post(_url(draft), {"level_1": 4, "explanation_1": "Sudah ada SOP"})

    changes = list(LevelChange.objects.values_list("changed_by__username", "old_level", "new_level"))
    assert changes == [("manager-sumedang", 2, 4), ("editor-sumedang", None, 2)]
    history = _html(client_for(sumedang_editor), _url(draft, "history"))
    assert history.count('data-kind="level"') == 2
    assert history.count('data-kind="explanation"') == 1  # the history has it; the level history not
    assert sumedang_manager.get_full_name() in history
    assert sumedang_editor.get_full_name() in history
    row_1 = _card(_html(client_for(sumedang_editor), _url(draft)), 1)
    assert sumedang_manager.get_full_name() in row_1
    assert "2 → 4" in row_1
    assert "— → 2" in row_1.split(sumedang_editor.get_full_name())[1]


@pytest.mark.parametrize(
    ("field", "value", "error_id"),
    [
        ("level_1", 0, 'id="id_level_1_error"'),  # 59/2020 levels run from 1 to 5
        ("level_1", 6, 'id="id_level_1_error"'),
        ("level_1", "tinggi", 'id="id_level_1_error"'),
        ("level_99", 3, 'id="levels-errors"'),  # 59/2020 has 47 indicators
        ("level_" + "9" * 5000, 3, 'id="levels-errors"'),  # too long for int(): still an error, not a 500
        ("level_²", 3, 'id="levels-errors"'),  # a digit to str.isdigit(), not to int()
        ("explanation_1", "x" * 4001, 'id="id_explanation_1_error"'),
    ],
)
def test_bad_input_shows_an_error_and_changes_nothing(
    draft, sumedang_editor, client_for, field, value, error_id
):
    # Sent as the browser sends the levels form (urlencoded, so a long field name reaches the form).
    response = client_for(sumedang_editor).post(
        _url(draft),
        urlencode({**_levels(draft), field: value}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert error_id in response.content.decode()
    assert not draft.scores.exists()
    assert not LevelChange.objects.exists()


def test_an_explanation_needs_a_level(draft, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(_url(draft), {"level_1": "", "explanation_1": "Belum ada"})

    assert 'id="id_level_1_error"' in response.content.decode()
    assert not draft.scores.exists()


def test_a_level_once_set_cannot_be_removed(filled, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(_url(filled), {**_levels(filled), "level_5": ""})

    assert 'id="id_level_5_error"' in response.content.decode()
    assert filled.scores.get(indicator__number=5).level == 3


# Who sees and changes what ----------------------------------------------------------------------------

VISIBLE_BY_STATUS = {
    "draft": {"sumedang_editor", "sumedang_manager"},
    "submitted": {"sumedang_editor", "sumedang_manager", "assessor", "national_admin"},
}
ACTORS = [
    "anon",
    "sumedang_editor",
    "sumedang_manager",
    "ogan_ilir_editor",
    "ogan_ilir_manager",
    "assessor",
    "national_admin",
]
VISIBLE_BY_STATUS["verified"] = set(ACTORS)  # public


@pytest.mark.parametrize("stage", ["draft", "submitted", "verified"])
@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_a_self_assessment_at_each_stage(client_for, request, stage, actor):
    evaluation = request.getfixturevalue(stage)
    client = (
        request.getfixturevalue("anon") if actor == "anon" else client_for(request.getfixturevalue(actor))
    )

    responses = [client.get(_url(evaluation)), client.get(_url(evaluation, "history"))]

    for response in responses:
        if actor in VISIBLE_BY_STATUS[stage]:
            assert response.status_code == 200
        elif actor == "anon":
            assert _sent_to_log_in(response)
        else:
            assert response.status_code == 404


@pytest.mark.parametrize("actor", ["assessor", "national_admin", "ogan_ilir_editor"])
def test_only_the_pemdas_staff_see_the_form_fields(verified, client_for, request, actor):
    html = _html(client_for(request.getfixturevalue(actor)), _url(verified))

    assert '<select name="level_' not in html
    assert 'id="indicator-47"' in html
    assert "js/self_assessment.js" not in html


@pytest.mark.parametrize("actor", ["ogan_ilir_editor", "ogan_ilir_manager", "national_admin", "assessor"])
def test_nobody_else_sees_or_changes_a_draft(draft, client_for, request, actor):
    response = client_for(request.getfixturevalue(actor)).post(_url(draft), _levels(draft))

    assert response.status_code == 404
    assert not draft.scores.exists()


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager", "assessor", "national_admin"])
def test_a_submitted_self_assessment_is_locked(submitted, client_for, request, actor):
    client = client_for(request.getfixturevalue(actor))

    response = client.post(_url(submitted), _levels(submitted, level=5))

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert str(submitted.index) == "3.00"
    assert 'name="level_' not in _html(client, _url(submitted))


# Submitting -------------------------------------------------------------------------------------------


def test_submitting_asks_for_confirmation(filled, sumedang_manager, client_for):
    manager = client_for(sumedang_manager)
    page = _html(manager, _url(filled, "submit"))
    # One confirmation: the page says what submitting means and its one button does it.
    assert 'name="confirm" value="on"' in page
    assert 'id="confirm-submit"' in page
    assert 'type="checkbox"' not in page

    response = manager.post(_url(filled, "submit"), {})

    assert 'id="submit-errors"' in response.content.decode()
    assert _status(filled) == "draft"


def test_the_manager_submits(filled, sumedang_manager, client_for):
    response = client_for(sumedang_manager).post(_url(filled, "submit"), {"confirm": "on"})

    assert response["Location"] == _url(filled)
    filled.refresh_from_db()
    assert (filled.status, filled.submitted_by) == ("submitted", sumedang_manager)


@pytest.mark.parametrize(
    ("actor", "status_code"),
    [("sumedang_editor", 403), ("ogan_ilir_manager", 404), ("national_admin", 404), ("assessor", 404)],
)
def test_nobody_but_the_manager_submits(filled, client_for, request, actor, status_code):
    client = client_for(request.getfixturevalue(actor))

    assert client.get(_url(filled, "submit")).status_code == status_code
    assert client.post(_url(filled, "submit"), {"confirm": "on"}).status_code == status_code
    assert _status(filled) == "draft"


def test_the_editor_is_not_offered_to_submit(filled, sumedang_editor, sumedang_manager, client_for):
    assert _url(filled, "submit") not in _html(client_for(sumedang_editor), _url(filled))
    assert _url(filled, "submit") in _html(client_for(sumedang_manager), _url(filled))


def test_submitting_is_refused_while_indicators_have_no_level(draft, sumedang_manager, client_for):
    manager = client_for(sumedang_manager)
    manager.post(_url(draft), {"level_1": 3})

    response = manager.post(_url(draft, "submit"), {"confirm": "on"})

    assert response.status_code == 200
    errors = response.content.decode().split('id="submit-errors"')[1].split("</div>")[0]
    assert "46" in errors  # indicators still without a level
    assert _status(draft) == "draft"


def test_a_submitted_one_cannot_be_submitted_again(submitted, sumedang_manager, client_for):
    assert client_for(sumedang_manager).post(_url(submitted, "submit"), {"confirm": "on"}).status_code == 403


# Reviewing --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status_code"),
    [
        ("sumedang_manager", 403),
        ("sumedang_editor", 403),
        ("national_admin", 403),
        ("ogan_ilir_manager", 404),
    ],
)
def test_only_assessors_review(submitted, client_for, request, actor, status_code):
    client = client_for(request.getfixturevalue(actor))

    assert client.get(_url(submitted, "review")).status_code == status_code
    assert client.post(_url(submitted, "review"), {"decision": "verify"}).status_code == status_code
    assert _status(submitted) == "submitted"


def test_an_assessor_never_reviews_their_own_pemda(submitted, assessor, client_for):
    MembershipFactory(user=assessor, regency=submitted.regency)
    client = client_for(assessor)

    assert client.get(_url(submitted, "review")).status_code == 403
    assert client.post(_url(submitted, "review"), {"decision": "verify"}).status_code == 403
    assert _status(submitted) == "submitted"
    review_link = f'href="{_url(submitted, "review")}"'
    assert review_link not in client.get(_url(submitted)).content.decode()


def test_a_draft_is_not_the_assessors_yet(filled, assessor, client_for):
    assert client_for(assessor).post(_url(filled, "review"), {"decision": "verify"}).status_code == 404
    assert _status(filled) == "draft"


def test_the_assessor_verifies(submitted, assessor, sumedang_editor, anon, client_for):
    response = client_for(assessor).post(_url(submitted, "review"), {"decision": "verify"})

    assert response["Location"] == _url(submitted)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == ("verified", assessor)
    assert f"/spbe/evaluations/{submitted.pk}/" in _html(anon, "/regencies/32.11/")
    assert client_for(assessor).post(_url(submitted, "review"), {"decision": "return"}).status_code == 403


@pytest.mark.parametrize(
    ("data", "error_id"),
    [({"decision": "return"}, 'id="id_decision_error"'), ({"decision": "maybe"}, 'id="id_decision_error"')],
)
def test_returning_needs_a_comment_and_a_decision_is_needed(submitted, assessor, client_for, data, error_id):
    response = client_for(assessor).post(_url(submitted, "review"), data)

    assert error_id in response.content.decode()
    assert _status(submitted) == "submitted"
    assert not IndicatorScore.objects.exclude(reviewer_comment="").exists()


def test_a_returned_self_assessment_is_revised_and_submitted_again(
    submitted, assessor, sumedang_editor, sumedang_manager, client_for
):
    reviewer, editor, manager = (
        client_for(assessor),
        client_for(sumedang_editor),
        client_for(sumedang_manager),
    )
    assert 'name="comment_47"' in _html(reviewer, _url(submitted, "review"))

    reviewer.post(
        _url(submitted, "review"),
        {"decision": "return", "comment_5": "Unggah Perbup", "comment_7": "Level 4?"},
    )

    assert _status(submitted) == "returned"
    comments = dict(
        submitted.scores.exclude(reviewer_comment="").values_list("indicator__number", "reviewer_comment")
    )
    assert comments == {5: "Unggah Perbup", 7: "Level 4?"}
    html = _html(editor, _url(submitted))
    row_5 = _card(html, 5)
    assert "Unggah Perbup" in row_5
    assert 'name="level_5"' in row_5  # editable again

    editor.post(_url(submitted), _levels(submitted, level=3, overrides={7: 4}))
    manager.post(_url(submitted, "submit"), {"confirm": "on"})
    assert _status(submitted) == "submitted"
    reviewer.post(_url(submitted, "review"), {"decision": "verify"})

    submitted.refresh_from_db()
    assert (submitted.status, str(submitted.index)) == ("verified", "3.01")  # indicator 7 weighs 1.3
    assert list(
        LevelChange.objects.filter(score__indicator__number=7).values_list("old_level", "new_level")
    ) == [
        (3, 4),
        (None, 3),
    ]


# Lists ------------------------------------------------------------------------------------------------


def test_staff_see_their_own_pemdas_list_and_assessors_the_queue(
    submitted, ogan_ilir, assessor, national_admin, sumedang_editor, ogan_ilir_editor, client_for
):
    other = self_assessment_create(regency=ogan_ilir, year=2026, framework=submitted.framework)

    assert _url(submitted) in _html(client_for(sumedang_editor), BASE)
    assert _url(other) not in _html(client_for(sumedang_editor), BASE)
    assert _url(other) in _html(client_for(ogan_ilir_editor), BASE)
    assert _url(submitted) not in _html(client_for(ogan_ilir_editor), BASE)
    for reviewer in (assessor, national_admin):
        html = _html(client_for(reviewer), BASE)
        assert _url(submitted) in html
        assert _url(other) not in html  # a draft is not in the queue


def test_assessors_and_ministry_admins_see_every_submitted_returned_and_verified_one(
    submitted,
    ogan_ilir,
    framework_2020,
    assessor,
    national_admin,
    sumedang_editor,
    ogan_ilir_editor,
    client_for,
):
    verified, returned = (
        Evaluation.objects.create(
            regency=RegencyFactory(),
            year=2026,
            framework=framework_2020,
            source="self_assessment",
            status=status,
        )
        for status in ("verified", "returned")
    )
    draft = self_assessment_create(regency=ogan_ilir, year=2026, framework=framework_2020)

    for reviewer in (assessor, national_admin):
        html = _html(client_for(reviewer), BASE)
        assert all(_url(e) in html for e in (submitted, verified, returned)), reviewer
        assert _url(draft) not in html
        # The queue comes first.
        assert html.index(_url(submitted)) < html.index(_url(verified))
    # A pemda's staff still see only their own.
    assert _url(verified) not in _html(client_for(sumedang_editor), BASE)
    assert _url(verified) not in _html(client_for(ogan_ilir_editor), BASE)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("reviewer", ["assessor", "national_admin"])
def test_the_queue_costs_the_same_queries_for_1_or_12_submitted(
    submitted, reviewer, request, framework_2020, client_for
):
    client = client_for(request.getfixturevalue(reviewer))
    small = _queries(client, BASE)
    for n in range(11):
        Evaluation.objects.create(
            regency=RegencyFactory(),
            year=2026,
            framework=framework_2020,
            source="self_assessment",
            status=("submitted", "returned", "verified")[n % 3],
        )

    # session, user, membership, groups (assessor?), count, page of self-assessments with
    # regency, province and framework; the menu's unread notifications
    assert _queries(client, BASE) == small == 7


def test_the_form_page_costs_the_same_queries_with_more_levels_evidence_and_history(
    draft, sumedang_editor, sumedang_manager, client_for
):
    client = client_for(sumedang_editor)
    client.post(_url(draft), {"level_1": 3})
    small = _queries(client, _url(draft))

    client.post(_url(draft), _levels(draft, level=4))
    client_for(sumedang_manager).post(_url(draft), _levels(draft, level=5))
    for score in draft.scores.all():
        Evidence.objects.create(score=score, title="Perbup", url="https://jdih.example.go.id/1")
        Evidence.objects.create(score=score, title="SOP", url="https://jdih.example.go.id/2")
    large = _queries(client, _url(draft))

    # session, user, groups (assessor?), membership, self-assessment with regency, province,
    # framework and who submitted and reviewed it; scores with their indicator, their evidence;
    # the history of the indicators with who made it and their pemda; the framework's indicators
    # with aspect, domain and scale, the scales' levels and the criteria of each level; the menu's
    # unread notifications
    assert large == small == 12


def test_the_history_page_costs_the_same_queries_for_1_or_94_changes(draft, sumedang_editor, client_for):
    client = client_for(sumedang_editor)
    client.post(_url(draft), {"level_1": 3})
    small = _queries(client, _url(draft, "history"))
    client.post(_url(draft), _levels(draft, level=4))
    client.post(_url(draft), _levels(draft, level=5))

    # session, user, groups (assessor?), membership, self-assessment, count, page of the history
    # with its indicator, who made it and their pemda; the menu's unread notifications
    assert _queries(client, _url(draft, "history")) == small == 8


# Synthetic data ---------------------------------------------------------------------------------------


def test_a_synthetic_self_assessment_carries_the_label_on_every_page(
    sumedang, framework_2020, assessor, client_for
):
    evaluation = self_assessment_create(regency=sumedang, year=2026, framework=framework_2020, synthetic=True)
    Evaluation.objects.filter(pk=evaluation.pk).update(status="submitted")
    editor = client_for(MembershipFactory(regency=sumedang).user)

    for client, url in [
        (editor, BASE),
        (editor, _url(evaluation)),
        (editor, _url(evaluation, "history")),
        (client_for(assessor), _url(evaluation, "review")),
    ]:
        assert _html(client, url).count('class="synthetic-label"') == 1, url


def test_a_real_self_assessment_has_no_label(filled, sumedang_editor, client_for):
    assert 'class="synthetic-label"' not in _html(client_for(sumedang_editor), _url(filled))


# Two people at once ---------------------------------------------------------------------------


def test_a_level_saved_from_a_page_opened_before_the_submission_is_refused(filled, sumedang_editor):
    stale = Evaluation.objects.get(pk=filled.pk)  # the editor's copy, still a draft
    self_assessment_submit(evaluation=Evaluation.objects.get(pk=filled.pk), by_user=None)
    changes = LevelChange.objects.count()

    with pytest.raises(SpbeError):
        score_set(evaluation=stale, indicator=stale.framework.indicators.get(number=1), level=5)

    assert LevelChange.objects.count() == changes
    assert IndicatorScore.objects.get(evaluation=filled, indicator__number=1).level == 3


def test_a_second_assessor_cannot_review_what_the_first_already_decided(submitted, assessor):
    first, second = Evaluation.objects.get(pk=submitted.pk), Evaluation.objects.get(pk=submitted.pk)
    self_assessment_review(evaluation=first, by_user=assessor, verify=True)

    with pytest.raises(SpbeError):
        self_assessment_review(evaluation=second, by_user=assessor, verify=False, comments={1: "revisi"})

    assert _status(submitted) == "verified"
    assert not IndicatorScore.objects.filter(evaluation=submitted).exclude(reviewer_comment="").exists()
