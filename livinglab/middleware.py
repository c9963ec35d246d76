from urllib.parse import unquote_plus

from django.conf import settings
from django.http import JsonResponse
from django.middleware import http
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages are in Indonesian unless the visitor chose another language with the switch (cookie).

    Browsers' Accept-Language is ignored on pages, so a portal of the Indonesian government opens in
    Indonesian everywhere; API clients still get messages in the language they ask for.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.path.startswith("/api/"):
            return super().process_response(request, response)
        # A page's language follows the cookie, never Accept-Language: a cache keys it by Cookie.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's ETag from the content and 304 on If-None-Match, for HEAD as well as GET.

    A HEAD here still carries the body the view rendered (the server drops it on the way out), so its
    ETag is the GET's: a client or checker asking with HEAD learns the same validator.
    """

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD"):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if etag or last_modified:
            return get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        return response


FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _has_nul(request):
    """A NUL byte anywhere a visitor can put text: the path, the query string (raw or %00) or a form field.

    Nothing legitimate carries one, and PostgreSQL refuses it in text, so left alone it reaches a filter
    or a save and ends in a 500.
    """
    if "\x00" in request.path_info or "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
        return True
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        return any("\x00" in key or "\x00" in value for key, value in _form_fields(request))
    return False


def _form_fields(request):
    for key, values in request.POST.lists():
        for value in values:
            yield key, value


class RejectNulMiddleware:
    """Answers a request with a NUL byte with a 400 (JSON under /api/) before any view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            message = _("The request contains a NUL character (byte zero), which no page or field accepts.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
