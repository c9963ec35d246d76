from django import template
from django.utils.translation import gettext as _

from .. import charts, selectors

register = template.Library()


@register.inclusion_tag("spbe/_partials/regency_spbe.html")
def regency_spbe(regency):
    """The SPBE section of a regency's page: history beside the nation and the cohort, latest result."""
    trend = selectors.regency_trend(regency)
    series = [(_("National index"), "national", trend.national)]
    if trend.cohort:
        series.append((_("Average of %(cohort)s") % {"cohort": trend.cohort_name}, "cohort", trend.cohort))
    # The pemda's own line last, so it is drawn on top.
    series.append((regency.name, "regency", [(year, index) for year, index, _synthetic in trend.regency]))
    latest = selectors.latest_public_evaluation(regency)
    gaps = selectors.evaluation_gaps(selectors.evaluation_detail(latest.pk)) if latest else None
    return {
        "regency": regency,
        "chart": charts.line_chart(series),
        "has_history": bool(trend.regency),
        "latest": latest,
        "domain_chart": charts.bar_chart([(f"{d.number}. {d.name}", d.index, "") for d in gaps.domains])
        if gaps
        else None,
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
