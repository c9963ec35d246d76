"""Smoke test of the production topology that deploy/prod-check.sh starts: everything a visitor, a
pemda's staff and the operator rely on, through nginx (and straight at each gunicorn instance where
the point is that two instances share state). Stops at the first failure with a clear message."""

import gzip
import http.client
import json
import os
import re
import ssl
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ["PRODCHECK_WORK"])
HTTP, HTTPS = int(os.environ["PRODCHECK_HTTP"]), int(os.environ["PRODCHECK_HTTPS"])
APP_A, APP_B = int(os.environ["PRODCHECK_APP_A"]), int(os.environ["PRODCHECK_APP_B"])
ADMIN, PASSWORD = os.environ["PRODCHECK_ADMIN_USER"], os.environ["PRODCHECK_ADMIN_PASSWORD"]
PUBLIC = f"https://localhost:{HTTPS}"


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = {name.lower(): value for name, value in raw.getheaders()}
        self.cookies = raw.msg.get_all("Set-Cookie") or []
        self.body = raw.read()

    @property
    def text(self):
        data = gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body
        return data.decode("utf-8", "replace")


class Browser:
    """A client with a cookie jar, talking to nginx over TLS, or straight to one gunicorn instance with
    the headers nginx would add."""

    def __init__(self):
        self.cookies = {}
        self.tls = ssl.create_default_context(cafile=str(WORK / "tls.crt"))

    def request(self, method, path, *, via="nginx", body=None, headers=None):
        if via == "nginx":
            conn = http.client.HTTPSConnection("localhost", HTTPS, context=self.tls, timeout=60)
            sent = {}
        elif via == "http":
            conn = http.client.HTTPConnection("127.0.0.1", HTTP, timeout=60)
            sent = {}
        else:  # a gunicorn port: what nginx would send
            conn = http.client.HTTPConnection("127.0.0.1", via, timeout=60)
            sent = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        sent["Host"] = f"localhost:{HTTPS}" if via != "http" else f"localhost:{HTTP}"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent["Origin"], sent["Referer"] = PUBLIC, PUBLIC + path
        sent.update(headers or {})
        conn.request(method, path, body=body, headers=sent)
        response = Response(conn.getresponse())
        conn.close()
        for cookie in response.cookies:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields, **kwargs):
        body = urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def csrf_token(self, path, **kwargs):
        page = self.get(path, **kwargs)
        check(page.status == 200, f"GET {path}: {page.status}")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        check(found, f"GET {path}: no CSRF token in the form")
        return found.group(1)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def log_lines(name):
    return (WORK / "logs" / name).read_text(errors="replace").splitlines()


