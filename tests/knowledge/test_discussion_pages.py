"""The discussion on a practice's page: who writes, who marks the answer, reports and moderation."""

from html.parser import HTMLParser

import pytest

from knowledge.models import Comment, CommentModeration, CommentReport, Practice

from .discussion_factories import CommentFactory
from .discussion_fixtures import ACTORS, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def _client(request, actor):
    return logged_in(request, actor)


def _url(practice, action="", pk=None):
    base = f"/practices/{practice.slug}/discussion/"
    return f"{base}{pk}/{action}/" if pk else base


def test_the_practice_page_shows_questions_by_role_and_pemda_not_by_name(anon, published, question, reply):
    page = anon.get(published.get_absolute_url()).content.decode()

    assert 'id="discussion"' in page
    assert "Berapa biaya <strong>server</strong>-nya?" in page
    assert "Editor, Kabupaten Ogan Ilir" in page
    assert "Editor, Kabupaten Sumedang" in page
    assert question.author.last_name not in page
    assert "Masuk untuk mengajukan pertanyaan." in page  # a log-in link, no form
    assert 'name="body"' not in page


@pytest.mark.parametrize("actor", ACTORS)
def test_staff_of_any_pemda_assessors_and_national_admins_ask_and_nobody_else(request, published, actor):
    client = _client(request, actor)

    response = client.post(_url(published), {"kind": "question", "body": "Apakah kodenya terbuka?"})

    comment = Comment.objects.filter(practice=published).first()
    if actor == "anon":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert comment is None
    elif actor == "plain_user":
        assert response.status_code == 403 and comment is None
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{published.get_absolute_url()}#comment-{comment.pk}"
        assert comment.kind == "question" and comment.author == request.getfixturevalue(actor)
        expected_role = {
            "assessor": "assessor",
            "national_admin": "national_admin",
            "sumedang_manager": "manager",
        }
        assert comment.author_role == expected_role.get(actor, "editor")


