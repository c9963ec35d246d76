"""Fixtures of the discussion tests: a question from Ogan Ilir on Sumedang's practice and its reply,
a logged-in person with no role, and the sides every rule is tested from."""

import pytest
from django.test import Client

from ..regencies.factories import UserFactory
from .discussion_factories import CommentFactory

ACTORS = [
    "anon",
    "plain_user",
    "ogan_ilir_editor",
    "assessor",
    "sumedang_editor",
    "sumedang_manager",
    "national_admin",
]


@pytest.fixture
def plain_user(db):
    """Logged in, but neither pemda staff, assessor nor national admin."""
    return UserFactory(username="warga")


@pytest.fixture
def question(published, ogan_ilir_editor, ogan_ilir):
    return CommentFactory(
        practice=published,
        author=ogan_ilir_editor,
        author_regency=ogan_ilir,
        body="Berapa biaya **server**-nya?",
    )


@pytest.fixture
def reply(question, sumedang_editor, sumedang):
    return CommentFactory(
        practice=question.practice,
        parent=question,
        kind="comment",
        author=sumedang_editor,
        author_regency=sumedang,
        body="Sekitar Rp 50 juta setahun.",
    )


def logged_in(request, actor, client_class=Client):
    """A client of `client_class` logged in as the named actor fixture (none for "anon")."""
    client = client_class()
    if actor != "anon":
        user = request.getfixturevalue(actor)
        if hasattr(client, "force_authenticate"):
            client.force_authenticate(user)
        else:
            client.force_login(user)
    return client