def wait_until(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise CheckFailed(message)


# The checks ------------------------------------------------------------------------------------


def redirect_to_https(browser):
    response = browser.get("/spbe/?x=1", via="http")
    check(response.status == 301, f"HTTP answered {response.status}, not 301")
    check(
        response.headers["location"] == f"{PUBLIC}/spbe/?x=1", f"redirect to {response.headers['location']}"
    )
    return "HTTP -> HTTPS 301 with path and query"


def home_page_gzip_and_request_id(browser):
    response = browser.get("/", headers={"Accept-Encoding": "gzip"})
    check(response.status == 200, f"home page: {response.status}")
    check("Digital Service Living Lab" in response.text, "home page without its title")
    check(response.headers.get("content-encoding") == "gzip", "home page not gzipped")
    check("strict-transport-security" in response.headers, "no HSTS header")
    request_id = response.headers.get("x-request-id", "")
    check(re.fullmatch(r"[0-9a-f]{32}", request_id), f"request id {request_id!r} is not nginx's")

    def logged():
        for name in ("gunicorn-a.log", "gunicorn-b.log"):
            for line in log_lines(name):
                if request_id in line and line.startswith("{"):
                    entry = json.loads(line)
                    return entry["logger"] == "livinglab.request" and entry["status"] == 200
        return False

    wait_until(logged, 10, f"no JSON log line with request id {request_id}")
    return f"home page 200, gzip, HSTS, JSON log line with nginx's request id {request_id}"


def static_files_from_nginx(browser):
    page = browser.get("/")
    css = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    check(css, "no stylesheet on the home page")
    response = browser.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    check(response.status == 200, f"{css.group(1)}: {response.status}")
    check("x-request-id" not in response.headers, "static file went to the portal, not served by nginx")
    check(response.headers.get("content-encoding") == "gzip", "stylesheet not gzipped")
    check("immutable" in response.headers.get("cache-control", ""), "hashed stylesheet not cached for good")
    return f"{css.group(1)} from nginx, gzip, immutable"


def api_list_gzip_and_304(browser):
    path = "/api/v1/regencies/?page_size=1000"
    plain = browser.get(path)
    check(plain.status == 200, f"API: {plain.status}")
    check("content-encoding" not in plain.headers, "API compressed for a client that did not ask")
    response = browser.get(path, headers={"Accept-Encoding": "gzip"})
    check(response.status == 200, f"API with gzip: {response.status}")
    check(response.headers.get("content-encoding") == "gzip", "API list not gzipped")
    body = json.loads(response.text)
    check(body["count"] == 514 and len(body["results"]) == 514, f"API count {body['count']}")
    check(response.text.encode() == plain.body, "gzipped list differs from the plain one")
    ratio = len(plain.body) / len(response.body)
    check(ratio > 5, f"gzip only {ratio:.1f}x")
    # nginx weakens the portal's ETag when it compresses (W/"..."); the portal compares weakly.
    etag = response.headers.get("etag", "")
    check(etag, "API list without an ETag")
    again = browser.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    check(again.status == 304 and again.body == b"", f"If-None-Match {etag}: {again.status}")
    page = browser.get("/regencies/", headers={"Accept-Encoding": "gzip"})
    page_again = browser.get(
        "/regencies/", headers={"Accept-Encoding": "gzip", "If-None-Match": page.headers["etag"]}
    )
    check(page_again.status == 304, f"page revalidation: {page_again.status}")
    return (
        f"API lists 514 regencies, gzip {len(plain.body) // 1024} KB -> {len(response.body) // 1024} KB"
        f" ({ratio:.0f}x); 304 on If-None-Match {etag} for it and for a page"
    )


def token_page_uncompressed(browser):
    response = browser.get("/accounts/token/", headers={"Accept-Encoding": "gzip"})
    check(response.status == 200, f"token page: {response.status}")
    check("content-encoding" not in response.headers, "the API token's page is compressed (BREACH)")
    other = browser.get("/accounts/profile/", headers={"Accept-Encoding": "gzip"})
    check(other.headers.get("content-encoding") == "gzip", "a logged-in page is not compressed")
    return "the API token's page uncompressed, other logged-in pages gzip"


def client_address(browser):
    browser.get("/health/", headers={"X-Forwarded-For": "203.0.113.7"})
    seen = log_lines("gunicorn-a.access") + log_lines("gunicorn-b.access")
    check(seen, "gunicorn logged no access")
    check(not any("203.0.113.7" in line for line in seen), "a client's X-Forwarded-For reached the portal")
    check(all(line.startswith("xff=127.0.0.1 ") for line in seen), f"unexpected X-Forwarded-For: {seen[-1]}")
    return "X-Forwarded-For replaced by nginx with the client address (a forged one never reaches gunicorn)"


def login_shared_by_both_instances(browser):
    token = browser.csrf_token("/accounts/login/", via=APP_A)
    response = browser.post_form(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": ADMIN, "password": PASSWORD},
        via=APP_A,
    )
    check(response.status == 302, f"log-in on instance A: {response.status}")
    check("sessionid" in browser.cookies, "no session cookie after log-in")
    profile = browser.get("/accounts/profile/", via=APP_B)
    check(
        profile.status == 200 and ADMIN in profile.text,
        f"instance B does not know the session: {profile.status}",
    )
    through = browser.get("/accounts/profile/")
    check(through.status == 200, f"profile through nginx: {through.status}")
    return f"logged in on instance A ({APP_A}), recognised on instance B ({APP_B}) and through nginx"


def login_brake_across_both():
    browser = Browser()
    token = browser.csrf_token("/accounts/login/", via=APP_A)
    form = {"csrfmiddlewaretoken": token, "username": "brake-check", "password": "wrong"}
    statuses = [
        browser.post_form("/accounts/login/", form, via=(APP_A, APP_B)[i % 2]).status for i in range(10)
    ]
    check(statuses == [200] * 10, f"failed log-ins answered {statuses}")
    paused = [browser.post_form("/accounts/login/", form, via=port).status for port in (APP_A, APP_B)]
    check(paused == [429, 429], f"after 10 failures (5 on each instance) log-in answered {paused}")
    return "10 failed log-ins, alternating A and B, pause log-in on both (429)"


def body_limit(browser):
    token = browser.csrf_token("/spbe/imports/new/")
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token}, {"file": ("besar.csv", b"x" * (13 * 1024 * 1024))}
    )
    response = browser.request(
        "POST", "/spbe/imports/new/", body=body, headers={"Content-Type": content_type}
    )
    check(response.status == 413, f"a 13 MB upload answered {response.status}, not 413")
    return "a 13 MB request body is refused by nginx (413)"


