"""Anonymous pages from the cache, until anything is written to the database.

Every anonymous reader of a page sees the same page (no CSRF token, no name, no message), so the
rendered page is kept in the cache and served to the next anonymous reader in a millisecond. It is
keyed by the content version: a number in the cache that changes whenever the database is written
through Django, by anything (a form, the admin, an import, a task in the worker, a `QuerySet.update()`,
a raw SQL statement). An execute wrapper on every database connection sees each INSERT, UPDATE and
DELETE: it changes the version at once and again when the transaction commits, so that a page rendered
from the rows before the commit cannot outlive it. Nothing is invalidated by hand, so nothing can be
forgotten. Writes from outside Django (psql, a restore) are covered by the expiry (PAGE_CACHE_SECONDS)
and by `manage.py restore`, which clears the cache.

Not cached: anyone logged in or with a session (they may see their own things), a request with
cookies other than the language and CSRF ones (a flash message), anything but GET/HEAD, a response
other than a 200 HTML page, and a response that sets a cookie or says private/no-store.
"""

import contextvars
import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import resolve
from django.utils import translation

VERSION_KEY = "page-cache:version"
# A write, also one inside a WITH (WITH new AS (INSERT INTO … RETURNING …) …): its first table.
WRITE = re.compile(
    r'^\s*(?:WITH\b.*?)?\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?([A-Za-z0-9_]+)',
    re.IGNORECASE | re.DOTALL,
)
# Written on reads or for no reader: never a reason to throw pages away.
IGNORED_TABLES = {"django_session", "django_cache", "livinglab_auditevent"}
HARMLESS_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
# The API answers JSON, never a page: no lookup here (its reads keep their answers under the same
# version inside the view, after the throttle: livinglab/api_answers.py).
NOT_PAGES = ("/api/",)

# Within a request the version is read once (the middleware opens the memo); outside one, every call reads.
_OUTSIDE = object()
_memo = contextvars.ContextVar("page_cache_version", default=_OUTSIDE)


def version():
    """The content version; a new one if the cache lost it (never an old one again)."""
    current = _memo.get()
    if current is None or current is _OUTSIDE:
        current = cache.get(VERSION_KEY)
        if current is None:
            cache.add(VERSION_KEY, time.time_ns())
            current = cache.get(VERSION_KEY)
        if _memo.get() is None:
            _memo.set(current)
    return current


def version_and(key):
    """(the content version, what the cache holds under `key` or None): one round trip when this
    request has not read the version yet."""
    current = _memo.get()
    if current is not None and current is not _OUTSIDE:
        return current, cache.get(key)
    found = cache.get_many([VERSION_KEY, key])
    return version_found(found), found.get(key)


def version_found(found):
    """The content version out of what a get_many() of VERSION_KEY (with other keys) found: a new one
    if the cache lost it. Remembered for the rest of the request."""
    if found.get(VERSION_KEY) is None:
        return version()
    if _memo.get() is None:
        _memo.set(found[VERSION_KEY])
    return found[VERSION_KEY]


def bump():
    new = time.time_ns()
    cache.set(VERSION_KEY, new, timeout=None)
    if _memo.get() is not _OUTSIDE:
        _memo.set(new)  # what this request reads next is keyed by its own write


def _bump_on_commit(connection):
    if not any(func is bump for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(bump, using=connection.alias)


def content_writes(execute, sql, params, many, context):
    """Execute wrapper: a write to a table a page may show changes the content version."""
    result = execute(sql, params, many, context)
    match = WRITE.match(sql) if isinstance(sql, str) else None
    if match and match.group(1).lower() not in IGNORED_TABLES:
        bump()
        connection = context["connection"]
        if connection.in_atomic_block:
            _bump_on_commit(connection)
    return result


def watch_connection(sender, connection, **kwargs):
    """connection_created receiver: every connection, in every process, reports its writes."""
    if content_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(content_writes)


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(NOT_PAGES)
        and not set(request.COOKIES) - HARMLESS_COOKIES
    )


def _cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not response.streaming
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _key(request):
    parts = [
        str(version()),
        translation.get_language(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    ]
    return "page-cache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class PageCacheMiddleware:
    """Serves and keeps anonymous pages (see the module's docstring). After the locale middleware: the
    language is part of the key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set(None)
        try:
            return self._respond(request)
        finally:
            _memo.reset(token)

    def _respond(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        response = cache.get(key)
        if response is not None:
            # The view was not reached: name its route for the metrics and the log all the same.
            request.resolver_match = resolve(request.path_info)
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        return response
