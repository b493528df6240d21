# The two set-up commands of the README: `make demo` and `make test`.
# Both create .venv if needed, install torch==2.13.0 only when no torch is importable, then the project.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1
export MPLBACKEND ?= Agg
export WANDB_MODE ?= disabled

.PHONY: install demo test test-slow check-sync notebooks docs clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e ".[dev]"
	@touch $@

demo: install
	$(BIN)/mechinterp info
	$(BIN)/mechinterp demo

# Fails if the exported modules or the notebooks are out of sync with what is committed.
check-sync: install
	$(BIN)/nbdev-export
	$(BIN)/nbdev-clean
	@if [ -n "$$(git status --porcelain --untracked-files=all -- mechinterp nbs)" ]; then \
	  echo "nbdev-export/nbdev-clean changed tracked files: run them and commit the result."; \
	  git status --porcelain --untracked-files=all -- mechinterp nbs; exit 1; fi

test: check-sync
	IN_TEST=1 $(BIN)/nbdev-test --n-workers 2 --timing
	$(BIN)/python -m pytest -n 2 -q

test-slow: install
	$(BIN)/nbdev-test --n-workers 1 --flags "slow" --timing
	$(BIN)/python -m pytest -q -m slow

# Execute every notebook and write its outputs back (what a reader sees on the repository page), then strip noise.
notebooks: install
	$(BIN)/nbdev-export
	IN_TEST=1 $(BIN)/nbdev-test --n-workers 2 --save --timing
	$(BIN)/nbdev-clean

# The documentation site: one HTML page per executed notebook, figures embedded, in _docs/ (open _docs/index.html).
docs: install
	$(BIN)/python docs/build.py --nbs nbs --out _docs

clean:
	rm -rf $(VENV) _proc _docs .pytest_cache .hypothesis *.egg-info
