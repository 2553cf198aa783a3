# The two Quickstart commands (`make serve`, `make test`) set themselves up:
# a virtualenv in .venv with pinned versions from constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test check build browsers clean snippets snippets-record zensical

$(BIN)/fwatlas: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

PORT ?= 8000

serve: $(BIN)/fwatlas
	SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

# Browser tests need Chromium: Debian's package where we can install it (CI, root),
# otherwise Playwright's own build (a developer laptop).
browsers:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else $(BIN)/playwright install chromium; fi

# The snippet tier (heavy frameworks in their own cached env) runs beside pytest, so
# the rest of the suite does not wait for it; its log is shown when it fails. It compares
# the snippets' outcomes with the recorded ones and leaves the tree as it was.
test: $(BIN)/fwatlas browsers
	$(BIN)/fwatlas check --strict
	@$(MAKE) --no-print-directory snippets > .snippets.log 2>&1 & pid=$$!; \
	$(BIN)/python -m pytest; rc=$$?; \
	if wait $$pid; then tail -n 3 .snippets.log; else echo "snippet tier failed:"; tail -n 60 .snippets.log; rc=1; fi; \
	exit $$rc

check: $(BIN)/fwatlas
	$(BIN)/fwatlas check

# The snippet tier: builds or reuses the heavy env (torch, TensorFlow, JAX, Keras: ~7 GB in
# ~/.cache/fwatlas, keyed by data/snippets/requirements.txt), runs every snippet on CPU two at
# a time, compares each outcome with data/snippets/results.yaml (sizes within a tolerance,
# timings and dates not at all) and asserts the outputs of this run. It never writes a tracked
# file: this run goes to $(SNIPPET_RUN) (git ignores .cache/).
SNIPPET_RUN := .cache/fwatlas/snippets/last-run.yaml
snippets: $(BIN)/fwatlas
	$(BIN)/python -m fwatlas.snippets.run --out $(SNIPPET_RUN)
	$(BIN)/python -m fwatlas.snippets.apicheck
	FWATLAS_SNIPPETS=1 FWATLAS_SNIPPET_RUN=$(SNIPPET_RUN) $(BIN)/python -m pytest -q tests/snippets

# Recording is a step a person takes on purpose (after changing a snippet or a pin): it runs
# every snippet and writes the changed outcomes to data/snippets/results.yaml, to commit.
snippets-record: $(BIN)/fwatlas
	$(BIN)/python -m fwatlas.snippets.run --record
	$(BIN)/python -m fwatlas.snippets.apicheck --record
	FWATLAS_SNIPPETS=1 $(BIN)/python -m pytest -q tests/snippets

# MkDocs checks Markdown links; the generated tables are HTML, so every internal
# link and anchor of the built site is checked after the build (fwatlas sitelinks).
build: $(BIN)/fwatlas
	$(BIN)/mkdocs build --strict
	$(BIN)/fwatlas sitelinks site

# The same site built by Zensical (the Material team's successor to MkDocs), from the
# plain project `fwatlas generate` writes. Pinned exactly: Zensical is pre-1.0. Not part of
# `make test`; CI runs it as a non-blocking job (README: Builders).
ZENSICAL := zensical==0.1.3
zensical: $(BIN)/fwatlas browsers
	@test -x .venv-zensical/bin/zensical || { $(PYTHON) -m venv .venv-zensical && \
	  .venv-zensical/bin/pip install --quiet --disable-pip-version-check "$(ZENSICAL)"; } || \
	  { echo "make zensical: $(ZENSICAL) cannot be installed from the package index here (README: Builders)"; exit 2; }
	rm -rf build/zensical && $(BIN)/fwatlas generate build/zensical
	.venv-zensical/bin/zensical build -f build/zensical/mkdocs.yml
	FWATLAS_ZENSICAL_SITE=build/zensical/site $(BIN)/python -m pytest -q tests/browser/test_zensical.py

clean:
	rm -rf site .pytest_cache
