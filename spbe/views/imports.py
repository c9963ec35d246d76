"""Importing official SPBE results (national admins) and exporting rankings and evaluations (anyone)."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regencies.forms import ConfirmForm
from regencies.permissions import can_import_spbe

from .. import exports, importers, selectors
from ..converters import FourDigitYear
from ..filters import EvaluationFilter, RankingQueryForm
from ..imports import QUEUEABLE, import_check, import_progress, import_queue, result_message
from ..models import Certainty, ImportJob
from ..published_data import Citation
from ..services import SpbeError, current_framework

PAGE_SIZE = 50


class ImportUploadForm(forms.Form):
    # Empty files are let through so that the check reports (and logs) them like any other problem.
    file = forms.FileField(
        label=gettext_lazy("File"),
        allow_empty_file=True,
        help_text=gettext_lazy("CSV (UTF-8) or Excel workbook (.xlsx), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    # Nothing imported is sourceless: every result written cites this source.
    source_title = forms.CharField(
        label=gettext_lazy("Source of the results"),
        max_length=1000,
        help_text=gettext_lazy(
            "What a reader can look up, e.g. KemenPANRB, Keputusan MenPANRB Nomor 13 Tahun 2024 tentang "
            "hasil evaluasi SPBE 2023."
        ),
    )
    source_url = forms.URLField(
        label=gettext_lazy("Link to the source"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Optional. In the wide layout a row's own source_url replaces it for that row."
        ),
    )
    certainty = forms.ChoiceField(
        label=gettext_lazy("Kind of source"), choices=Certainty.choices, initial=Certainty.OFFICIAL
    )

    def citation(self):
        data = self.cleaned_data
        return Citation(data["source_title"].strip(), data["source_url"], data["certainty"])


class ImportConfirmForm(ConfirmForm):
    """Confirm the run; when the file adds indicator detail to published results, confirm that too."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        if job.warnings:
            self.fields["confirm_detail"] = forms.BooleanField(
                label=gettext_lazy(
                    "Yes, add the indicator detail to these published results; each keeps its published "
                    "index, and the difference is shown beside it"
                ),
                required=True,
            )


def _require_importer(user):
    if not can_import_spbe(user):
        raise PermissionDenied(_("Only national admins can import SPBE results."))


def get_import_job_for_user(user, pk):
    """Fetch an import job and check the user may see and run imports."""
    _require_importer(user)
    return get_object_or_404(ImportJob.objects.select_related("uploaded_by"), pk=pk)


def _problems(job):
    """Stored problems with their sentence in the reader's language."""
    if job is None:
        return []
    return [{**problem, "message": importers.problem_message(problem)} for problem in job.problems]


@require_safe
@login_required
def import_list(request):
    _require_importer(request.user)
    jobs = ImportJob.objects.select_related("uploaded_by").defer("problems")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "spbe/imports/list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def import_new(request):
    _require_importer(request.user)
    # Bound on every POST, even an empty one, so that a missing file shows its error.
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    job = None
    if form.is_bound and form.is_valid():
        job = import_check(upload=form.cleaned_data["file"], by_user=request.user, citation=form.citation())
        if job.status == ImportJob.Status.CHECKED:
            return redirect(job)
        # Keep the source typed in; only the file must be chosen again.
        form = ImportUploadForm(initial={k: v for k, v in form.cleaned_data.items() if k != "file"})
    return render(
        request,
        "spbe/imports/new.html",
        {
            "form": form,
            "job": job,
            "result": result_message(job) if job else "",
            "problems": _problems(job),
            "layouts": importers.LAYOUTS,
        },
    )


def _preview(job):
    """The first rows as read, the value as a number to show in the reader's format."""
    return [{**row, "value": Decimal(row["read"])} for row in job.preview]


def _warnings(job):
    """Published results the file adds indicator detail to, both indices as numbers to show."""
    return [
        {**warning, "computed": Decimal(warning["computed"]), "published": Decimal(warning["published"])}
        for warning in job.warnings
    ]


def _detail(request, job, confirm_form=None):
    if confirm_form is None and job.status in QUEUEABLE:
        confirm_form = ImportConfirmForm(job=job)
    return render(
        request,
        "spbe/imports/detail.html",
        {
            "job": job,
            "result": result_message(job),
            "progress": import_progress(job),
            "problems": _problems(job),
            "preview": _preview(job),
            "warnings": _warnings(job),
            "confirm_form": confirm_form,
        },
    )


@require_safe
@login_required
def import_detail(request, pk):
    return _detail(request, get_import_job_for_user(request.user, pk))


@require_POST
@login_required
def import_confirm(request, pk):
    job = get_import_job_for_user(request.user, pk)
    form = ImportConfirmForm(request.POST, job=job)
    if not form.is_valid():
        return _detail(request, job, confirm_form=form)
    try:
        import_queue(job=job, confirm_detail=form.cleaned_data.get("confirm_detail", False))
    except SpbeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The import is queued; this page shows its progress."))
    return redirect(job)


@require_safe
@login_required
def import_progress_json(request, pk):
    return JsonResponse(import_progress(get_import_job_for_user(request.user, pk)))


@require_safe
@login_required
def import_template(request, layout, fmt):
    _require_importer(request.user)
    framework = current_framework() if layout == "long" else None
    return _download(
        fmt,
        exports.template_columns(layout),
        exports.template_rows(layout, framework),
        f"spbe-import-{layout}",
    )


# Exports ------------------------------------------------------------------------------------


@require_safe
def ranking_export(request, year, fmt):
    form = RankingQueryForm({**request.GET.dict(), "year": year})
    if not form.is_valid():
        return _bad_request(form.errors)
    data = form.cleaned_data
    name = "-".join(
        str(part)
        for part in [
            "spbe-rankings",
            data["year"],
            data["scope"],
            data["province"].code if data.get("province") else "",
            data["cohort"].slug if data.get("cohort") else "",
            data["source"],
        ]
        if part
    )
    return _download(fmt, exports.RANKING_COLUMNS, exports.ranking_rows(form.rankings()), name)


@require_safe
def evaluation_export(request, fmt):
    filterset = EvaluationFilter(request.GET, queryset=selectors.public_evaluation_list())
    if not filterset.is_valid():
        return _bad_request(filterset.errors)
    return _download(
        fmt, exports.EVALUATION_COLUMNS, exports.evaluation_rows(filterset.qs), "spbe-evaluations"
    )


def _download(fmt, columns, rows, name):
    content = exports.table_bytes(fmt, columns, rows, title=name[:31])
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _bad_request(errors):
    """A plain-text 400 naming each bad field."""
    lines = [f"{field}: {' '.join(messages_)}" for field, messages_ in errors.items()]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


FORMAT = r"(?P<fmt>csv|xlsx)"

urlpatterns = [
    path("imports/", import_list, name="import-list"),
    path("imports/new/", import_new, name="import-new"),
    path("imports/<int:pk>/", import_detail, name="import-detail"),
    path("imports/<int:pk>/confirm/", import_confirm, name="import-confirm"),
    path("imports/<int:pk>/progress/", import_progress_json, name="import-progress"),
    re_path(rf"^imports/template/(?P<layout>long|wide)\.{FORMAT}$", import_template, name="import-template"),
    re_path(
        rf"^rankings/(?P<year>{FourDigitYear.regex})/export\.{FORMAT}$", ranking_export, name="ranking-export"
    ),
    re_path(rf"^evaluations/export\.{FORMAT}$", evaluation_export, name="evaluation-export"),
]
