from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from regencies.permissions import is_national_admin, membership_of

from .selectors import pemda_dashboard


@require_safe
@login_required
def dashboard(request):
    """ "Pemda saya": what a pemda's staff follow; others get a note of where to look instead."""
    membership = membership_of(request.user)
    context = {"national_admin": is_national_admin(request.user), "regency": None}
    if membership is not None:
        regency = membership.regency
        context.update(regency=regency, dashboard=pemda_dashboard(user=request.user, regency=regency))
    return render(request, "knowledge/dashboard/dashboard.html", context)
