from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regencies.forms import ConfirmForm
from regencies.permissions import (
    can_create_practice,
    can_edit_practice,
    can_request_replication,
    can_see_practice,
    is_national_admin,
    membership_of,
)

from .. import markdown
from ..replications.selectors import verified_adopters
from . import documents, lineage, selectors, services
from .filters import PracticeFilter
from .forms import DocumentForm, IndicatorLinkFormSet, PracticeForm, indicator_initial
from .models import Practice, PracticeDocument

PAGE_SIZE = 20
# The list page shows these filters; the others (owner pemda, tag...) arrive from links and stay hidden.
PAGE_FILTERS = ["search", "sort", "kind", "province", "status"]
HISTORY_PAGE_SIZE = 50
FACET_OPEN_UP_TO = 5


def get_practice_for_user(user, slug, *, write=False):
    """The practice if `user` may see it (404 otherwise, so a draft's existence is not revealed) and,
    with `write`, may change it (403)."""
    practice = (
        selectors.practices_visible_to(user).select_related("regency__province").filter(slug=slug).first()
    )
    if practice is None:
        raise Http404(_("No such practice."))
    if write and not can_edit_practice(user, practice):
        raise PermissionDenied(
            _("Only staff of %(regency)s change this practice.") % {"regency": practice.regency}
        )
    return practice


@require_safe
def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=selectors.practice_list(user=request.user))
    # An invalid filter shows its error next to the field and an empty list, never a 500.
    valid = filterset.is_valid()
    queryset = filterset.qs if valid else Practice.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_snippets(page.object_list, filterset.groups)
    query = request.GET.copy()
    query.pop("page", None)
    search_text = filterset.form.cleaned_data.get("search", "") if valid else ""
    membership = membership_of(request.user)
    return render(
        request,
        "knowledge/practices/list.html",
        {
            "filter": filterset,
            "shown_filters": [filterset.form[name] for name in PAGE_FILTERS],
            "hidden_filters": [field for field in filterset.form if field.name not in PAGE_FILTERS],
            "page": page,
            "query": query.urlencode(),
            "facets": facet_links(filterset, query) if valid else [],
            "suggestion": (
                selectors.did_you_mean(selectors.practice_list(user=request.user), search_text)
                if search_text and not page.paginator.count
                else None
            ),
            "may_create": membership is not None or is_national_admin(request.user),
        },
    )


def facet_links(filterset, query):
    """[(label, [(value label, count, link, chosen)], open)] for the facets beside the list: each link keeps
    the whole state of the URL and sets (or, when chosen, removes) one filter."""
    facets = []
    for name, values in selectors.facet_counts(filterset).items():
        chosen = query.get(name, "")
        links = []
        for value in values:
            state = query.copy()
            if value.value == chosen:
                state.pop(name, None)
            else:
                state[name] = value.value
            links.append((value.label, value.count, state.urlencode(), value.value == chosen))
        if links:
            # Short facets and those in use open; the long ones (provinces, indicators) fold away.
            opened = len(links) <= FACET_OPEN_UP_TO or bool(chosen)
            facets.append((selectors.FACET_LABELS[name], links, opened))
    return facets


@require_safe
def practice_detail(request, slug):
    user = request.user
    practice = selectors.practice_detail(user=user, slug=slug)
    if practice is None:
        raise Http404(_("No such practice."))
    links = list(practice.indicator_links.all())
    levels = selectors.owner_levels(practice, [link.indicator_id for link in links])
    may_edit = can_edit_practice(user, practice)
    return render(
        request,
        "knowledge/practices/detail.html",
        {
            "practice": practice,
            "body": markdown.render(practice.body),
            "indicator_rows": [(link, levels.get(link.indicator_id)) for link in links],
            "revisions": selectors.latest_revisions(practice),
            "may_edit": may_edit,
            "may_replicate": can_request_replication(user, practice),
            "adopters": verified_adopters(practice),
            "based_on": practice.based_on
            if practice.based_on_id and can_see_practice(user, practice.based_on)
            else None,
            # Staff names are for those who work on the practice; others see role and pemda.
            "show_names": may_edit,
        },
    )


@require_safe
def practice_history(request, slug):
    practice = get_practice_for_user(request.user, slug)
    page = Paginator(selectors.practice_revisions(practice), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "knowledge/practices/history.html",
        {"practice": practice, "page": page, "show_names": can_edit_practice(request.user, practice)},
    )


