"""publiccode.yml pages: download a practice as one, and create or update a practice from one.

An import is two steps: the file is checked and the page lists what it would change (with the
warnings); only "Save" on that preview writes, and only the exact text that was previewed, onto the
practice as it was when previewed (otherwise the page shows the new preview instead)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regencies.permissions import is_national_admin, membership_of

from . import publiccode_sync, services
from .forms import PubliccodeForm
from .views import get_practice_for_user


@require_safe
def publiccode_download(request, slug):
    """The practice as publiccode.yml, to whoever may see the practice (a draft is a 404 for others)."""
    practice = get_practice_for_user(request.user, slug)
    if not practice.has_software_description:
        raise Http404(_("This practice has no software description to export as publiccode.yml."))
    return publiccode_sync.download_response(
        practice, practice_url=request.build_absolute_uri(practice.get_absolute_url())
    )


def _based_on(practice):
    return practice.updated_at.isoformat() if practice else ""


def _import_page(request, practice):
    posted = request.method == "POST"
    form = PubliccodeForm(request.POST if posted else None, request.FILES if posted else None)
    preview = None
    if posted and form.is_valid():
        practice_url = request.build_absolute_uri(practice.get_absolute_url()) if practice else ""
        checked = publiccode_sync.check(
            form.source, user=request.user, practice=practice, practice_url=practice_url
        )
        if not checked.ok:
            form.add_problems(checked.errors)
        else:
            confirmed = (
                request.POST.get("action") == "save"
                and form.cleaned_data["checked"] == checked.digest
                and form.cleaned_data["based_on"] == _based_on(practice)
            )
            if confirmed:
                try:
                    saved = publiccode_sync.practice_import(
                        checked=checked, by_user=request.user, practice=practice
                    )
                except services.PracticeError as error:
                    form.add_error(form.source_field, str(error))
                else:
                    messages.success(request, _("The practice was saved from the publiccode.yml."))
                    return redirect(saved)
            else:
                if request.POST.get("action") == "save":
                    messages.warning(
                        request,
                        _("The file or the practice changed since the check: look at the changes again."),
                    )
                preview = {
                    "changes": publiccode_sync.changes(practice, checked),
                    "warnings": checked.warnings,
                    "regency": checked.regency,
                }
                initial = {"text": form.source, "checked": checked.digest, "based_on": _based_on(practice)}
                form = PubliccodeForm(initial=initial)
    return render(
        request,
        "knowledge/practices/publiccode_import.html",
        {"form": form, "practice": practice, "preview": preview},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def publiccode_import_new(request):
    """A new draft application from a publiccode.yml, for the user's pemda (national admins: the pemda
    its organisation.uri names)."""
    if membership_of(request.user) is None and not is_national_admin(request.user):
        raise PermissionDenied(_("Only staff of a pemda publish practices."))
    return _import_page(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def publiccode_import(request, slug):
    """Update a practice from a publiccode.yml: staff of the owner pemda and national admins."""
    return _import_page(request, get_practice_for_user(request.user, slug, write=True))
