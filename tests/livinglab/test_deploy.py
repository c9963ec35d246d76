"""The deploy/ files stay in step with the code that reads them."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
INTERNAL = {"LIVINGLAB_KEYLESS_COMMAND"}  # set by manage.py itself, never by an operator


def test_the_environment_template_names_every_variable_the_settings_read():
    source = (Path(settings.BASE_DIR) / "livinglab" / "settings.py").read_text()
    template = (DEPLOY / "livinglab.env.example").read_text()
    read = set(re.findall(r'env_\w+\("([A-Z0-9_]+)"', source)) - INTERNAL
    named = set(re.findall(r"^#? ?([A-Z0-9_]+)=", template, flags=re.MULTILINE))

    assert read - named == set()


def test_the_nginx_site_has_a_placeholder_for_every_value_prod_check_fills():
    site = (DEPLOY / "nginx" / "livinglab.conf").read_text()
    placeholders = set(re.findall(r"@([A-Z_]+)@", site))

    script = (DEPLOY / "prod-check.sh").read_text()
    filled = set(re.findall(r"@([A-Z_]+)@", script))
    assert placeholders == filled
    assert "client_max_body_size 12m;" in site
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site


def test_uploaded_files_go_to_an_s3_bucket_when_one_is_named():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.STORAGES['default']; o = d.get('OPTIONS', {}); "
        "print(d['BACKEND'], o.get('bucket_name'), o.get('endpoint_url'), o.get('default_acl'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "livinglab.settings", "DEBUG": "1"}
    local = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    bucket = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **env,
            "MEDIA_S3_BUCKET": "livinglab-media",
            "MEDIA_S3_ENDPOINT_URL": "https://s3.example.go.id",
        },
        capture_output=True,
        text=True,
        check=True,
    )

    assert local.stdout.split()[0] == "django.core.files.storage.FileSystemStorage"
    # Private (no public ACL): evidence leaves only through the portal's permission check.
    assert bucket.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "livinglab-media",
        "https://s3.example.go.id",
        "None",
    ]


def _directives(text):
    """Each `name value …;` of an nginx file, comments dropped, as (name, [values])."""
    text = re.sub(r"#[^\n]*", "", text)
    for statement in re.split(r"[;{}]", text):
        words = statement.split()
        if words:
            yield words[0], words[1:]


def test_nginx_compresses_pages_json_styles_and_scripts():
    site = (DEPLOY / "nginx" / "livinglab.conf").read_text()
    https_server = site[site.index("listen @HTTPS_PORT@") :]
    directives = list(_directives(https_server))
    settings_of = {}
    for name, values in directives:  # the server's own, which come before any location's
        settings_of.setdefault(name, values)

    assert settings_of["gzip"] == ["on"]
    # Only the API token's page is left uncompressed (BREACH: README, "Compression").
    assert re.search(r"location = /accounts/token/ \{\s*gzip off;", https_server)
    assert [name for name, values in directives if name == "gzip" and values == ["off"]] == ["gzip"]
    assert settings_of["gzip_proxied"] == ["any"]  # answers from the portal, not only static files
    assert settings_of["gzip_vary"] == ["on"]
    assert 1 <= int(settings_of["gzip_comp_level"][0]) <= 6
    assert int(settings_of["gzip_min_length"][0]) <= 1024
    # text/html is compressed whenever gzip is on; the others must be listed.
    listed = set(settings_of["gzip_types"]) | {"text/html"}
    assert {"text/html", "application/json", "text/css", "application/javascript"} <= listed
    assert "application/vnd.oai.openapi" in listed  # the API schema


def test_the_portal_leaves_compression_to_nginx():
    # README, "Compression": compressing in the application would need the BREACH reasoning redone.
    assert "django.middleware.gzip.GZipMiddleware" not in settings.MIDDLEWARE