@require_safe
def practice_lineage(request, slug):
    """The tree of versions: what the practice is based on, up to the root, and every version of it."""
    practice = get_practice_for_user(request.user, slug)
    root = lineage.practice_lineage(user=request.user, practice=practice)
    return render(request, "knowledge/practices/lineage.html", {"practice": practice, "root": root})


def _save(request, form, formset, practice):
    return services.practice_save(
        practice=practice, by_user=request.user, indicators=formset.links(), **form.relations()
    )


def _edit_page(request, form, formset, practice=None):
    return render(
        request, "knowledge/practices/edit.html", {"form": form, "formset": formset, "practice": practice}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def practice_new(request):
    membership = membership_of(request.user)
    admin = is_national_admin(request.user)
    if membership is None and not admin:
        raise PermissionDenied(_("Only staff of a pemda publish practices."))
    # National admins choose the owner; staff publish for their own pemda.
    regency = None if admin else membership.regency
    posted = request.method == "POST"
    form = PracticeForm(request.POST if posted else None, regency=regency)
    formset = IndicatorLinkFormSet(request.POST if posted else None, prefix="indicators")
    if posted and form.is_valid() and formset.is_valid():
        practice = form.save(commit=False)
        if regency is None:
            practice.regency = form.cleaned_data["regency"]
        if not can_create_practice(request.user, practice.regency):
            raise PermissionDenied(_("You may not publish practices for that pemda."))
        try:
            practice = _save(request, form, formset, practice)
        except services.PracticeError as error:
            _add_error(form, formset, error)
        else:
            messages.success(request, _("Draft saved. Only your pemda sees it until it is published."))
            return redirect(practice)
    return _edit_page(request, form, formset)


def _add_error(form, formset, error):
    if error.field == "indicators":
        formset._non_form_errors = formset.error_class([str(error)])
    else:
        form.add_error(error.field if error.field in form.fields else None, str(error))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def practice_edit(request, slug):
    practice = get_practice_for_user(request.user, slug, write=True)
    posted = request.method == "POST"
    form = PracticeForm(request.POST if posted else None, instance=practice)
    formset = IndicatorLinkFormSet(
        request.POST if posted else None,
        prefix="indicators",
        initial=None if posted else indicator_initial(practice),
    )
    if posted and form.is_valid() and formset.is_valid():
        try:
            _save(request, form, formset, form.save(commit=False))
        except services.PracticeError as error:
            _add_error(form, formset, error)
        else:
            messages.success(request, _("The practice was saved."))
            return redirect(practice)
    return _edit_page(request, form, formset, practice)


def _confirm(request, slug, *, change, template, done):
    practice = get_practice_for_user(request.user, slug, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change(practice=practice, by_user=request.user)
        except services.PracticeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(practice)
    return render(request, template, {"practice": practice, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def practice_publish(request, slug):
    return _confirm(
        request,
        slug,
        change=services.practice_publish,
        template="knowledge/practices/publish.html",
        done=_("The practice is published: everyone can see it now."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def practice_archive(request, slug):
    return _confirm(
        request,
        slug,
        change=services.practice_archive,
        template="knowledge/practices/archive.html",
        done=_("The practice is archived."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_new(request, slug):
    practice = get_practice_for_user(request.user, slug, write=True)
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.document_add(
                practice=practice,
                by_user=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except services.PracticeError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Document added."))
            return redirect(practice)
    return render(request, "knowledge/practices/document_new.html", {"practice": practice, "form": form})


def _document(request, slug, pk, *, write=False):
    practice = get_practice_for_user(request.user, slug, write=write)
    return practice, get_object_or_404(PracticeDocument, pk=pk, practice=practice)


@require_safe
def document_download(request, slug, pk):
    """Served only to those who may see the practice (a draft's documents are a 404 for others)."""
    _practice, document = _document(request, slug, pk)
    return documents.download_response(document)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_delete(request, slug, pk):
    practice, document = _document(request, slug, pk, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.document_remove(document=document, by_user=request.user)
        messages.success(request, _("Document removed."))
        return redirect(practice)
    return render(
        request,
        "knowledge/practices/document_delete.html",
        {"practice": practice, "document": document, "form": form},
    )
