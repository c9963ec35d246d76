# Thin wrappers around manage.py and pytest. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/livinglab
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test lint format messages translations setup-data check-deploy prod-check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

messages: $(VENV)/.runtime
	DEBUG=1 $(PY) manage.py compile_translations

# Refresh both catalogues from the source; a test fails while a string is missing or untranslated.
translations: $(VENV)/.runtime
	DEBUG=1 $(PY) manage.py makemessages --locale id --locale en --no-obsolete --ignore 'tests/*'

setup-data: $(VENV)/.runtime messages
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_regions
	DEBUG=1 $(PY) manage.py load_pilot_cohort
	DEBUG=1 $(PY) manage.py load_spbe_frameworks
	DEBUG=1 $(PY) manage.py load_spbe_results --demo
	DEBUG=1 $(PY) manage.py load_practices --demo
	DEBUG=1 $(PY) manage.py load_replications

run: setup-data
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev messages
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key-not-for-production} \
	SECURE_SSL_REDIRECT=0 \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Production-like settings: must print no warnings.
check-deploy: $(VENV)/.runtime
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=livinglab.example.go.id $(PY) manage.py check --deploy --fail-level WARNING

# The production topology on loopback (nginx + TLS, two gunicorn, worker, beat), smoke-tested, stopped.
prod-check: $(VENV)/.runtime
	bash deploy/prod-check.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
