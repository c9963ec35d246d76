"""Helpers of the tests that compare a list built from `.values()` rows with its serializer."""

from django.test import RequestFactory
from rest_framework.request import Request

LANGUAGES = ["id", "en"]


def drf_request(path):
    """A request for a serializer's context (absolute links name the test server)."""
    return Request(RequestFactory().get(path))


def get_json(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()
