# Tyresö reporting: every target sets up its own virtual environment first.
#   make html   build the site (handbook and reports) in strict mode into _build/html
#   make test   run the test suite
#   make check  validate the reports without building the site

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
SPHINXOPTS ?= -W --keep-going -n -j auto

.PHONY: all html test check clean

all: html

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 saknas: installera python3.11 och försök igen."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

html: $(STAMP)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) . $(BUILD)/html
	@echo "Webbplatsen finns i $(BUILD)/html/index.html"

check: $(STAMP)
	$(BIN)/tyreso check reports

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILD)
