from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import stages
from .models import MESSAGE_MAX_LENGTH, NOTE_MAX_LENGTH, OUTCOME_MAX_LENGTH, OUTCOME_RATINGS, AgreementKind
from .stages import Stage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the owner pemda"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why your pemda wants to replicate it, who will lead it, and what help you hope for."),
    )


class VersionForm(forms.Form):
    """Starts the adopter's own version of the practice; the CSRF token is the input."""


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class StepForm(forms.Form):
    """One step: the stage it goes to and the fields that step records (stages.required_fields)."""

    to = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = StaffChoiceField(label=_("Contact person"), queryset=get_user_model().objects.none())
    agreement_kind = forms.ChoiceField(label=_("Kind of agreement"), choices=AgreementKind.choices)
    agreement_date = forms.DateField(label=_("Signed on"), widget=DATE)
    handover_date = forms.DateField(label=_("Handover report (BAST) signed on"), widget=DATE)
    training_start = forms.DateField(label=_("Training from"), widget=DATE)
    training_end = forms.DateField(label=_("Training until"), widget=DATE)
    training_participants = forms.IntegerField(label=_("People trained"), min_value=1)
    go_live_date = forms.DateField(label=_("Live since"), widget=DATE)
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=OUTCOME_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the adoption achieved for your pemda."),
    )
    outcome_rating = forms.TypedChoiceField(
        label=_("Rating of the outcome (1 lowest, 5 highest)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(OUTCOME_RATINGS[0], OUTCOME_RATINGS[1] + 1)],
    )

    def __init__(self, *args, replication, to, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.update({"to": to, "expected_stage": replication.stage})
        self.auto_id = f"id_{to}_%s"
        required = stages.required_fields(replication.stage, to)
        for name in list(self.fields):
            if name not in ("to", "expected_stage", "note") and name not in required:
                del self.fields[name]
        if "note" in required:
            self.fields["note"].required = True
            self.fields["note"].label = (
                _("Why there was no training")
                if (replication.stage, to) == stages.SKIPPED_TRAINING
                else _("Reason")
            )
        if "contact" in self.fields:
            self.fields["contact"].queryset = (
                get_user_model()
                .objects.filter(membership__regency_id=replication.owner_id, is_active=True)
                .order_by("username")
            )

    def details(self):
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("to", "expected_stage", "note")
        }
