"""The OpenAPI schema tells the truth: schemathesis reads /api/schema/ through the WSGI app, generates
requests for every GET operation (valid and invalid ones) and runs its default checks on the answers
(no 500; status codes, bodies and headers as documented; valid input accepted, invalid input refused;
auth as declared), as an anonymous client, on the real regions, frameworks and published results.
Bounded to stay well under two minutes."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, assume, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from livinglab.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_MODE = 15


@pytest.fixture
def portal_data(regions, settings):
    from knowledge.practices.demo import demo_practices_load
    from knowledge.practices.services import rb_themes_load
    from spbe.services import frameworks_load, published_results_load

    settings.API_ANON_THROTTLE_RATE = "1000000/minute"  # the throttle has its own tests
    frameworks_load()
    published_results_load()
    rb_themes_load()
    demo_practices_load()
    # As Django's test client does: a request must not close the connection that holds the test's
    # transaction (Django closes old connections when a request starts and ends).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _check(operation, mode):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        derandomize=True,  # the same requests on every run: a failure here is never a fluke
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        if mode is GenerationMode.POSITIVE:
            # OpenAPI 3.0 cannot say that one query parameter requires another; the schema says in
            # words that scope=cohort needs `cohort` (else a 400 naming it), and the generator is
            # taught the same rule here.
            assume(not (case.query and case.query.get("scope") == "cohort" and not case.query.get("cohort")))
        case.call_and_validate()

    try:
        check()
    except Unsatisfiable:
        # Negative mode: the operation has no parameter a request could get wrong (a path parameter
        # that is any string, or none at all), so there is no invalid request to send.
        assert mode is GenerationMode.NEGATIVE


def test_every_get_operation_answers_as_documented(portal_data):
    # Loaded in the test, after the data: the schema lists the codes and slugs that exist.
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).include(method="GET")
    failures = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _check(operation, mode)
            except (Exception, BaseExceptionGroup) as failure:  # every failure is reported, by operation
                failures[f"{operation.label} ({mode.value})"] = str(failure)[:3000]

    assert len(operations) >= 12
    assert failures == {}, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
