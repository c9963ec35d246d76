#!/usr/bin/env python
import os
import sys

# Commands that neither serve requests nor sign anything may run without SECRET_KEY (the settings then
# use a throwaway key), so `python manage.py makemigrations` works with no configuration. Serving, the
# shell and `check --deploy` still need a real key when DEBUG is off.
KEYLESS_COMMANDS = {
    "check",
    "collectstatic",
    "compile_translations",
    "load_pilot_cohort",
    "load_regions",
    "load_spbe_frameworks",
    "load_spbe_results",
    "makemessages",
    "makemigrations",
    "migrate",
    "showmigrations",
    "sqlmigrate",
}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livinglab.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in KEYLESS_COMMANDS and "--deploy" not in sys.argv:
        os.environ.setdefault("LIVINGLAB_KEYLESS_COMMAND", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
