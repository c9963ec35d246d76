"""The self-assessment workflow: pemda editors fill, the manager submits, an assessor verifies or returns."""

import os
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, When, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regencies.permissions import (
    can_fill_self_assessment,
    can_review_self_assessment,
    can_see_internal_records,
    can_submit_self_assessment,
    is_assessor,
    is_national_admin,
    membership_of,
)

from .. import selectors, services
from ..forms import (
    EvidenceForm,
    EvidenceVisibilityForm,
    LevelsForm,
    ReviewForm,
    SelfAssessmentStartForm,
    SubmitForm,
)
from ..models import Evaluation, Evidence, Indicator, IndicatorScore, SelfAssessmentEvent

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 100

# Everything the form and review pages show, in a fixed number of queries whatever the number of
# indicators, evidence and changes: scores with their indicator and evidence; the history of each
# indicator; the framework's indicators with their aspect, domain, scale, the scale's levels and
# the indicator's criteria of each level.
HISTORY_ROWS = SelfAssessmentEvent.objects.select_related("by_user", "by_regency")
REVIEW_PREFETCH = [
    Prefetch(
        "scores", queryset=IndicatorScore.objects.select_related("indicator").prefetch_related("evidence")
    ),
    Prefetch(
        "framework__indicators",
        queryset=Indicator.objects.select_related("aspect__domain", "scale").prefetch_related(
            "scale__levels", "criteria"
        ),
    ),
]
FORM_PREFETCH = [
    *REVIEW_PREFETCH,
    Prefetch("events", queryset=HISTORY_ROWS.filter(indicator__isnull=False), to_attr="indicator_events"),
]


def allowed(user, evaluation, action):
    """May the user do `action` (view, fill, submit, review) on a self-assessment they can see?

    The status is checked first: it costs no query.
    """
    if action == "view":
        return True
    if action == "fill":
        return evaluation.status in services.EDITABLE and can_fill_self_assessment(user, evaluation.regency)
    if action == "submit":
        return evaluation.status in services.EDITABLE and can_submit_self_assessment(user, evaluation.regency)
    if action == "review":
        return evaluation.status == Evaluation.Status.SUBMITTED and can_review_self_assessment(
            user, evaluation
        )
    raise ValueError(action)


def get_self_assessment_for_user(user, pk, action="view"):
    """A self-assessment the user may see, checked for `action`: 404 if unseen, 403 if not allowed.

    Seeing follows selectors.evaluations_visible_to, the rule the evaluation page and the API use:
    the pemda's editors and managers see their own at every stage, assessors and national admins
    see those submitted (and reviewed since), everyone sees verified ones.
    """
    evaluation = (
        selectors.evaluations_visible_to(user)
        .filter(pk=pk, source=Evaluation.Source.SELF_ASSESSMENT)
        .select_related("regency__province", "framework", "submitted_by", "reviewed_by")
        .first()
    )
    if evaluation is None:
        raise Http404(_("No such self-assessment."))
    if not allowed(user, evaluation, action):
        raise PermissionDenied(_("You may not do this with this self-assessment now."))
    return evaluation


def login_if_hidden(view):
    """Anyone may open a verified self-assessment; an anonymous visitor is asked to log in for the rest."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return wrapped


@require_safe
@login_required
def self_assessment_list(request):
    """A pemda's staff see their own pemda's self-assessments; assessors and national admins every
    one past the draft: submitted (their queue, first), returned and verified."""
    user = request.user
    membership = membership_of(user)
    shown = Q(pk__in=[])
    if membership is not None:
        shown |= Q(regency_id=membership.regency_id)
    if is_assessor(user) or is_national_admin(user):
        shown |= ~Q(status=Evaluation.Status.DRAFT)
    queryset = (
        Evaluation.objects.filter(shown, source=Evaluation.Source.SELF_ASSESSMENT)
        .for_list()
        .annotate(waiting=Case(When(status=Evaluation.Status.SUBMITTED, then=0), default=1))
        .order_by("waiting", "-year", "regency__name")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "spbe/self_assessment/list.html", {"page": page, "membership": membership})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def self_assessment_new(request):
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied(_("Only staff of a pemda start a self-assessment."))
    form = SelfAssessmentStartForm(
        request.POST if request.method == "POST" else None, current_framework=services.current_framework()
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.self_assessment_create(
                regency=membership.regency,
                year=form.cleaned_data["year"],
                framework=form.cleaned_data["framework"],
                by_user=request.user,
            )
        except services.SpbeError as error:
            form.add_error("year", str(error))
        else:
            messages.success(request, _("Self-assessment started: choose a level for every indicator."))
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/new.html", {"form": form, "regency": membership.regency})


@require_http_methods(["GET", "HEAD", "POST"])
@login_if_hidden
def self_assessment_detail(request, pk):
    """The form: every indicator with its level, explanation, evidence and history; saving keeps a draft."""
    user = request.user
    posted = request.method == "POST"
    evaluation = get_self_assessment_for_user(user, pk, "fill" if posted else "view")
    prefetch_related_objects([evaluation], *FORM_PREFETCH)
    form = LevelsForm(request.POST if posted else None, evaluation=evaluation)
    if posted and form.is_valid():
        try:
            changed = _levels_save(form, evaluation, user)
        except services.SpbeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Draft saved: %(count)s indicator(s) changed.") % {"count": changed})
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    may_fill = allowed(user, evaluation, "fill")
    return render(
        request,
        "spbe/self_assessment/detail.html",
        {
            "evaluation": evaluation,
            "form": form,
            "levels_set": len(form.scores),
            "may_fill": may_fill,
            "may_submit": allowed(user, evaluation, "submit"),
            "may_review": allowed(user, evaluation, "review"),
            "evidence_form": EvidenceForm(evaluation=evaluation) if may_fill else None,
            "internal": can_see_internal_records(user, evaluation.regency),
        },
    )


def _levels_save(form, evaluation, user):
    """Every change of the form or none. Returns how many indicators changed."""
    changes = list(form.changes())
    services.scores_set(evaluation=evaluation, levels=changes, by_user=user)
    return len(changes)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def evidence_add(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk, "fill")
    prefetch_related_objects([evaluation], *REVIEW_PREFETCH)
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        evaluation=evaluation,
        initial={"indicator": request.GET.get("indicator")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(evidence=form.save(commit=False), by_user=request.user)
        except services.SpbeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Evidence added."))
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/evidence.html", {"evaluation": evaluation, "form": form})


def get_evidence_for_user(user, pk):
    """Evidence of a self-assessment the user may see, itself visible to them: marked public, or the
    user is the pemda's staff, an assessor or a national admin. Else 404, so nothing leaks."""
    evidence = Evidence.objects.select_related("score__evaluation__regency").filter(pk=pk).first()
    if evidence is None:
        raise Http404(_("No such document."))
    evaluation = get_self_assessment_for_user(user, evidence.score.evaluation_id)
    if not (evidence.public or can_see_internal_records(user, evaluation.regency)):
        raise Http404(_("No such document."))
    return evidence, evaluation


