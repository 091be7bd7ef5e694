# nnbasics: `make book` builds and opens the book, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD := _build/html
WIDGET_DIST := node_modules/@jupyter-widgets/html-manager/dist
AXE_DIST := node_modules/axe-core
NBVAL_TIMEOUT ?= 300
# Matplotlib's font cache lists font files by path. In the shared ~/.cache it can point into another
# checkout's deleted virtualenv, and every figure then warns on stderr, which fails the -W build. Keep
# the cache beside this checkout's own fonts, inside the virtualenv.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig

.PHONY: help install book html test unit nbval browser lab benchmark notebooks clean .chromium

help:
	@echo "make book       build the book (runs every notebook) and open it"
	@echo "make test       unit tests, notebooks re-executed with nbval, browser test of the built book, offline check"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make benchmark  widget updates (in process, in JupyterLab), static page weight, our MLP against scikit-learn's"

# --- installation ---------------------------------------------------------------------------------
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# The widget manager for the static page (npm package, pinned in package.json), copied next to its fonts
# into _assets/widgets/, which Sphinx serves as _static/widgets/.
_assets/widgets/embed.js: package.json
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p _assets/widgets
	cp $(WIDGET_DIST)/embed.js $(WIDGET_DIST)/*.woff2 $(WIDGET_DIST)/*.woff $(WIDGET_DIST)/*.ttf \
	   $(WIDGET_DIST)/*.eot $(WIDGET_DIST)/*.svg _assets/widgets/
	touch $@

# The accessibility checker the browser test runs in every page (npm package axe-core, pinned in
# package.json), served from the build as _static/axe/axe.min.js so the audit downloads nothing. No page
# loads it; only the test injects it. (npm runs only when node_modules lacks the pinned version.)
_assets/axe/axe.min.js: package.json _assets/widgets/embed.js
	[ "$$(node -p 'require("./$(AXE_DIST)/package.json").version' 2>/dev/null)" = \
	  "$$(node -p 'require("./package.json").dependencies["axe-core"]')" ] || npm install --no-audit --no-fund --loglevel=error
	mkdir -p _assets/axe
	cp $(AXE_DIST)/axe.min.js $(AXE_DIST)/LICENSE _assets/axe/
	touch $@

# Chromium and its driver for the browser test (Debian packages).
.chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver >/dev/null; fi; \
	fi

install: $(VENV)/.installed _assets/widgets/embed.js _assets/axe/axe.min.js

# --- the book -------------------------------------------------------------------------------------
# -W: warnings are errors; -n: nitpicky references; execute.raise_on_error in _config.yml makes a
# failing notebook fail the build. NNBASICS_STATIC=1 pre-renders every widget frame for the static page.
html: install
	rm -rf _build
	start=$$(date +%s); NNBASICS_STATIC=1 MPLBACKEND=Agg $(VENV)/bin/jupyter-book build . --all -W -n --keep-going \
	  && echo "Built in $$(( $$(date +%s) - start )) s (budget: 180 s on 2 cores)"
	@echo "The book is at $(CURDIR)/$(BUILD)/index.html"

book: html
	@if [ -z "$$CI" ] && { [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = Darwin ]; }; then \
	  $(PY) -m webbrowser -t "file://$(CURDIR)/$(BUILD)/index.html"; fi
	@echo "Open file://$(CURDIR)/$(BUILD)/index.html in a browser (it works offline)."

# --- tests ----------------------------------------------------------------------------------------
unit: install
	$(PY) -m pytest -q tests nnbasics --ignore=tests/book

nbval: install
	MPLBACKEND=Agg $(PY) -m pytest -q --nbval-lax --nbval-cell-timeout=$(NBVAL_TIMEOUT) book

browser: html .chromium
	$(PY) -m pytest -q tests/book

test: install .chromium
	$(MAKE) unit
	$(MAKE) nbval
	$(MAKE) browser

# JupyterLab refuses to run as root without --allow-root (containers, CI machines).
lab: install
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) book

# In-process update times, then what a reader sees in the browser: the static pages' weight and time to
# figures, and key press -> new frame painted in JupyterLab (needs the built book and Chromium).
benchmark: install .chromium
	MPLBACKEND=Agg $(PY) benchmarks/widget_update.py
	$(PY) benchmarks/mlp.py
	$(PY) benchmarks/backprop_passes.py
	$(PY) benchmarks/sparse.py
	$(PY) benchmarks/speed_claims.py
	@test -f $(BUILD)/index.html || $(MAKE) html
	$(PY) benchmarks/page_latency.py

# Developer tool: re-execute the notebooks and keep only the outputs nbval checks (small commits).
notebooks: install
	MPLBACKEND=Agg $(PY) tools/refresh_notebooks.py book/*.ipynb

clean:
	rm -rf _build .pytest_cache .jupyter_cache
