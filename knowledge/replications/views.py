"""Replication pages: a pemda's list (incoming and outgoing), one replication with its timeline and
the forms of the steps the reader's side may take, and the request form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regencies.permissions import (
    can_request_replication,
    can_see_practice,
    can_see_replication_details,
    can_see_step_documents,
    is_national_admin,
    membership_of,
    replication_side,
)

from ..practices import documents
from ..practices.forms import DocumentForm
from ..practices.models import Practice
from . import selectors, services, stages
from .filters import ReplicationFilter
from .forms import RequestForm, StepForm, VersionForm
from .models import Replication, ReplicationDocument, ReplicationStep

PAGE_SIZE = 20
DIRECTIONS = ("incoming", "outgoing")


@require_safe
@login_required
def replication_list(request):
    """Staff see their pemda's replications (`direction` incoming or outgoing), national admins all."""
    membership = membership_of(request.user)
    direction = request.GET.get("direction") if request.GET.get("direction") in DIRECTIONS else ""
    if membership is not None:
        queryset = selectors.my_replications(membership.regency_id, direction)
    elif is_national_admin(request.user):
        queryset = selectors.replication_list(request.user)
    else:
        queryset = Replication.objects.none()
    # The API's filters; the page shows the stage (the pemda's own list needs no owner or adopter).
    filterset = ReplicationFilter(request.GET, queryset=queryset)
    queryset = filterset.qs if filterset.is_valid() else Replication.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/replications/list.html",
        {
            "page": page,
            "regency": membership.regency if membership else None,
            "direction": direction,
            "stage_field": filterset.form["stage"],
            "stalled_field": filterset.form["stalled"],
            "query": query.urlencode(),
            "national_admin": is_national_admin(request.user),
        },
    )


def _detail(request, replication, *, failed_form=None, refusal="", status=200):
    side = replication_side(request.user, replication)
    version = replication.derived_practice
    forms = []
    if side is not None:
        for to in stages.next_stages(replication.stage, side):
            if failed_form is not None and failed_form.initial.get("to") == to:
                forms.append(failed_form)
            else:
                forms.append(StepForm(replication=replication, to=to))
    steps = replication.steps.all()
    show_documents = can_see_step_documents(request.user, replication)
    if show_documents:
        prefetch_related_objects(steps, "documents")
    context = {
        "replication": replication,
        "steps": steps,
        "show_documents": show_documents,
        "document_form": DocumentForm() if side is not None else None,
        "side": side,
        "details": can_see_replication_details(request.user, replication),
        "step_forms": [(form, stages.Stage(form.initial["to"])) for form in forms],
        "refusal": refusal,
        "path": stages.PATH,
        "closed": replication.stage in stages.CLOSED,
        "version": version if version and can_see_practice(request.user, version) else None,
        "version_form": VersionForm()
        if side == stages.Side.ADOPTER and version is None and replication.stage in stages.PUBLISHES_VERSION
        else None,
    }
    return render(request, "knowledge/replications/detail.html", context, status=status)


@require_safe
def replication_detail(request, pk):
    return _detail(request, selectors.replication_for_user(request.user, pk))


@require_POST
@login_required
def replication_step(request, pk):
    replication = selectors.replication_for_user(request.user, pk)
    side = replication_side(request.user, replication)
    if side is None:
        raise PermissionDenied(_("Only staff of the two pemda take steps of a replication."))
    to = request.POST.get("to", "")
    try:
        services.check_step(replication, to, side, request.POST.get("expected_stage"))
    except services.StepRefused as refused:
        return _detail(request, replication, refusal=str(refused), status=409)
    except services.ReplicationError as error:
        return _detail(request, replication, refusal=str(error), status=400)
    form = StepForm(request.POST, replication=replication, to=to)
    if form.is_valid():
        try:
            services.replication_advance(
                replication=replication,
                to=to,
                by_user=request.user,
                note=form.cleaned_data["note"],
                expected_stage=form.cleaned_data["expected_stage"],
                **form.details(),
            )
        except services.StepRefused as refused:
            replication = selectors.replication_for_user(request.user, pk)
            return _detail(request, replication, refusal=str(refused), status=409)
        except services.ReplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The step is recorded; the other pemda is notified."))
            return redirect(replication.get_absolute_url())
    return _detail(request, replication, failed_form=form, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def replication_request(request, slug):
    practice = Practice.objects.published().select_related("regency").filter(slug=slug).first()
    if practice is None:
        raise Http404(_("No such practice."))
    if not can_request_replication(request.user, practice):
        membership = membership_of(request.user)
        if membership is not None and membership.regency_id == practice.regency_id:
            raise PermissionDenied(_("A pemda cannot replicate its own practice."))
        raise PermissionDenied(_("Only staff of a pemda request a replication."))
    existing = selectors.active_replication(practice, membership_of(request.user).regency_id)
    if existing is not None:
        messages.info(request, _("Your pemda already has an active replication of this practice."))
        return redirect(existing.get_absolute_url())
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replication = services.replication_request(
                practice=practice, by_user=request.user, message=form.cleaned_data["message"]
            )
        except services.ReplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, _("Your request is sent to %(owner)s.") % {"owner": practice.regency.name}
            )
            return redirect(replication.get_absolute_url())
    return render(request, "knowledge/replications/request.html", {"practice": practice, "form": form})


@require_POST
@login_required
def replication_version(request, pk):
    """The adopter's staff start their version of the practice (a draft) and go on to edit it."""
    replication = selectors.replication_for_user(request.user, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():  # pragma: no cover (a form without fields is always valid)
        return _detail(request, replication, status=400)
    try:
        version = services.replication_publish_version(replication=replication, by_user=request.user)
    except services.NotYourReplication as error:
        raise PermissionDenied(str(error)) from None
    except services.ReplicationError as error:
        return _detail(request, replication, refusal=str(error), status=400)
    messages.success(
        request,
        _("Your version is a draft of your pemda, based on this practice: adapt it, then publish it."),
    )
    return redirect("practices:edit", slug=version.slug)


@require_POST
@login_required
def step_document_new(request, pk, step_pk):
    """Staff of either pemda add a document to a step of their side (or to the latest step)."""
    replication = selectors.replication_for_user(request.user, pk)
    if not can_see_step_documents(request.user, replication):
        raise Http404(_("No such replication."))
    step = get_object_or_404(ReplicationStep, pk=step_pk, replication=replication)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.step_document_add(
                step=step,
                by_user=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except services.NotYourReplication as error:
            raise PermissionDenied(str(error)) from None
        except services.ReplicationError as error:
            return _detail(request, replication, refusal=str(error), status=400)
        messages.success(request, _("Document added."))
        return redirect(replication.get_absolute_url())
    errors = "; ".join(f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items())
    return _detail(request, replication, refusal=errors, status=400)


@require_safe
@login_required
def step_document_download(request, pk, step_pk, document_pk):
    """Only the two pemda's staff and national admins, even when the replication is public: a 404 for
    everyone else."""
    replication = selectors.replication_for_user(request.user, pk)
    if not can_see_step_documents(request.user, replication):
        raise Http404(_("No such document."))
    document = get_object_or_404(
        ReplicationDocument, pk=document_pk, step_id=step_pk, step__replication=replication
    )
    response = documents.download_response(document)
    response["Cache-Control"] = "private, no-store"
    return response
