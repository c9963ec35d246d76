import factory
from django.utils import timezone

from knowledge.models import Practice, PracticeDocument, PracticeIndicator, PracticeRevision, RbTheme, Tag
from knowledge.practices.services import practice_search_index

from ..regencies.factories import RegencyFactory


class RbThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RbTheme
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tema {n + 1}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.LazyAttribute(lambda o: o.name.replace(" ", "-"))


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice; `status=Practice.Status.DRAFT` for a draft."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    regency = factory.SubFactory(RegencyFactory)
    title = factory.Sequence(lambda n: f"Aplikasi Layanan {n}")
    slug = factory.Sequence(lambda n: f"aplikasi-layanan-{n}")
    summary = "Aplikasi untuk mempercepat layanan."
    kind = Practice.Kind.APPLICATION
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def rb_themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.rb_themes.add(*extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.add(*extracted)

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        # Last, after the tags: what services.practice_save does for practices saved through it.
        if create:
            practice_search_index(practice_ids=[self.pk])


class PracticeIndicatorFactory(factory.django.DjangoModelFactory):
    """Needs `indicator` (from the `frameworks` fixture: real indicators)."""

    class Meta:
        model = PracticeIndicator

    practice = factory.SubFactory(PracticeFactory)
    level = 3
    evidence = "Tingkat kematangan naik setelah aplikasi dipakai semua perangkat daerah."


class PracticeDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeDocument

    practice = factory.SubFactory(PracticeFactory)
    title = factory.Sequence(lambda n: f"Dokumen {n}")
    file = factory.django.FileField(filename="panduan.pdf", data=b"%PDF-1.7\n%%EOF\n")
    file_type = "pdf"
    size = 15


class PracticeRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeRevision

    practice = factory.SubFactory(PracticeFactory)
    action = PracticeRevision.Action.EDITED
    by_role = PracticeRevision.Role.EDITOR
    by_regency = factory.LazyAttribute(lambda o: o.practice.regency)
    changes = factory.LazyFunction(lambda: [{"field": "summary", "old": "lama", "new": "baru"}])
