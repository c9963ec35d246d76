"""SPBE public pages: overview, frameworks, rankings, an evaluation with its gaps, comparison."""

from decimal import Decimal

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from regencies.lookup import find_regencies

from .. import charts, selectors, sources
from ..filters import RankingQueryForm
from ..models import Evaluation, Framework
from ..services import framework_for_year

RANKING_PAGE_SIZE = 100


@require_safe
def overview(request):
    national = selectors.national_series()
    years = selectors.ranking_years()
    latest_year = years[0] if years else None
    counts, bands = {}, []
    if latest_year:
        counts = {row["predicate"]: row["count"] for row in selectors.predicate_distribution(latest_year)}
        framework = framework_for_year(latest_year)
        bands = [band.name for band in framework.predicate_bands.all()] if framework else []
    return render(
        request,
        "spbe/overview.html",
        {
            "national": national,
            "trend": charts.national_chart(national),
            "latest_year": latest_year,
            "distribution": charts.predicate_chart(counts, bands),
            "frameworks": selectors.framework_list(),
        },
    )


@require_safe
def sources_page(request):
    """Every data source the portal's figures come from: title, link, certainty, what it supports."""
    return render(request, "spbe/sources.html", {"sections": sources.catalogue()})


@require_safe
def framework_detail(request, code):
    try:
        framework = selectors.framework_tree(code)
    except Framework.DoesNotExist:
        raise Http404(_("No framework has the code %(code)s.") % {"code": code}) from None
    # Summed from the prefetched indicators, no query: the page shows the sum it states.
    weight_total = sum((indicator.weight for indicator in framework.indicators.all()), Decimal(0))
    return render(request, "spbe/framework.html", {"framework": framework, "weight_total": weight_total})


@require_safe
def rankings_latest(request):
    years = selectors.ranking_years()
    if years:
        return redirect("spbe:rankings", year=years[0])
    return render(request, "spbe/rankings_empty.html")


@require_safe
def rankings(request, year):
    form = RankingQueryForm({**request.GET.dict(), "year": year})  # the year in the path wins
    valid = form.is_valid()
    rows = form.rankings() if valid else []
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    source = form.cleaned_data["source"] if valid else Evaluation.Source.OFFICIAL
    years = selectors.ranking_years_by_kind()
    return render(
        request,
        "spbe/rankings.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "query": query.urlencode(),
            # Official results and self-assessments are ranked apart; each kind's years by link.
            "source": source,
            "kind_label": Evaluation.kind_label_of(source, Evaluation.Status.VERIFIED),
            "years": years[source],
            "other_years": years[_other(source)],
            "has_synthetic": any(row["synthetic"] for row in rows),
            "unranked": form.unranked() if valid else [],
            "frameworks_without_predicates": sorted(
                {
                    (row["framework"], row["framework_name"])
                    for row in rows
                    if not row["framework_defines_predicates"]
                }
            ),
        },
    )


def _other(source):
    if source == Evaluation.Source.OFFICIAL:
        return Evaluation.Source.SELF_ASSESSMENT
    return Evaluation.Source.OFFICIAL


def get_evaluation_for_user(user, pk):
    """An evaluation the user may see (public, or their pemda's, or under review), with its detail."""
    if not selectors.evaluations_visible_to(user).filter(pk=pk).exists():
        raise Http404(_("No such evaluation."))
    return selectors.evaluation_detail(pk)


def domain_chart(evaluation, gaps):
    """Domain bars from the indicator detail, else from the domain indices published with the result.

    `evaluation` comes from selectors.evaluation_detail (its domain results are prefetched).
    """
    items = [(f"{d.number}. {d.name}", d.index) for d in gaps.domains] or [
        (f"{r.domain.number}. {r.domain.name}", r.index) for r in evaluation.domain_results.all()
    ]
    return charts.bar_chart(items)


@require_safe
def evaluation_detail(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk)
    gaps = selectors.evaluation_gaps(evaluation)
    return render(
        request,
        "spbe/evaluation.html",
        {
            "evaluation": evaluation,
            "gaps": gaps,
            "domain_chart": domain_chart(evaluation, gaps),
            "aspect_chart": charts.bar_chart([(f"{a.number}. {a.name}", a.index) for a in gaps.aspects]),
        },
    )


MAX_COMPARED = 5


class CompareForm(forms.Form):
    # Names or codes in one plain field: it works without JavaScript; compare_picker.js adds a search.
    regencies = forms.CharField(
        label=gettext_lazy("Regencies/cities"),
        help_text=gettext_lazy(
            "2 to 5 names or Kemendagri codes separated by commas, e.g. Sumedang, Ogan Ilir or 32.11,16.10"
        ),
        max_length=400,
    )

    def clean_regencies(self):
        terms = [t for t in self.cleaned_data["regencies"].split(",") if t.strip()]
        if len(terms) > MAX_COMPARED * 2:  # more than any repeats explain: do not look them all up
            raise forms.ValidationError(_("Choose between 2 and 5 regencies/cities."))
        found = find_regencies(terms)
        if found.problems:
            raise forms.ValidationError(found.problems)
        if not 2 <= len(found.codes) <= MAX_COMPARED:
            raise forms.ValidationError(_("Choose between 2 and 5 regencies/cities."))
        return found.codes


def compare_series(columns):
    """One line per pemda and kind: a self-assessment never continues the line of official results."""
    kinds = [
        (Evaluation.Source.OFFICIAL, _("official results"), ""),
        (Evaluation.Source.SELF_ASSESSMENT, _("self-assessments (verified)"), " self"),
    ]
    series = []
    for n, (regency, figures) in enumerate(columns):
        for source, kind, css in kinds:
            points = [
                (e.year, e.index) for year_figures in figures for e in year_figures if e.source == source
            ]
            if points:
                series.append((f"{regency.name}: {kind}", f"series-{n}{css}", points))
    return series


@require_safe
def compare(request):
    form = CompareForm(request.GET or None)
    years, columns = selectors.compare(form.cleaned_data["regencies"]) if form.is_valid() else ([], [])
    # A pemda without any result is named once, above, instead of drawing an empty line and column.
    without = [regency for regency, figures in columns if not any(figures)]
    columns = [(regency, figures) for regency, figures in columns if any(figures)]
    rows = [(year, [figures[i] for _regency, figures in columns]) for i, year in enumerate(years)]
    chart = charts.line_chart(compare_series(columns))
    return render(
        request,
        "spbe/compare.html",
        {"form": form, "columns": columns, "rows": rows, "chart": chart, "without": without},
    )


urlpatterns = [
    path("", overview, name="overview"),
    path("sources/", sources_page, name="sources"),
    path("frameworks/<slug:code>/", framework_detail, name="framework"),
    path("rankings/", rankings_latest, name="rankings-latest"),
    path("rankings/<year:year>/", rankings, name="rankings"),
    path("evaluations/<int:pk>/", evaluation_detail, name="evaluation"),
    path("compare/", compare, name="compare"),
]
