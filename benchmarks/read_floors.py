"""Floors of the read endpoints: the same JSON as the API, from one raw SQL query each, no ORM and no DRF.

What the product could not beat: a query written by hand and `json.dumps`. benchmarks/read_path.py checks
that each floor returns the API's JSON and compares their throughput. Served by benchmarks/floor_wsgi.py,
never by the product. Labels come from the product's translation catalogue, in the language an anonymous
reader gets (Indonesian).
"""

import json
from urllib.parse import parse_qs, urlencode

from django.db import connection
from django.utils import translation

from spbe.models import Certainty, Evaluation
from spbe.scoring import MISMATCH_TOLERANCE

REGENCIES_SQL = """
SELECT r.code, r.name, r.kind, p.code, p.name,
       COALESCE((SELECT json_agg(json_build_object('slug', c.slug, 'name', c.name)
                                 ORDER BY c.started_on DESC, c.name)
                 FROM regencies_cohort_members m JOIN regencies_cohort c ON c.id = m.cohort_id
                 WHERE m.regency_id = r.code), '[]'),
       r.website, r.description, COUNT(*) OVER ()
FROM regencies_regency r JOIN regencies_province p ON p.code = r.province_id
ORDER BY r.code LIMIT %(limit)s OFFSET %(offset)s
"""

EVALUATION_COLUMNS = """
e.id, r.code, r.name, e.year, f.code, e.source, e.status, e.synthetic, e.published_index,
e.computed_index, e."index", e.predicate, e.source_title, e.source_url, e.certainty, e.certainty_note
"""

EVALUATIONS_SQL = f"""
SELECT {EVALUATION_COLUMNS}, COUNT(*) OVER ()
FROM spbe_evaluation e
JOIN regencies_regency r ON r.code = e.regency_id
JOIN spbe_framework f ON f.id = e.framework_id
WHERE e.source = 'official' OR e.status = 'verified'
ORDER BY e.year DESC, e.regency_id LIMIT %(limit)s OFFSET %(offset)s
"""

REGENCY_SPBE_SQL = f"""
SELECT 'evaluation', {EVALUATION_COLUMNS}, NULL
FROM spbe_evaluation e
JOIN regencies_regency r ON r.code = e.regency_id
JOIN spbe_framework f ON f.id = e.framework_id
WHERE e.regency_id = %(code)s AND (e.source = 'official' OR e.status = 'verified')
UNION ALL
SELECT 'national', NULL, NULL, NULL, n.year, NULL, NULL, NULL, NULL, NULL, NULL, n."index", n.predicate,
       n.source_title, n.source_url, n.certainty, n.certainty_note, json_build_array(n.framework_name, n.note)
FROM spbe_nationalindex n
UNION ALL
SELECT 'regency', NULL, r.code, r.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL
FROM regencies_regency r WHERE r.code = %(code)s
ORDER BY 1, 5, 7
"""

RANKINGS_SQL = """
WITH current AS (
    SELECT e.*, RANK() OVER (ORDER BY e."index" DESC) AS rank
    FROM spbe_evaluation e
    WHERE e.year = %(year)s AND e.source = 'official' AND e."index" IS NOT NULL AND e.certainty <> 'unverified'
), previous AS (
    SELECT e.regency_id, RANK() OVER (ORDER BY e."index" DESC) AS rank
    FROM spbe_evaluation e
    WHERE e.year = %(year)s - 1 AND e.source = 'official' AND e."index" IS NOT NULL
      AND e.certainty <> 'unverified'
)
SELECT c.rank, p.rank, r.code, r.name, pr.code, pr.name, c."index", c.predicate, c.synthetic, c.id,
       f.code, f.name, c.source, c.source_title, c.source_url, c.certainty,
       EXISTS (SELECT 1 FROM spbe_evaluation b WHERE b.regency_id = c.regency_id AND b.source = 'official'
               AND b.year < c.year AND b."index" IS NOT NULL AND b.certainty <> 'unverified'),
       EXISTS (SELECT 1 FROM spbe_predicateband band WHERE band.framework_id = c.framework_id),
       COUNT(*) OVER ()
FROM current c
JOIN regencies_regency r ON r.code = c.regency_id
JOIN regencies_province pr ON pr.code = r.province_id
JOIN spbe_framework f ON f.id = c.framework_id
LEFT JOIN previous p ON p.regency_id = c.regency_id
ORDER BY c.rank, r.name
LIMIT %(limit)s OFFSET %(offset)s
"""


