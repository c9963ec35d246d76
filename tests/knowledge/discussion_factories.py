import factory

from knowledge.models import Comment, Follow, Notification

from ..regencies.factories import UserFactory
from .factories import PracticeFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """A question by an editor of another pemda (role and pemda as the public sees them)."""

    class Meta:
        model = Comment

    practice = factory.SubFactory(PracticeFactory)
    kind = Comment.Kind.QUESTION
    author = factory.SubFactory(UserFactory)
    author_role = Comment.Role.EDITOR
    body = factory.Sequence(lambda n: f"Pertanyaan {n}: berapa lama pemasangannya?")


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    event = "practice_updated"
    data = factory.LazyFunction(
        lambda: {"practice": "e-Office", "actor_role": "editor", "actor_regency": "Kabupaten X"}
    )
    url = "/practices/e-office/"
