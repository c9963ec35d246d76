from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from regencies.models import Regency

from .models import (
    Aspect,
    Domain,
    Evaluation,
    Framework,
    Indicator,
    IndicatorScore,
    Level,
    NationalIndex,
    Scale,
)


class FrameworkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:spbe-framework-detail", lookup_field="code")

    class Meta:
        model = Framework
        fields = [
            "code",
            "name",
            "title",
            "first_year",
            "last_year",
            "level_min",
            "level_max",
            "provisional",
            "url",
        ]


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["number", "name", "name_en", "weight"]


class AspectSerializer(serializers.ModelSerializer):
    domain = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = Aspect
        fields = ["number", "name", "name_en", "weight", "domain"]


class IndicatorSerializer(serializers.ModelSerializer):
    aspect = serializers.SlugRelatedField(slug_field="number", read_only=True)
    scale = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = ["number", "name", "name_en", "weight", "aspect", "scale"]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Level
        fields = ["value", "name", "description"]


class ScaleSerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Scale
        fields = ["code", "name", "levels"]


class PredicateBandSerializer(serializers.Serializer):
    name = serializers.CharField()
    min_index = serializers.DecimalField(max_digits=4, decimal_places=2)


class FrameworkTreeSerializer(FrameworkSerializer):
    domains = DomainSerializer(many=True, read_only=True)
    aspects = AspectSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    scales = ScaleSerializer(many=True, read_only=True)
    predicates = PredicateBandSerializer(many=True, read_only=True, source="predicate_bands")

    class Meta(FrameworkSerializer.Meta):
        fields = FrameworkSerializer.Meta.fields + [
            "sources",
            "sources_en",
            "weight_note",
            "weight_note_en",
            "domains",
            "aspects",
            "indicators",
            "scales",
            "predicates",
        ]


class RegencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Regency
        fields = ["code", "name"]


class CitedSerializerMixin(serializers.Serializer):
    """Where a figure comes from: `source_title`, `source_url`, `certainty` and its label in words."""

    certainty_label = serializers.CharField(source="get_certainty_display", read_only=True)

    CITATION_FIELDS = ["source_title", "source_url", "certainty", "certainty_label", "certainty_note"]


class EvaluationSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    regency = RegencyRefSerializer(read_only=True)
    framework = serializers.SlugRelatedField(slug_field="code", read_only=True)
    index_mismatch = serializers.BooleanField(read_only=True)
    source_label = serializers.CharField(
        source="kind_label",
        read_only=True,
        help_text="official result or (verified) self-assessment, in words",
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:spbe-evaluation-detail")

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "regency",
            "year",
            "framework",
            "source",
            "source_label",
            "status",
            "synthetic",
            "published_index",
            "computed_index",
            "index",
            "predicate",
            "index_mismatch",
            *CitedSerializerMixin.CITATION_FIELDS,
            "url",
        ]


class ScoreSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator.number")

    class Meta:
        model = IndicatorScore
        fields = ["indicator", "level", "explanation", "reviewer_comment"]


class GroupScoreSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=4)
    index = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    gain = serializers.DecimalField(max_digits=8, decimal_places=4)


class GapSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="number")
    name = serializers.CharField()
    level = serializers.IntegerField()
    top_level = serializers.IntegerField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=4)
    gain = serializers.DecimalField(max_digits=8, decimal_places=4)


class EvaluationDetailSerializer(EvaluationSerializer):
    levels = ScoreSerializer(many=True, read_only=True, source="scores")
    domains = serializers.SerializerMethodField()
    aspects = serializers.SerializerMethodField()
    gaps = serializers.SerializerMethodField()

    class Meta(EvaluationSerializer.Meta):
        fields = EvaluationSerializer.Meta.fields + ["note", "levels", "domains", "aspects", "gaps"]

    def _gaps(self, obj):
        return self.context["gaps"]

    @extend_schema_field(GroupScoreSerializer(many=True))
    def get_domains(self, obj):
        return GroupScoreSerializer(self._gaps(obj).domains, many=True).data

    @extend_schema_field(GroupScoreSerializer(many=True))
    def get_aspects(self, obj):
        return GroupScoreSerializer(self._gaps(obj).aspects, many=True).data

    @extend_schema_field(GapSerializer(many=True))
    def get_gaps(self, obj):
        return GapSerializer(self._gaps(obj).indicators, many=True).data


class EvaluationCreateSerializer(serializers.Serializer):
    regency = serializers.SlugRelatedField(slug_field="code", queryset=Regency.objects.all())
    year = serializers.IntegerField(min_value=2018, max_value=2100)
    framework = serializers.SlugRelatedField(
        slug_field="code", queryset=Framework.objects.all(), required=False, allow_null=True
    )


class LevelInputSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1)
    level = serializers.IntegerField(min_value=0)
    # Left out: the explanation already written stays as it is.
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ReviewInputSerializer(serializers.Serializer):
    verify = serializers.BooleanField()
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000), required=False
    )


class RankingRowSerializer(serializers.Serializer):
    """Documents the ranking rows; the view builds them as plain dicts."""

    rank = serializers.IntegerField()
    previous_rank = serializers.IntegerField(allow_null=True)
    movement = serializers.IntegerField(allow_null=True)
    new = serializers.BooleanField(
        help_text="never ranked before (movement is also null when only last year is missing)"
    )
    regency_code = serializers.CharField()
    regency_name = serializers.CharField()
    province_code = serializers.CharField()
    province_name = serializers.CharField()
    index = serializers.CharField()
    predicate = serializers.CharField()
    synthetic = serializers.BooleanField()
    evaluation = serializers.IntegerField()
    framework = serializers.CharField()
    framework_name = serializers.CharField()
    framework_defines_predicates = serializers.BooleanField()
    source = serializers.ChoiceField(choices=Evaluation.Source.choices)
    source_label = serializers.CharField()
    source_title = serializers.CharField()
    source_url = serializers.CharField()
    certainty = serializers.CharField()
    certainty_label = serializers.CharField()


class NationalIndexSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    # The key clients already read: the source's title (it used to be a link or a title).
    source = serializers.CharField(source="source_title", read_only=True)

    class Meta:
        model = NationalIndex
        fields = [
            "year",
            "index",
            "predicate",
            "framework_name",
            "note",
            "source",
            *CitedSerializerMixin.CITATION_FIELDS,
        ]


class RegencyHistorySerializer(CitedSerializerMixin, serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(slug_field="code", read_only=True)
    source_label = serializers.CharField(source="kind_label", read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "year",
            "framework",
            "source",
            "source_label",
            "status",
            "index",
            "predicate",
            "synthetic",
            *CitedSerializerMixin.CITATION_FIELDS,
        ]


@extend_schema_serializer(many=False)  # one object, although routed as the list of /regencies/{code}/spbe/
class RegencySpbeSerializer(serializers.Serializer):
    """Documents a regency's SPBE history beside the national index; the view builds it."""

    regency = RegencyRefSerializer()
    evaluations = RegencyHistorySerializer(many=True)
    national = NationalIndexSerializer(many=True)
