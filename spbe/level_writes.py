"""New indicator levels written many at once with their audit events: an import's hot path.

The ORM's bulk_create() builds a model instance and an audit event object for every level, and the
events' changes as JSON one by one; for an import of 514 kabupaten/kota × 47 indicators that was most of
the import. On PostgreSQL the levels are copied (COPY) into a temporary table, and one statement inserts
them and, from the rows it returns, their audit events: the same events bulk_create() records (who,
through what, "created", the level's label, its evaluation, indicator and level), written by the
database. Elsewhere (SQLite) bulk_create() runs as before.
"""

import io

from django.db import connection
from django.utils.translation import gettext, gettext_noop

from livinglab.audit import registry, trail

from .models import IndicatorScore

# The label of a level in the audit trail: its evaluation's and its indicator's number (spbe/apps.py).
SCORE_LABEL = gettext_noop("%(evaluation)s, indicator %(number)s")


def score_label(score):
    return gettext(SCORE_LABEL) % {"evaluation": score.evaluation, "number": score.indicator.number}


def levels_create(levels):
    """Insert new levels, given as (evaluation, indicator, level) with saved evaluation and indicator
    objects, and record their audit events."""
    if not levels:
        return
    if connection.vendor != "postgresql":
        scores = [IndicatorScore(evaluation=e, indicator=i, level=level) for e, i, level in levels]
        IndicatorScore.objects.bulk_create(scores, batch_size=5000)
        return
    entry = registry.entry_for(IndicatorScore)
    evaluation, indicator, level = levels[0]
    sample = IndicatorScore(evaluation=evaluation, indicator=indicator, level=level)
    who = trail.event(entry, sample, trail.CREATED, {}, label="", via=trail.BULK)  # actor, via, request
    template = gettext(SCORE_LABEL)
    evaluation_labels = {}
    lines = io.StringIO()
    for evaluation, indicator, level in levels:
        if evaluation.pk not in evaluation_labels:
            evaluation_labels[evaluation.pk] = str(evaluation)
        label = template % {"evaluation": evaluation_labels[evaluation.pk], "number": indicator.number}
        lines.write(f"{evaluation.pk}\t{indicator.pk}\t{level}\t{_copy_text(label[:300])}\n")
    lines.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE incoming_levels "
            "(evaluation_id bigint, indicator_id bigint, level integer, label text) ON COMMIT DROP"
        )
        cursor.copy_expert("COPY incoming_levels FROM STDIN", lines)
        cursor.execute(
            INSERT_WITH_EVENTS,
            {
                "at": who.at,
                "actor": who.actor_id,
                "actor_label": who.actor_label,
                "via": who.via,
                "object_type": entry.object_type,
                "request_id": who.request_id,
            },
        )
        cursor.execute("DROP TABLE incoming_levels")


def _copy_text(value):
    """A value for COPY's text format: its backslashes, tabs and line ends escaped."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


INSERT_WITH_EVENTS = """
WITH new AS (
    INSERT INTO spbe_indicatorscore (evaluation_id, indicator_id, level, explanation, reviewer_comment)
    SELECT evaluation_id, indicator_id, level, '', '' FROM incoming_levels
    RETURNING id, evaluation_id, indicator_id, level
)
INSERT INTO livinglab_auditevent (
    at, actor_id, actor_label, action, via, object_type, object_id, object_label, about_user_id, changes,
    request_id
)
SELECT %(at)s, %(actor)s, %(actor_label)s, 'created', %(via)s, %(object_type)s, new.id::text,
       incoming_levels.label, NULL,
       jsonb_build_object(
           'evaluation', jsonb_build_array(NULL, new.evaluation_id),
           'indicator', jsonb_build_array(NULL, new.indicator_id),
           'level', jsonb_build_array(NULL, new.level)
       ),
       %(request_id)s
FROM new
JOIN incoming_levels USING (evaluation_id, indicator_id)
"""
