from django import template

from ..visits import selectors

register = template.Library()

REGENCY_PAGE_LIMIT = 10


@register.inclusion_tag("knowledge/visits/_regency_visits.html")
def regency_visits(regency):
    """The study visits section of a regency's page: visits it made and received, newest first."""
    visits = list(selectors.visit_list(regency.pk)[: REGENCY_PAGE_LIMIT + 1])
    return {
        "regency": regency,
        "visits": visits[:REGENCY_PAGE_LIMIT],
        "more": len(visits) > REGENCY_PAGE_LIMIT,
    }
