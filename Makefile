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

# Two tiers run beside pytest, so the rest of the suite does not wait for them; each log is
# shown when its tier fails. The snippet tier (heavy frameworks in their own cached env)
# compares the snippets' outcomes with the recorded ones and leaves the tree as it was. The
# Zensical tier builds the same site with Zensical and checks it in Chromium (make zensical);
# it fails when Zensical cannot be installed, unless FWATLAS_SKIP_ZENSICAL=1 says to skip it.
test: $(BIN)/fwatlas browsers
	$(BIN)/fwatlas check --strict
	@mkdir -p build; \
	$(MAKE) --no-print-directory snippets > .snippets.log 2>&1 & spid=$$!; \
	$(MAKE) --no-print-directory zensical > $(ZENSICAL_LOG) 2>&1 & zpid=$$!; \
	$(BIN)/python -m pytest --ignore=tests/browser/test_zensical.py; rc=$$?; \
	if wait $$zpid; then tail -n 3 $(ZENSICAL_LOG); else echo "zensical tier failed:"; tail -n 60 $(ZENSICAL_LOG); rc=1; fi; \
	if wait $$spid; then tail -n 3 .snippets.log; else echo "snippet tier failed:"; tail -n 60 .snippets.log; rc=1; fi; \
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
# plain project `fwatlas generate` writes, then checked in Chromium: every page, the tables,
# search, the light/dark toggle, the compare, finder and install scripts, internal links and
# axe (tests/browser/test_zensical.py). Zensical is pre-1.0: pinned exactly, in its own
# environment, reinstalled when the pin changes. 0.0.73 is the newest release that installs
# from the package index: from 0.0.74 it needs zensical-ui, which the index does not serve
# (README: Builders). Part of `make test`; FWATLAS_SKIP_ZENSICAL=1 skips it (and says so).
ZENSICAL := zensical==0.0.73
ZENSICAL_VENV := .venv-zensical
ZENSICAL_OUT := build/zensical
ZENSICAL_LOG := build/zensical.log
zensical: $(BIN)/fwatlas browsers
	@if [ -n "$$FWATLAS_SKIP_ZENSICAL" ] && [ "$$FWATLAS_SKIP_ZENSICAL" != 0 ]; then \
	  echo "make zensical: SKIPPED, not run (FWATLAS_SKIP_ZENSICAL=$$FWATLAS_SKIP_ZENSICAL)"; exit 0; fi; \
	set -e; \
	if [ "$$(cat $(ZENSICAL_VENV)/.pin 2>/dev/null)" != "$(ZENSICAL)" ]; then \
	  rm -rf $(ZENSICAL_VENV) && $(PYTHON) -m venv $(ZENSICAL_VENV) && \
	  $(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check "$(ZENSICAL)" && \
	  echo "$(ZENSICAL)" > $(ZENSICAL_VENV)/.pin || { \
	  echo "make zensical: FAILED: $(ZENSICAL) cannot be installed from the package index here" \
	       "(set FWATLAS_SKIP_ZENSICAL=1 to skip this tier; README: Builders)"; exit 2; }; fi; \
	set -x; \
	$(BIN)/fwatlas generate $(ZENSICAL_OUT); \
	$(ZENSICAL_VENV)/bin/zensical build --clean --strict -f $(ZENSICAL_OUT)/mkdocs.yml; \
	$(BIN)/fwatlas sitelinks $(ZENSICAL_OUT)/site --config $(ZENSICAL_OUT)/mkdocs.yml; \
	FWATLAS_ZENSICAL_SITE=$(ZENSICAL_OUT)/site FWATLAS_ZENSICAL=$(ZENSICAL_VENV)/bin/zensical \
	  $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser/test_zensical.py

clean:
	rm -rf site .pytest_cache
