# The two commands a new user runs: `make demo` and `make test`. Both install what is missing.
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DISCLOSE := .build/release/disclose
DEMO_OUTPUT := out/complaints

.PHONY: all deps build release demo test bench clean

all: build

# libpcre2-8 (and pkg-config, which finds it) from Debian when missing.
deps:
	@if ! pkg-config --exists libpcre2-8 2>/dev/null; then \
		echo "Installing libpcre2-dev and pkg-config..."; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpcre2-dev pkg-config; \
	fi

build: deps
	swift build

release: deps
	swift build -c release

# The shipped complaints pipeline pseudonymises the complainant with a key from the environment.
# The demo uses a fixed key, for the sample data only; real runs set their own secret.
demo: export DISCLOSE_PSEUDONYM_KEY ?= demo-key-for-the-sample-data-only
demo: release
	$(DISCLOSE) run Pipelines/complaints.yaml --input Fixtures/complaints-sample.csv --output $(DEMO_OUTPUT)
	@echo
	@echo "Outputs are in $(DEMO_OUTPUT)/:"
	@echo "  extract.csv     the complaints with contact details dropped, the complainant as a pseudonym, names and contact details"
	@echo "                  replaced inside the free text, dates as yyyy-mm-dd, with due dates, days taken and within-timescale columns"
	@echo "  redaction-log.jsonl  what was replaced: row, column, type, detector, byte offsets, operator (never the text)"
	@echo "  quarantine.csv  rows that could not be processed, with row, rule, column and reason (none expected)"
	@echo "  quality.json    what validation found and fixed, per rule and column (also quality.md)"
	@echo "  aggregates/     the report's tables (Pipelines/tables/complaints.yaml) as CSV and JSON; those marked"
	@echo "                  publish: true have small counts suppressed ([c]) and the suppression audited"
	@echo "  report.html     the published tables as numbered figures with bar charts (one self-contained file)"
	@echo "  run.json        rows in/out/quarantined, redactions per type and column, the residual scan of the extract,"
	@echo "                  the disclosure-control audit of the published tables,"
	@echo "                  timings, tool version and the pipeline's SHA-256"

test: deps
	swift build --build-tests
	swift test

# Passthrough throughput and peak memory against `mlr --csv cat`; see Tools/bench.sh.
bench: release
	@command -v mlr >/dev/null || $(SUDO) apt-get install -y -qq miller
	@[ -x /usr/bin/time ] || $(SUDO) apt-get install -y -qq time
	Tools/bench.sh

clean:
	rm -rf .build out bench-data
