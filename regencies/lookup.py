"""Find kabupaten/kota by what people type: a Kemendagri code ("32.11") or a name, whole or in part
("Kabupaten Sumedang", "sumedang"). One query for the candidates; on a miss, one more for suggestions."""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import REGENCY_CODE_RE, Regency

SUGGESTIONS = 5


@dataclass
class Lookup:
    codes: list = field(default_factory=list)  # the pemda found, in the order typed, each once
    problems: list = field(default_factory=list)  # one message per term that names no single pemda


def _normal(text):
    return " ".join(text.split()).casefold()


def _without_kind(name):
    """Both "Kabupaten Bandung" and "Kota Bandung" are "bandung" to someone typing."""
    return _normal(name.partition(" ")[2]) if Regency.kind_from_name(name) else _normal(name)


def _match(term, candidates):
    """The candidates a term names: the exact name, else the name without "Kabupaten"/"Kota",
    else every name containing the term."""
    wanted = _normal(term)
    for same in (
        lambda r: _normal(r.name) == wanted,
        lambda r: _without_kind(r.name) == wanted,
        lambda r: wanted in _normal(r.name),
    ):
        found = [r for r in candidates if same(r)]
        if found:
            return found
    return []


def _names(regencies):
    return ", ".join(r.name for r in regencies)


def _suggestions(term, names):
    """Names close to a misspelt term, compared without "Kabupaten"/"Kota"."""
    by_short = {_without_kind(name): name for name in names}
    close = difflib.get_close_matches(_normal(term), list(by_short), n=SUGGESTIONS, cutoff=0.7)
    return [by_short[short] for short in close]


def find_regencies(terms):
    """Resolve each typed term to one pemda; say which terms name none or several, and suggest names."""
    terms = [" ".join(t.split()) for t in terms if t.strip()]
    codes = [t for t in terms if re.match(REGENCY_CODE_RE, t)]
    words = [t for t in terms if t not in codes]
    query = Q(code__in=codes)
    for word in words:
        query |= Q(name__icontains=word)
    candidates = list(Regency.objects.filter(query).only("code", "name").order_by("name")) if terms else []
    by_code = {r.code: r for r in candidates}
    all_names = []  # read once, and only when a name fits nothing
    lookup = Lookup()
    for term in terms:
        if term in codes:
            found = [by_code[term]] if term in by_code else []
            if not found:
                lookup.problems.append(_("No regency/city has the code %(code)s.") % {"code": term})
        else:
            found = _match(term, candidates)
            if not found:
                all_names = all_names or list(Regency.objects.order_by("name").values_list("name", flat=True))
                suggestions = _suggestions(term, all_names)
                message = _("No regency/city is called “%(name)s”.") % {"name": term}
                if suggestions:
                    message += " " + _("Did you mean: %(names)s?") % {"names": ", ".join(suggestions)}
                lookup.problems.append(message)
            elif len(found) > 1:
                names = _names(found[:SUGGESTIONS]) + ("…" if len(found) > SUGGESTIONS else "")
                lookup.problems.append(
                    _("“%(name)s” fits several: %(names)s. Write the full name or the code.")
                    % {"name": term, "names": names}
                )
        if len(found) == 1 and found[0].code not in lookup.codes:
            lookup.codes.append(found[0].code)
    return lookup
