"""The floor of the practice list API for the benchmark: the JSON of
/api/v1/practices/?search=<one word>&page_size=<n> or /api/v1/practices/?page_size=<n> (first page, the
newest first) from one raw SQL query, no ORM, no DRF views. Serves only under the benchmark
(benchmarks/floor_wsgi.py), never in the product."""

import json
from urllib.parse import parse_qs

from django.db import connection
from django.utils import timezone
from rest_framework.utils.urls import replace_query_param

from knowledge.practices import search

SEARCH_SQL = """
WITH q AS (SELECT phraseto_tsquery('indonesian', %(word)s) AS query)
SELECT p.slug, p.title, p.title_en, p.summary, p.summary_en, p.kind, p.status, p.sustainability, p.demo,
       r.code, r.name, pr.code, pr.name, p.launched_on, p.reviewed_on, p.published_at, p.updated_at,
       ts_headline('indonesian', concat(
           replace(replace(p.summary, E'\\x02', ''), E'\\x03', ''), ' \n ',
           replace(replace(p.body, E'\\x02', ''), E'\\x03', ''), ' \n ',
           replace(replace(p.problem, E'\\x02', ''), E'\\x03', ''), ' \n ',
           replace(replace(p.results, E'\\x02', ''), E'\\x03', ''), ' \n '),
           q.query,
           'StartSel=''\x02'', StopSel=''\x03'', MaxWords=30, MinWords=12, MaxFragments=2, '
           'FragmentDelimiter='' … '''),
       count(*) OVER ()
FROM knowledge_practice p
JOIN regencies_regency r ON r.code = p.regency_id
JOIN regencies_province pr ON pr.code = r.province_id
CROSS JOIN q
WHERE p.status = 'published' AND p.search_vector @@ q.query
ORDER BY ts_rank(p.search_vector, q.query) DESC, p.published_at DESC, p.id DESC
LIMIT %(size)s
"""

LIST_SQL = """
SELECT p.slug, p.title, p.title_en, p.summary, p.summary_en, p.kind, p.status, p.sustainability, p.demo,
       r.code, r.name, pr.code, pr.name, p.launched_on, p.reviewed_on, p.published_at, p.updated_at,
       NULL, count(*) OVER ()
FROM knowledge_practice p
JOIN regencies_regency r ON r.code = p.regency_id
JOIN regencies_province pr ON pr.code = r.province_id
WHERE p.status = 'published'
ORDER BY p.published_at DESC, p.id DESC
LIMIT %(size)s
"""


def _moment(value):
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(value):
    return value.isoformat() if value else None


def practices(environ, start_response):
    params = parse_qs(environ.get("QUERY_STRING", ""))
    word, size = params.get("search", [""])[0], int(params.get("page_size", ["50"])[0])
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_SQL if word else LIST_SQL, {"word": word, "size": size})
        rows = cursor.fetchall()
    host = f"http://{environ['HTTP_HOST']}"
    results = [
        {
            "slug": row[0],
            "url": f"{host}/api/v1/practices/{row[0]}/",
            "html_url": f"{host}/practices/{row[0]}/",
            "title": row[1],
            "title_en": row[2],
            "summary": row[3],
            "summary_en": row[4],
            "kind": row[5],
            "status": row[6],
            "sustainability": row[7],
            "demo": row[8],
            "demo_label": "contoh" if row[8] else "",
            "regency": {"code": row[9], "name": row[10], "province": {"code": row[11], "name": row[12]}},
            "launched_on": _day(row[13]),
            "reviewed_on": _day(row[14]),
            "published_at": _moment(row[15]),
            "updated_at": _moment(row[16]),
            "snippet": str(search.highlight(row[17])) if word else "",
        }
        for row in rows
    ]
    count = rows[0][-1] if rows else 0
    api_url = f"{host}/api/v1/practices/?{environ.get('QUERY_STRING', '')}"
    body = json.dumps(
        {
            "count": count,
            "next": replace_query_param(api_url, "page", 2) if count > size else None,
            "previous": None,
            "results": results,
        }
    ).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
