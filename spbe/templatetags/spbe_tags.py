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


def _latest_detailed_pk(regency):
    """The newest public evaluation of the pemda with indicator detail (levels for every indicator)."""
    return (
        Evaluation.objects.public()
        .filter(regency=regency, computed_index__isnull=False)
        .order_by("-year")
        .values_list("pk", flat=True)
        .first()
    )


@register.inclusion_tag("spbe/_partials/regency_spbe.html")
def regency_spbe(regency):
    """The SPBE section of a regency's page: history beside the nation and the cohort, the latest
    result, and the domain bars and biggest gains of the latest result with indicator detail."""
    trend = selectors.regency_trend(regency)
    series = [(_("National index"), "national", trend.national)]
    if trend.cohort:
        series.append((_("Average of %(cohort)s") % {"cohort": trend.cohort_name}, "cohort", trend.cohort))
    # The pemda's own line last, so it is drawn on top.
    series.append((regency.name, "regency", [(year, index) for year, index, _synthetic in trend.regency]))
    latest = selectors.latest_public_evaluation(regency)
    if latest is None or latest.computed_index is not None:
        detail_pk = latest.pk if latest else None
    else:
        # An older result with indicator detail, else the latest for the domain indices it was published with.
        detail_pk = _latest_detailed_pk(regency) or latest.pk
    detailed = selectors.evaluation_detail(detail_pk) if detail_pk else None
    gaps = selectors.evaluation_gaps(detailed) if detailed else None
    return {
        "regency": regency,
        "chart": charts.line_chart(series),
        "has_history": bool(trend.regency),
        "latest": latest,
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
