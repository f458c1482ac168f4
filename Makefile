# Usines Ouvertes: `make demo` serves a national demo edition, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-sqlite test-postgres install lint format messages vendor benchmark benchmark-discovery benchmark-dashboards cluster cluster-rush cluster-down clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(VENV)/.installed

demo: export USINES_DEMO := 1
demo: export SITE_URL := http://$(HOST):$(PORT)
demo: install
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py generate_demo
	$(BIN)/python manage.py ensure_schedules
	$(BIN)/python manage.py collectstatic --no-input -v 0
	@echo
	@echo "Log-ins (password 'demo'), at http://$(HOST):$(PORT)/accounts/login/ :"
	@$(BIN)/python manage.py create_demo_accounts
	@echo
	@echo "Serving on http://$(HOST):$(PORT)/ with the task worker (e-mails print here). Ctrl-C stops both."
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/python manage.py db_worker --interval 1 & \
	  $(BIN)/gunicorn usines.wsgi --chdir src --bind $(HOST):$(PORT) --workers 3 --access-logfile - & \
	  wait

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -r src/usines -x '*/tests/*,*/migrations/*' -ll
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; \
	  else echo "TEST_DATABASE_URL unset: PostgreSQL run skipped (.ci/run sets it)."; fi

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: install
	DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

messages: install
	cd src/usines && ../../$(BIN)/django-admin makemessages -l fr -l en --no-obsolete --ignore 'tests/*' && ../../$(BIN)/django-admin compilemessages

benchmark: install
	$(BIN)/python benchmarks/booking_rush.py

benchmark-discovery: install
	$(BIN)/python benchmarks/discovery.py

benchmark-dashboards: install
	$(BIN)/python benchmarks/dashboards.py

# A deployment on this machine, each host in its own network namespace (root, Debian):
# HAProxy, two web hosts, a worker host, PostgreSQL primary and replica, PgBouncer, Redis.
cluster: install
	BIN=$(abspath $(BIN)) bash deploy/cluster.sh up

# The booking rush through the balancer, losing a web host and the worker mid-way.
cluster-rush: install
	$(BIN)/python deploy/cluster_rush.py

cluster-down:
	bash deploy/cluster.sh down

clean:
	rm -rf $(VENV) staticfiles usines.sqlite3* .test-db*
