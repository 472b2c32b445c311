# The developer loop. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   := .venv
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Where `make demo` writes the wide listings (funding lines, who commissions what) as CSV.
DEMO_OUT ?= demo-output
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup demo test lint format browser clean-store

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

# Browser libraries (YASGUI, Cytoscape.js) from npm, exact versions from web/package-lock.json.
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed web/node_modules/.installed

demo: setup
	$(BIN)/ckg build
	@echo
	$(BIN)/ckg summary --csv-dir $(DEMO_OUT)
	@echo
	$(BIN)/ckg ask "who funds CSE prevention?" --top 3
	@echo "Opening the web app: http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/ckg serve --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests (Playwright cannot download one here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

test: setup browser
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