def _query(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page(environ):
    query = {key: values[-1] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    size = min(int(query.get("page_size", 50)), 1000)
    number = int(query.get("page", 1))
    return query, size, number


def _link(environ, path, query, number):
    """DRF's next/previous link: the query, sorted, with `page` only past the first page."""
    query = {key: value for key, value in query.items() if key != "page"}
    if number > 1:
        query["page"] = str(number)
    encoded = urlencode(sorted(query.items()))
    return f"http://{environ['HTTP_HOST']}{path}" + (f"?{encoded}" if encoded else "")


def _paginated(environ, path, rows, count, size, number, query):
    more = number * size < count
    return {
        "count": count,
        "next": _link(environ, path, query, number + 1) if more else None,
        "previous": _link(environ, path, query, number - 1) if number > 1 else None,
        "results": rows,
    }


def _decimal(value):
    return None if value is None else str(value)


def _labels():
    certainty = {value: str(label) for value, label in Certainty.choices}
    kinds = {
        (source, status): str(Evaluation.kind_label_of(source, status))
        for source in Evaluation.Source.values
        for status in Evaluation.Status.values
    }
    return certainty, kinds


def _cited(certainty_labels, title, url, certainty, note):
    return {
        "source_title": title,
        "source_url": url,
        "certainty": certainty,
        "certainty_label": certainty_labels.get(certainty, certainty),
        "certainty_note": note,
    }


def regencies(environ):
    query, size, number = _page(environ)
    rows = _query(REGENCIES_SQL, {"limit": size, "offset": (number - 1) * size})
    host = environ["HTTP_HOST"]
    results = [
        {
            "code": code,
            "name": name,
            "kind": kind,
            "province": {"code": province_code, "name": province_name},
            "cohorts": cohorts,
            "website": website,
            "description": description,
            "url": f"http://{host}/api/v1/regencies/{code}/",
        }
        for code, name, kind, province_code, province_name, cohorts, website, description, _ in rows
    ]
    count = rows[0][-1] if rows else 0
    return _paginated(environ, "/api/v1/regencies/", results, count, size, number, query)


def evaluations(environ):
    query, size, number = _page(environ)
    rows = _query(EVALUATIONS_SQL, {"limit": size, "offset": (number - 1) * size})
    certainty_labels, kinds = _labels()
    host = environ["HTTP_HOST"]
    results = []
    for (pk, code, name, year, framework, source, status, synthetic, published, computed, index,
         predicate, title, url, certainty, note, _) in rows:  # fmt: skip
        mismatch = (
            published is not None and computed is not None and abs(published - computed) > MISMATCH_TOLERANCE
        )
        results.append(
            {
                "id": pk,
                "regency": {"code": code, "name": name},
                "year": year,
                "framework": framework,
                "source": source,
                "source_label": kinds[source, status],
                "status": status,
                "synthetic": synthetic,
                "published_index": _decimal(published),
                "computed_index": _decimal(computed),
                "index": _decimal(index),
                "predicate": predicate,
                "index_mismatch": mismatch,
                **_cited(certainty_labels, title, url, certainty, note),
                "url": f"http://{host}/api/v1/spbe/evaluations/{pk}/",
            }
        )
    count = rows[0][-1] if rows else 0
    return _paginated(environ, "/api/v1/spbe/evaluations/", results, count, size, number, query)


def regency_spbe(environ, code):
    certainty_labels, kinds = _labels()
    body = {"regency": None, "evaluations": [], "national": []}
    for (kind, pk, regency_code, name, year, framework, source, status, synthetic, _published, _computed,
         index, predicate, title, url, certainty, note, national) in _query(REGENCY_SPBE_SQL, {"code": code}):  # fmt: skip
        if kind == "regency":
            body["regency"] = {"code": regency_code, "name": name}
        elif kind == "evaluation":
            body["evaluations"].append(
                {
                    "id": pk,
                    "year": year,
                    "framework": framework,
                    "source": source,
                    "source_label": kinds[source, status],
                    "status": status,
                    "index": _decimal(index),
                    "predicate": predicate,
                    "synthetic": synthetic,
                    **_cited(certainty_labels, title, url, certainty, note),
                }
            )
        else:
            framework_name, national_note = national
            body["national"].append(
                {
                    "year": year,
                    "index": _decimal(index),
                    "predicate": predicate,
                    "framework_name": framework_name,
                    "note": national_note,
                    "source": title,
                    **_cited(certainty_labels, title, url, certainty, note),
                }
            )
    return body


def rankings(environ):
    query, size, number = _page(environ)
    year = int(query["year"])
    rows = _query(RANKINGS_SQL, {"year": year, "limit": size, "offset": (number - 1) * size})
    certainty_labels, kinds = _labels()
    results = []
    for (rank, previous, code, name, province_code, province_name, index, predicate, synthetic, pk,
         framework, framework_name, source, title, url, certainty, ranked_before, has_predicates, _) in rows:  # fmt: skip
        results.append(
            {
                "rank": rank,
                "previous_rank": previous,
                "movement": None if previous is None else previous - rank,
                "new": not ranked_before,
                "evaluation": pk,
                "index": str(index),
                "predicate": predicate,
                "synthetic": synthetic,
                "regency_code": code,
                "regency_name": name,
                "province_code": province_code,
                "province_name": province_name,
                "framework": framework,
                "framework_name": framework_name,
                "source": source,
                "source_title": title,
                "source_url": url,
                "certainty": certainty,
                "framework_defines_predicates": has_predicates,
                "source_label": kinds[source, Evaluation.Status.VERIFIED],
                "certainty_label": certainty_labels.get(certainty, certainty),
            }
        )
    count = rows[0][-1] if rows else 0
    return _paginated(environ, "/api/v1/spbe/rankings/", results, count, size, number, query)


ROUTES = {
    "/floor/regencies/": regencies,
    "/floor/evaluations/": evaluations,
    "/floor/rankings/": rankings,
}


def application(environ, start_response):
    """The floor of `environ`'s path, or None if it has none."""
    path = environ.get("PATH_INFO", "")
    if path in ROUTES:
        build = ROUTES[path]
        args = ()
    elif path.startswith("/floor/regency-spbe/"):
        build = regency_spbe
        args = (path.removeprefix("/floor/regency-spbe/").strip("/"),)
    else:
        return None
    with translation.override("id"):
        data = build(environ, *args)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