@require_safe
@login_if_hidden
def evidence_download(request, pk):
    """Documents are served only to those who may see them, never from MEDIA_URL, and never kept in a
    shared cache: who may see one can change (a document made private again)."""
    evidence, _evaluation = get_evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404(_("No such document."))
    try:
        document = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such document.")) from None
    response = FileResponse(document, as_attachment=True, filename=os.path.basename(evidence.file.name))
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["POST"])
@login_required
def evidence_visibility(request, pk):
    """The pemda's staff open a piece of evidence to the public (once verified) or keep it internal."""
    evidence, evaluation = get_evidence_for_user(request.user, pk)
    if not can_fill_self_assessment(request.user, evaluation.regency):
        raise PermissionDenied(_("Only the pemda's staff decide what of its evidence is public."))
    form = EvidenceVisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the evidence is public."))
    else:
        services.evidence_set_public(
            evidence=evidence, public=form.cleaned_data["public"], by_user=request.user
        )
        if evidence.public:
            messages.success(request, _("“%(title)s” is public once verified.") % {"title": evidence.title})
        else:
            messages.success(
                request, _("“%(title)s” is for assessors and your staff only.") % {"title": evidence.title}
            )
    url = reverse("spbe:self-assessment", kwargs={"pk": evaluation.pk})
    return redirect(f"{url}#indicator-{evidence.score.indicator.number}")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def self_assessment_submit(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk, "submit")
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_submit(evaluation=evaluation, by_user=request.user)
        except services.SpbeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Submitted for verification."))
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/submit.html", {"evaluation": evaluation, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def self_assessment_review(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk, "review")
    prefetch_related_objects([evaluation], *REVIEW_PREFETCH)
    form = ReviewForm(request.POST if request.method == "POST" else None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_review(
                evaluation=evaluation, by_user=request.user, verify=form.verify, comments=form.comments()
            )
        except services.SpbeError as error:
            form.add_error(None, str(error))
        else:
            if form.verify:
                messages.success(request, _("The self-assessment is verified."))
            else:
                messages.success(request, _("The self-assessment was returned with your comments."))
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/review.html", {"evaluation": evaluation, "form": form})


@require_safe
@login_if_hidden
def self_assessment_history(request, pk):
    """Every step: levels, explanations, evidence, submissions, returns with their comments, verification.
    Names are shown to the pemda's staff, assessors and national admins; others see roles and pemda."""
    evaluation = get_self_assessment_for_user(request.user, pk)
    events = HISTORY_ROWS.filter(evaluation=evaluation).select_related("indicator")
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "spbe/self_assessment/history.html",
        {
            "evaluation": evaluation,
            "page": page,
            "internal": can_see_internal_records(request.user, evaluation.regency),
        },
    )


urlpatterns = [
    path("self-assessments/", self_assessment_list, name="self-assessments"),
    path("self-assessments/new/", self_assessment_new, name="self-assessment-new"),
    path("self-assessments/<int:pk>/", self_assessment_detail, name="self-assessment"),
    path("self-assessments/<int:pk>/evidence/", evidence_add, name="self-assessment-evidence"),
    path("self-assessments/<int:pk>/submit/", self_assessment_submit, name="self-assessment-submit"),
    path("self-assessments/<int:pk>/review/", self_assessment_review, name="self-assessment-review"),
    path("self-assessments/<int:pk>/history/", self_assessment_history, name="self-assessment-history"),
    path("evidence/<int:pk>/", evidence_download, name="evidence"),
    path("evidence/<int:pk>/visibility/", evidence_visibility, name="evidence-visibility"),
]
