"""The `impact` object of the replication API detail (knowledge/impact/selectors.py)."""

from rest_framework import serializers

from spbe.models import Evaluation


class EvaluationFigureSerializer(serializers.Serializer):
    """A public SPBE result: its kind (official or verified self-assessment) and its source."""

    evaluation = serializers.IntegerField(source="pk")
    index = serializers.DecimalField(max_digits=5, decimal_places=2)
    source = serializers.ChoiceField(
        choices=Evaluation.Source.choices,
        help_text="official: a published result; self_assessment: verified.",
    )
    kind = serializers.CharField(source="kind_label")
    synthetic = serializers.BooleanField(help_text="Generated demo data, not a real result.")
    source_title = serializers.CharField()
    source_url = serializers.CharField()


class YearFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    result = EvaluationFigureSerializer(
        source="evaluation", allow_null=True, help_text="null: no public SPBE result that year."
    )


class NationalMedianSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    index = serializers.DecimalField(
        max_digits=5, decimal_places=3, allow_null=True, help_text="null: no pemda has a public result."
    )
    count = serializers.IntegerField(help_text="Pemda with a public result that year.")
    synthetic = serializers.BooleanField(help_text="Generated demo figures are among those counted.")


class IndicatorChangeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    before = serializers.IntegerField(allow_null=True)
    after = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(allow_null=True)


class ImpactSerializer(serializers.Serializer):
    """At live or evaluated: the adopter's index the year before the request and in its latest year
    with a public result, the change, and the national median in the same years as a baseline."""

    before = YearFigureSerializer()
    after = YearFigureSerializer(allow_null=True, help_text="null: no public result since the request.")
    change = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    national_before = NationalMedianSerializer()
    national_after = NationalMedianSerializer(allow_null=True)
    national_change = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    indicators = IndicatorChangeSerializer(many=True, help_text="Levels on the practice's indicators.")
