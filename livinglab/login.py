"""A brake on password guessing for every log-in form (the portal's and the admin's): failures are
counted per account and per address, and past the limit the form is not even checked.

Why not django-axes: it applies one failure limit to every lock-out parameter, so "10 per account and
50 per address" cannot be said; it needs its own authentication backend, middleware, tables and a
second proxy setting (ipware). This brake is one decorator; the admin lifts a pause (StaffUserAdmin).
"""

from functools import wraps

from django.contrib.auth.forms import UsernameField
from django.core.cache import cache
from django.shortcuts import render

from .client_ip import client_ip

WINDOW_SECONDS = 15 * 60
# An address can hide a whole office behind one proxy, so it gets more room than one account.
LIMITS = {"account": 10, "address": 50}


def account_key(username):
    """The account's counter, named as authentication resolves the name: the log-in form NFKC-normalises
    it (so "ｂrake2" logs in as "brake2") and no two accounts differ only by case (UserCreationForm)."""
    return f"login-failures:account:{UsernameField().to_python(username[:150]).casefold()}"


def _counters(request):
    return {
        "account": account_key(request.POST.get("username", "")),
        "address": f"login-failures:address:{client_ip(request)}",
    }


def pause_lift(username):
    """Forget an account's failed log-ins (the admin's action for a locked-out colleague)."""
    cache.delete(account_key(username))


def login_brake(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        counters = _counters(request)
        if any(cache.get(key, 0) >= LIMITS[kind] for kind, key in counters.items()):
            context = {"minutes": WINDOW_SECONDS // 60}
            return render(request, "registration/locked.html", context, status=429)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: the password was wrong
            for key in counters.values():
                cache.add(key, 0, WINDOW_SECONDS)
                cache.incr(key)
        else:
            cache.delete(counters["account"])
        return response

    return wrapped
