from rest_framework import serializers

from ..practices.serializers import API_PREFIX, HTML_PREFIX
from ..replications.serializers import PracticeRefSerializer, RegencyRefSerializer
from .models import NOTES_MAX_LENGTH, StudyVisit, VisitCommitment


class _Links(serializers.Serializer):
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return f"{self.context[API_PREFIX]}{obj.pk}/"

    def get_html_url(self, obj) -> str:
        return f"{self.context[HTML_PREFIX]}{obj.pk}/"


class StudyVisitSerializer(_Links, serializers.ModelSerializer):
    """A row of the list; `overdue`: a commitment still has no replication request 90 days after."""

    visitor = RegencyRefSerializer(read_only=True)
    host = RegencyRefSerializer(read_only=True)
    commitment_count = serializers.IntegerField(read_only=True)
    pending_commitments = serializers.IntegerField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = StudyVisit
        fields = [
            "id",
            "url",
            "html_url",
            "visitor",
            "host",
            "visited_on",
            "participants",
            "commitment_count",
            "pending_commitments",
            "overdue",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    practice = PracticeRefSerializer(read_only=True)
    replication = serializers.IntegerField(source="replication_id", allow_null=True, read_only=True)

    class Meta:
        model = VisitCommitment
        fields = ["id", "practice", "replication"]


class StudyVisitDetailSerializer(StudyVisitSerializer):
    practices = PracticeRefSerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta(StudyVisitSerializer.Meta):
        fields = [*StudyVisitSerializer.Meta.fields, "notes", "practices", "commitments"]


class StudyVisitCreateSerializer(serializers.Serializer):
    visitor = serializers.RegexField(r"^\d{2}\.\d{2}$", help_text="Kemendagri code of the visiting pemda.")
    host = serializers.RegexField(r"^\d{2}\.\d{2}$", help_text="Kemendagri code of the host pemda.")
    visited_on = serializers.DateField()
    participants = serializers.IntegerField(min_value=1)
    practices = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
    commitments = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        default=list,
        help_text="Slugs of the host's practices the visitors commit to replicate.",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTES_MAX_LENGTH)
