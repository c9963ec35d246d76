from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rest_framework import serializers

from regencies.models import Regency
from spbe.models import Framework, Indicator

from .. import markdown
from . import documents, validators
from .forms import PRACTICE_FIELDS, SOFTWARE_FIELDS
from .models import RESERVED_SLUGS, Practice, PracticeDocument, RbTheme

# Rows link to themselves through prefixes the view reverses once (no resolver call per row).
API_PREFIX = "api_prefix"
HTML_PREFIX = "html_prefix"


class ProvinceRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OwnerSerializer(serializers.ModelSerializer):
    province = ProvinceRefSerializer(read_only=True)

    class Meta:
        model = Regency
        fields = ["code", "name", "province"]


class PracticeSerializer(serializers.ModelSerializer):
    """A row of the practice list."""

    regency = OwnerSerializer(read_only=True)
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    demo_label = serializers.SerializerMethodField(
        help_text="The visible label of example content (contoh), empty for a pemda's own practice."
    )
    snippet = serializers.SerializerMethodField(
        help_text="With a search: an HTML extract where the words matched, in <mark>; the practice's "
        "own text is escaped. Empty without a search."
    )

    class Meta:
        model = Practice
        fields = [
            "slug",
            "url",
            "html_url",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "kind",
            "status",
            "sustainability",
            "demo",
            "demo_label",
            "regency",
            "launched_on",
            "reviewed_on",
            "published_at",
            "updated_at",
            "snippet",
        ]

    def get_snippet(self, obj) -> str:
        return str(getattr(obj, "snippet", ""))

    def get_url(self, obj) -> str:
        return f"{self.context[API_PREFIX]}{obj.slug}/"

    def get_html_url(self, obj) -> str:
        return f"{self.context[HTML_PREFIX]}{obj.slug}/"

    def get_demo_label(self, obj) -> str:
        return pgettext("demo content", "example") if obj.demo else ""


class PemdaRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LineageNodeSerializer(serializers.Serializer):
    """One practice of a lineage and the versions based on it (nested the same way)."""

    slug = serializers.CharField(source="practice.slug")
    title = serializers.CharField(source="practice.localized_title")
    status = serializers.CharField(source="practice.status")
    owner = PemdaRefSerializer(source="practice.regency")
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    current = serializers.BooleanField(help_text="The practice asked for.")

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = LineageNodeSerializer(many=True, help_text="The versions based on it.")
        return fields

    def get_url(self, node) -> str:
        return f"{self.context[API_PREFIX]}{node.practice.slug}/"

    def get_html_url(self, node) -> str:
        return f"{self.context[HTML_PREFIX]}{node.practice.slug}/"


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The filter's value: give it as the parameter of the same name.")
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetCountsSerializer(serializers.Serializer):
    kind = FacetValueSerializer(many=True)
    province = FacetValueSerializer(many=True)
    cohort = FacetValueSerializer(many=True)
    rb_theme = FacetValueSerializer(many=True)
    domain = FacetValueSerializer(many=True)
    aspect = FacetValueSerializer(many=True)
    indicator = FacetValueSerializer(many=True)
    has_source = FacetValueSerializer(many=True)
    license = FacetValueSerializer(many=True)
    sustainability = FacetValueSerializer(many=True)


class FacetsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Practices matching every filter.")
    facets = FacetCountsSerializer()


class RbThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RbTheme
        fields = ["number", "name", "name_en"]


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.username


class OwnerLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    year = serializers.IntegerField()
    source = serializers.CharField(help_text="official (official result) or self_assessment (verified)")
    synthetic = serializers.BooleanField()
    evaluation = serializers.IntegerField(source="evaluation_id")


