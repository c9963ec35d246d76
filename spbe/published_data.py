"""Parse the published SPBE figures shipped with the project (national index, pemda scores). No DB."""

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .framework_files import DATA_DIR


@dataclass(frozen=True)
class NationalRow:
    year: int
    index: Decimal
    predicate: str
    framework_name: str
    certainty: str
    note: str
    source: str


@dataclass(frozen=True)
class PemdaRow:
    name: str
    year: int
    index: Decimal
    predicate: str
    note: str
    certainty: str
    source: str


def _number(raw):
    try:
        return Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        return None


def _year(raw):
    return int(raw) if raw.strip().isdigit() else None


def _source(row):
    # The revised files name a source by title and link; the link is kept where there is one.
    return row["source_url"].strip() or row["source_title"].strip()


def _clean_predicate(raw):
    # "Baik (derived from the 59/2020 thresholds; not stated in source)" is not a published predicate.
    return "" if "derived" in raw else raw.strip()


def national_rows(path=DATA_DIR / "national_index.csv"):
    """Years with a published national index; years marked 'not found' are left out."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            year, index = _year(row["year"]), _number(row["index"])
            if year and index is not None:
                rows.append(
                    NationalRow(
                        year,
                        index,
                        _clean_predicate(row["predicate"]),
                        row["framework"].strip(),
                        row["certainty"].strip(),
                        row["note"].strip(),
                        _source(row),
                    )
                )
        return rows


def pemda_rows(path=DATA_DIR / "pemda_scores.csv"):
    """Published kabupaten/kota results with a year and an index; others (no number, no year) are left out."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            name = row["instansi"].strip()
            year, index = _year(row["year"]), _number(row["index"])
            if year and index is not None and name.split(" ", 1)[0] in {"Kabupaten", "Kota"}:
                rows.append(
                    PemdaRow(
                        name,
                        year,
                        index,
                        _clean_predicate(row["predicate"]),
                        row["rank_note"].strip(),
                        row["certainty"].strip(),
                        _source(row),
                    )
                )
        return rows
