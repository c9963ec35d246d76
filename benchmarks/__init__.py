"""Benchmarks, run by hand (never in CI). Each script starts with:

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import environment
environment()
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(hosts="127.0.0.1,localhost"):
    """The settings every benchmark runs with: production-like, no throttling, a quiet log."""
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("ALLOWED_HOSTS", hosts)
    os.environ["API_ANON_THROTTLE_RATE"] = "100000000/second"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per request
    os.environ["DJANGO_SETTINGS_MODULE"] = "livinglab.settings"
