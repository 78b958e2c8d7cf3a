# Tyresö reporting: every target sets up its own virtual environment first.
#   make        build the site and one PDF per report (html + pdf)
#   make html   build the site (handbook and reports) in strict mode into _build/html
#   make pdf    build one PDF per report (A4, tagged PDF/UA-1) into _build/pdf
#   make test   run the test suite
#   make check  validate the reports without building the site

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
SPHINXOPTS ?= -W --keep-going -n -j auto
# Debian packages the PDFs need: Pango for WeasyPrint (harfbuzz-subset for tagged output), fonts with
# Swedish letters, and poppler-utils (pdftoppm, pdftotext) with which the tests look at the pages.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core poppler-utils

.PHONY: all html pdf pdf-deps test check clean

all: html pdf

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 saknas: installera python3.11 och försök igen."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

html: $(STAMP)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) . $(BUILD)/html
	@echo "Webbplatsen finns i $(BUILD)/html/index.html"

# Installs the missing packages when run as root with apt; otherwise one message names them.
pdf-deps: $(STAMP)
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for package in $(PDF_DEBS); do \
	    dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	  done; \
	elif ! $(BIN)/python -c "import weasyprint" >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
	  missing=" $(PDF_DEBS)"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installerar systempaket för PDF:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing >/dev/null \
	    || { echo "Systempaketen för PDF kunde inte installeras:$$missing. Installera dem med apt-get och försök igen."; exit 1; }; \
	  else \
	    echo "PDF-bygget och testerna behöver systempaketen$$missing (Pango för WeasyPrint, typsnitt, poppler-utils). Installera dem som administratör, till exempel: sudo apt-get install$$missing"; \
	    exit 1; \
	  fi; \
	fi

pdf: $(STAMP) pdf-deps
	$(BIN)/python -m tyreso_ext.pdf . $(BUILD)/pdf --strikt

check: $(STAMP)
	$(BIN)/tyreso check reports

test: $(STAMP) pdf-deps
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILD)
