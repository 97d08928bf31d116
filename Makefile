# Two commands matter: `make run` starts the kiosk, `make test` installs everything and tests it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run test lint check snapshot soak bench system-deps clean

# Re-install only when the pinned dependencies change.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,voice]'
	@touch $@

run: $(STAMP)
	$(BIN)/kiosk $(ARGS)

# The end-to-end tests (tests/e2e) need Xvfb, openbox and xdotool from Debian.
test: $(STAMP) system-deps
	$(BIN)/ruff check kiosk tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

system-deps:
	bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check kiosk tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

check: $(STAMP)
	$(BIN)/kiosk check

# 20,000 random taps through every screen; prints the memory/fd/thread/widget table.
soak: $(STAMP)
	$(BIN)/python -m tests.soak --steps 20000

# Start-up, memory, tap-to-repaint, idle CPU and growth beside a bare-PySide6 floor.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(ARGS)

snapshot: $(STAMP)
	$(BIN)/kiosk snapshot snapshots $(ARGS)

clean:
	rm -rf $(VENV) snapshots .pytest_cache .ruff_cache

# Hypothesis against the content check, many more examples than `make test` and at random
# (`make fuzz FUZZ_EXAMPLES=20000`); prints how each kind of change fared, and any failure.
FUZZ_EXAMPLES ?= 3000
.PHONY: fuzz
fuzz: $(STAMP)
	QT_LOGGING_RULES="qt.text.font.db=false" HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
		$(BIN)/python -m pytest -p no:cacheprovider -q -s tests/test_fuzz.py

# Read aloud's audio, for every page whose text changed (the [voice] extra is in the venv;
# espeak-ng, Spanish's voice, comes with scripts/debian-packages.txt). ARGS=CONTENT_DIR.
.PHONY: voice
voice: $(STAMP) system-deps
	$(BIN)/kiosk voice $(ARGS)
