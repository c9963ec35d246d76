from django import template

from regencies.permissions import can_create_practice

from ..practices import selectors

register = template.Library()

REGENCY_PAGE_LIMIT = 20


@register.inclusion_tag("knowledge/_partials/regency_practices.html", takes_context=True)
def regency_practices(context, regency):
    """The practices section of a regency's page: its public practices, and its drafts for its staff."""
    user = context["request"].user
    practices = list(selectors.regency_practices(regency=regency, user=user)[: REGENCY_PAGE_LIMIT + 1])
    return {
        "regency": regency,
        "practices": practices[:REGENCY_PAGE_LIMIT],
        "more": len(practices) > REGENCY_PAGE_LIMIT,
        "may_create": can_create_practice(user, regency),
    }
