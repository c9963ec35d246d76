from django.db import connection
from django.test.utils import CaptureQueriesContext


def measure_get(client, url, params=None):
    """(number of queries, response) of one GET, which must succeed."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(ctx), response