class IndicatorLinkSerializer(serializers.Serializer):
    framework = serializers.CharField(source="indicator.framework.code")
    indicator = serializers.IntegerField(source="indicator.number")
    name = serializers.CharField(source="indicator.name")
    level = serializers.IntegerField()
    evidence = serializers.CharField()
    owner_level = serializers.SerializerMethodField(
        help_text="The owner pemda's own latest public level on this indicator, null if none."
    )

    def get_owner_level(self, obj) -> OwnerLevelSerializer(allow_null=True):
        level = self.context.get("owner_levels", {}).get(obj.indicator_id)
        return OwnerLevelSerializer(level).data if level else None


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PracticeDocument
        fields = ["id", "title", "file_type", "size", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return f"{self.context[API_PREFIX]}{self.context['slug']}/documents/{obj.pk}/"


class PracticeDetailSerializer(PracticeSerializer):
    body_html = serializers.SerializerMethodField(help_text="The body rendered from Markdown and sanitized.")
    rb_themes = RbThemeSerializer(many=True, read_only=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    contacts = ContactSerializer(many=True, read_only=True)
    indicators = IndicatorLinkSerializer(many=True, read_only=True, source="indicator_links")
    documents = serializers.SerializerMethodField()
    stale = serializers.SerializerMethodField(help_text="Last reviewed more than 12 months ago.")

    class Meta(PracticeSerializer.Meta):
        # The list row, then every field of the form (body, replication and software cards), then the rest.
        fields = [
            *(f for f in PracticeSerializer.Meta.fields if f != "snippet"),
            *(f for f in PRACTICE_FIELDS if f not in PracticeSerializer.Meta.fields and f != "rb_themes"),
            "body_html",
            "source_title",
            "source_url",
            "publiccode_extra",
            "rb_themes",
            "tags",
            "contacts",
            "indicators",
            "documents",
            "stale",
            "archived_at",
        ]

    def get_body_html(self, obj) -> str:
        return str(markdown.render(obj.body))

    def get_documents(self, obj) -> DocumentSerializer(many=True):
        context = {**self.context, "slug": obj.slug}
        return DocumentSerializer(obj.documents.all(), many=True, context=context).data

    def get_stale(self, obj) -> bool:
        return obj.is_stale()


class IndicatorLinkInputSerializer(serializers.Serializer):
    framework = serializers.SlugRelatedField(slug_field="code", queryset=Framework.objects.all())
    indicator = serializers.IntegerField(min_value=1, max_value=1000)
    level = serializers.IntegerField(min_value=0, max_value=5)
    evidence = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")


def _text_list(**kwargs):
    return serializers.ListField(
        child=serializers.CharField(max_length=validators.MAX_ITEM_LENGTH),
        required=False,
        max_length=validators.MAX_LIST_ITEMS,
        **kwargs,
    )


class PracticeWriteSerializer(serializers.ModelSerializer):
    """What a pemda sends to create or change a practice. Relations left out stay as they are."""

    regency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regency.objects.all(),
        required=False,
        help_text="Owner pemda (Kemendagri code): national admins must give it; pemda staff publish for "
        "their own pemda.",
    )
    rb_themes = serializers.SlugRelatedField(
        slug_field="number", queryset=RbTheme.objects.all(), many=True, required=False
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=10)
    contacts = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(membership__isnull=False),
        many=True,
        required=False,
        help_text="User ids of staff of the owner pemda (narahubung).",
    )
    indicators = IndicatorLinkInputSerializer(many=True, required=False, max_length=30)
    national_platforms = serializers.ListField(
        child=serializers.ChoiceField(choices=Practice.NationalPlatform.choices), required=False
    )
    platforms = _text_list()
    dependencies = _text_list()
    available_languages = _text_list(validators=[validators.validate_language_tags])
    maintenance_contacts = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        required=False,
        validators=[validators.validate_contacts],
    )

    class Meta:
        model = Practice
        fields = ["regency", "tags", "contacts", "indicators"] + PRACTICE_FIELDS
        extra_kwargs = {"slug": {"required": False}}

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise serializers.ValidationError(_("The address (slug) of a practice does not change."))
        if value in RESERVED_SLUGS:
            raise serializers.ValidationError(_("This address is used by the portal itself: choose another."))
        return value

    def validate_license(self, value):
        try:
            return validators.normalize_license(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate_indicators(self, links):
        """Each (framework, number) resolved to an indicator of that framework."""
        wanted = {(link["framework"].pk, link["indicator"]) for link in links}
        framework_ids = {framework_id for framework_id, _number in wanted}
        found = {
            (indicator.framework_id, indicator.number): indicator
            for indicator in Indicator.objects.filter(framework_id__in=framework_ids).select_related(
                "framework"
            )
            if (indicator.framework_id, indicator.number) in wanted
        }
        resolved = []
        for link in links:
            indicator = found.get((link["framework"].pk, link["indicator"]))
            if indicator is None:
                raise serializers.ValidationError(
                    _("Indicator %(number)s is not part of %(framework)s.")
                    % {"number": link["indicator"], "framework": link["framework"].name}
                )
            resolved.append({"indicator": indicator, "level": link["level"], "evidence": link["evidence"]})
        return resolved

    def validate(self, data):
        kind = data.get("kind", self.instance.kind if self.instance else None)
        if kind != Practice.Kind.APPLICATION:
            wrong = {
                name: [_("Only an application has software details.")]
                for name in SOFTWARE_FIELDS
                if data.get(name) and name != "available_languages"
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return data


class DocumentUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    file = serializers.FileField(
        validators=[documents.validate_document],
        help_text="PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG (checked by content), at most 10 MB.",
    )


class FieldErrorsSerializer(serializers.Serializer):
    """A 400 answer: each key names a field (or non_field_errors), each value lists the problems."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


class DetailErrorSerializer(serializers.Serializer):
    """A 401, 403, 404 or 409 answer."""

    detail = serializers.CharField()
