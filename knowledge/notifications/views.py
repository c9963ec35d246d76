"""The notifications page (mark read, preferences) and following practices and pemda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regencies.models import Regency

from ..practices.models import Practice
from . import selectors, services
from .forms import FollowForm, MarkReadForm, PreferenceForm
from .models import NotificationPreference

PAGE_SIZE = 30


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def notification_list(request):
    preference = NotificationPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(
        request.POST or None, instance=preference or NotificationPreference(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:list")
    page = Paginator(selectors.notification_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/notifications/list.html",
        {
            "page": page,
            "form": form,
            "follows": list(selectors.follows_of(request.user)),
        },
    )


@require_POST
@login_required
def mark_read(request, pk):
    if not selectors.notification_list(request.user).filter(pk=pk).exists():
        raise Http404(_("No such notification."))  # someone else's or unknown: the same answer
    if MarkReadForm(request.POST).is_valid():
        services.mark_read(user=request.user, notification_ids=[pk])
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    if MarkReadForm(request.POST).is_valid():
        changed = services.mark_read(user=request.user)
        messages.success(request, _("Notifications marked read: %(count)s.") % {"count": changed})
    return redirect("notifications:list")


def _follow(request, target):
    form = FollowForm(request.POST)
    if not form.is_valid():  # only hidden fields: nothing a person could correct
        return redirect(target.get_absolute_url())
    if form.cleaned_data["follow"]:
        try:
            services.follow(user=request.user, target=target)
        except services.NotificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You follow %(target)s now.") % {"target": target})
    else:
        services.unfollow(user=request.user, target=target)
        messages.success(request, _("You no longer follow %(target)s.") % {"target": target})
    next_url = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = target.get_absolute_url()
    return redirect(next_url)


@require_POST
@login_required
def follow_practice(request, slug):
    return _follow(request, get_object_or_404(Practice.objects.public(), slug=slug))


@require_POST
@login_required
def follow_regency(request, code):
    return _follow(request, get_object_or_404(Regency, code=code))
