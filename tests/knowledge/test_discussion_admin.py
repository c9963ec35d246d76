"""Admin of comments (moderation with a reason, reports), follows and notifications."""

import re

import pytest

from knowledge.models import Comment, CommentModeration, CommentReport

from ..queries import measure_get
from .discussion_factories import CommentFactory, FollowFactory, NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


@pytest.fixture
def question(published, ogan_ilir_editor, ogan_ilir):
    return CommentFactory(
        practice=published, author=ogan_ilir_editor, author_regency=ogan_ilir, body="Iklan murah!"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/knowledge/comment/",
        "/admin/knowledge/comment/?q=iklan&kind__exact=question&hidden_at__isempty=1",
        "/admin/knowledge/commentreport/",
        "/admin/knowledge/follow/?q=sumedang",
        "/admin/knowledge/notification/?event=practice_updated&read_at__isempty=1",
        "/admin/knowledge/notificationpreference/",
        "/admin/knowledge/freshnessreminder/",
    ],
)
def test_admin_lists_load_with_search_and_filters(client_for, national_admin, question, sumedang, url):
    FollowFactory(user=national_admin, regency=sumedang)
    NotificationFactory(recipient=national_admin)
    CommentReport.objects.create(comment=question, reporter=national_admin, reason="Iklan")

    assert client_for(national_admin).get(url).status_code == 200


def test_the_comment_list_costs_the_same_for_2_or_40_comments(client_for, national_admin, published):
    client = client_for(national_admin)
    CommentFactory.create_batch(2, practice=published, author_regency=published.regency)
    small, _ = measure_get(client, "/admin/knowledge/comment/")
    CommentFactory.create_batch(38, practice=published, author_regency=published.regency)
    large, response = measure_get(client, "/admin/knowledge/comment/")

    assert small == large  # practice and pemda joined (list_select_related)
    assert response.context["cl"].result_count == 40


def _management(client, url):
    """The inline formsets' management fields, as the change page gives them to the browser."""
    page = client.get(url).content.decode()
    return dict(
        re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d+)"', page)
    )


def _post(client, url, **data):
    return client.post(url, {**_management(client, url), **data})


def test_a_national_admin_hides_and_shows_a_comment_in_the_admin_with_a_reason(
    client_for, national_admin, question
):
    client = client_for(national_admin)
    url = f"/admin/knowledge/comment/{question.pk}/change/"
    page = client.get(url).content.decode()
    assert "Iklan murah!" in page  # the admin shows the text, hidden or not
    assert _management(client, url)  # the inlines are there

    reasonless = _post(client, url, moderation="hide", moderation_reason="")
    assert reasonless.status_code == 200 and "Tuliskan alasan moderasi ini." in reasonless.content.decode()

    _post(client, url, moderation="hide", moderation_reason="Iklan")
    question.refresh_from_db()
    assert question.is_hidden and question.hidden_reason == "Iklan" and question.hidden_by == national_admin
    again = _post(client, url, moderation="hide", moderation_reason="Iklan")
    assert "Komentar ini sudah disembunyikan." in again.content.decode()

    _post(client, url, moderation="unhide", moderation_reason="Ternyata bukan iklan")
    question.refresh_from_db()
    assert not question.is_hidden and question.body == "Iklan murah!"
    assert list(CommentModeration.objects.values_list("action", flat=True)) == ["unhide", "hide"]


def test_comments_are_never_deleted_or_added_in_the_admin(client_for, national_admin, question):
    client = client_for(national_admin)

    assert client.get(f"/admin/knowledge/comment/{question.pk}/delete/").status_code == 403
    assert client.get("/admin/knowledge/comment/add/").status_code == 403
    assert Comment.objects.filter(pk=question.pk).exists()


def test_pemda_staff_have_no_admin(client_for, sumedang_manager):
    response = client_for(sumedang_manager).get("/admin/knowledge/comment/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
