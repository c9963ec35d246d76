from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from regencies.permissions import can_import_spbe

from .. import charts, selectors, sources
from ..models import Evaluation, certainty_label
from ..views.pages import domain_chart

register = template.Library()


@register.filter
def may_import_spbe(user):
    """For the menu: only those who may import see the link to the imports."""
    return can_import_spbe(user)


TOP_GAINS = 5


def _latest_of(figures, source):
    return next((e for e in figures if e.source == source), None)


def _series_name(name, kind, points):
    """A legend that says what the line is, and that it is demo data when it is."""
    label = f"{name}: {kind}"
    if any(synthetic for _year, _index, synthetic in points):
        label += f" ({_('synthetic data')})"
    return label


@register.inclusion_tag("spbe/_partials/regency_spbe.html")
def regency_spbe(regency):
    """The SPBE section of a regency's page: official results and verified self-assessments as
    separate lines beside the nation and the cohort, each figure with its kind and source, the
    latest of each kind, and the domain bars and biggest gains of the latest result with detail."""
    trend = selectors.regency_trend(regency)
    series = [(_("National index"), "national", trend.national)]
    if trend.cohort:
        series.append(
            (
                _("Average of %(cohort)s (official results)") % {"cohort": trend.cohort_name},
                "cohort",
                trend.cohort,
            )
        )
    # The pemda's own lines last, so they are drawn on top; a self-assessment never continues
    # the line of official results.
    for points, kind, css in (
        (trend.regency, _("official results"), "regency"),
        (trend.self_assessed, _("self-assessments (verified)"), "regency self"),
    ):
        if points:
            series.append((_series_name(regency.name, kind, points), css, [(y, i) for y, i, _s in points]))
    figures = trend.figures  # newest first, preferring one with indicator detail within a year
    latest = figures[0] if figures else None
    if latest is None or latest.computed_index is not None:
        detail_pk = latest.pk if latest else None
    else:
        # An older result with indicator detail, else the latest for the domain indices it was published with.
        detail_pk = next((e.pk for e in figures if e.computed_index is not None), latest.pk)
    detailed = selectors.evaluation_detail(detail_pk) if detail_pk else None
    gaps = selectors.evaluation_gaps(detailed) if detailed else None
    return {
        "regency": regency,
        "chart": charts.line_chart(series),
        "has_history": bool(figures),
        "figures": list(reversed(figures)),
        "latest_official": _latest_of(figures, Evaluation.Source.OFFICIAL),
        "latest_self_assessment": _latest_of(figures, Evaluation.Source.SELF_ASSESSMENT),
        "detailed": detailed,
        "domain_chart": domain_chart(detailed, gaps) if detailed else None,
        "top_gains": gaps.indicators[:TOP_GAINS] if gaps else [],
    }


@register.filter
def weight(value):
    """An indicator or group weight as published: up to four decimals, no trailing zeros, localized."""
    if value is None:
        return ""
    text = f"{Decimal(value):.4f}".rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text))


def _field(figure, name, default=""):
    """A field of a model instance or of a row dict (the rankings are plain dicts)."""
    if isinstance(figure, dict):
        return figure.get(name, default)
    return getattr(figure, name, default)


def certainty_context(code):
    label = certainty_label(code)
    return {"certainty": code if label else "", "certainty_label": label}


@register.inclusion_tag("spbe/_partials/certainty.html")
def figure_certainty(figure):
    """How sure a figure is, alone (where its sources are listed elsewhere on the page)."""
    return certainty_context(_field(figure, "certainty"))


@register.inclusion_tag("spbe/_partials/source.html")
def figure_source(figure, prefix=True):
    """Where a figure comes from and how sure it is: the same words wherever a figure is shown.

    `figure` is an Evaluation, a NationalIndex or a ranking row; a self-assessment's source is the
    pemda itself, a synthetic figure's the demo generator.
    """
    own = ""
    if _field(figure, "synthetic", False):
        own = _("generated demo data, not a real result")
    elif _field(figure, "source") == Evaluation.Source.SELF_ASSESSMENT:
        own = _("the pemda's own self-assessment on this portal")
        if _field(figure, "status", Evaluation.Status.VERIFIED) == Evaluation.Status.VERIFIED:
            own = _("the pemda's own self-assessment on this portal, verified by an assessor")
    return {
        "prefix": prefix,
        "own": own,
        "cited": sources.cite(_field(figure, "source_title"), _field(figure, "source_url")),
        **certainty_context(_field(figure, "certainty")),
    }


@register.inclusion_tag("spbe/_partials/kind.html")
def figure_kind(figure):
    """Official result or (verified) self-assessment, and the synthetic label where it applies."""
    source = _field(figure, "source")
    return {
        "source": source,
        "label": Evaluation.kind_label_of(source, _field(figure, "status", Evaluation.Status.VERIFIED)),
        "synthetic": _field(figure, "synthetic", False),
    }
