"""The SPBE API's read rows as plain dicts from `.values()` (see livinglab/api_rows.py): the same JSON as
EvaluationSerializer, RegencyHistorySerializer and NationalIndexSerializer, which document them."""

from livinglab.api_rows import decimal_text

from . import scoring
from .models import Evaluation, certainty_label

CITATION_VALUES = ["source_title", "source_url", "certainty", "certainty_note"]
HISTORY_VALUES = [
    "id", "year", "framework__code", "source", "status", "index", "predicate", "synthetic", *CITATION_VALUES,
]  # fmt: skip
EVALUATION_VALUES = [
    *HISTORY_VALUES, "regency_id", "regency__name", "published_index", "computed_index",
]  # fmt: skip


def _citation(row):
    return {
        "source_title": row["source_title"],
        "source_url": row["source_url"],
        "certainty": row["certainty"],
        "certainty_label": certainty_label(row["certainty"]),
        "certainty_note": row["certainty_note"],
    }


def _index_mismatch(published, computed):
    return (
        published is not None
        and computed is not None
        and abs(published - computed) > scoring.MISMATCH_TOLERANCE
    )


def evaluation_rows(rows, url):
    """EvaluationSerializer's rows; `url` builds an evaluation's link from its id."""
    return [
        {
            "id": row["id"],
            "regency": {"code": row["regency_id"], "name": row["regency__name"]},
            "year": row["year"],
            "framework": row["framework__code"],
            "source": row["source"],
            "source_label": str(Evaluation.kind_label_of(row["source"], row["status"])),
            "status": row["status"],
            "synthetic": row["synthetic"],
            "published_index": decimal_text(row["published_index"]),
            "computed_index": decimal_text(row["computed_index"]),
            "index": decimal_text(row["index"]),
            "predicate": row["predicate"],
            "index_mismatch": _index_mismatch(row["published_index"], row["computed_index"]),
            **_citation(row),
            "url": url(row["id"]),
        }
        for row in rows
    ]


def history_rows(rows):
    """RegencyHistorySerializer's rows."""
    return [
        {
            "id": row["id"],
            "year": row["year"],
            "framework": row["framework__code"],
            "source": row["source"],
            "source_label": str(Evaluation.kind_label_of(row["source"], row["status"])),
            "status": row["status"],
            "index": decimal_text(row["index"]),
            "predicate": row["predicate"],
            "synthetic": row["synthetic"],
            **_citation(row),
        }
        for row in rows
    ]


NATIONAL_VALUES = ["year", "index", "predicate", "framework_name", "note", *CITATION_VALUES]


def national_rows(rows):
    """NationalIndexSerializer's rows."""
    return [
        {
            "year": row["year"],
            "index": decimal_text(row["index"]),
            "predicate": row["predicate"],
            "framework_name": row["framework_name"],
            "note": row["note"],
            "source": row["source_title"],
            **_citation(row),
        }
        for row in rows
    ]
