"""The measured impact of a replication and of a practice (knowledge/impact), on their pages."""

from django import template
from django.utils import formats

from ..impact import selectors

register = template.Library()


@register.inclusion_tag("knowledge/impact/_replication.html")
def replication_impact(replication):
    return {"replication": replication, "impact": selectors.replication_impact(replication)}


@register.inclusion_tag("knowledge/impact/_practice.html")
def practice_impact(practice):
    return {"practice": practice, "impact": selectors.practice_impact(practice)}


@register.filter
def signed(value, decimals=2):
    """A change with its sign, localized: +0,90 / −0,15 / 0,00."""
    if value is None:
        return ""
    text = formats.number_format(abs(value), decimal_pos=int(decimals))
    if value > 0:
        return f"+{text}"
    return f"−{text}" if value < 0 else text
