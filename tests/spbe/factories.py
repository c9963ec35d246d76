import factory

from spbe.models import Evaluation, IndicatorScore

from ..regencies.factories import RegencyFactory


class EvaluationFactory(factory.django.DjangoModelFactory):
    """Needs `framework` (use the `frameworks` fixture: real frameworks from the data files)."""

    class Meta:
        model = Evaluation

    regency = factory.SubFactory(RegencyFactory)
    year = 2023
    source = Evaluation.Source.OFFICIAL
    status = Evaluation.Status.PUBLISHED


class IndicatorScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorScore

    level = 3
