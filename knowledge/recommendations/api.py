from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response

from regencies.models import Regency

from ..replications.serializers import PracticeRefSerializer, RegencyRefSerializer
from . import selectors


class EvaluationRefSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    source = serializers.CharField()
    framework = serializers.CharField(source="framework.code")


class RecommendationSerializer(serializers.Serializer):
    indicator_number = serializers.IntegerField()
    indicator_name = serializers.CharField()
    level = serializers.IntegerField()
    gain = serializers.DecimalField(max_digits=6, decimal_places=4)
    practice = PracticeRefSerializer()
    owner = RegencyRefSerializer(source="practice.regency")
    owner_level = serializers.IntegerField()
    running = serializers.IntegerField(
        help_text="Pemda running a replication of the practice (live or evaluated)."
    )
    reviewed_on = serializers.DateField(allow_null=True)
    sentence = serializers.CharField(help_text="Why it is recommended, in the request's language.")


class RecommendationsSerializer(serializers.Serializer):
    regency = RegencyRefSerializer()
    evaluation = EvaluationRefSerializer(
        allow_null=True, help_text="null: no evaluation with indicator detail."
    )
    self_assessment_url = serializers.URLField(help_text="Where to enter the indicator levels.")
    recommendations = RecommendationSerializer(many=True)


class RecommendationViewSet(viewsets.ViewSet):
    """Practices a pemda could replicate, from the indicators of its latest evaluation with indicator
    detail that have the largest potential gain."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=RecommendationsSerializer)
    def list(self, request, code=None):
        regency = get_object_or_404(Regency, code=code)
        result = selectors.regency_recommendations(regency)
        body = {
            "regency": regency,
            "evaluation": result.evaluation,
            "self_assessment_url": request.build_absolute_uri(reverse("spbe:self-assessment-new")),
            "recommendations": result.items,
        }
        return Response(RecommendationsSerializer(body).data)
