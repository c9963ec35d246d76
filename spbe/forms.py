from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Evidence, Framework
from .uploads import validate_evidence_file


class SelfAssessmentStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)
    framework = forms.ModelChoiceField(
        label=_("Framework"), queryset=Framework.objects.all(), to_field_name="code", empty_label=None
    )

    def __init__(self, *args, current_framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.now().year
        self.fields["framework"].initial = current_framework.code if current_framework else None


class LevelsForm(forms.Form):
    """One level (optional while drafting) and an explanation per indicator of the framework."""

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        framework = evaluation.framework
        scores = {s.indicator_id: s for s in evaluation.scores.all()}
        self.indicators = list(framework.indicators.all())
        for indicator in self.indicators:
            score = scores.get(indicator.pk)
            levels = [(lv.value, f"{lv.value} {lv.name}".strip()) for lv in indicator.scale.levels.all()]
            self.fields[f"level_{indicator.number}"] = forms.TypedChoiceField(
                label=_("Level"),
                choices=[("", "—")] + levels,
                coerce=int,
                empty_value=None,
                required=False,
                initial=score.level if score else None,
            )
            self.fields[f"explanation_{indicator.number}"] = forms.CharField(
                label=_("Explanation"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
                initial=score.explanation if score else "",
            )

    def changes(self, evaluation):
        """(indicator, level, explanation) for every indicator whose level or explanation changed."""
        scores = {s.indicator_id: s for s in evaluation.scores.all()}
        for indicator in self.indicators:
            level = self.cleaned_data[f"level_{indicator.number}"]
            explanation = self.cleaned_data[f"explanation_{indicator.number}"]
            score = scores.get(indicator.pk)
            if level is None:
                continue
            if score is None or (score.level, score.explanation) != (level, explanation):
                yield indicator, level, explanation

    def rows(self):
        """(indicator, level field, explanation field) in framework order, for the template."""
        return [(i, self[f"level_{i.number}"], self[f"explanation_{i.number}"]) for i in self.indicators]


class EvidenceForm(forms.ModelForm):
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)

    class Meta:
        model = Evidence
        fields = ["indicator", "title", "url", "file"]

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.fields["indicator"].choices = [
            (i.number, f"{i.number}. {i.name}") for i in evaluation.framework.indicators.all()
        ]
        self.fields["file"].validators.append(validate_evidence_file)
        self.fields["file"].help_text = _("PDF, PNG, JPEG or Office document, at most 10 MB.")

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError(_("Give a link or attach a document."))
        number = data.get("indicator")
        if number is not None:
            score = self.evaluation.scores.filter(indicator__number=number).first()
            if score is None:
                self.add_error("indicator", _("Set a level for this indicator before adding evidence."))
            else:
                self.instance.score = score
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("Verify")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = list(evaluation.scores.all())
        for score in self.scores:
            self.fields[f"comment_{score.indicator.number}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=score.reviewer_comment,
            )

    def comments(self):
        return {s.indicator_id: self.cleaned_data[f"comment_{s.indicator.number}"] for s in self.scores}

    def rows(self):
        return [(s, self[f"comment_{s.indicator.number}"]) for s in self.scores]

    @property
    def verify(self):
        return self.cleaned_data["decision"] == "verify"
