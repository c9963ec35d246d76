"""The evaluation list and a regency's SPBE history are built from `.values()` rows
(livinglab/api_rows.py, spbe/api_rows.py): they write exactly what the serializers that document them
would, for every kind of figure, in both languages."""

from decimal import Decimal

import pytest
from django.utils import translation

from regencies.models import Regency
from spbe.models import Certainty, Evaluation, NationalIndex
from spbe.serializers import EvaluationSerializer, NationalIndexSerializer, RegencyHistorySerializer

from ..api_rows import LANGUAGES, drf_request, get_json
from ..regencies.factories import RegencyFactory
from .factories import EvaluationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluations(framework_2020):
    """Every kind of figure a list shows: with and without index, a mismatch, a verified and a draft
    self-assessment, each certainty and none."""
    regency = RegencyFactory(code="99.11")
    other = RegencyFactory(code="99.12")
    rows = [
        EvaluationFactory(regency=regency, framework=framework_2020, year=2022, published_index=Decimal("3.10"),
                          index=Decimal("3.10"), computed_index=Decimal("2.50"), predicate="Baik",
                          certainty=Certainty.OFFICIAL, source_title="KemenPANRB", source_url="https://x.go.id"),
        EvaluationFactory(regency=regency, framework=framework_2020, year=2023, certainty=Certainty.UNVERIFIED,
                          published_index=Decimal("4.00"), index=Decimal("4.00"), certainty_note="satu berita"),
        EvaluationFactory(regency=other, framework=framework_2020, year=2023, synthetic=True),
        EvaluationFactory(regency=other, framework=framework_2020, year=2024, source=Evaluation.Source.SELF_ASSESSMENT,
                          status=Evaluation.Status.VERIFIED, computed_index=Decimal("2.75"), index=Decimal("2.75")),
        EvaluationFactory(regency=other, framework=framework_2020, year=2025, source=Evaluation.Source.SELF_ASSESSMENT,
                          status=Evaluation.Status.DRAFT),
    ]  # fmt: skip
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_evaluation_rows_equal_the_serializer(anon, evaluations, language):
    body = get_json(anon, "/api/v1/spbe/evaluations/?page_size=100", language)
    request = drf_request("/api/v1/spbe/evaluations/")
    with translation.override(language):
        public = Evaluation.objects.public().order_by("-year", "regency")
        expected = EvaluationSerializer(public, many=True, context={"request": request}).data

    assert body["count"] == 4  # the draft stays with its pemda
    assert body["results"] == expected
    assert {row["index_mismatch"] for row in body["results"]} == {True, False}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_regencys_spbe_history_equals_the_serializers(anon, evaluations, language):
    NationalIndex.objects.create(year=2023, index=Decimal("2.79"), predicate="Baik", source_title="KemenPANRB",
                                 certainty=Certainty.OFFICIAL)  # fmt: skip
    body = get_json(anon, "/api/v1/regencies/99.12/spbe/", language)
    with translation.override(language):
        history = Evaluation.objects.public().filter(regency="99.12").order_by("year", "source")
        expected = RegencyHistorySerializer(history, many=True).data
        national = NationalIndexSerializer(NationalIndex.objects.order_by("year"), many=True).data

    assert body["regency"] == {"code": "99.12", "name": Regency.objects.get(code="99.12").name}
    assert body["evaluations"] == expected
    assert [row["year"] for row in body["evaluations"]] == [2023, 2024]
    assert body["national"] == national