def import_through_the_worker(browser):
    token = browser.csrf_token("/spbe/imports/new/")
    data = b"regency_code,year,framework,index,predicate,source_url\n32.04,2023,permenpanrb-59-2020,3.10,,https://prod-check.invalid/\n"
    fields = {
        "csrfmiddlewaretoken": token,
        # Every import names its source (issue 7): a citizen reads where each figure comes from.
        "source_title": "Prod-check: an import through the whole topology",
        "source_url": "https://prod-check.invalid/",
        "certainty": "official",
    }
    body, content_type = multipart(fields, {"file": ("prod-check.csv", data)})
    response = browser.request(
        "POST", "/spbe/imports/new/", body=body, headers={"Content-Type": content_type}
    )
    check(response.status == 302, f"dry run: {response.status} {response.text[:300]}")
    detail = response.headers["location"]
    job = re.search(r"/spbe/imports/(\d+)/", detail).group(1)
    progress = json.loads(browser.get(f"/spbe/imports/{job}/progress/").text)
    check(progress["status"] == "checked", f"dry run status {progress['status']}")
    token = browser.csrf_token(detail)
    response = browser.post_form(
        f"/spbe/imports/{job}/confirm/", {"csrfmiddlewaretoken": token, "confirm": "on"}
    )
    check(response.status == 302, f"confirm: {response.status}")
    state = {}

    def finished():
        state.update(json.loads(browser.get(f"/spbe/imports/{job}/progress/").text))
        return state["finished"]

    wait_until(finished, 60, f"import {job} not finished within 60 s: {state}")
    check(state["status"] == "done" and state["created"] == 1, f"import ended {state}")
    wait_until(
        lambda: any("import_run_task" in line and "succeeded" in line for line in log_lines("worker.log")),
        10,
        "the worker's log does not show the import",
    )
    return f"import {job}: dry run, confirmed, run by the worker, done (1 created)"


