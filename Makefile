# Tyresö reporting: every target sets up its own virtual environment first.
#   make        one PDF per report, then the site, which links and publishes them in _build/html/pdf
#   make html   build the site (handbook and reports) in strict mode into _build/html
#   make pdf    build one PDF per report (A4, tagged PDF/UA-1) into _build/pdf
#   make test   lint (ruff, mypy) and run the test suite (installs Chromium and the PDF packages as root; fetches axe-core and Lighthouse with npm)
#   make lint   ruff (lint, import order, format) and mypy (strict for the Sphinx-free layers)
#   make check  validate the reports without building the site
#   make serve  live preview while writing, on http://127.0.0.1:8000

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
SPHINXOPTS ?= -W --keep-going -n -j auto
# Debian packages the PDFs need: Pango for WeasyPrint (harfbuzz-subset for tagged output), fonts with
# Swedish letters, and poppler-utils (pdftoppm, pdftotext) with which the tests look at the pages.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core poppler-utils
# Debian's Chromium, in which the tests open the built site headless (over the DevTools pipe: no driver),
# and axe-core from the npm registry, which checks the pages against WCAG 2.1 A and AA.
BROWSER_DEBS := chromium
# Tesseract with its Swedish model, with which `tyreso importera` reads scanned reports, and its English one,
# with which the import tests and benchmarks/import_accuracy.py make the errors of an OCR that knows no Swedish.
OCR_DEBS := tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe-core/node_modules/axe-core/axe.min.js
# Lighthouse from the npm registry, run by the tests against the same Chromium (12.x: the last line that runs on
# Node.js 20; Lighthouse 13 needs Node.js 22.19).
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := $(VENV)/lighthouse/node_modules/.bin/lighthouse

.PHONY: all html pdf pdf-deps ocr-deps test-deps test lint check clean serve bytecode

# The PDFs first: the site then links each report's PDF (with its size) and publishes them in _build/html/pdf,
# so that _build/html can be published as it is.
all: pdf
	@$(MAKE) --no-print-directory html

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 saknas: installera python3.11 och försök igen."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# The package is installed editable, so pip compiles no bytecode for it as it does for every other package;
# where Python is told not to write any (PYTHONDONTWRITEBYTECODE), each command would compile the whole
# package again (about 0.3 s a run). compileall writes what is missing or out of date, and nothing else.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q tyreso_ext

html: $(STAMP) bytecode
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) . $(BUILD)/html
	@echo "Webbplatsen finns i $(BUILD)/html/index.html"

# Installs missing Debian packages when run as root with apt (one apt-get update); otherwise one
# message names them. $(1): the packages; $(2): a command that succeeds when they are there (systems
# without dpkg); $(3): what they are for, in the message.
define system-packages
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for package in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	  done; \
	elif ! { $(2); } >/dev/null 2>&1; then \
	  missing=" $(1)"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installerar systempaket:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing >/dev/null \
	    || { echo "Systempaketen kunde inte installeras:$$missing. Installera dem med apt-get och försök igen."; exit 1; }; \
	  else \
	    echo "$(3) behöver systempaketen$$missing. Installera dem som administratör, till exempel: sudo apt-get install$$missing"; \
	    exit 1; \
	  fi; \
	fi
endef

PDF_PROBE := $(BIN)/python -c "import weasyprint" && command -v pdftoppm
PDF_PURPOSE := PDF-bygget (Pango för WeasyPrint, typsnitt och poppler-utils)
# npm only when it is missing: Node.js from elsewhere brings its own.
TEST_DEBS := $(PDF_DEBS) $(BROWSER_DEBS) $(OCR_DEBS) $(if $(shell command -v npm),,npm)
TEST_PROBE := $(PDF_PROBE) && command -v chromium && command -v npm && command -v tesseract
TEST_PURPOSE := Testerna (PDF-bygget med Pango och poppler-utils, webbläsaren Chromium och npm för tillgänglighetstesterna, Tesseract för importen)

pdf-deps: $(STAMP)
	$(call system-packages,$(PDF_DEBS),$(PDF_PROBE),$(PDF_PURPOSE))

# For `tyreso importera` of scanned reports: Tesseract and its Swedish model.
ocr-deps: $(STAMP)
	$(call system-packages,$(OCR_DEBS),command -v tesseract,Importen av skannade rapporter (Tesseract med svensk modell))

test-deps: $(STAMP)
	$(call system-packages,$(TEST_DEBS),$(TEST_PROBE),$(TEST_PURPOSE))

# axe-core, fetched from the npm registry into the virtual environment (no file of it is committed).
$(AXE): | $(STAMP) test-deps
	@command -v npm >/dev/null 2>&1 || { echo "axe-core hämtas med npm, som saknas: installera Debianpaketet npm och försök igen."; exit 1; }
	npm install --prefix $(VENV)/axe-core --no-save --no-package-lock --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	@test -f $@ || { echo "axe-core $(AXE_VERSION) kunde inte hämtas från npm."; exit 1; }

# Lighthouse, likewise into the virtual environment (benchmarks/lighthouse.py and the accessibility tests run it).
$(LIGHTHOUSE): | $(STAMP) test-deps
	@command -v npm >/dev/null 2>&1 || { echo "Lighthouse hämtas med npm, som saknas: installera Debianpaketet npm och försök igen."; exit 1; }
	npm install --prefix $(VENV)/lighthouse --no-save --no-package-lock --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)
	@test -f $@ || { echo "Lighthouse $(LIGHTHOUSE_VERSION) kunde inte hämtas från npm."; exit 1; }

pdf: $(STAMP) pdf-deps bytecode
	$(BIN)/python -m tyreso_ext.outputs.pdf . $(BUILD)/pdf --strikt

check: $(STAMP) bytecode
	$(BIN)/tyreso check reports

serve: $(STAMP) bytecode
	$(BIN)/tyreso serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(STAMP) test-deps $(AXE) $(LIGHTHOUSE) lint bytecode
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILD)
