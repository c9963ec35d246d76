"""Sources of the portal's figures: citations as readers see them, and the list on the sources page.

No database: citations come from stored fields or straight from the data files in
`spbe/frameworks/data/` and `regencies/data/`.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regencies.importers import PILOT_COHORT_FILE

from .framework_files import DATA_DIR
from .models import certainty_label

SEPARATOR = " ; "


def split(text):
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


def safe_link(url):
    """Only web addresses become links: a stored text such as "javascript:…" stays text."""
    return url if urlsplit(url).scheme in {"http", "https"} else ""


@dataclass(frozen=True)
class CitedPart:
    title: str
    url: str = ""


@dataclass(frozen=True)
class Cited:
    """A citation ready to show: titles with their links, and links that no title could be paired with."""

    parts: tuple
    extra_links: tuple = ()

    @property
    def empty(self):
        return not self.parts and not self.extra_links


def cite(title, url):
    """Pair the titles of a citation with its links.

    The files list the links of only those sources that have one, so titles and links are
    paired only when there are as many of each; otherwise the links follow the titles as numbered
    references. A link that is not a web address is left out.
    """
    titles, urls = split(title), split(url)
    if len(titles) == len(urls):
        return Cited(tuple(CitedPart(t, safe_link(u)) for t, u in zip(titles, urls, strict=True)))
    return Cited(tuple(CitedPart(t) for t in titles), tuple(u for u in map(safe_link, urls) if u))


def host(url):
    return urlsplit(url).hostname or url


# The sources page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A data file the portal shows figures from, and how to name what each of its rows supports."""

    slug: str
    path: object
    heading: object  # translated lazily
    item: object  # row -> (label, number or text)


@dataclass
class SourceEntry:
    title: str
    url: str
    certainty: str
    supports: list = field(default_factory=list)  # [(label, [numbers or texts])]

    @property
    def cited(self):
        return cite(self.title, self.url)

    @property
    def certainty_label(self):
        return certainty_label(self.certainty)

    def supports_text(self):
        return "; ".join(f"{label} {_ranges(items)}".strip() for label, items in self.supports)


def _indicator(row):
    return (str(_("indicators")), int(row["indicator_no"]))


DATASETS = (
    Dataset(
        "national",
        DATA_DIR / "national_index.csv",
        _("National SPBE index"),
        lambda row: (str(_("year")), int(row["year"])) if row["index"].strip() else None,
    ),
    Dataset(
        "pemda",
        DATA_DIR / "pemda_scores.csv",
        _("Published results of kabupaten/kota"),
        lambda row: (row["instansi"].strip(), row["year"].strip()),
    ),
    Dataset(
        "framework-59-2020",
        DATA_DIR / "framework_2020_indicators.csv",
        _("PermenPANRB 59/2020: domains, aspects, indicators and weights"),
        _indicator,
    ),
    Dataset(
        "framework-5-2018",
        DATA_DIR / "framework_2018_indicators.csv",
        _("PermenPANRB 5/2018: domains, aspects, indicators and weights"),
        _indicator,
    ),
    Dataset(
        "framework-8-2026",
        DATA_DIR / "framework_2026_pemdi_indicators.csv",
        _("PermenPANRB 8/2026 (provisional): aspects, indicators and weights"),
        _indicator,
    ),
    Dataset(
        "levels",
        DATA_DIR / "maturity_levels.csv",
        _("Names and descriptions of the levels"),
        lambda row: (f"{row['framework'].strip()}, {row['scale'].strip()}:", int(row["level"])),
    ),
    Dataset(
        "predicates",
        DATA_DIR / "predicates.csv",
        _("Predicates"),
        lambda row: (f"{row['framework'].strip()}:", row["predicate"].strip()),
    ),
    Dataset(
        "evidence-59-2020",
        DATA_DIR / "indicator_evidence_2020.csv",
        _("Evidence expected per indicator (PermenPANRB 59/2020)"),
        _indicator,
    ),
)


def _ranges(items):
    """ "2019–2022, 2024" from whole numbers; texts as they are, in their order."""
    numbers = sorted({i for i in items if isinstance(i, int)})
    texts = list(dict.fromkeys(i for i in items if not isinstance(i, int)))
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    spans = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    return ", ".join(spans + texts)


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def dataset_sources(dataset):
    """The distinct sources of one data file, each with what it supports, in order of first use."""
    entries = {}
    for row in _read(dataset.path):
        item = dataset.item(row)
        title = row.get("source_title", "").strip()
        if item is None or not title:
            continue
        key = (title, row.get("source_url", "").strip(), row.get("certainty", "").strip())
        entry = entries.setdefault(key, SourceEntry(*key))
        label, value = item
        for known_label, values in entry.supports:
            if known_label == label:
                values.append(value)
                break
        else:
            entry.supports.append((label, [value]))
    return list(entries.values())


def cohort_sources():
    """The pilot cohort's sources: the cohort file gives the address, the research file its title."""
    known = {row["source_url"].strip(): row for row in _read(DATA_DIR / "idsll_members_known.csv")}
    members = defaultdict(list)
    for row in _read(PILOT_COHORT_FILE):
        members[row["source"].strip()].append(row["name"].strip())
    entries = []
    for url, names in members.items():
        described = known.get(url, {})
        entries.append(
            SourceEntry(
                described.get("source_title", "").strip() or host(url),
                url,
                described.get("certainty", "").strip(),
                [(str(_("members:")), names)],
            )
        )
    return entries


@cache
def _catalogue(language):
    sections = [(d.slug, str(d.heading), dataset_sources(d)) for d in DATASETS]
    sections.append(("cohort", str(_("Members of the IDSLL 2022 pilot cohort")), cohort_sources()))
    return sections


def catalogue():
    """[(slug, heading, [SourceEntry])] for every data file; read once per language (files are fixed)."""
    return _catalogue(get_language())
