"""The benchmark's WSGI app: the portal, plus /floor/rankings/ returning the ranking API's JSON
from one raw SQL query (no ORM, no DRF), and /floor/practices/ the practice search API's (see
practices_floor.py). Serves only under the benchmark, never in the product."""

import json
from urllib.parse import parse_qs

from django.db import connection

from livinglab.wsgi import application as portal

from .practices_floor import practices as practices_floor

RANKING_SQL = """
WITH current AS (
    SELECT e.id, e.regency_id, e."index", e.predicate, e.synthetic,
           RANK() OVER (ORDER BY e."index" DESC) AS rank
    FROM spbe_evaluation e
    WHERE e.year = %(year)s AND e.source = 'official' AND e."index" IS NOT NULL
), previous AS (
    SELECT e.regency_id, RANK() OVER (ORDER BY e."index" DESC) AS rank
    FROM spbe_evaluation e
    WHERE e.year = %(year)s - 1 AND e.source = 'official' AND e."index" IS NOT NULL
)
SELECT c.rank, p.rank, r.code, r.name, pr.code, pr.name, c."index", c.predicate, c.synthetic, c.id
FROM current c
JOIN regencies_regency r ON r.code = c.regency_id
JOIN regencies_province pr ON pr.code = r.province_id
LEFT JOIN previous p ON p.regency_id = c.regency_id
ORDER BY c.rank, r.name COLLATE "C"
"""


def floor(environ, start_response):
    year = int(parse_qs(environ.get("QUERY_STRING", "")).get("year", ["0"])[0])
    with connection.cursor() as cursor:
        cursor.execute(RANKING_SQL, {"year": year})
        rows = cursor.fetchall()
    results = [
        {
            "rank": rank,
            "previous_rank": previous,
            "movement": None if previous is None else previous - rank,
            "regency_code": code,
            "regency_name": name,
            "province_code": province_code,
            "province_name": province_name,
            "index": str(index),
            "predicate": predicate,
            "synthetic": synthetic,
            "evaluation": pk,
        }
        for rank, previous, code, name, province_code, province_name, index, predicate, synthetic, pk in rows
    ]
    body = json.dumps({"count": len(results), "next": None, "previous": None, "results": results}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/floor/rankings/":
        return floor(environ, start_response)
    if environ.get("PATH_INFO") == "/floor/practices/":
        return practices_floor(environ, start_response)
    return portal(environ, start_response)
