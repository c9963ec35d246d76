"""/api/v1/practices/{slug}/comments/: list, write, answer, report and moderation from every side."""

import pytest
from rest_framework.test import APIClient

from knowledge.models import Comment, CommentReport, Practice

from .discussion_fixtures import ACTORS, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def _api(request, actor):
    return logged_in(request, actor, APIClient)


def _url(practice, action="", pk=None):
    base = f"/api/v1/practices/{practice.slug}/comments/"
    return f"{base}{pk}/{action}/" if pk else base


def test_anyone_reads_the_discussion_with_authors_by_role_and_pemda(anon, question, reply):
    body = APIClient().get(_url(question.practice)).json()

    assert body["count"] == 2
    first = body["results"][0]
    assert first == {
        "id": question.pk,
        "kind": "question",
        "parent": None,
        "author": {"role": "editor", "regency": "16.10", "label": "Editor, Kabupaten Ogan Ilir"},
        "body": "Berapa biaya **server**-nya?",
        "body_html": "<p>Berapa biaya <strong>server</strong>-nya?</p>\n",
        "is_answer": False,
        "created_at": first["created_at"],
        "edited_at": None,
        "hidden": False,
        "hidden_reason": "",
    }
    assert body["results"][1]["parent"] == question.pk


def test_a_drafts_discussion_is_a_404(national_admin, draft):
    client = APIClient()
    client.force_authenticate(national_admin)

    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft), {"body": "Halo"}, format="json").status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_staff_assessors_and_national_admins_write_and_nobody_else(request, published, actor):
    response = _api(request, actor).post(
        _url(published), {"kind": "question", "body": "Kodenya terbuka?"}, format="json"
    )

    expected = {"anon": 401, "plain_user": 403}.get(actor, 201)
    assert response.status_code == expected
    assert Comment.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["author"]["role"] in {"editor", "manager", "assessor", "national_admin"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "question", "body": ""}, "body"),
        ({"kind": "question", "body": "   "}, "body"),
        ({"kind": "question", "body": "x" * 5001}, "body"),
        ({"kind": "rant", "body": "Halo"}, "kind"),
        ({"body": "Halo", "parent": 999999}, "parent"),
        ({"body": "Halo", "parent": "abc"}, "parent"),
    ],
)
def test_each_bad_input_is_a_400_naming_the_field(ogan_ilir_editor, published, payload, field):
    client = APIClient()
    client.force_authenticate(ogan_ilir_editor)

    response = client.post(_url(published), payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Comment.objects.exists()


def test_an_archived_practice_takes_no_new_comment(ogan_ilir_editor, published):
    Practice.objects.filter(pk=published.pk).update(status="archived")
    client = APIClient()
    client.force_authenticate(ogan_ilir_editor)

    response = client.post(_url(published), {"body": "Halo"}, format="json")

    assert response.status_code == 400 and list(response.json()) == ["practice"]


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_pemdas_staff_mark_the_answer(request, reply, actor):
    response = _api(request, actor).post(_url(reply.practice, "answer", reply.pk), {}, format="json")

    reply.refresh_from_db()
    if actor in {"sumedang_editor", "sumedang_manager"}:
        assert response.status_code == 200 and response.json()["is_answer"] is True and reply.is_answer
    else:
        assert response.status_code == (401 if actor == "anon" else 403)
        assert not reply.is_answer


def test_a_question_cannot_be_its_own_answer(sumedang_editor, question):
    client = APIClient()
    client.force_authenticate(sumedang_editor)

    response = client.post(_url(question.practice, "answer", question.pk), {"is_answer": True}, format="json")

    assert response.status_code == 400 and list(response.json()) == ["comment"]


@pytest.mark.parametrize("actor", ACTORS)
def test_anyone_logged_in_reports_but_not_their_own_comment_nor_twice(request, question, actor):
    client = _api(request, actor)
    url = _url(question.practice, "report", question.pk)

    response = client.post(url, {"reason": "Iklan"}, format="json")

    if actor == "anon":
        assert response.status_code == 401
    elif actor == "ogan_ilir_editor":  # the author
        assert response.status_code == 400 and list(response.json()) == ["comment"]
    else:
        assert response.status_code == 201 and response.json()["reason"] == "Iklan"
        again = client.post(url, {"reason": "Iklan"}, format="json")
        assert again.status_code == 400 and list(again.json()) == ["comment"]
    assert CommentReport.objects.count() == (0 if actor in {"anon", "ogan_ilir_editor"} else 1)


def test_a_report_without_a_reason_names_the_field(sumedang_editor, question):
    client = APIClient()
    client.force_authenticate(sumedang_editor)

    response = client.post(_url(question.practice, "report", question.pk), {}, format="json")

    assert response.status_code == 400 and list(response.json()) == ["reason"]


@pytest.mark.parametrize("actor", ACTORS)
def test_only_national_admins_hide(request, question, actor):
    response = _api(request, actor).post(
        _url(question.practice, "hide", question.pk), {"reason": "Iklan"}, format="json"
    )

    question.refresh_from_db()
    if actor == "national_admin":
        assert response.status_code == 200 and question.is_hidden
    else:
        assert response.status_code == (401 if actor == "anon" else 403)
        assert not question.is_hidden


def test_a_hidden_comments_text_is_for_national_admins_only(national_admin, sumedang_editor, question):
    admin = APIClient()
    admin.force_authenticate(national_admin)
    assert admin.post(_url(question.practice, "hide", question.pk), {}, format="json").json() == {
        "reason": ["Bidang ini harus diisi."]
    }
    admin.post(_url(question.practice, "hide", question.pk), {"reason": "Data pribadi"}, format="json")

    editor = APIClient()
    editor.force_authenticate(sumedang_editor)
    seen = editor.get(_url(question.practice)).json()["results"][0]
    assert (seen["hidden"], seen["hidden_reason"], seen["body"], seen["body_html"]) == (
        True,
        "Data pribadi",
        None,
        None,
    )
    assert admin.get(_url(question.practice)).json()["results"][0]["body"] == "Berapa biaya **server**-nya?"

    shown = admin.post(_url(question.practice, "unhide", question.pk), {"reason": "Keliru"}, format="json")
    assert shown.status_code == 200 and shown.json()["hidden"] is False
    again = admin.post(_url(question.practice, "unhide", question.pk), {"reason": "Keliru"}, format="json")
    assert again.status_code == 400 and list(again.json()) == ["comment"]


def test_the_schema_documents_the_comment_endpoints_and_their_errors(anon):
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    for action in ("", "{id}/answer/", "{id}/report/", "{id}/hide/", "{id}/unhide/"):
        path = f"/api/v1/practices/{{practice_slug}}/comments/{action}"
        assert path in schema["paths"], path
        post = schema["paths"][path]["post"]
        assert {"400", "401", "403", "404"} <= set(post["responses"]), path
