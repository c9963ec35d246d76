import contextlib
import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regencies.models import Regency
from spbe.models import Indicator

from .. import publiccode
from . import documents, validators
from .models import RESERVED_SLUGS, Practice, RbTheme
from .services import unique_slug

MAX_INDICATORS = 30
# Fields of the portal's form; the example flag and its source are set by the loader and the admin.
PRACTICE_FIELDS = [
    "title",
    "title_en",
    "slug",
    "summary",
    "summary_en",
    "body",
    "kind",
    "sustainability",
    "launched_on",
    "reviewed_on",
    "rb_themes",
    "problem",
    "results",
    "hosting",
    "national_platforms",
    "regulations_needed",
    "skills_needed",
    "build_team_size",
    "build_budget",
    "run_team_size",
    "run_budget",
    "adoption_months",
    "adoption_effort",
    "repository_url",
    "landing_url",
    "license",
    "development_status",
    "software_type",
    "platforms",
    "dependencies",
    "available_languages",
    "maintenance_type",
    "maintenance_contacts",
]
SOFTWARE_FIELDS = PRACTICE_FIELDS[PRACTICE_FIELDS.index("repository_url") :]


class ListField(forms.CharField):
    """A list of texts written as one line, separated by commas."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]


class ContactLinesField(forms.CharField):
    """Maintenance contacts, one a line: name; e-mail; phone; affiliation (all but the name optional)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if not isinstance(value, list):
            return value
        return "\n".join(
            "; ".join(contact.get(key, "") for key in validators.CONTACT_KEYS).rstrip("; ")
            for contact in value
        )

    def to_python(self, value):
        contacts = []
        for line in super().to_python(value).splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) > len(validators.CONTACT_KEYS):
                raise ValidationError(_("Write at most name; e-mail; phone; affiliation on a line."))
            contacts.append(
                {key: part for key, part in zip(validators.CONTACT_KEYS, parts, strict=False) if part}
            )
        return contacts


def _staff_of(regency_id):
    return (
        get_user_model()
        .objects.filter(membership__regency_id=regency_id, is_active=True)
        .order_by("first_name", "username")
    )


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class PracticeForm(forms.ModelForm):
    """Create (with `regency` chosen by national admins only) and edit a practice."""

    regency = forms.ModelChoiceField(
        label=_("Owner pemda"), queryset=Regency.objects.all(), to_field_name="code", required=True
    )
    tags = ListField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas, e.g. e-office, tanda tangan elektronik."),
    )
    contacts = StaffChoiceField(
        label=_("Contact persons (narahubung)"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff of the owner pemda who help adopters."),
    )
    national_platforms = forms.MultipleChoiceField(
        label=_("National platforms it integrates with"),
        choices=Practice.NationalPlatform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    platforms = ListField(label=_("Platforms"), required=False, help_text=_("e.g. web, android, ios"))
    dependencies = ListField(
        label=_("Dependencies"), required=False, help_text=_("e.g. PostgreSQL, SRIKANDI")
    )
    available_languages = ListField(
        label=_("Available languages"), required=False, help_text=_("Language codes, e.g. id, en, jv")
    )
    maintenance_contacts = ContactLinesField(
        label=_("Maintenance contacts"),
        required=False,
        help_text=_("One a line: name; e-mail; phone; affiliation."),
    )

    class Meta:
        model = Practice
        fields = PRACTICE_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "summary_en": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "body": forms.Textarea(attrs={"rows": 14}),
            # A browser's date field reads and writes ISO dates, whatever the page's language.
            "launched_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rb_themes": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "problem",
                    "results",
                    "hosting",
                    "regulations_needed",
                    "skills_needed",
                    "adoption_effort",
                ]
            },
        }

    def __init__(self, *args, regency=None, **kwargs):
        """`regency`: the owner for a new practice of a pemda's staff; None lets a national admin choose."""
        super().__init__(*args, **kwargs)
        self.fields["rb_themes"].queryset = RbTheme.objects.all()
        editing = self.instance.pk is not None
        if editing or regency is not None:
            del self.fields["regency"]
            owner_id = self.instance.regency_id if editing else regency.pk
            self.fields["contacts"].queryset = _staff_of(owner_id)
            self.instance.regency_id = owner_id
        else:
            # The owner is chosen on this form: contact persons are added once it exists.
            del self.fields["contacts"]
        if editing:
            del self.fields["slug"]  # addresses stay stable once given
            self.initial["tags"] = [tag.name for tag in self.instance.tags.all()]
            if "contacts" in self.fields:
                self.initial["contacts"] = [user.pk for user in self.instance.contacts.all()]
        else:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to make one from the title.")

    def groups(self):
        """(legend, fields) in the order of the practice page's cards."""
        replication = PRACTICE_FIELDS.index("problem")
        software = PRACTICE_FIELDS.index("repository_url")
        sections = [
            (_("The practice"), ["regency", *PRACTICE_FIELDS[:replication], "tags", "contacts"]),
            (_("What it takes to replicate"), PRACTICE_FIELDS[replication:software]),
            (_("Software (applications only)"), PRACTICE_FIELDS[software:]),
        ]
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in sections]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This address is used by the portal itself: choose another."))
        return slug or unique_slug(self.cleaned_data.get("title") or "")

    def clean_license(self):
        return validators.normalize_license(self.cleaned_data.get("license"))

    def clean(self):
        data = super().clean()
        if data.get("kind") != Practice.Kind.APPLICATION:
            for name in SOFTWARE_FIELDS:
                if data.get(name) and name != "available_languages":
                    self.add_error(name, _("Only an application has software details."))
        return data

    def relations(self):
        """Relations for services.practice_save (call after is_valid)."""
        data = self.cleaned_data
        relations = {"rb_themes": list(data["rb_themes"]), "tags": data["tags"]}
        if "contacts" in self.fields:
            relations["contacts"] = list(data["contacts"])
        return relations


