"""Study visit pages: the list (anyone), one visit with its commitments, recording a visit, and the
one click that turns a commitment into a replication request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regencies.permissions import can_follow_up_visit, is_national_admin, membership_of

from . import selectors, services
from .forms import VisitForm
from .models import VisitCommitment

PAGE_SIZE = 20


@require_safe
def visit_list(request):
    page = Paginator(selectors.visit_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    may_record = membership_of(user) is not None or is_national_admin(user)
    return render(request, "knowledge/visits/list.html", {"page": page, "may_record": may_record})


@require_safe
def visit_detail(request, pk):
    visit = selectors.visit_detail(pk)
    context = {"visit": visit, "may_follow_up": can_follow_up_visit(request.user, visit)}
    return render(request, "knowledge/visits/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def visit_new(request):
    membership = membership_of(request.user)
    if membership is None and not is_national_admin(request.user):
        raise PermissionDenied(_("Only staff of a pemda and national admins record study visits."))
    initial = {"visitor": membership.regency_id} if membership else {}
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_record(by_user=request.user, **data)
        except services.VisitError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The study visit is recorded."))
            return redirect(visit.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "knowledge/visits/new.html", {"form": form}, status=status)


@require_POST
@login_required
def commitment_request(request, pk):
    commitment = get_object_or_404(VisitCommitment.objects.select_related("visit"), pk=pk)
    try:
        replication = services.commitment_request(commitment=commitment, by_user=request.user)
    except services.NotYourVisit as error:
        raise PermissionDenied(str(error)) from None
    except services.VisitError as error:
        messages.error(request, str(error))
        return redirect(commitment.visit.get_absolute_url())
    messages.success(request, _("Your request is sent to %(owner)s.") % {"owner": replication.owner.name})
    return redirect(replication.get_absolute_url())
