# Two entry points a new user needs (see README):
#   make demo   set up, build the facility layer, render the demo map
#   make test   set up (incl. Debian's chromium for the browser tests), run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test setup chromium lint clean

demo: setup
	$(BIN)/mapper build
	$(BIN)/mapper map --testimonies geo/demo/testimonies_SYNTHETIC.csv -o out/demo_map.html

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: setup
	$(BIN)/ruff check mapper tests bench geo docs

# One worker per core, a test file to a worker (a file's browser and fixtures stay in one
# process): on 2 cores the suite takes about 6 minutes instead of 8 to 8.5 in one process.
test: setup chromium lint
	$(BIN)/pytest -n auto --dist loadfile

clean:
	rm -rf $(VENV) out .pytest_cache
