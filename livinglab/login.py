"""A brake on password guessing for every log-in form (the portal's and the admin's): failures are
counted per account and per address, and past the limit the form is not even checked."""

from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

WINDOW_SECONDS = 15 * 60
# An address can hide a whole office behind one proxy, so it gets more room than one account.
LIMITS = {"account": 10, "address": 50}


def _counters(request):
    username = request.POST.get("username", "").strip().casefold()[:150]
    return {
        "account": f"login-failures:account:{username}",
        "address": f"login-failures:address:{request.META.get('REMOTE_ADDR', '')}",
    }


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
