"""The benchmark's WSGI app: the portal, plus floor endpoints returning an API's JSON from one raw SQL
query (no ORM, no DRF): /floor/regencies/, /floor/evaluations/, /floor/rankings/, /floor/regency-spbe/<code>/
(read_floors.py) and /floor/practices/ (practices_floor.py). Serves only under the benchmark, never in
the product."""

from livinglab.wsgi import application as portal

from . import read_floors
from .practices_floor import practices as practices_floor


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/floor/practices/":
        return practices_floor(environ, start_response)
    answer = read_floors.application(environ, start_response)
    return portal(environ, start_response) if answer is None else answer
