"""The practice list's rows as plain dicts from `.values()` (see livinglab/api_rows.py): the JSON
PracticeSerializer documents, with the search snippet of each row."""

from django.utils.translation import pgettext
from rest_framework import serializers

from . import selectors
from .selectors import SNIPPET_TEXT

PRACTICE_VALUES = [
    "slug", "title", "title_en", "summary", "summary_en", "kind", "status", "sustainability", "demo",
    "regency_id", "regency__name", "regency__province_id", "regency__province__name",
    "launched_on", "reviewed_on", "published_at", "updated_at",
]  # fmt: skip


def practice_values(queryset, groups):
    """What `.values()` reads for a page: the row, and with a search its headline (PostgreSQL computes
    it for the page's rows only) or, elsewhere, the texts a snippet is cut from."""
    if not groups:
        return PRACTICE_VALUES
    if "headline" in queryset.query.annotations:
        return [*PRACTICE_VALUES, "headline"]
    return [*PRACTICE_VALUES, *(field for field in SNIPPET_TEXT if field not in PRACTICE_VALUES)]


def practice_rows(rows, *, api_prefix, html_prefix, groups):
    """PracticeSerializer's rows; the prefixes are the list's absolute URLs (a row adds its slug)."""
    date, moment = serializers.DateField(), serializers.DateTimeField()
    example = pgettext("demo content", "example")
    phrases = [phrase for group in groups for phrase in group]
    result = []
    for row in rows:
        snippet = ""
        if groups:
            snippet = str(
                selectors.snippet(row.get("headline"), lambda r=row: [r[f] for f in SNIPPET_TEXT], phrases)
            )
        result.append(
            {
                "slug": row["slug"],
                "url": f"{api_prefix}{row['slug']}/",
                "html_url": f"{html_prefix}{row['slug']}/",
                "title": row["title"],
                "title_en": row["title_en"],
                "summary": row["summary"],
                "summary_en": row["summary_en"],
                "kind": row["kind"],
                "status": row["status"],
                "sustainability": row["sustainability"],
                "demo": row["demo"],
                "demo_label": example if row["demo"] else "",
                "regency": {
                    "code": row["regency_id"],
                    "name": row["regency__name"],
                    "province": {"code": row["regency__province_id"], "name": row["regency__province__name"]},
                },
                "launched_on": date.to_representation(row["launched_on"]),
                "reviewed_on": date.to_representation(row["reviewed_on"]),
                "published_at": moment.to_representation(row["published_at"]),
                "updated_at": moment.to_representation(row["updated_at"]),
                "snippet": snippet,
            }
        )
    return result
