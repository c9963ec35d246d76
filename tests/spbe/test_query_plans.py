"""The public evaluation list (its page and its count, one query) reads an index, not the whole table,
once the table is large.

Builds ten times today's evaluations (514 kabupaten/kota × 25 years × 2 sources, about 25,700 rows),
lets PostgreSQL vacuum it and gather its statistics as autovacuum would, then EXPLAINs every query the API really sends.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Committed rows: VACUUM (which lets the count read the index alone) cannot run inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ten_times_today(regions, framework_2020):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO spbe_evaluation (year, source, status, synthetic, published_predicate, source_url,
                note, index, predicate, created_at, updated_at, regency_id, framework_id, certainty,
                certainty_note, source_title)
            SELECT y, s,
                CASE WHEN s = 'official' THEN 'published'
                     ELSE (ARRAY['verified', 'draft', 'submitted', 'returned'])[1 + (y + length(r.code)) %% 4]
                END,
                false, '', '', '', 3.00, 'Baik', now(), now(), r.code, %s, 'primary', '', 'uji'
            FROM regencies_regency r, generate_series(2003, 2027) y,
                unnest(ARRAY['official', 'self_assessment']) s
            """,
            [framework_2020.pk],
        )
        cursor.execute("VACUUM ANALYZE spbe_evaluation")


def _plans(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    plans = []
    for query in ctx.captured_queries:
        sql = re.sub(r"^DECLARE \S+ NO SCROLL CURSOR WITHOUT HOLD FOR ", "", query["sql"])
        if "spbe_evaluation" in sql:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}")
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def test_the_public_list_and_its_count_read_the_public_order_index(ten_times_today, anon):
    plans = _plans(anon, "/api/v1/spbe/evaluations/")

    assert len(plans) == 1  # the page, which counts all rows too (COUNT(*) OVER ())
    page = plans[0]
    assert "Seq Scan on spbe_evaluation" not in page, page
    assert "evaluation_public_order" in page, page
    assert "Sort" not in page.split("evaluation_public_order")[0], page  # read in order, no sort
