import datetime

import factory

from knowledge.models import StudyVisit, VisitCommitment

from ..regencies.factories import RegencyFactory


class StudyVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyVisit

    visitor = factory.SubFactory(RegencyFactory)
    host = factory.SubFactory(RegencyFactory)
    visited_on = factory.LazyFunction(lambda: datetime.date(2026, 10, 1))
    participants = 12


class VisitCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitCommitment

    visit = factory.SubFactory(StudyVisitFactory)
    practice = factory.SubFactory("tests.knowledge.factories.PracticeFactory")
