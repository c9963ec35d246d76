from django import forms
from django.utils.translation import gettext_lazy as _

from regencies.models import Regency

from ..practices.models import Practice
from .models import NOTES_MAX_LENGTH


class PracticeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, practice):
        return f"{practice.title} ({practice.regency.name})"


class VisitForm(forms.Form):
    visitor = forms.ModelChoiceField(label=_("Visiting pemda"), queryset=Regency.objects.order_by("name"))
    host = forms.ModelChoiceField(label=_("Host pemda"), queryset=Regency.objects.order_by("name"))
    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=1)
    practices = PracticeChoiceField(
        label=_("Practices seen"),
        required=False,
        queryset=Practice.objects.none(),
        help_text=_("Published practices of the host pemda."),
    )
    commitments = PracticeChoiceField(
        label=_("Practices the visitors commit to replicate"),
        required=False,
        queryset=Practice.objects.none(),
        help_text=_("Each becomes a replication request in one click, from the visit's page."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Practice.objects.published().select_related("regency").order_by("regency__name", "title")
        self.fields["practices"].queryset = published
        self.fields["commitments"].queryset = published


class CommitmentRequestForm(forms.Form):
    """The one click: a POST naming nothing but the commitment (in the URL)."""
