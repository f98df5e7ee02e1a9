# The README's two commands: `make build` (the sample guide into site/) and `make test`.
# Both create .venv and install everything the project needs, system packages included
# when run as root (CI) or with password-less sudo.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] && echo "" || (sudo -n true 2>/dev/null && echo sudo -n) || echo none)

.PHONY: build test check lint format serve clean system-deps schema

build: $(STAMP)
	$(PY) -m generator build

check: $(STAMP)
	$(PY) -m generator check

test: $(STAMP) system-deps node_modules/.installed
	$(PY) -m ruff check generator tests bench
	$(PY) -m ruff format --check generator tests bench
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check generator tests bench
	$(PY) -m ruff format --check generator tests bench

format: $(STAMP)
	$(PY) -m ruff format generator tests bench
	$(PY) -m ruff check --fix generator tests bench

# axe-core (injected into pages by the accessibility tests) and the W3C Nu HTML checker
# (vnu-jar), pinned in package.json and package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

schema: $(STAMP)
	$(PY) -m generator.schema.make

# Preview on http://127.0.0.1:8000/, rebuilding only what changed when a source changes.
serve: $(STAMP)
	$(PY) -m generator serve

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$(SUDO)" != none ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "python3 -m venv failed: install python3-venv (sudo apt-get install python3-venv)"; exit 1; fi; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# Browser, fonts, PDF and audio tools used by the end-to-end tests, Java for the W3C HTML
# checker (Debian/Ubuntu packages).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -d /usr/share/fonts/truetype/noto ] || missing="$$missing fonts-noto-core"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v sox >/dev/null 2>&1 || missing="$$missing sox"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$(SUDO)" != none ]; then \
	    echo "installing system packages:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "note: missing system packages:$$missing — tests that need them are skipped (sudo apt-get install$$missing)"; \
	  fi; \
	fi

clean:
	rm -rf site .site.* .pytest_cache .ruff_cache node_modules
