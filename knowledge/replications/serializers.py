from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regencies.permissions import can_see_practice
from spbe.serializers import RegencyRefSerializer

from ..impact.selectors import replication_impact
from ..impact.serializers import ImpactSerializer
from ..practices.serializers import API_PREFIX, HTML_PREFIX
from .models import (
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OUTCOME_MAX_LENGTH,
    OUTCOME_RATINGS,
    STEP_DETAIL_FIELDS,
    AgreementKind,
    Replication,
    ReplicationDocument,
    ReplicationStep,
)
from .stages import Stage

# Set by the view: may the reader see the message, the notes and the people (the two pemda, national admins)?
DETAILS = "details"


class PracticeRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class ReplicationSerializer(serializers.ModelSerializer):
    """A row of the list."""

    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    practice = PracticeRefSerializer(read_only=True)
    owner = RegencyRefSerializer(read_only=True)
    adopter = RegencyRefSerializer(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    stalled = serializers.BooleanField(
        source="is_stalled", read_only=True, help_text="Open, with no step for 60 days or more."
    )

    class Meta:
        model = Replication
        fields = [
            "id",
            "url",
            "html_url",
            "practice",
            "owner",
            "adopter",
            "stage",
            "stage_label",
            "stalled",
            "created_at",
            "accepted_at",
            "stage_changed_at",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return f"{self.context[API_PREFIX]}{obj.pk}/"

    def get_html_url(self, obj) -> str:
        return f"{self.context[HTML_PREFIX]}{obj.pk}/"


class StepSerializer(serializers.ModelSerializer):
    """One step of the timeline. `note`, `by` and `contact` are null for readers outside the two pemda."""

    by_label = serializers.CharField(read_only=True, help_text='E.g. "Editor, Kabupaten Ogan Ilir".')
    by = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    class Meta:
        model = ReplicationStep
        fields = [
            "from_stage",
            "to_stage",
            "side",
            "created_at",
            "by",
            "by_label",
            "note",
            *STEP_DETAIL_FIELDS,
        ]
        read_only_fields = fields

    def _private(self, value):
        return value if self.context.get(DETAILS) else None

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_by(self, step):
        return self._private(PersonSerializer(step.by).data if step.by else None)

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_contact(self, step):
        return self._private(PersonSerializer(step.contact).data if step.contact else None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_note(self, step):
        return self._private(step.note)


class ReplicationDetailSerializer(ReplicationSerializer):
    message = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    steps = StepSerializer(many=True, read_only=True)
    allowed_steps = serializers.SerializerMethodField(
        help_text="The stages the reader's pemda may move it to."
    )

    version = serializers.SerializerMethodField(
        help_text="The adopter's own version of the practice, once the reader may see it."
    )
    impact = serializers.SerializerMethodField(
        help_text="At live or evaluated: the adopter's SPBE index and levels before and since, with the "
        "national median as a baseline; null at other stages."
    )

    class Meta(ReplicationSerializer.Meta):
        fields = [
            *ReplicationSerializer.Meta.fields,
            "message",
            "contact",
            "steps",
            "allowed_steps",
            "version",
            "impact",
            "demo",
            "source_title",
            "source_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_message(self, obj):
        return obj.message if self.context.get(DETAILS) else None

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_contact(self, obj):
        if not (self.context.get(DETAILS) and obj.contact):
            return None
        return PersonSerializer(obj.contact).data

    @extend_schema_field(PracticeRefSerializer(allow_null=True))
    def get_version(self, obj):
        version = obj.derived_practice
        request = self.context.get("request")
        if version is None or request is None or not can_see_practice(request.user, version):
            return None
        return PracticeRefSerializer(version).data

    @extend_schema_field(ImpactSerializer(allow_null=True))
    def get_impact(self, obj):
        impact = replication_impact(obj)
        return ImpactSerializer(impact).data if impact else None

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Stage.choices)))
    def get_allowed_steps(self, obj):
        return self.context.get("allowed_steps", [])


class ReplicationCreateSerializer(serializers.Serializer):
    practice = serializers.SlugField(help_text="The slug of a published practice of another pemda.")
    message = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, help_text="To the owner pemda.")


class StepInputSerializer(serializers.Serializer):
    """A step. Which fields it needs depends on the step: accepted needs `contact`; declined and
    stopped a `note` (the reason); agreement `agreement_kind` and `agreement_date`; handover
    `handover_date`; training `training_start`, `training_end`, `training_participants`; deployed
    straight from handover a `note` saying why there was no training; live `go_live_date`; evaluated `outcome` and `outcome_rating`. Fields a
    step does not use are ignored."""

    to = serializers.ChoiceField(choices=Stage.choices)
    expected_stage = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        help_text="The stage you saw: if another step passed meanwhile, this one is refused (409).",
    )
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")
    contact = serializers.IntegerField(required=False, help_text="Id of a staff member of the owner pemda.")
    agreement_kind = serializers.ChoiceField(choices=AgreementKind.choices, required=False)
    agreement_date = serializers.DateField(required=False)
    handover_date = serializers.DateField(required=False)
    training_start = serializers.DateField(required=False)
    training_end = serializers.DateField(required=False)
    training_participants = serializers.IntegerField(required=False, min_value=1)
    go_live_date = serializers.DateField(required=False)
    outcome = serializers.CharField(
        max_length=OUTCOME_MAX_LENGTH, required=False, help_text="At evaluated: what the adoption achieved."
    )
    outcome_rating = serializers.IntegerField(
        required=False,
        min_value=OUTCOME_RATINGS[0],
        max_value=OUTCOME_RATINGS[1],
        help_text="At evaluated: the adopter's rating of the outcome, 1 (lowest) to 5 (highest).",
    )


class StepRefusedSerializer(serializers.Serializer):
    """A 409: the step is not allowed now."""

    detail = serializers.CharField()
    stage = serializers.ChoiceField(choices=Stage.choices, help_text="The replication's stage now.")
    allowed = serializers.ListField(
        child=serializers.ChoiceField(choices=Stage.choices), help_text="The steps your pemda may take now."
    )


class StepDocumentSerializer(serializers.ModelSerializer):
    """Evidence of a step; `url` downloads it (the two pemda and national admins only)."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = ReplicationDocument
        fields = ["id", "title", "file_type", "size", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return f"{self.context[HTML_PREFIX]}{obj.step.replication_id}/steps/{obj.step_id}/documents/{obj.pk}/"
