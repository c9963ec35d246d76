import re
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regencies.forms import ConfirmForm

from .models import Evidence, Framework, Indicator, IndicatorScore
from .services import self_assessment_year_problem

FIRST_YEAR = 2018
LEVEL_FIELD = re.compile(r"^level_(.*)$", re.DOTALL)


class SelfAssessmentStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    framework = forms.ModelChoiceField(
        label=_("Framework"), queryset=Framework.objects.all(), to_field_name="code", empty_label=None
    )

    def __init__(self, *args, current_framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.now().year
        self.fields["framework"].initial = current_framework.code if current_framework else None

    def clean(self):
        data = super().clean()
        year, framework = data.get("year"), data.get("framework")
        if year and framework:
            problem = self_assessment_year_problem(year=year, framework=framework)
            if problem:
                self.add_error("year", problem)
        return data


@dataclass
class LevelOption:
    """One level an indicator may take, with what reaching it requires."""

    value: int
    label: str
    criteria: str  # the indicator's own criteria, else the scale's description of the level
    widget: object = None  # the radio button, on the form

    @property
    def criteria_missing(self):
        return not self.criteria


def level_options(indicator):
    """The levels of the indicator's scale, each with the indicator's criteria for it when the framework
    has criteria per indicator (an empty one is "not available"), else the scale's own description."""
    criteria = {c.level: c.text for c in indicator.criteria.all()}
    language = get_language() or ""
    options = []
    for level in indicator.scale.levels.all():
        if criteria:
            text = criteria.get(level.value, "")
        elif language.startswith("en") and level.description_en:
            text = level.description_en
        else:
            text = level.description
        options.append(LevelOption(level.value, str(level), text))
    return options


@dataclass
class IndicatorRow:
    """One indicator as the form and review pages show it, under its domain and aspect headings."""

    indicator: Indicator
    score: IndicatorScore | None
    new_domain: bool
    new_aspect: bool
    level_field: BoundField | None = None
    explanation_field: BoundField | None = None
    comment_field: BoundField | None = None
    events: list = field(default_factory=list)

    @property
    def options(self):
        """The level choices with their criteria; on the form, each with its radio button."""
        options = level_options(self.indicator)
        if self.level_field is not None:
            widgets = {str(widget.data["value"]): widget for widget in self.level_field}
            for option in options:
                option.widget = widgets.get(str(option.value))
        return options

    @property
    def chosen(self):
        """The option of the level set, or None."""
        if self.score is None:
            return None
        return next((o for o in level_options(self.indicator) if o.value == self.score.level), None)

    @property
    def level_label(self):
        """The level with its name on the indicator's scale, e.g. "3 Terpadu dan Terukur"."""
        if self.score is None:
            return ""
        chosen = self.chosen
        return chosen.label if chosen else str(self.score.level)


def indicator_rows(indicators, scores, events=(), **fields_for):
    """Rows in framework order; `fields_for` maps a row field to a function of the indicator;
    `events` (history entries) go to the row of their indicator."""
    by_indicator = defaultdict(list)
    for event in events:
        by_indicator[event.indicator_id].append(event)
    rows, previous = [], None
    for indicator in indicators:
        rows.append(
            IndicatorRow(
                indicator=indicator,
                score=scores.get(indicator.pk),
                new_domain=previous is None or previous.aspect.domain_id != indicator.aspect.domain_id,
                new_aspect=previous is None or previous.aspect_id != indicator.aspect_id,
                events=by_indicator[indicator.pk],
                **{name: make(indicator) for name, make in fields_for.items()},
            )
        )
        previous = indicator
    return rows


class LevelsForm(forms.Form):
    """A level and an explanation for every indicator of the evaluation's framework.

    A level may stay empty while drafting, but once set it can be changed, not removed.
    The choices are the levels of the indicator's own scale, so a level outside it is a field error.
    `evaluation` must come with its scores and its framework's indicators (with scale levels) prefetched.
    """

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.scores = {s.indicator_id: s for s in evaluation.scores.all()}
        self.indicators = list(evaluation.framework.indicators.all())
        for indicator in self.indicators:
            score = self.scores.get(indicator.pk)
            choices = [(level.value, str(level)) for level in indicator.scale.levels.all()]
            # Radio buttons, so each level shows its criteria beside it; none is checked until chosen.
            self.fields[f"level_{indicator.number}"] = forms.TypedChoiceField(
                label=_("Level of indicator %(number)s") % {"number": indicator.number},
                choices=choices,
                widget=forms.RadioSelect,
                coerce=int,
                empty_value=None,
                required=score is not None,
                initial=score.level if score else None,
            )
            self.fields[f"explanation_{indicator.number}"] = forms.CharField(
                label=_("Explanation of indicator %(number)s") % {"number": indicator.number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
                initial=score.explanation if score else "",
            )

    def clean(self):
        data = super().clean()
        # Compared as text: a field name is anything a client sends, not necessarily a number.
        known = {str(indicator.number) for indicator in self.indicators}
        unknown = sorted(
            match[1][:12] for match in map(LEVEL_FIELD.match, self.data) if match and match[1] not in known
        )
        if unknown:
            raise forms.ValidationError(
                _("Indicator(s) %(numbers)s are not part of this framework.")
                % {"numbers": ", ".join(unknown)},
                code="unknown_indicator",
            )
        for indicator in self.indicators:
            level_field = f"level_{indicator.number}"
            if (
                data.get(f"explanation_{indicator.number}")
                and level_field in data
                and data[level_field] is None
            ):
                self.add_error(level_field, _("Choose a level to keep this explanation."))
        return data

    def changes(self):
        """(indicator, level, explanation) for every indicator whose level or explanation changed."""
        for indicator in self.indicators:
            level = self.cleaned_data[f"level_{indicator.number}"]
            explanation = self.cleaned_data[f"explanation_{indicator.number}"]
            score = self.scores.get(indicator.pk)
            if level is not None and (
                score is None or (score.level, score.explanation) != (level, explanation)
            ):
                yield indicator, level, explanation

    def rows(self):
        return indicator_rows(
            self.indicators,
            self.scores,
            getattr(self.evaluation, "indicator_events", ()),
            level_field=lambda indicator: self[f"level_{indicator.number}"],
            explanation_field=lambda indicator: self[f"explanation_{indicator.number}"],
        )


class EvidenceForm(forms.ModelForm):
    """Evidence for one indicator that already has a level: a link or an uploaded document."""

    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)

    class Meta:
        model = Evidence
        fields = ["indicator", "title", "url", "file", "public"]

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = {s.indicator.number: s for s in evaluation.scores.all()}
        self.fields["indicator"].choices = [
            (i.number, f"{i.number}. {i.name}") for i in evaluation.framework.indicators.all()
        ]
        # The model checks the upload (spbe/uploads.py) and names it by its content; the upload's own
        # name is never stored, so any length will do.
        self.fields["file"].max_length = None
        self.fields["file"].help_text = _("PDF, PNG, JPEG or Office document, at most 10 MB.")

    def clean_indicator(self):
        number = self.cleaned_data["indicator"]
        if number not in self.scores:
            raise forms.ValidationError(_("Set a level for this indicator before adding evidence."))
        return number

    def clean(self):
        data = super().clean()
        if self.has_error("file"):
            return data
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError(_("Give a link or attach a document."), code="required")
        if data.get("url") and data.get("file"):
            raise forms.ValidationError(_("Give a link or attach a document, not both."), code="both")
        if "indicator" in data:
            self.instance.score = self.scores[data["indicator"]]
        return data


class EvidenceVisibilityForm(forms.Form):
    public = forms.TypedChoiceField(
        label=_("Who may open it"),
        choices=[("1", _("Public once verified")), ("0", _("Assessors and our staff only"))],
        coerce=lambda value: value == "1",
    )


class SubmitForm(ConfirmForm):
    confirm = forms.BooleanField(
        label=_("Yes, submit this self-assessment for verification"), required=True, initial=False
    )


class ReviewForm(forms.Form):
    """Verify, or return with a comment on the indicators to revise (at least one)."""

    VERIFY, RETURN = "verify", "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(VERIFY, _("Verify")), (RETURN, _("Return for revision"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = list(evaluation.scores.all())
        self.indicators = list(evaluation.framework.indicators.all())
        for score in self.scores:
            self.fields[f"comment_{score.indicator.number}"] = forms.CharField(
                label=_("Comment on indicator %(number)s") % {"number": score.indicator.number},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=score.reviewer_comment,
            )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not any(text.strip() for text in self.comments().values()):
            self.add_error("decision", _("Say what to revise: add a comment to at least one indicator."))
        return data

    def comments(self):
        """{indicator id: comment} for the service."""
        return {
            s.indicator_id: self.cleaned_data.get(f"comment_{s.indicator.number}", "") for s in self.scores
        }

    def rows(self):
        """The indicators with a level (all of them, once submitted) and their comment fields."""
        scores = {s.indicator_id: s for s in self.scores}
        return indicator_rows(
            [indicator for indicator in self.indicators if indicator.pk in scores],
            scores,
            comment_field=lambda indicator: self[f"comment_{indicator.number}"],
        )

    @property
    def verify(self):
        return self.cleaned_data["decision"] == self.VERIFY
