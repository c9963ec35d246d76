"""The replication network (who replicates from whom, for everyone) and the ministry's overview
(national admins), with its CSV/XLSX export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from regencies.permissions import is_national_admin
from spbe import exports

from ..replications.models import Replication
from . import selectors
from .filters import NetworkFilter
from .graph import network_graph

EXPORT_FORMATS = ("csv", "xlsx")


@require_safe
def network(request):
    """Public replications only, whoever asks: the drawing and the table show the same pairs."""
    filterset = NetworkFilter(request.GET, queryset=Replication.objects.public())
    valid = filterset.is_valid()
    pairs = selectors.network_pairs(filterset.qs) if valid else []
    sort = (filterset.form.cleaned_data.get("sort") or "") if valid else ""
    pairs = selectors.sort_pairs(pairs, sort)
    query = request.GET.copy()
    query.pop("sort", None)
    context = {
        "filter_form": filterset.form,
        "pairs": pairs,
        "graph": network_graph(
            [(p.owner_code, p.owner_name, p.adopter_code, p.adopter_name, p.replications) for p in pairs]
        ),
        "sort": sort or "-replications",
        "query": query.urlencode(),
        "columns": _columns(sort or "-replications", query.urlencode()),
    }
    return render(request, "knowledge/network/network.html", context, status=200 if valid else 400)


def _columns(sort, query):
    """The table's headers: each links to sorting by it (descending first for counts, again to flip)."""
    labels = [
        ("owner", _("Owner pemda")),
        ("adopter", _("Adopter pemda")),
        ("replications", _("Replications")),
        ("live", _("Live or evaluated")),
    ]
    columns = []
    for key, label in labels:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        if current:
            following = key if descending else f"-{key}"
        else:
            following = key if key in ("owner", "adopter") else f"-{key}"
        href = f"?{query}&sort={following}" if query else f"?sort={following}"
        aria = ("descending" if descending else "ascending") if current else ""
        columns.append({"key": key, "label": label, "href": href, "aria_sort": aria})
    return columns


@require_safe
@login_required
def ministry(request):
    if not is_national_admin(request.user):
        raise PermissionDenied(_("Only national admins see the ministry's overview."))
    fmt = request.GET.get("format", "")
    if fmt and fmt not in EXPORT_FORMATS:
        return HttpResponseBadRequest(_("format: choose csv or xlsx."))
    overview = selectors.ministry_overview()
    if fmt:
        name = f"replications-{timezone.localdate():%Y-%m-%d}"
        content = exports.table_bytes(
            fmt, selectors.EXPORT_COLUMNS, selectors.overview_rows(overview), title="replications"
        )
        response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
    return render(request, "knowledge/network/ministry.html", {"overview": overview})
