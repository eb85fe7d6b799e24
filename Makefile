# Digianalyysi: `make run` and `make test` are the whole set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP = app

.PHONY: run test install fonts translations extract-messages serve-gunicorn benchmark clean

$(BIN)/activate:
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
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: install fonts
	$(BIN)/python -m pytest

serve-gunicorn: install instance/config.py
	grep -q DEPLOYMENT instance/config.py || echo 'DEPLOYMENT = "local"' >> instance/config.py
	$(BIN)/flask init-db
	$(BIN)/gunicorn -c gunicorn.conf.py 'app:create_app()'

benchmark: install
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/questionnaire_pages.py
	$(BIN)/python benchmarks/scoring_benchmarks.py
	$(BIN)/python benchmarks/report_pdf.py

clean:
	rm -rf $(VENV) translations/*/LC_MESSAGES/*.mo .pytest_cache
