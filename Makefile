# Metropolis annual report 2020 -> checked data -> HTML chapters.
# `make` lists the targets. A newcomer needs two: `make report` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory
# Independent steps run side by side, one per core (`make -j1 report` runs them one at a time: a -j on the
# command line wins over this default). Goals that remove or rewrite what others read (clean, format, ...)
# keep the command line's order: with one of them among the goals, nothing runs side by side.
JOBS := $(or $(filter-out 0,$(JOBS)),$(shell nproc 2>/dev/null || echo 2))
ORDERED_GOALS := clean distclean format expectations lock setup extract edition
ifeq ($(filter $(ORDERED_GOALS),$(MAKECMDGOALS)),)
MAKEFLAGS += -j$(JOBS)
endif

# ---------------------------------------------------------------------------- environment
PYTHON_BOOT ?= $(shell command -v python3.11 2>/dev/null || echo python3.11)
VENV        := .venv
PY          := $(VENV)/bin/python
ENV_STAMP   := $(VENV)/.installed
CONDA       := $(shell command -v mamba 2>/dev/null || command -v conda 2>/dev/null)
KERNEL      := metropolis-report
# uv installs the same lock as pip, ten times faster; it lives beside the environment, not in it.
# It compiles the packages' bytecode at install, as pip does: without it, a machine that does not write bytecode
# (PYTHONDONTWRITEBYTECODE) compiles pandas, nbconvert and great_expectations again in every process.
UV          := $(VENV)/tools/bin/uv

# The package of *this* checkout, for make's own Python processes and the kernels they start
# (the .pth file in .venv serves JupyterLab).
export PYTHONPATH := $(CURDIR)/src

# ---------------------------------------------------------------------------- paths
# The report text, its checksum and its layout are an edition's (metadata/editions.csv; `make report EDITION=<id>`):
# REPORT_TEXT and LAYOUT are set below, from the checked parameters.
CURATED     := $(wildcard data/raw/curated/*.csv)
STAGING     := build/staging
PROCESSED   := data/processed
# The derived tables (audit, gender metrics, cross-checks) are computed after the gate: their rules and
# suites are kept apart so that editing a claim rule rebuilds the audit, not the validation.
CLEAN_TABLES   := $(shell awk -F, 'NR > 1 && $$3 == "clean" {print $$1}' metadata/tables.csv)
DERIVED_TABLES := $(shell awk -F, 'NR > 1 && $$3 == "derived" {print $$1}' metadata/tables.csv)
EXPECT_DERIVED := $(patsubst %,expectations/%.json,$(DERIVED_TABLES))
EXPECT      := $(filter-out $(EXPECT_DERIVED),$(wildcard expectations/*.json))
# The metadata files a step reads are not typed here either: the runner notes every file of metadata/ the step
# reads (in its kernel too) and writes them to build/reads/<step>.mk as READS_<step> once the step succeeds (as
# a compiler's -MD does). Before a step's first build its list is every metadata file; parameters.csv reaches
# the steps through their parameter files (build/params/), so only the runner's check of it is its prerequisite.
-include $(wildcard build/reads/*.mk)
metadata_read = $(or $(READS_$(1)),$(filter-out metadata/parameters.csv,$(wildcard metadata/*.csv metadata/layouts/*/*.csv)))
PKG         := src/metropolis_report
RUN         := $(PY) -m metropolis_report.publish.run

