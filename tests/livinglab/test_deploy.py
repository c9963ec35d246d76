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
