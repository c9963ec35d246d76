"""Anonymous API reads answered from the cache, until anything is written to the database.

What an anonymous client reads at a URL is the same for every anonymous client, in the same language,
until the database is written. So the data of such an answer (what the view hands to the renderer) is
kept in the cache under the page cache's content version (livinglab/page_cache.py), and the next
anonymous read of that URL is rendered from it without a query. Any write through Django gives a new
version, and an answer kept under an older one is not used; writes from outside Django (psql, a restore)
are covered by the same expiry as pages (PAGE_CACHE_SECONDS) and by `manage.py restore`.

It happens inside the view, after DRF has authenticated, checked permissions and counted the request
against the throttle: a cached answer is still throttled. With Redis, the throttle fetches the content
version and the kept answer in the round trip that counts the request (`lookup()`). Only anonymous
GET/HEAD: what a logged-in user or an API token sees may depend on who they are (drafts of their
pemda). Only answers: an error (a 400, a 404) is worked out again at every request and never kept.

    def list(self, request):
        return Response(api_answers.answer(request, self.answer_data))
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.functional import Promise

from . import page_cache


def key(request):
    """What the answer to this request is kept under, or None for a request that is not an anonymous
    read. One entry per URL, language and host: a newer answer replaces an older one."""
    user = getattr(request, "user", None)
    if (
        settings.PAGE_CACHE_SECONDS <= 0
        or request.method not in ("GET", "HEAD")
        or user is None
        or user.is_authenticated
    ):
        return None
    # Links in the answer are absolute: scheme and host are part of it.
    parts = [
        translation.get_language(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    ]
    return "api-answer:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Lookup:
    """The answer's lookup, made by the throttle in its own round trip (livinglab/api_throttling.py)."""

    key: str
    found: dict | None = None

    @property
    def keys(self):
        return [page_cache.VERSION_KEY, self.key]


def lookup(request):
    """For the throttle, which counts an anonymous API request before the view runs: the keys to
    fetch with its count, so that the view finds its kept answer without another round trip. None
    for a request that is not an anonymous read."""
    kept_under = key(request)
    if kept_under is None:
        return None
    request.answer_lookup = Lookup(kept_under)
    return request.answer_lookup


def answer(request, build):
    """The data `build()` returns for this request, from the cache when an anonymous client read the
    same URL under the same content version. An exception in build() (a 400, a 404) keeps nothing.

    The answer is kept with the version read before it was worked out: if a write came meanwhile, the
    version is newer at the next read, and the answer is worked out again."""
    prefetched = getattr(request, "answer_lookup", None)  # made by the throttle for this request
    kept_under = prefetched.key if prefetched is not None else key(request)
    if kept_under is None:
        return build()
    if prefetched is not None and prefetched.found is not None:
        version, kept = page_cache.version_found(prefetched.found), prefetched.found.get(kept_under)
    else:
        version, kept = page_cache.version_and(kept_under)
    if kept is not None and kept[0] == version:
        return kept[1]
    data = plain(build())
    cache.set(kept_under, (version, data), timeout=settings.PAGE_CACHE_SECONDS)
    return data


def plain(data):
    """The data with every lazy translation turned into its text (in the language of the request, part
    of the key): unpickling a lazy object rebuilds its proxy class, slower than working out the answer."""
    if isinstance(data, Promise):
        return str(data)
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [plain(value) for value in data]
    return data