# ---------------------------------------------------------------------------- module prerequisites
# The package modules each step imports, transitively, are not typed here: tools/deps.py reads the imports
# of every notebook (its code cells) and of the modules make runs with `python -m`, and writes them to
# build/deps.mk as DEPS_<notebook> and DEPS_MODULE_<module> (standard library only, so it runs before
# .venv exists). It is regenerated when a module or a notebook changes, and make then reads it again.
PKG_SOURCES  := $(shell find $(PKG) -name '*.py' -not -path '*/__pycache__/*' | sort)
ENTRY_POINTS := run=publish.run index=publish.index pdf=publish.pdf source=extract.source extract=extract parameters=parameters
build/deps.mk: $(wildcard notebooks/[0-9]*.ipynb) $(PKG_SOURCES) tools/deps.py
	@$(PYTHON_BOOT) -m tools.deps $@ $(foreach m,$(ENTRY_POINTS),--module $(subst =,=metropolis_report.,$m)) $(filter %.ipynb,$^)
	@touch $@
include build/deps.mk

RUN_DEPS    := $(ENV_STAMP) metadata/parameters.csv $(DEPS_MODULE_run) templates/chapter/index.html.j2

# ---------------------------------------------------------------------------- parameters
# Declared once, in metadata/parameters.csv (name, type, range, default, meaning, chapters); `make params`
# lists them. Change one on the command line (`make report CONFIDENCE=0.9`): the values are checked here,
# when make reads this file, so a refused value stops before any step runs and changes nothing. Only the
# chapters that use a changed parameter are rebuilt: each chapter's parameter file (build/params/) is
# rewritten only when its values change.
PARAMETERS  := metadata/parameters.csv
PARAMS_PY   := PYTHONPATH=$(CURDIR)/src $(PYTHON_BOOT) -m metropolis_report.parameters
PARAM_NAMES := $(shell awk -F, 'NR > 1 && $$2 == "research" {print toupper($$1)}' $(PARAMETERS))
# `make edition EDITION=<id>` names a new edition: the build's edition stays the default there. Its two variables
# are checked here, before the environment is set up.
ifneq ($(filter edition,$(MAKECMDGOALS)),)
ifeq ($(and $(FILE),$(EDITION)),)
$(error usage: make edition FILE=<the report's text> EDITION=<a new id, such as 2021-fr> (docs/new-edition.md); nothing was run)
endif
endif
PARAM_CHECKED := $(if $(filter edition,$(MAKECMDGOALS)),$(filter-out EDITION,$(PARAM_NAMES)),$(PARAM_NAMES))
# The variables of this Makefile that may be given on the command line; any other (REPORT_TEXT=..., a typo) is refused,
# since nothing would read it.
MAKE_VARIABLES := JOBS PYTHON_BOOT LAB_OPTS FILE BENCH_RUNS
# the values given (command line or environment), and the names given on the command line (to catch a typo)
PARAM_GIVEN := $(foreach v,$(PARAM_CHECKED),$(if $(filter undefined default,$(origin $v)),,'$v=$(subst ','\'',$($v))'))
PARAM_WORDS := $(shell $(PARAMS_PY) make $(PARAM_GIVEN) --command-line $(foreach w,$(MAKEOVERRIDES),$(if $(findstring =,$w),'$(subst ','\'',$(firstword $(subst =, ,$w)))')) --make-variables $(MAKE_VARIABLES) $(if $(filter edition,$(MAKECMDGOALS)),EDITION))
ifeq ($(firstword $(PARAM_WORDS)),refused)
$(error a parameter value was refused (see the paragraph above); nothing was run)
else ifneq ($(firstword $(PARAM_WORDS)),ok)
$(error the parameters could not be checked: '$(PYTHON_BOOT) -m metropolis_report.parameters' did not run; install Python 3.11 (or point PYTHON_BOOT at it))
endif
COMMA := ,
# @edition|id|report file|layout|files -> the edition the build reads (exported to every step and kernel)
EDITION_WORD := $(subst |, ,$(filter @edition|%,$(PARAM_WORDS)))
export METRO_EDITION := $(word 2,$(EDITION_WORD))
REPORT_TEXT := data/raw/$(word 3,$(EDITION_WORD))
RAW_TABLES  := $(patsubst %/,%,$(dir $(REPORT_TEXT)))# the edition's extracted tables sit beside its text
LAYOUT_FILES := $(subst $(COMMA), ,$(word 5,$(EDITION_WORD)))
# chapter|,"name":value,... -> R_<chapter>: the research parameters of each chapter, at their checked values
$(foreach w,$(filter-out @edition|%,$(wordlist 2,$(words $(PARAM_WORDS)),$(PARAM_WORDS))),$(eval R_$(firstword $(subst |, ,$(w))) := $(word 2,$(subst |, ,$(w)))))

# The folders each step reads and writes (the build's own; the notebooks' None defaults are the same folders).
FOLDERS_10_clean_members     := "raw_dir": "$(RAW_TABLES)", "staging_dir": "$(STAGING)"
FOLDERS_11_clean_annexes     := "raw_dir": "$(RAW_TABLES)", "staging_dir": "$(STAGING)"
FOLDERS_20_data_quality      := "staging_dir": "$(STAGING)", "processed_dir": "$(PROCESSED)", "expectations_dir": "expectations", "raw_dir": "$(RAW_TABLES)"
FOLDERS_21_derived_tables    := "processed_dir": "$(PROCESSED)", "staging_dir": "$(STAGING)/derived", "expectations_dir": "expectations"
FOLDERS_30_claims_audit      := "processed_dir": "$(PROCESSED)"
FOLDERS_31_engagement        := "processed_dir": "$(PROCESSED)"
FOLDERS_32_gender            := "processed_dir": "$(PROCESSED)"
FOLDERS_33_events_plan_funding := "processed_dir": "$(PROCESSED)"
# a chapter's parameter file: its folders, then its research parameters
PARAMS_JSON = $(subst {$(COMMA),{,{$(FOLDERS_$(1))$(R_$(1))})

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
CHAPTERS  := $(patsubst notebooks/%.ipynb,reports/%.html,$(NOTEBOOKS))

##@ Front door
help: ## List every target with one line, then the parameters (default)
	@awk 'BEGIN {FS = ":.*## "} /^##@/ {printf "\n%s\n", substr($$0, 5)} /^[a-z][a-zA-Z_-]*:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@$(PARAMS_PY) list
	@echo

params: ## List the parameters (make report NAME=value): meaning, default and range
	@$(PARAMS_PY) list

report: $(ENV_STAMP) reports/index.html ## Build every HTML chapter and the index into reports/ (sets up the environment if needed)
	@echo "report: reports/index.html is up to date ($(words $(CHAPTERS)) chapters)"

test: $(ENV_STAMP) lint report browser ## Run lint, then the test suite (builds the report first; the tests read its outputs)
	$(PY) -m pytest -n 2 --dist loadgroup

test-fast: $(ENV_STAMP) ## Run the unit tests only (seconds; no build needed)
	$(PY) -m pytest tests/unit -q

LINTED := src tools tests notebooks
lint: $(ENV_STAMP) ## Check style, unused names and formatting (ruff) of src/, tools/, tests/ and the notebooks
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

format: $(ENV_STAMP) ## Rewrite src/, tools/, tests/ and the notebooks in the project's format (ruff)
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(VENV)/bin/ruff format $(LINTED)

LAB_OPTS ?=
lab: $(ENV_STAMP) ## Open the notebooks in JupyterLab with the project kernel (extra options: LAB_OPTS=...)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_OPTS)

##@ Environment
browser: ## Install Debian's headless Chromium and poppler-utils (PDF text and images) for the browser and PDF tests, if missing
	@{ command -v chromium && command -v pdftotext; } >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then echo "browser: installing Debian's chromium and poppler-utils"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "ERROR: the browser and PDF tests need Debian's chromium and poppler-utils: run 'sudo apt-get install chromium poppler-utils'." >&2; exit 1; fi; }

setup: $(ENV_STAMP) ## Create or update the environment (.venv) from environment.yml; does nothing if unchanged

$(ENV_STAMP): environment.yml requirements.lock
	@if [ -n "$(CONDA)" ]; then \
	  echo "setup: $(CONDA) found, building .venv from environment.yml"; \
	  if [ -d $(VENV)/conda-meta ]; then $(CONDA) env update -p $(VENV) -f environment.yml --prune; \
	  else rm -rf $(VENV) && $(CONDA) env create -p $(VENV) -f environment.yml; fi; \
	else \
	  command -v $(PYTHON_BOOT) >/dev/null || { echo "ERROR: neither conda/mamba nor $(PYTHON_BOOT) was found. Install Python 3.11 (or conda) and run 'make setup' again." >&2; exit 1; }; \
	  $(PYTHON_BOOT) -m tools.envlock check || { echo "ERROR: requirements.lock does not match environment.yml; run 'make lock'." >&2; exit 1; }; \
	  echo "setup: no conda/mamba; building .venv with $(PYTHON_BOOT) -m venv from requirements.lock"; \
	  [ -x $(PY) ] || $(PYTHON_BOOT) -m venv $(VENV); \
	  if [ -x $(UV) ] || $(PY) -m pip install -qq --target $(VENV)/tools uv; then \
	    echo "setup: installing requirements.lock with uv"; \
	    $(UV) pip install --python $(PY) --no-deps --compile-bytecode -q -r requirements.lock; \
	  else echo "setup: uv could not be installed; installing requirements.lock with pip (slower)"; \
	    $(PY) -m pip install -qq --no-deps -r requirements.lock; fi && $(PY) -m pip check; \
	fi
	@# the project package, importable from the environment without a build step
	@$(PY) -c "import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()['purelib'], 'metropolis_report.pth').write_text('$(CURDIR)/src\n')"
	@# the kernel lives inside the environment, not in the user's global kernels
	@$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python 3.11 (metropolis-report)" >/dev/null
	@touch $@
	@echo "setup: environment ready ($(VENV), kernel $(KERNEL))"

lock: ## Regenerate requirements.lock (all transitive pins) from environment.yml
	rm -rf build/lockenv
	$(PYTHON_BOOT) -m venv build/lockenv
	$(PYTHON_BOOT) -m tools.envlock requirements > build/lock-top.txt
	build/lockenv/bin/pip install -qq -r build/lock-top.txt
	{ $(PYTHON_BOOT) -m tools.envlock header; build/lockenv/bin/pip freeze; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock
	rm -rf build/lockenv build/lock-top.txt
	@echo "lock: requirements.lock regenerated; commit it with environment.yml"

##@ Pipeline steps (each is part of `make report`)
verify: build/source.verified ## Check the source report against its recorded SHA-256

# verify and extract run on the system Python (standard library only, before .venv exists).
# build/edition holds the id of the edition last built: rewritten only when it changes, so that another edition
# (`make report EDITION=<id>`) extracts and rebuilds everything, and the same one nothing.
ifneq ($(shell cat build/edition 2>/dev/null),$(METRO_EDITION))
build/edition: FORCE
endif
build/edition:
	@mkdir -p $(@D)
	@printf '%s\n' '$(METRO_EDITION)' > $@

build/source.verified: $(REPORT_TEXT) metadata/editions.csv build/edition $(DEPS_MODULE_source)
	@mkdir -p build
	@$(PYTHON_BOOT) -m metropolis_report.extract.source
	@touch $@

# A missing source report: say so in one paragraph instead of make's "no rule".
$(REPORT_TEXT):
	@$(PYTHON_BOOT) -m metropolis_report.extract.source

expectations: $(ENV_STAMP) ## Regenerate the expectation suites (expectations/*.json) from the data dictionary; review the diff
	$(PY) -m metropolis_report.validate.suites --write-suites

edition: $(ENV_STAMP) ## Add an edition of the report: make edition FILE=<text> EDITION=<id> (docs/new-edition.md)
	@$(PY) -m metropolis_report.new_edition --file '$(FILE)' --edition '$(EDITION)'

extract: build/raw.extracted ## Extract every table and list of the report into data/raw/*.csv

build/raw.extracted: build/source.verified $(LAYOUT_FILES) $(DEPS_MODULE_extract)
	@$(PYTHON_BOOT) -m metropolis_report.extract
	@touch $@

# Per-chapter parameter files: rewritten only when their content changes.
# Which files are stale is found when make reads this file, so that only they are remade (and `make -n` plans
# a chapter only when a value it uses changed or its parameter file is missing).
PARAMS_STALE := $(foreach c,$(patsubst notebooks/%.ipynb,%,$(NOTEBOOKS)),$(if $(shell printf '%s\n' '$(call PARAMS_JSON,$c)' | cmp -s - build/params/$c.json 2>/dev/null && echo same),,$c))
$(patsubst %,build/params/%.json,$(PARAMS_STALE)): FORCE
build/params/%.json:
	@mkdir -p $(@D)
	@printf '%s\n' '$(call PARAMS_JSON,$*)' > $@

# a chapter's recipe: the runner executes the notebook with the chapter's parameter file and writes its page
run_chapter = $(RUN) notebooks/$(1).ipynb --params build/params/$(1).json --html reports/$(1).html
processed_tables = $(patsubst %,$(PROCESSED)/%.csv,$(1))
# a published file other than a table, by its variable of build/deps.mk (named where the package writes it;
# nothing while deps.mk is being made)
published = $(if $($(1)),$(PROCESSED)/$($(1)))

reports/10_clean_members.html: notebooks/10_clean_members.ipynb build/params/10_clean_members.json $(RUN_DEPS) $(DEPS_10_clean_members) build/raw.extracted $(CURATED) $(call metadata_read,10_clean_members)
	@$(call run_chapter,10_clean_members)

reports/11_clean_annexes.html: notebooks/11_clean_annexes.ipynb build/params/11_clean_annexes.json $(RUN_DEPS) $(DEPS_11_clean_annexes) build/raw.extracted $(CURATED) $(call metadata_read,11_clean_annexes)
	@$(call run_chapter,11_clean_annexes)

# Validation publishes data/processed/ only if every suite passes.
reports/20_data_quality.html: notebooks/20_data_quality.ipynb build/params/20_data_quality.json $(RUN_DEPS) $(DEPS_20_data_quality) $(EXPECT) $(call metadata_read,20_data_quality) reports/10_clean_members.html reports/11_clean_annexes.html
	@$(call run_chapter,20_data_quality)

# The tables a step publishes are targets of that step. The step rewrites a table only when its bytes change,
# so a validation that publishes the same data rebuilds no analysis chapter (make re-reads their times after
# the step); a table that is missing (deleted by hand) runs the step again, which writes it, and then only
# what reads it is rebuilt. (The page is the step's own target: a table that was rightly left alone is older
# than the step's inputs and must not make every later `make` run the step again.)
# The loop is planned only when a table was missing as make read this file (else the recipe is empty, and
# `make -n` lists nothing for it); a build from nothing plans it and finds every table there.
republish_loop = for table in $(2); do [ -e "$$table" ] || { echo "[missing] $$table: running $(1) again, which publishes it"; $(call run_chapter,$(1)); exit; }; done
republish = $(if $(filter-out $(wildcard $(2)),$(2)),@$(call republish_loop,$(1),$(2)))

CLEAN_PUBLISHED := $(call processed_tables,$(CLEAN_TABLES)) $(call published,SUMMARY_clean)
$(CLEAN_PUBLISHED) &: reports/20_data_quality.html
	$(call republish,20_data_quality,$(CLEAN_PUBLISHED))


# The derived tables, from the published ones, checked by their own suites before they are published.
reports/21_derived_tables.html: notebooks/21_derived_tables.ipynb build/params/21_derived_tables.json $(RUN_DEPS) $(DEPS_21_derived_tables) \
		$(EXPECT_DERIVED) $(call metadata_read,21_derived_tables) $(CLEAN_PUBLISHED)
	@$(call run_chapter,21_derived_tables)

DERIVED_PUBLISHED := $(call processed_tables,$(DERIVED_TABLES)) $(call published,SUMMARY_derived) $(call published,FINDINGS_PARAMETERS)
$(DERIVED_PUBLISHED) &: reports/21_derived_tables.html
	$(call republish,21_derived_tables,$(DERIVED_PUBLISHED))

ANALYSIS_DEPS = $(RUN_DEPS) $(DEPS_$(1)) $(call metadata_read,$(1))

# Every analysis chapter computes its findings (metropolis_report.derive.findings) from the tables they rest on,
# FINDINGS_TABLES_<chapter> of build/deps.mk (derive.findings.tables_of). The events chapter reads no derived
# table, so it runs beside the derived step.
findings_tables = $(call processed_tables,$(FINDINGS_TABLES_$(1)))

reports/30_claims_audit.html: notebooks/30_claims_audit.ipynb build/params/30_claims_audit.json $(call ANALYSIS_DEPS,30_claims_audit) \
		$(call findings_tables,30_claims_audit)
	@$(call run_chapter,30_claims_audit)

# The engagement and gender chapters read the published findings (computed by the derived step with the same
# parameters) instead of repeating the permutation tests.
reports/31_engagement.html: notebooks/31_engagement.ipynb build/params/31_engagement.json $(call ANALYSIS_DEPS,31_engagement) \
		$(call findings_tables,31_engagement) $(call processed_tables,findings) $(call published,FINDINGS_PARAMETERS)
	@$(call run_chapter,31_engagement)

reports/32_gender.html: notebooks/32_gender.ipynb build/params/32_gender.json $(call ANALYSIS_DEPS,32_gender) \
		$(call findings_tables,32_gender) $(call processed_tables,findings) $(call published,FINDINGS_PARAMETERS)
	@$(call run_chapter,32_gender)

reports/33_events_plan_funding.html: notebooks/33_events_plan_funding.ipynb build/params/33_events_plan_funding.json $(call ANALYSIS_DEPS,33_events_plan_funding) \
		$(call findings_tables,33_events_plan_funding)
	@$(call run_chapter,33_events_plan_funding)

# The index also writes what every page shares: site assets, the annotated report (source.html), the
# downloads (data package, executed notebooks) and the search index over every page.
reports/index.html: $(CHAPTERS) $(RUN_DEPS) $(DEPS_MODULE_index) $(call metadata_read,index) $(wildcard templates/site/*) \
		$(REPORT_TEXT) pyproject.toml LICENSE CITATION.cff $(call published,SUMMARY_clean) $(call published,SUMMARY_derived) $(call processed_tables,findings)
	@$(PY) -m metropolis_report.publish.index

PDF := reports/$(PDF_NAME)
pdf: $(PDF) ## Print every chapter and the index to reports/metropolis_annual_report.pdf with headless Chromium

$(PDF): reports/index.html $(DEPS_MODULE_pdf) | browser
	@$(PY) -m metropolis_report.publish.pdf $@

bench: $(ENV_STAMP) ## Measure the critical path (each step), -j2 against it, no-op and one-chapter builds, the floor
	$(PY) -m tools.bench

##@ Housekeeping
clean: ## Remove everything built (reports, processed data, build/); keeps .venv and data/raw
	rm -rf build reports/*.html reports/*.js reports/*.css reports/*.pdf reports/data reports/notebooks $(PROCESSED)/*.csv $(PROCESSED)/*.json

distclean: clean ## Also remove the environment (.venv)
	rm -rf $(VENV)

.PHONY: help params report test test-fast lint format pdf lab browser setup lock verify edition extract expectations bench clean distclean FORCE
FORCE:
