"""The self-assessment workflow: pemda editors fill, the manager submits, an assessor verifies or returns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from regencies.forms import ConfirmForm
from regencies.permissions import (
    can_fill_self_assessment,
    can_review_self_assessment,
    can_submit_self_assessment,
    is_national_admin,
    membership_of,
)

from .. import selectors, services
from ..forms import EvidenceForm, LevelsForm, ReviewForm, SelfAssessmentStartForm
from ..models import Evaluation, Evidence, Indicator, IndicatorScore, LevelChange

RULES = {
    "view": lambda user, evaluation: True,
    "fill": lambda user, evaluation: can_fill_self_assessment(user, evaluation.regency),
    "submit": lambda user, evaluation: can_submit_self_assessment(user, evaluation.regency),
    "review": lambda user, evaluation: can_review_self_assessment(user),
}


def get_self_assessment_for_user(user, pk, action="view"):
    """Fetch a self-assessment the user may see, and check the action; 404 if unseen, 403 if not allowed."""
    evaluation = (
        selectors.evaluations_visible_to(user)
        .filter(pk=pk, source=Evaluation.Source.SELF_ASSESSMENT)
        .select_related("regency__province", "framework")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=IndicatorScore.objects.select_related("indicator").prefetch_related("evidence"),
            ),
            Prefetch(
                "framework__indicators",
                queryset=Indicator.objects.select_related("aspect__domain", "scale").prefetch_related(
                    "scale__levels"
                ),
            ),
        )
        .first()
    )
    if evaluation is None:
        raise Http404(_("No such self-assessment."))
    if not RULES[action](user, evaluation):
        raise PermissionDenied(_("You may not do this for that regency/city."))
    return evaluation


@login_required
def self_assessment_list(request):
    user = request.user
    membership = membership_of(user)
    queryset = Evaluation.objects.none()
    if membership is not None:
        queryset = Evaluation.objects.filter(regency=membership.regency)
    if can_review_self_assessment(user) or is_national_admin(user):
        queryset = selectors.evaluations_visible_to(user).exclude(status=Evaluation.Status.VERIFIED)
    queryset = queryset.filter(source=Evaluation.Source.SELF_ASSESSMENT).select_related(
        "regency", "framework"
    )
    page = Paginator(queryset.order_by("-year", "regency__name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "spbe/self_assessment/list.html",
        {"page": page, "membership": membership, "can_start": membership is not None},
    )


@login_required
def self_assessment_new(request):
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied(_("Only staff of a pemda start a self-assessment."))
    form = SelfAssessmentStartForm(request.POST or None, current_framework=services.current_framework())
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
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/new.html", {"form": form, "regency": membership.regency})


@login_required
def self_assessment_detail(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk)
    may_fill = (
        can_fill_self_assessment(request.user, evaluation.regency) and evaluation.status in services.EDITABLE
    )
    form = LevelsForm(request.POST if may_fill and request.method == "POST" else None, evaluation=evaluation)
    if request.method == "POST":
        if not may_fill:
            raise PermissionDenied(_("This self-assessment cannot be changed now."))
        if form.is_valid():
            saved = _save_levels(form, evaluation, request.user)
            if saved is not None:
                messages.success(
                    request, _("Draft saved: %(count)s indicator(s) changed.") % {"count": saved}
                )
                return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(
        request,
        "spbe/self_assessment/detail.html",
        {
            "evaluation": evaluation,
            "form": form,
            "may_fill": may_fill,
            "may_submit": can_submit_self_assessment(request.user, evaluation.regency)
            and evaluation.status in services.EDITABLE,
            "may_review": can_review_self_assessment(request.user)
            and evaluation.status == Evaluation.Status.SUBMITTED,
            "scores": {s.indicator_id: s for s in evaluation.scores.all()},
            "evidence_form": EvidenceForm(evaluation=evaluation) if may_fill else None,
        },
    )


def _save_levels(form, evaluation, user):
    """All changes or none; a refused level is shown next to its field."""
    count = 0
    try:
        with transaction.atomic():
            for indicator, level, explanation in form.changes(evaluation):
                services.score_set(
                    evaluation=evaluation,
                    indicator=indicator,
                    level=level,
                    explanation=explanation,
                    by_user=user,
                )
                count += 1
    except services.SpbeError as error:
        form.add_error(None, str(error))
        return None
    return count


@login_required
def evidence_add(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk, "fill")
    if evaluation.status not in services.EDITABLE:
        raise PermissionDenied(_("This self-assessment cannot be changed now."))
    form = EvidenceForm(request.POST or None, request.FILES or None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        evidence = form.save(commit=False)
        evidence.added_by = request.user
        evidence.save()
        messages.success(request, _("Evidence added."))
        return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/evidence.html", {"evaluation": evaluation, "form": form})


@login_required
def evidence_download(request, pk):
    evidence = Evidence.objects.select_related("score").filter(pk=pk).first()
    if evidence is None or not evidence.file:
        raise Http404(_("No such document."))
    get_self_assessment_for_user(request.user, evidence.score.evaluation_id)
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1]
    )


@login_required
def self_assessment_submit(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk, "submit")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_submit(evaluation=evaluation, by_user=request.user)
        except services.SpbeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Submitted for verification."))
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/submit.html", {"evaluation": evaluation, "form": form})


@login_required
def self_assessment_review(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk, "review")
    form = ReviewForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_review(
                evaluation=evaluation, by_user=request.user, verify=form.verify, comments=form.comments()
            )
        except services.SpbeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Review saved."))
            return redirect("spbe:self-assessment", pk=evaluation.pk)
    return render(request, "spbe/self_assessment/review.html", {"evaluation": evaluation, "form": form})


@login_required
def self_assessment_history(request, pk):
    evaluation = get_self_assessment_for_user(request.user, pk)
    changes = (
        LevelChange.objects.filter(score__evaluation=evaluation)
        .select_related("score__indicator", "changed_by")
        .order_by("-changed_at", "-pk")
    )
    page = Paginator(changes, 100).get_page(request.GET.get("page"))
    return render(request, "spbe/self_assessment/history.html", {"evaluation": evaluation, "page": page})


urlpatterns = [
    path("self-assessments/", self_assessment_list, name="self-assessments"),
    path("self-assessments/new/", self_assessment_new, name="self-assessment-new"),
    path("self-assessments/<int:pk>/", self_assessment_detail, name="self-assessment"),
    path("self-assessments/<int:pk>/evidence/", evidence_add, name="self-assessment-evidence"),
    path("self-assessments/<int:pk>/submit/", self_assessment_submit, name="self-assessment-submit"),
    path("self-assessments/<int:pk>/review/", self_assessment_review, name="self-assessment-review"),
    path("self-assessments/<int:pk>/history/", self_assessment_history, name="self-assessment-history"),
    path("evidence/<int:pk>/", evidence_download, name="evidence"),
]
