# The two commands of the README:
#   make run    set everything up on an embedded SQLite database and serve http://127.0.0.1:8000/
#   make test   set everything up and run the whole test suite (DATABASE_URL picks the database)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages compilemessages data lock bench backup restore stack stack-stop stack-test

run: install compilemessages data
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

# axe-core for the browser tests' accessibility checks (served from this folder, never from a CDN).
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The .po catalogues are compiled with Babel, so no system gettext is needed.
compilemessages: install
	$(BIN)/pybabel compile --domain django --directory locale

data: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_roles
	$(PY) manage.py load_reference_data

# Public pages under gunicorn with the production settings beside a bare Django view (issue 17):
# prints a table and the targets; not part of the tests. DATABASE_URL/REDIS_URL pick PostgreSQL and
# Redis (its own database mobility_bench), otherwise SQLite and local memory. BENCH_ARGS=--quick etc.
bench: install compilemessages
	$(PY) benchmarks/pages.py $(BENCH_ARGS)

# Backups of the PostgreSQL database named by DATABASE_URL (README, "Backups"): a pg_dump archive in
# BACKUP_DIR (default backups/), older ones than BACKUP_KEEP_DAYS deleted; restore replaces the database.
BACKUP_DIR ?= backups
backup:
	ops/backup.sh $(BACKUP_DIR)

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/mobility-….dump" >&2; exit 2; }
	PYTHON=$(PY) ops/restore.sh $(FILE)

# Maintainers only: refresh the catalogues (needs GNU gettext) and the locks.
messages: install
	$(PY) manage.py makemessages --no-location --no-obsolete -l fr -l nl -l de -l en --ignore '$(VENV)/*'

lock:
	$(PYTHON) -m pip install --quiet pip-tools
	$(PYTHON) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(PYTHON) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

# A production-like stack on loopback from Debian and PyPI packages (issue 18; ops/stack.py): its own
# PostgreSQL and Redis, two gunicorn instances with the production settings, nginx in front as load
# balancer and HTTP cache. Ports: STACK_PORT (8080), STACK_APP_PORTS (8081,8082), STACK_REDIS_PORT
# (6390), STACK_PG_PORT (5440); state in STACK_DIR (.stack/). Installs redis-server and nginx with
# apt-get when missing and run as root. stack-test runs the fault and coherence tests on a stack of
# their own (.stack/test/, other ports), started and stopped by the tests.
stack: install compilemessages
	$(PY) ops/stack.py start

stack-stop:
	$(PY) ops/stack.py stop

stack-test: install compilemessages
	$(PY) -m pytest -m stack tests/stack $(PYTEST_ARGS)