def indicator_choices():
    """Every indicator of every loaded framework, grouped by framework: one query for the whole formset."""
    groups = {}
    for indicator in Indicator.objects.select_related("framework").order_by(
        "-framework__first_year", "number"
    ):
        groups.setdefault(indicator.framework.name, []).append(
            (indicator.pk, f"{indicator.number}. {indicator.name}")
        )
    return [("", "—")] + list(groups.items())


class IndicatorLinkForm(forms.Form):
    indicator = forms.TypedChoiceField(label=_("SPBE indicator"), coerce=int, required=False)
    level = forms.IntegerField(label=_("Level it helped reach"), min_value=0, max_value=5, required=False)
    evidence = forms.CharField(
        label=_("Evidence of the effect"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("indicator") and data.get("level") is None:
            self.add_error("level", _("Give the level the practice helped reach."))
        if data.get("level") is not None and not data.get("indicator"):
            self.add_error("indicator", _("Choose the indicator."))
        return data


class BaseIndicatorLinkFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self.choices = indicator_choices()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self.choices}

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            indicator = form.cleaned_data.get("indicator")
            if not indicator or form.cleaned_data.get("DELETE"):
                continue
            if indicator in seen:
                form.add_error("indicator", _("This indicator is listed twice."))
            seen.add(indicator)

    def links(self):
        """The indicators for services.practice_save (call after is_valid): one query."""
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data.get("indicator") and not form.cleaned_data.get("DELETE")
        ]
        indicators = Indicator.objects.select_related("framework").in_bulk([row["indicator"] for row in rows])
        return [
            {"indicator": indicators[row["indicator"]], "level": row["level"], "evidence": row["evidence"]}
            for row in rows
        ]


IndicatorLinkFormSet = forms.formset_factory(
    IndicatorLinkForm,
    formset=BaseIndicatorLinkFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_INDICATORS,
    validate_max=True,
)


def indicator_initial(practice):
    return [
        {"indicator": link.indicator_id, "level": link.level, "evidence": link.evidence}
        for link in practice.indicator_links.all()
    ]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        validators=[documents.validate_document],
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG, at most 10 MB."),
    )


class PubliccodeForm(forms.Form):
    """A publiccode.yml pasted or uploaded. After `is_valid`, `source` is its text (the bytes of an
    upload that is not UTF-8: knowledge.publiccode reports that) with the line ends a browser adds
    to a textarea undone, so that the text checked and the text saved compare equal."""

    text = forms.CharField(
        label=_("publiccode.yml"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false", "class": "code"}),
        help_text=_("Versions 0.2 to 0.7 of the standard; at most 256 KB."),
    )
    upload = forms.FileField(label=_("Or choose the file"), required=False)
    checked = forms.CharField(widget=forms.HiddenInput, required=False)
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("upload"), cleaned.get("text") or ""
        if upload:
            source = upload.read(publiccode.MAX_BYTES + 1)
            with contextlib.suppress(UnicodeDecodeError):  # knowledge.publiccode reports it
                source = source.decode("utf-8-sig")
        elif text.strip():
            source = text
        else:
            raise ValidationError({"text": _("Paste a publiccode.yml or choose the file.")})
        self.source = source.replace("\r\n", "\n") if isinstance(source, str) else source
        self.source_field = "upload" if upload else "text"
        return cleaned

    def add_problems(self, problems):
        for problem in problems:
            self.add_error(self.source_field, str(problem))
