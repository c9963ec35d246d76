"""Parse the published SPBE figures shipped with the project (national index, pemda scores). No DB."""

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .framework_files import DATA_DIR
from .models import Certainty


class PublishedDataError(ValueError):
    """A data file breaks the source convention; the message names the file and line."""


@dataclass(frozen=True)
class Citation:
    """Where a figure comes from, as the data files give it (see SOURCES.md)."""

    title: str
    url: str
    certainty: str
    certainty_note: str = ""

    def as_fields(self):
        """The SourcedFigure fields of a model."""
        return {
            "source_title": self.title,
            "source_url": self.url,
            "certainty": self.certainty,
            "certainty_note": self.certainty_note,
        }


@dataclass(frozen=True)
class NationalRow:
    year: int
    index: Decimal
    predicate: str
    framework_name: str
    note: str
    citation: Citation


@dataclass(frozen=True)
class PemdaRow:
    name: str
    year: int
    index: Decimal
    predicate: str
    note: str
    citation: Citation


def _number(raw):
    try:
        return Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        return None


def _year(raw):
    return int(raw) if raw.strip().isdigit() else None


def citation(row, where):
    """The source columns of a data row; a certainty outside the four values is refused."""
    certainty = row.get("certainty", "").strip()
    if certainty not in Certainty.values:
        raise PublishedDataError(
            f"{where}: certainty {certainty!r} is not one of {', '.join(Certainty.values)}"
        )
    return Citation(
        title=row.get("source_title", "").strip(),
        url=row.get("source_url", "").strip(),
        certainty=certainty,
        certainty_note=row.get("certainty_note", "").strip(),
    )


def _clean_predicate(raw):
    # "Baik (derived from the 59/2020 thresholds; not stated in source)" is not a published predicate.
    return "" if "derived" in raw else raw.strip()


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield f"{path.name} line {reader.line_num}", row


def national_rows(path=DATA_DIR / "national_index.csv"):
    """Years with a published national index; years marked 'not found' are left out."""
    rows = []
    for where, row in _rows(path):
        year, index = _year(row["year"]), _number(row["index"])
        if year and index is not None:
            rows.append(
                NationalRow(
                    year,
                    index,
                    _clean_predicate(row["predicate"]),
                    row["framework"].strip(),
                    row["note"].strip(),
                    citation(row, where),
                )
            )
    return rows


def pemda_rows(path=DATA_DIR / "pemda_scores.csv"):
    """Published kabupaten/kota results with a year and an index; others (no number, no year) are left out."""
    rows = []
    for where, row in _rows(path):
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
                    citation(row, where),
                )
            )
    return rows
