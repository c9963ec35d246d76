"""Start-up configuration: checked in a fresh interpreter, as a deployment would start."""

import os
import subprocess
import sys

from django.conf import settings


def _start(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "livinglab.settings", **env},
        capture_output=True,
        text=True,
    )


def test_debug_off_without_a_secret_key_stops_with_a_clear_message():
    result = _start()

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_no_configuration_with_debug_runs_embedded():
    result = _start(DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_database_and_redis_urls_switch_to_the_production_parts():
    result = _start(SECRET_KEY="x" * 60, DATABASE_URL="postgres://u@db:5432/ll", REDIS_URL="redis://r:6379/0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_a_bad_boolean_is_refused_by_name():
    result = _start(DEBUG="mungkin")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_deploy_check_is_clean_under_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**env, "SECRET_KEY": "k3y-" + "a1B2c3D4e5" * 6, "ALLOWED_HOSTS": "livinglab.example.go.id"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def _manage(*args):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_commands_that_neither_serve_nor_sign_run_without_any_configuration():
    result = _manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_deploy_check_still_needs_a_secret_key():
    result = _manage("check", "--deploy")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
