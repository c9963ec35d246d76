"""Query discipline of the discussion and notifications: each list costs the same queries for a few
rows or many."""

import pytest
from rest_framework.test import APIClient

from ..queries import measure_get
from .discussion_factories import CommentFactory, FollowFactory, NotificationFactory
from .factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def _discussion(practice, threads, replies_each):
    for _ in range(threads):
        question = CommentFactory(practice=practice, author_regency=practice.regency)
        CommentFactory.create_batch(replies_each, practice=practice, parent=question, kind="comment")


def _measure(client, url, api_user=None):
    if api_user is not None:  # a fresh user object: permission helpers keep group names on it
        client.force_authenticate(type(api_user).objects.get(pk=api_user.pk))
    return measure_get(client, url)


def test_the_discussion_page_costs_the_same_for_2_or_40_threads(client_for, published, ogan_ilir_editor):
    client = client_for(ogan_ilir_editor)
    url = f"/practices/{published.slug}/discussion/"
    _discussion(published, 2, 1)
    small, _ = _measure(client, url)
    _discussion(published, 38, 3)
    large, response = _measure(client, url)

    # session, user, practice, the reader's membership (may comment, may mark; not staff, so no
    # group query), thread count, one page of threads, their replies, the reader's reports, the menu's
    # unread count.
    assert small == large == 9
    assert len(response.context["threads"]) == 20 and response.content.decode().count('class="thread"') == 20


def test_the_practice_page_with_its_discussion_costs_the_same_for_2_or_40_threads(
    client_for, published, ogan_ilir_editor
):
    client = client_for(ogan_ilir_editor)
    _discussion(published, 2, 1)
    small, _ = _measure(client, published.get_absolute_url())
    _discussion(published, 38, 3)
    large, response = _measure(client, published.get_absolute_url())

    assert small == large
    assert response.content.decode().count('class="thread"') == 20


def test_the_comments_api_costs_the_same_for_3_or_120_comments(published, national_admin):
    client = APIClient()
    url = f"/api/v1/practices/{published.slug}/comments/"
    _discussion(published, 1, 2)
    small, _ = _measure(client, url, national_admin)
    _discussion(published, 39, 2)
    large, response = _measure(client, url, national_admin)

    # practice, national admin's groups (may see hidden text), count, one page of comments with pemda
    assert small == large == 4
    assert response.json()["count"] == 120


def test_the_notifications_page_costs_the_same_for_2_or_80_notifications(
    client_for, ogan_ilir_editor, sumedang
):
    client = client_for(ogan_ilir_editor)
    NotificationFactory.create_batch(2, recipient=ogan_ilir_editor)
    FollowFactory(user=ogan_ilir_editor, regency=sumedang)
    small, _ = _measure(client, "/notifications/")
    NotificationFactory.create_batch(78, recipient=ogan_ilir_editor)
    for _ in range(5):
        FollowFactory(user=ogan_ilir_editor, practice=PracticeFactory())
    large, response = _measure(client, "/notifications/")

    # session, user, preference, count, one page of notifications, follows with their targets, the
    # unread count (shown on the page and in the menu)
    assert small == large == 7
    assert len(response.context["page"].object_list) == 30
