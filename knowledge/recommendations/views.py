from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from regencies.models import Regency

from . import selectors


@require_safe
def regency_recommendations(request, code):
    regency = get_object_or_404(Regency, code=code)
    recommendations = selectors.regency_recommendations(regency)
    return render(
        request,
        "knowledge/recommendations/regency.html",
        {"regency": regency, "evaluation": recommendations.evaluation, "items": recommendations.items},
    )
