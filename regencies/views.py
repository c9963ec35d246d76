from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors
from .filters import RegencyFilter
from .forms import ConfirmForm, MembershipRoleForm, RegencyProfileForm
from .models import Membership, Regency
from .permissions import can_edit_regency, can_manage_staff
from .services import StaffError, membership_change_role, membership_remove

PAGE_SIZE = 50


def get_regency_for_user(user, code, *, manage_staff=False):
    """Fetch a regency and check the user may edit it (or manage its staff)."""
    regency = get_object_or_404(Regency.objects.select_related("province"), code=code)
    allowed = can_manage_staff(user, regency) if manage_staff else can_edit_regency(user, regency)
    if not allowed:
        raise PermissionDenied(_("You do not have access to this regency/city."))
    return regency


@require_safe
def regency_list(request):
    filterset = RegencyFilter(request.GET, queryset=selectors.regency_list())
    # An invalid facet shows its error next to the field and an empty list, never a 500.
    queryset = filterset.qs if filterset.is_valid() else Regency.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regencies/list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_safe
def regency_detail(request, code):
    try:
        regency = selectors.regency_detail(code)
    except Regency.DoesNotExist:
        raise Http404(_("No regency/city has the code %(code)s.") % {"code": code}) from None
    can_edit = can_edit_regency(request.user, regency)
    return render(
        request,
        "regencies/detail.html",
        {
            "regency": regency,
            # How many staff accounts a pemda has is for its own staff and the ministry, not the public.
            "staff_count": selectors.staff_count(regency) if can_edit else None,
            "can_edit": can_edit,
            "can_manage": can_manage_staff(request.user, regency),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def regency_edit(request, code):
    regency = get_regency_for_user(request.user, code)
    form = RegencyProfileForm(request.POST or None, instance=regency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The profile of %(name)s was saved.") % {"name": regency.name})
        return redirect(regency)
    return render(request, "regencies/edit.html", {"regency": regency, "form": form})


@require_safe
@login_required
def staff_list(request, code):
    regency = get_regency_for_user(request.user, code, manage_staff=True)
    memberships = selectors.regency_staff(regency)
    return render(
        request,
        "regencies/staff.html",
        {
            "regency": regency,
            "rows": [(m, MembershipRoleForm(instance=m, prefix=str(m.pk))) for m in memberships],
        },
    )


def _membership_for_manager(request, code, pk):
    regency = get_regency_for_user(request.user, code, manage_staff=True)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, regency=regency)
    return regency, membership


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def staff_role(request, code, pk):
    regency, membership = _membership_for_manager(request, code, pk)
    if request.method != "POST":
        return redirect("regencies:staff", code=regency.code)
    form = MembershipRoleForm(request.POST, instance=membership, prefix=str(membership.pk))
    if form.is_valid():
        try:
            membership_change_role(
                membership=membership, role=form.cleaned_data["role"], by_user=request.user
            )
        except StaffError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The role was changed."))
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("regencies:staff", code=regency.code)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def staff_remove(request, code, pk):
    regency, membership = _membership_for_manager(request, code, pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_remove(membership=membership, by_user=request.user)
        except StaffError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(user)s no longer works for %(regency)s.")
                % {
                    "user": membership.user.get_full_name() or membership.user.username,
                    "regency": regency.name,
                },
            )
        return redirect("regencies:staff", code=regency.code)
    return render(
        request,
        "regencies/staff_remove.html",
        {"regency": regency, "membership": membership, "form": form},
    )
