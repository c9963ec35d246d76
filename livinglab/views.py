import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from regencies import selectors
from regencies.forms import ConfirmForm
from regencies.permissions import membership_of
from regencies.services import api_token_for, api_token_rotate
from spbe import charts
from spbe import selectors as spbe_selectors

from .celery import app as celery_app
from .personal_data import person_export

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """What the portal knows: the national index, the pilot cohort's official standing, where to go
    next and, for staff, what waits for them."""
    national = spbe_selectors.national_series()
    user = request.user
    return render(
        request,
        "livinglab/home.html",
        {
            "counts": selectors.portal_counts(),
            "national": national,
            "trend": charts.national_chart(national),
            "pilot": spbe_selectors.cohort_standing(national=national),
            "frameworks": spbe_selectors.framework_list(),
            "tasks": spbe_selectors.staff_tasks(user) if user.is_authenticated else None,
        },
    )


@require_safe
@never_cache  # the answer sets a cookie: no proxy may hand it to someone else
def language(request):
    """The language switch, by GET: pages then carry no CSRF token, so an anonymous page is the same
    bytes for every visitor and its ETag lets a browser revalidate it (304) instead of downloading it.

    Sets the cookie as Django's set_language does; an unknown language changes nothing, and `next`
    leads back only to a page of this site.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: send them to the static file."""
    return redirect(static("favicon.ico"))


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_cache():
    cache.set("health-check", "ok", 10)
    if cache.get("health-check") != "ok":
        raise RuntimeError("cache did not return the value it was given")
    return "ok"


def _check_broker():
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
    return "ok"


@never_cache
@require_GET
def health(request):
    """State of the parts the portal needs: 200 when all are reachable, 503 naming what is down."""
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
    results, down = {}, []
    for name, check in checks.items():
        try:
            results[name] = {"status": check()}
        except Exception:  # any failure of a part means that part is down
            # The reason goes to the log: its text may name hosts and accounts the public must not see.
            logger.exception("health check: %s is down", name)
            results[name] = {"status": "down"}
            down.append(name)
    body = {"status": "down" if down else "ok", "down": down, "checks": results}
    return JsonResponse(body, status=503 if down else 200)


@require_safe
@login_required
def tasks(request):
    """Where staff land after logging in: what waits for them, by role."""
    return render(request, "accounts/tasks.html", {"tasks": spbe_selectors.staff_tasks(request.user)})


@require_safe
@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"membership": membership_of(request.user)})


@require_safe
@never_cache  # the page shows the API token: no browser or proxy may keep a copy
@login_required
def token(request):
    """The API token, shown only when its owner asks for it."""
    return render(request, "accounts/token.html", {"token": api_token_for(user=request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def token_rotate(request):
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        api_token_rotate(user=request.user)
        messages.success(request, _("Your API token was replaced. The old token no longer works."))
        return redirect("token")
    return render(request, "accounts/token_rotate.html", {"form": form})


@never_cache
@require_safe
@login_required
def my_data(request):
    """Everything the portal holds about the person asking, as a JSON file (UU PDP 27/2022)."""
    body = json.dumps(person_export(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"living-lab-data-saya-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Server error. Please try again later.")}, status=500)
    return render(request, "500.html", status=500)
