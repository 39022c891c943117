# Two commands on a fresh machine (Python 3.11 + pip, nothing else):
#   make demo   embedded PostgreSQL, migrate, synthetic data, backfill, gap table
#   make test   the whole test suite (TEST_DATABASE_URL to use your own server)
# and, for a real database:  DATABASE_URL=postgresql://... make migrate

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SCALE ?= 1.0

.PHONY: demo test migrate bench soak lint freeze clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An install stamp per extra, redone when pyproject.toml changes.
$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-base

demo: $(VENV)/.installed-base
	$(BIN)/pgbackfill demo --scale $(SCALE)

test: $(VENV)/.installed-test
	$(BIN)/pytest -q

migrate: $(VENV)/.installed-base
	@test -n "$$DATABASE_URL" || { echo "error: set DATABASE_URL to the database to migrate" >&2; exit 2; }
	$(BIN)/pgbackfill migrate

# The benchmarks and the soak live in bench/ (a top-level package of the
# checkout, not in the wheel), run from here. One table, issue 15's targets
# beside their figures. SECTIONS=facts,memory runs some sections only;
# SECTIONS=growth the opt-in growth to scale 5 (databases pgbackfill_bench_1,
# _2_5, _5, kept; ~40 min); SECTIONS=batches one features batch at scales 1
# and 5, like for like (~20 min, the same databases). BENCH_DATABASE_URL: a
# server other than the embedded one, e.g.
# postgresql://postgres@127.0.0.1:5432/postgres.
SECTIONS ?=
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench $(if $(SECTIONS),--only $(SECTIONS)) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

# Not in CI: N minutes of appended race days, --stale refreshes, audits and
# SIGKILLed refreshes on a scratch database of the embedded server (or
# SOAK_SERVER_URL, a local one), then every figure checked against a full
# recomputation. Exit 0 only when none differs.
MINUTES ?= 5
soak: $(VENV)/.installed-base
	$(BIN)/python -m bench.soak --minutes $(MINUTES) $(if $(SOAK_SERVER_URL),--server-url $(SOAK_SERVER_URL))

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the newest revision's frozen SQL: the files of sql/ that differ
# from the landed revisions' copies (only until it lands; after that a change
# to sql/ gets a new revision).
freeze: $(VENV)/.installed-base
	$(BIN)/python -m pgbackfill.sqlfiles freeze migrations/versions/0008_rules_once_per_value migrations/versions/0001_initial migrations/versions/0002_faster_figures migrations/versions/0003_hosted migrations/versions/0004_lean_regions migrations/versions/0005_smaller_footprint migrations/versions/0006_lean_facts migrations/versions/0007_batches_in_sixths

clean:
	-$(BIN)/pgbackfill embedded-stop
	rm -rf $(VENV) .pgdata
