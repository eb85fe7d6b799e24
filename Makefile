# Digianalyysi: `make run` and `make test` are the whole set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP = app
# The browser tests drive Debian's Chromium (Playwright's own browsers are not used).
DEBIAN_CHROMIUM = /usr/bin/chromium
CHROMIUM ?= $(DEBIAN_CHROMIUM)
export CHROMIUM
# Root with apt-get: `make` installs the Debian packages it needs; otherwise it says what to run.
CAN_APT = [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
APT_INSTALL = DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

# The whole suite with the process clock moved (libfaketime): no test may depend on the day it runs.
# Tests marked real_time (timed real processes: gunicorn worker timeouts, kills, reloads) are left
# out here: libfaketime breaks their timed waits; `make test` runs them.
FAKETIME_AT ?= 2027-06-14 20:30:00

.PHONY: run test test-later install fonts translations chromium extract-messages serve-gunicorn benchmark clean

# Debian's python3 has no venv module until python3-venv is installed.
$(BIN)/activate:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || if $(CAN_APT); then \
		echo "Installing python3-venv (apt-get)"; $(APT_INSTALL) python3-venv >/dev/null; \
	else echo "make: $(PYTHON) cannot create a virtual environment: run 'sudo apt-get install python3-venv' and try again." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

# Fallback fonts for the PDFs (Chinese/Japanese, symbols; reports/pdf/fallback.py). Installed with
# apt when run as root; otherwise one line says how, and the PDFs print those characters as boxes.
FONT_PACKAGES = fonts-droid-fallback fonts-symbola
fonts:
	@if dpkg -s $(FONT_PACKAGES) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq --no-install-recommends $(FONT_PACKAGES) >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $(FONT_PACKAGES) >/dev/null; } || \
		echo "make: could not install $(FONT_PACKAGES); PDFs will lack CJK and symbol glyphs"; \
	else echo "make: for CJK and symbols in PDFs run: sudo apt-get install $(FONT_PACKAGES)"; fi

# Compile the UI catalogues (.po -> .mo); the binaries are build output, not committed.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations --statistics

# After changing UI strings: refresh the template and the catalogues, then translate in fi.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

instance/config.py:
	mkdir -p instance
	printf '# Local development settings, written by `make run`. Never commit.\nSECRET_KEY = "%s"\nSESSION_COOKIE_SECURE = False\nDEPLOYMENT = "local"\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_hex(32))')" > $@

run: install fonts instance/config.py
	grep -q DEPLOYMENT instance/config.py || echo 'DEPLOYMENT = "local"' >> instance/config.py
	$(BIN)/flask init-db
	$(BIN)/flask demo ensure --base-url http://$(HOST):$(PORT)
	DIGIANALYYSI_PUBLIC_BASE_URL=$${DIGIANALYYSI_PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/flask run --host $(HOST) --port $(PORT)

# Chromium for the browser tests: installed with apt when make runs as root, otherwise a
# one-line instruction and a failing exit (the browser tests never skip).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$(CHROMIUM)" = "$(DEBIAN_CHROMIUM)" ] && $(CAN_APT); then \
		echo "Installing Debian's chromium for the browser tests (apt-get)"; $(APT_INSTALL) chromium >/dev/null || true; \
	fi
	@[ -x "$(CHROMIUM)" ] || { echo "make test: no Chromium at $(CHROMIUM): run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chromium) and run make test again." >&2; exit 1; }

# The suite runs in one pytest-xdist worker per core (the browser tests together in one of them,
# in order: they share a live server); TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= auto
test: install chromium fonts
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

test-later:
	@command -v faketime >/dev/null || { echo "make test-later: run 'sudo apt-get install faketime' first." >&2; exit 1; }
	TZ=UTC PYTEST_ADDOPTS='-m "not real_time"' faketime -f '@$(FAKETIME_AT)' $(MAKE) test

serve-gunicorn: install instance/config.py
	grep -q DEPLOYMENT instance/config.py || echo 'DEPLOYMENT = "local"' >> instance/config.py
	$(BIN)/flask init-db
	DIGIANALYYSI_PUBLIC_BASE_URL=$${DIGIANALYYSI_PUBLIC_BASE_URL:-http://$${DIGIANALYYSI_BIND:-127.0.0.1:8000}} $(BIN)/gunicorn -c gunicorn.conf.py 'app:create_app()'

benchmark: install
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/questionnaire_pages.py
	$(BIN)/python benchmarks/scoring_benchmarks.py
	$(BIN)/python benchmarks/report_pdf.py

clean:
	rm -rf $(VENV) translations/*/LC_MESSAGES/*.mo .pytest_cache
