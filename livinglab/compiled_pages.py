"""Anonymous list pages run their query without building it again.

Building a list's query costs more than running it: validating the filter form, applying the filters,
turning the ORM's expressions into SQL (a search with its ranking and snippets is most of a request).
For the same URL, in the same language, while the database has not been written (the page cache's
content version, livinglab/page_cache.py), the SQL is the same. So the compiled query of a page read
anonymously is kept, per process and thread, and the next anonymous read of that URL runs it directly:
the rows still come from the database at every request, only the SQL is not written again.

Only anonymous reads: what a logged-in user sees may depend on who they are (drafts of their pemda).
Only pages that were answered: an error is worked out again every time.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import translation

from . import page_cache

KEPT = 256  # pages per thread; the oldest goes first
_local = threading.local()


class CompiledQuery:
    """A `.values()` queryset turned into SQL once, run as often as asked: its rows as dicts, converted
    as the queryset would convert them."""

    def __init__(self, queryset):
        query = queryset.query
        self.using = queryset.db
        self.compiler = query.get_compiler(using=self.using)
        try:
            self.sql, self.params = self.compiler.as_sql()
        except EmptyResultSet:  # a filter that leaves nothing (e.g. .none()): no query at all
            self.sql, self.params = None, ()
        if query.selected:
            self.names = list(query.selected)
        else:
            self.names = [*query.extra_select, *query.values_select, *query.annotation_select]

    def rows(self):
        if self.sql is None:
            return []
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            fetched = cursor.fetchall()
        if self.compiler.has_extra_select:  # columns added for the ordering only
            fetched = [row[: self.compiler.col_count] for row in fetched]
        return [
            dict(zip(self.names, row, strict=True)) for row in self.compiler.results_iter(results=[fetched])
        ]


@dataclass(frozen=True)
class CompiledPage:
    query: CompiledQuery
    number: int
    per_page: int
    state: object  # what the view needs beyond the rows to write them (a search's phrases)


def _pages():
    pages = getattr(_local, "pages", None)
    if pages is None:
        pages = _local.pages = OrderedDict()
    return pages


def key(request):
    """What a compiled page of this request is kept under; None for a request that is not an
    anonymous read. Read once per request, before the query is built: a write meanwhile gives a
    new content version, under which this page is never looked for."""
    user = getattr(request, "user", None)
    if request.method not in ("GET", "HEAD") or user is None or user.is_authenticated:
        return None
    return (request.get_full_path(), translation.get_language(), page_cache.version())


def get(key):
    """The compiled page kept under `key`, or None."""
    if key is None:
        return None
    pages = _pages()
    page = pages.get(key)
    if page is not None:
        pages.move_to_end(key)
    return page


def keep(key, page):
    if key is None:
        return
    pages = _pages()
    pages[key] = page
    pages.move_to_end(key)
    while len(pages) > KEPT:
        pages.popitem(last=False)


def forget_all():
    """For tests: start with no compiled pages in this thread."""
    _pages().clear()
