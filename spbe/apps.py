from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpbeConfig(AppConfig):
    name = "spbe"
    verbose_name = _("SPBE evaluation")

    def ready(self):
        from django.urls import register_converter

        from .converters import FourDigitYear

        # Registered before any URLconf is read: `<year:year>` in every route with a year.
        register_converter(FourDigitYear, "year")

        from livinglab import personal_data

        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)

        from livinglab import audit

        from .level_writes import score_label
        from .models import Evaluation, Evidence, IndicatorScore

        audit.register(Evaluation, fields=EVALUATION_FIELDS, related=["regency"])
        audit.register(
            IndicatorScore,
            fields=["evaluation", "indicator", "level", "explanation", "reviewer_comment"],
            label=score_label,
            related=["evaluation__regency", "indicator"],
        )
        audit.register(Evidence, fields=["score", "title", "url", "file", "public"])


EVALUATION_FIELDS = [
    "regency",
    "year",
    "framework",
    "source",
    "status",
    "synthetic",
    "published_index",
    "published_predicate",
    "computed_index",
    "index",
    "predicate",
    "note",
    "source_title",
    "source_url",
    "certainty",
    "certainty_note",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
]
