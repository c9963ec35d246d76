#!/usr/bin/env bash
# The production topology on loopback, smoke-tested end to end, then stopped:
#   nginx (TLS with a certificate made now, HTTP -> HTTPS, the deploy/ site template)
#     -> two gunicorn instances (DEBUG=0, a fresh SECRET_KEY)
#   one Celery worker, Celery beat, PostgreSQL, Redis.
# deploy/smoke.py then checks pages, the API, gzip, the redirect, a log-in shared by both instances,
# the log-in brake counted across both, an import run by the worker, a task round trip and /metrics.
#
# Needs nginx, openssl, psql and the .venv; PostgreSQL and Redis running.
#   PRODCHECK_DB         database to create and drop (default livinglab_prodcheck)
#   PRODCHECK_REDIS_URL  a Redis database of its own, EMPTIED at start (default redis://127.0.0.1:6379/14)
#   PRODCHECK_PORTS      "http https app_a app_b" (default: four free ports)
#   PRODCHECK_KEEP=1     keep the temporary folder (logs, config) after the run
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="$ROOT/.venv/bin/python"
DB=${PRODCHECK_DB:-livinglab_prodcheck}
REDIS=${PRODCHECK_REDIS_URL:-redis://127.0.0.1:6379/14}
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q"
WORK=$(mktemp -d /tmp/livinglab-prodcheck.XXXXXX)
GROUPS_STARTED=()

log() { printf '\n--- prod-check: %s\n' "$*"; }

stop_all() {
  local status=$?
  trap - EXIT
  set +e
  for pid in "${GROUPS_STARTED[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  for pid in "${GROUPS_STARTED[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  if [ "$status" -ne 0 ]; then
    for file in "$WORK"/logs/*; do
      printf '\n===== %s (last 60 lines)\n' "$file"
      tail -n 60 "$file"
    done
    echo "prod-check FAILED (logs above; folder $WORK)"
  fi
  $PG -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
  [ "${PRODCHECK_KEEP:-0}" = 1 ] || rm -rf "$WORK"
  exit "$status"
}
trap stop_all EXIT

# Start a command in its own process group (so stopping it stops its children), logging to a file.
start() {
  local name=$1
  shift
  setsid "$@" >"$WORK/logs/$name.log" 2>&1 &
  GROUPS_STARTED+=("$!")
}

wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "$name did not open port $port"
  return 1
}

free_ports() {
  "$PY" -c '
import socket
sockets = [socket.socket() for _ in range(4)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))'
}

mkdir -p "$WORK/logs" "$WORK/nginx" "$WORK/static" "$WORK/media"
# nginx's workers drop root for an unprivileged user: they must reach the static files.
chmod 711 "$WORK" "$WORK/nginx"
chmod 755 "$WORK/static"
read -r HTTP_PORT HTTPS_PORT APP_A APP_B <<<"${PRODCHECK_PORTS:-$(free_ports)}"
log "ports: http $HTTP_PORT, https $HTTPS_PORT, gunicorn $APP_A and $APP_B; folder $WORK"

log "certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>"$WORK/logs/openssl.log"

# Production settings, as deploy/livinglab.env.example describes them.
export DJANGO_SETTINGS_MODULE=livinglab.settings
export DEBUG=0
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=localhost,127.0.0.1
export CSRF_TRUSTED_ORIGINS="https://localhost:$HTTPS_PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL=$REDIS
export CACHE_KEY_PREFIX=$DB
export TRUSTED_PROXY_COUNT=1
export BEHIND_TLS_PROXY=1
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export LOG_FORMAT=json
METRICS_TOKEN=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
export METRICS_TOKEN
export STALE_JOB_CHECK_SECONDS=5 # beat sends its task within seconds, so the check can see it
export GUNICORN_WORKERS=2

log "database $DB and Redis $REDIS (emptied)"
$PG -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
"$PY" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()'

log "migrate, static files, translations, data"
{
  "$PY" manage.py migrate --no-input -v0
  "$PY" manage.py collectstatic --no-input -v0
  "$PY" manage.py compile_translations
  "$PY" manage.py load_regions
  "$PY" manage.py load_pilot_cohort
  "$PY" manage.py load_spbe_frameworks
  "$PY" manage.py load_spbe_results --demo
} >"$WORK/logs/setup.log" 2>&1
ADMIN_USER=prodcheck-admin
ADMIN_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(16))')
DJANGO_SUPERUSER_PASSWORD=$ADMIN_PASSWORD "$PY" manage.py createsuperuser --no-input \
  --username "$ADMIN_USER" --email admin@prodcheck.invalid >>"$WORK/logs/setup.log" 2>&1

log "gunicorn A and B, worker, beat"
for instance in "a $APP_A" "b $APP_B"; do
  read -r name port <<<"$instance"
  # Each instance also writes what reached it (the X-Forwarded-For nginx set) to an access log.
  start "gunicorn-$name" "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py --bind "127.0.0.1:$port" \
    --access-logfile "$WORK/logs/gunicorn-$name.access" \
    --access-logformat 'xff=%({x-forwarded-for}i)s %(r)s %(s)s' livinglab.wsgi
done
start worker "$ROOT/.venv/bin/celery" -A livinglab worker --loglevel=INFO --concurrency=1 -n "prodcheck@%h"
start beat "$ROOT/.venv/bin/celery" -A livinglab beat --loglevel=INFO --schedule "$WORK/celerybeat-schedule"

log "nginx from deploy/nginx/livinglab.conf"
"$PY" - "$WORK" <<PYTHON
import re
import sys
from pathlib import Path

work = Path(sys.argv[1])
site = Path("deploy/nginx/livinglab.conf").read_text()
values = {
    "@UPSTREAM_SERVERS@": "    server 127.0.0.1:$APP_A max_fails=1 fail_timeout=5s;\n"
    "    server 127.0.0.1:$APP_B max_fails=1 fail_timeout=5s;",
    "@HTTP_PORT@": "127.0.0.1:$HTTP_PORT",
    "@HTTPS_PORT@": "127.0.0.1:$HTTPS_PORT",
    "@SERVER_NAME@": "localhost",
    "@PUBLIC_URL@": "https://localhost:$HTTPS_PORT",
    "@ACCESS_LOG@": f"{work}/logs/nginx-access.log",
    "@TLS_CERTIFICATE@": f"{work}/tls.crt",
    "@TLS_CERTIFICATE_KEY@": f"{work}/tls.key",
    "@STATIC_ROOT@": f"{work}/static",
}
for placeholder, value in values.items():
    site = site.replace(placeholder, value)
assert not re.search("@[A-Z_]+@", site), "a placeholder was left in the nginx site"
(work / "nginx" / "site.conf").write_text(site)
# The main file a distribution ships, reduced to what a process of our own needs (no root, no port 80).
(work / "nginx" / "nginx.conf").write_text(f"""
worker_processes 1;
pid {work}/nginx/nginx.pid;
error_log {work}/logs/nginx-error.log warn;
daemon off;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {work}/nginx/body;
    proxy_temp_path {work}/nginx/proxy;
    fastcgi_temp_path {work}/nginx/fastcgi;
    uwsgi_temp_path {work}/nginx/uwsgi;
    scgi_temp_path {work}/nginx/scgi;
    include {work}/nginx/site.conf;
}}
""")
PYTHON
nginx -t -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx-error.log" >"$WORK/logs/nginx-test.log" 2>&1
start nginx nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx-error.log"

for port in "$APP_A" "$APP_B" "$HTTP_PORT" "$HTTPS_PORT"; do wait_for_port "$port" "port $port"; done

log "smoke test through nginx"
PRODCHECK_WORK=$WORK PRODCHECK_HTTP=$HTTP_PORT PRODCHECK_HTTPS=$HTTPS_PORT \
  PRODCHECK_APP_A=$APP_A PRODCHECK_APP_B=$APP_B \
  PRODCHECK_ADMIN_USER=$ADMIN_USER PRODCHECK_ADMIN_PASSWORD=$ADMIN_PASSWORD \
  "$PY" deploy/smoke.py

log "passed; stopping everything"