class _Elements(HTMLParser):
    """Every element and its attributes, as a browser would build them."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def test_script_and_dangerous_links_in_a_comment_are_inert(client_for, published, ogan_ilir_editor):
    client = client_for(ogan_ilir_editor)
    body = (
        "<script>alert('xss')</script> [klik](javascript:alert(1)) <img src=x onerror=alert(2)> "
        '<a href="#" onclick="alert(3)">a</a> [data](data:text/html;base64,PHNjcmlwdD4=) **tebal**'
    )
    client.post(_url(published), {"kind": "comment", "body": body})

    page = client.get(published.get_absolute_url()).content.decode()
    comment = page[
        page.index('<div class="body">') : page.index("</article>", page.index('<div class="body">'))
    ]
    elements = _Elements(comment).elements

    assert ("strong", {}) in elements  # Markdown still works
    assert "&lt;script&gt;alert" in comment  # the markup is shown as text
    assert {tag for tag, _ in elements} <= {"div", "p", "strong", "a", "em"}
    for tag, attrs in elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not attrs.get("href", "").lower().startswith(("javascript:", "data:")), attrs


def test_an_empty_or_too_long_text_is_refused_next_to_the_field(client_for, published, ogan_ilir_editor):
    client = client_for(ogan_ilir_editor)

    empty = client.post(_url(published), {"kind": "question", "body": "   "})
    too_long = client.post(_url(published), {"kind": "question", "body": "x" * 5001})
    no_kind = client.post(_url(published), {"kind": "rant", "body": "Halo"})

    for response in (empty, too_long, no_kind):
        assert response.status_code == 200
        assert 'class="errorlist"' in response.content.decode()
    assert 'id="id_body_error"' in empty.content.decode()
    assert "5000" in too_long.content.decode()
    assert 'id="id_kind_error"' in no_kind.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_to_another_practices_comment_is_refused(client_for, published, ogan_ilir_editor, sumedang):
    other = CommentFactory(practice__regency=sumedang)
    response = client_for(ogan_ilir_editor).post(_url(published), {"parent": other.pk, "body": "Jawaban"})

    assert response.status_code == 200
    assert "Balas pertanyaan atau komentar pada praktik ini." in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_draft_has_no_discussion_and_an_archived_practice_a_closed_one(
    client_for, draft, published, national_admin
):
    client = client_for(national_admin)
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft), {"kind": "question", "body": "Halo"}).status_code == 404

    Practice.objects.filter(pk=published.pk).update(status="archived")
    response = client.post(_url(published), {"kind": "question", "body": "Halo"})

    assert "Hanya praktik yang sudah terbit yang dapat didiskusikan." in response.content.decode()
    assert not Comment.objects.exists()
    assert "diskusinya ditutup" in client.get(published.get_absolute_url()).content.decode()


def test_a_reply_under_a_question_is_a_comment_and_tells_the_asker(client_for, question, sumedang_editor):
    response = client_for(sumedang_editor).post(
        _url(question.practice), {"parent": question.pk, "kind": "question", "body": "Rp 50 juta."}
    )

    reply = Comment.objects.get(parent=question)
    assert response.status_code == 302
    assert reply.kind == "comment"
    assert question.author.notifications.filter(event="reply_posted").exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_pemdas_staff_mark_the_answer(request, reply, actor):
    client = _client(request, actor)

    response = client.post(_url(reply.practice, "answer", reply.pk), {"is_answer": "True"})

    reply.refresh_from_db()
    if actor in {"sumedang_editor", "sumedang_manager"}:
        assert response.status_code == 302 and reply.is_answer
    else:
        assert response.status_code in ({302} if actor == "anon" else {403})
        assert not reply.is_answer


def test_one_answer_per_question_and_the_mark_can_be_taken_back(
    client_for, question, reply, sumedang_manager
):
    second = CommentFactory(practice=question.practice, parent=question, kind="comment")
    client = client_for(sumedang_manager)

    client.post(_url(reply.practice, "answer", reply.pk), {"is_answer": "True"})
    client.post(_url(reply.practice, "answer", second.pk), {"is_answer": "True"})
    assert list(Comment.objects.filter(is_answer=True)) == [second]

    client.post(_url(reply.practice, "answer", second.pk), {"is_answer": "False"})
    assert not Comment.objects.filter(is_answer=True).exists()


def test_a_question_itself_is_not_an_answer(client_for, question, sumedang_editor):
    client = client_for(sumedang_editor)
    response = client.post(_url(question.practice, "answer", question.pk), {"is_answer": "True"}, follow=True)

    assert "Hanya balasan atas pertanyaan yang dapat menjadi jawabannya." in response.content.decode()
    assert not Comment.objects.filter(is_answer=True).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_anyone_logged_in_reports_a_comment_once(request, question, actor):
    client = _client(request, actor)
    url = _url(question.practice, "report", question.pk)

    response = client.post(url, {"reason": "Iklan"})

    if actor == "anon":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert not CommentReport.objects.exists()
        return
    if actor == "ogan_ilir_editor":  # the author
        assert "Anda tidak dapat melaporkan komentar Anda sendiri." in response.content.decode()
        assert not CommentReport.objects.exists()
        return
    assert response.status_code == 302
    assert CommentReport.objects.get().reporter == request.getfixturevalue(actor)
    again = client.post(url, {"reason": "Iklan lagi"})
    assert "Anda sudah melaporkan komentar ini." in again.content.decode()
    assert CommentReport.objects.count() == 1


def test_a_report_needs_a_reason_and_tells_the_national_admins(
    client_for, question, sumedang_editor, national_admin
):
    client = client_for(sumedang_editor)
    url = _url(question.practice, "report", question.pk)

    assert 'id="id_reason_error"' in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Berisi nomor telepon pribadi"})

    notification = national_admin.notifications.get()
    assert notification.event == "comment_reported"
    assert "Berisi nomor telepon pribadi" in notification.text


@pytest.mark.parametrize("actor", ACTORS)
def test_only_national_admins_hide_a_comment(request, question, actor):
    client = _client(request, actor)

    response = client.post(_url(question.practice, "hide", question.pk), {"reason": "Iklan", "confirm": "on"})

    question.refresh_from_db()
    if actor == "national_admin":
        assert response.status_code == 302 and question.is_hidden
    else:
        assert response.status_code in ({302} if actor == "anon" else {403})
        assert not question.is_hidden


def test_hiding_asks_for_a_reason_and_a_confirmation(client_for, question, national_admin):
    client = client_for(national_admin)
    url = _url(question.practice, "hide", question.pk)

    page = client.get(url).content.decode()
    unconfirmed = client.post(url, {"reason": "Iklan"}).content.decode()
    reasonless = client.post(url, {"confirm": "on"}).content.decode()

    assert 'name="confirm"' in page and 'name="reason"' in page
    assert 'id="id_confirm_error"' in unconfirmed
    assert 'id="id_reason_error"' in reasonless
    question.refresh_from_db()
    assert not question.is_hidden


def test_a_hidden_comment_shows_the_reason_to_all_and_its_text_to_national_admins_only(
    request, client_for, question, national_admin, ogan_ilir_editor
):
    client_for(national_admin).post(
        _url(question.practice, "hide", question.pk), {"reason": "Berisi data pribadi", "confirm": "on"}
    )

    note = "Komentar disembunyikan oleh admin: Berisi data pribadi"
    for actor in ["anon", "ogan_ilir_editor", "sumedang_manager"]:
        page = _client(request, actor).get(question.practice.get_absolute_url()).content.decode()
        assert note in page
        assert "Berapa biaya" not in page
    admin_page = client_for(national_admin).get(question.practice.get_absolute_url()).content.decode()
    assert note in admin_page and "Berapa biaya" in admin_page
    # The author cannot read it back through the report or edit pages either.
    author = client_for(ogan_ilir_editor)
    assert "Berapa biaya" not in author.get(_url(question.practice, "report", question.pk)).content.decode()
    assert author.get(_url(question.practice, "edit", question.pk)).status_code == 403
    moderation = CommentModeration.objects.get()
    assert (moderation.action, moderation.by, moderation.reason) == (
        "hide",
        national_admin,
        "Berisi data pribadi",
    )
    assert ogan_ilir_editor.notifications.filter(event="comment_hidden").exists()


def test_a_national_admin_shows_a_hidden_comment_again_with_a_reason(client_for, question, national_admin):
    client = client_for(national_admin)
    client.post(_url(question.practice, "hide", question.pk), {"reason": "Iklan", "confirm": "on"})

    client.post(_url(question.practice, "unhide", question.pk), {"reason": "Bukan iklan", "confirm": "on"})

    question.refresh_from_db()
    assert not question.is_hidden
    assert list(CommentModeration.objects.values_list("action", "reason")) == [
        ("unhide", "Bukan iklan"),
        ("hide", "Iklan"),
    ]


def test_only_the_author_edits_a_comment(
    client_for, question, ogan_ilir_editor, sumedang_editor, national_admin
):
    url = _url(question.practice, "edit", question.pk)

    for other in (sumedang_editor, national_admin):
        assert client_for(other).post(url, {"body": "Diubah"}).status_code == 403
    response = client_for(ogan_ilir_editor).post(url, {"body": "Berapa biaya servernya per tahun?"})

    question.refresh_from_db()
    assert response.status_code == 302
    assert question.body == "Berapa biaya servernya per tahun?" and question.edited_at is not None
