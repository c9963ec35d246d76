"""gunicorn settings for one Living Lab app instance (`gunicorn -c deploy/gunicorn.conf.py livinglab.wsgi`).

The address comes from the command line (`--bind 127.0.0.1:8001`) or GUNICORN_BIND, so one host can
run two instances and restart them one at a time behind nginx.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Two processes per core is gunicorn's advice for a portal that waits on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = 1
timeout = 60  # nginx gives up after 60 s too
graceful_timeout = 30
keepalive = 5  # nginx keeps connections to the upstream open
# Recycle each process now and then: a slow leak never grows for months.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this host talks to gunicorn; the portal reads X-Forwarded-* itself.
forwarded_allow_ips = "127.0.0.1"
# The portal logs every request (JSON, with its id); gunicorn logs only its own events.
accesslog = None
errorlog = "-"
loglevel = "info"
