import pytest
from django.contrib.auth.models import Group

from regencies.permissions import ASSESSOR_GROUP
from spbe.models import Evaluation, Framework
from spbe.services import evaluation_recompute, frameworks_load, score_set, self_assessment_create

from ..regencies.factories import UserFactory
from .factories import EvaluationFactory, IndicatorScoreFactory


@pytest.fixture
def frameworks(db):
    """The three real frameworks, loaded from the shipped files."""
    frameworks_load()
    return {f.code: f for f in Framework.objects.all()}


@pytest.fixture
def framework_2020(frameworks):
    return frameworks["permenpanrb-59-2020"]


@pytest.fixture
def assessor(db):
    user = UserFactory(username="asesor", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=ASSESSOR_GROUP)[0])
    return user


@pytest.fixture
def make_evaluation(framework_2020):
    """An evaluation with every indicator at the given level (or levels by indicator number)."""

    def make(regency, year=2023, level=3, levels=None, framework=framework_2020, **kwargs):
        evaluation = EvaluationFactory(regency=regency, year=year, framework=framework, **kwargs)
        for indicator in framework.indicators.all():
            IndicatorScoreFactory(
                evaluation=evaluation, indicator=indicator, level=(levels or {}).get(indicator.number, level)
            )
        return evaluation_recompute(evaluation=evaluation)

    return make


@pytest.fixture
def make_result():
    """An official result with only a published index (no indicator detail)."""

    def make(regency, year, index, framework, **kwargs):
        evaluation = EvaluationFactory(
            regency=regency,
            year=year,
            framework=framework,
            published_index=index,
            source=Evaluation.Source.OFFICIAL,
            **kwargs,
        )
        return evaluation_recompute(evaluation=evaluation)

    return make


@pytest.fixture
def scored_draft(sumedang, framework_2020, settings, tmp_path):
    """A 2026 draft self-assessment of Sumedang with indicator 1 at level 2; uploads go to tmp_path."""
    settings.MEDIA_ROOT = tmp_path
    evaluation = self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)
    score_set(evaluation=evaluation, indicator=framework_2020.indicators.get(number=1), level=2)
    return evaluation
