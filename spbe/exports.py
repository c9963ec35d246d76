"""Rankings, evaluations and import templates as CSV and XLSX tables.

Column names are fixed English keys (like the import layouts), so a file reads the same whatever
the language of the page it came from.
"""

import csv
import io

from django.utils import translation
from openpyxl import Workbook

from .importers import LAYOUTS
from .models import Evaluation

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RANKING_COLUMNS = [
    "rank",
    "previous_rank",
    "movement",
    "new",
    "regency_code",
    "regency_name",
    "province_code",
    "province_name",
    "index",
    "predicate",
    "synthetic",
    "evaluation_id",
    "source",
    "kind",
    "source_title",
    "source_url",
    "certainty",
]
EVALUATION_COLUMNS = [
    "evaluation_id",
    "regency_code",
    "regency_name",
    "province_code",
    "province_name",
    "year",
    "framework",
    "source",
    "kind",
    "status",
    "synthetic",
    "published_index",
    "computed_index",
    "index",
    "predicate",
    "source_title",
    "source_url",
    "certainty",
    "certainty_note",
]
# A spreadsheet runs a cell starting with one of these as a formula; text from imports could.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def kind(source, status):
    """The kind of figure in words, in English like the column names."""
    with translation.override("en"):
        return str(Evaluation.kind_label_of(source, status))


def ranking_rows(rows):
    return [
        [
            row["rank"],
            row["previous_rank"],
            row["movement"],
            row["new"],
            row["regency_code"],
            row["regency_name"],
            row["province_code"],
            row["province_name"],
            row["index"],
            row["predicate"],
            row["synthetic"],
            row["evaluation"],
            row["source"],
            kind(row["source"], Evaluation.Status.VERIFIED),  # ranked: official or verified
            row["source_title"],
            row["source_url"],
            row["certainty"],
        ]
        for row in rows
    ]


def evaluation_rows(evaluations):
    """Rows of evaluations fetched with their regency, province and framework."""
    return [
        [
            e.pk,
            e.regency_id,
            e.regency.name,
            e.regency.province_id,
            e.regency.province.name,
            e.year,
            e.framework.code,
            e.source,
            kind(e.source, e.status),
            e.status,
            e.synthetic,
            e.published_index,
            e.computed_index,
            e.index,
            e.predicate,
            e.source_title,
            e.source_url,
            e.certainty,
            e.certainty_note,
        ]
        for e in evaluations
    ]


def template_rows(layout, framework=None):
    """An import template: the header, and for the long layout one row per indicator to fill in."""
    if layout == "long" and framework is not None:
        return [["", "", framework.code, indicator.number, ""] for indicator in framework.indicators.all()]
    return []


def template_columns(layout):
    return list(LAYOUTS[layout])


def table_bytes(fmt, columns, rows, title="data"):
    return as_xlsx(columns, rows, title) if fmt == "xlsx" else as_csv(columns, rows)


def as_csv(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_text_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(columns, rows, title="data"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(columns)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _xlsx_cell(value):
    # openpyxl writes a string starting with "=" as a formula.
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value