def _django():
    """Django set up in this process, on the topology's database and Redis (from the environment)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def task_round_trip():
    _django()
    from livinglab.celery import ping

    check(ping.delay().get(timeout=30) == "pong", "livinglab.ping did not come back")
    return "livinglab.ping round trip through Redis and the worker"


def beat_sends_to_the_worker():
    wait_until(
        lambda: any("Sending due task requeue stale imports" in line for line in log_lines("beat.log")),
        30,
        "beat sent no periodic task",
    )
    wait_until(
        lambda: any(
            "spbe.import_requeue_stale" in line and "succeeded" in line for line in log_lines("worker.log")
        ),
        30,
        "the worker did not run beat's task",
    )
    return "beat sent 'requeue stale imports', the worker ran it"


def notification_through_the_worker():
    """A practice published: its follower's e-mail is sent by the worker (the console backend writes it
    to the worker's log), once, and the notification is marked as e-mailed."""
    _django()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from knowledge.models import Follow, Notification
    from knowledge.notifications.services import notify
    from knowledge.practices.models import Practice
    from regencies.models import Regency

    address = "pengikut@prod-check.invalid"
    follower, _ = get_user_model().objects.get_or_create(username="prod-check-follower", email=address)
    regency = Regency.objects.get(code="32.11")
    Follow.objects.get_or_create(user=follower, regency=regency)
    with transaction.atomic():
        practice = Practice.objects.create(
            regency=regency,
            slug="prod-check-practice",
            title="Prod-check practice",
            summary="Published by the smoke test.",
            kind=Practice.Kind.APPLICATION,
            status=Practice.Status.PUBLISHED,
        )
        (notification,) = notify(event="practice_published", subject=practice)  # e-mailed on commit
    state = {}

    def emailed():
        state["emailed_at"] = Notification.objects.get(pk=notification.pk).emailed_at
        return state["emailed_at"] is not None

    wait_until(emailed, 60, "the worker did not e-mail the notification within 60 s")
    sent = sum(f"To: {address}" in line for line in log_lines("worker.log"))
    check(sent == 1, f"the follower's e-mail was written {sent} times, not once")
    return "a practice published: its follower's e-mail sent once by the worker, marked e-mailed"


def metrics_closed_and_counting(browser):
    anonymous = Browser().get("/metrics")
    check(anonymous.status == 403, f"/metrics for anonymous: {anonymous.status}")
    token = os.environ["METRICS_TOKEN"]
    response = Browser().get("/metrics", headers={"Authorization": f"Bearer {token}"})
    check(response.status == 200, f"/metrics with the token: {response.status}")
    text = response.text
    for expected in [
        'livinglab_http_requests_total{method="GET",route="home",status="200"}',
        'livinglab_celery_tasks_total{state="succeeded",task="spbe.tasks.import_run_task"} 1.0',
        "livinglab_celery_queue_length ",
        'livinglab_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="api:regency-list"}',
    ]:
        check(expected in text, f"/metrics lacks {expected}")
    return "/metrics 403 without the token; with it: requests per route, latency, tasks, queue length"


def health(browser):
    response = browser.get("/health/")
    body = json.loads(response.text)
    check(response.status == 200 and body["checks"]["broker"] == {"status": "ok"}, f"/health/: {body}")
    return "/health/ 200: database, cache, broker ok"


def main():
    admin = Browser()
    steps = [
        lambda: redirect_to_https(Browser()),
        lambda: home_page_gzip_and_request_id(Browser()),
        lambda: static_files_from_nginx(Browser()),
        lambda: api_list_gzip_and_304(Browser()),
        lambda: health(Browser()),
        lambda: client_address(Browser()),
        lambda: login_shared_by_both_instances(admin),
        lambda: token_page_uncompressed(admin),
        login_brake_across_both,
        lambda: body_limit(admin),
        lambda: import_through_the_worker(admin),
        task_round_trip,
        beat_sends_to_the_worker,
        notification_through_the_worker,
        lambda: metrics_closed_and_counting(admin),
    ]
    for step in steps:
        try:
            outcome = step()
            print(f"ok: {outcome}", flush=True)
        except CheckFailed as failure:
            print(f"FAILED: {failure}", flush=True)
            return 1
    print(f"smoke: {len(steps)} checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
