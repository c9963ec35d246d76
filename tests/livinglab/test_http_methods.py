"""Every portal page answers only the methods it handles: a PUT, DELETE (or, on a read-only page, a
POST) is a 405, for visitors and staff alike. Walks every named route, so a new page is covered."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Routes not ours to answer for here: the admin and the API (DRF answers 405 itself).
SKIPPED_NAMESPACES = {"admin", "api"}
SKIPPED_NAMES = {"schema", "api-docs"}

# Pages with a form: a POST is theirs to judge (saved, refused, redirected to log in), never a 405.
FORM_PAGES = {
    "login",
    "logout",
    "set_language",
    "token-rotate",
    "regencies:edit",
    "regencies:staff-role",
    "regencies:staff-remove",
    "spbe:import-new",
    "spbe:import-confirm",
    "spbe:self-assessment-new",
    "spbe:self-assessment",
    "spbe:self-assessment-evidence",
    "spbe:self-assessment-submit",
    "spbe:self-assessment-review",
    "practices:new",
    "practices:edit",
    "practices:publish",
    "practices:archive",
    "practices:document-new",
    "practices:document-delete",
    "discussion:list",
    "discussion:answer",
    "discussion:report",
    "discussion:hide",
    "discussion:unhide",
    "discussion:edit",
    "notifications:list",
    "notifications:read",
    "notifications:read-all",
    "notifications:follow-practice",
    "notifications:follow-regency",
    "practices:publiccode-import-new",
    "practices:publiccode-import",
    "replications:request",
    "replications:step",
    "spbe:evidence-visibility",
    "visits:new",
    "visits:commitment-request",
    "replications:version",
    "replications:step-document-new",
}


def _named_routes(patterns=None, namespace="", outer=()):
    """(name, patterns from the outermost include to the route itself) of every named route."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, inner, (*outer, entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIPPED_NAMES:
            yield f"{namespace}{entry.name}", (*outer, entry.pattern)


SAMPLE_KWARGS = {
    "code": "32.11",
    "slug": "contoh",
    "pk": 1,
    "year": 2024,
    "fmt": "csv",
    "layout": "long",
    "step_pk": 1,
    "document_pk": 1,
}


def _url(name, patterns):
    names = [key for p in patterns for key in (getattr(p, "converters", None) or p.regex.groupindex)]
    kwargs = {key: SAMPLE_KWARGS[key] for key in names}
    if name == "spbe:framework":
        kwargs["code"] = "permenpanrb-59-2020"
    return reverse(name, kwargs=kwargs)


ROUTES = sorted(_named_routes())


def test_the_walk_finds_the_pages():
    names = {name for name, _pattern in ROUTES}

    assert {"home", "regencies:list", "spbe:rankings", "spbe:evidence", "profile"} <= names
    assert names >= FORM_PAGES


@pytest.fixture(params=["anonymous", "pemda staff"])
def client(request, sumedang_manager, client_for, anon):
    return anon if request.param == "anonymous" else client_for(sumedang_manager)


@pytest.mark.parametrize(("name", "patterns"), ROUTES, ids=[name for name, _ in ROUTES])
def test_unhandled_methods_are_405(name, patterns, client):
    url = _url(name, patterns)

    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    if name not in FORM_PAGES:
        assert client.post(url).status_code == 405
    else:
        assert client.post(url).status_code in {200, 302, 400, 403, 404}
