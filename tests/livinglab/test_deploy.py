"""The deploy/ files stay in step with the code that reads them."""

import re
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
