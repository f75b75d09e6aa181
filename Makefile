# Build, serve and test the Managed Identity Playground.
#
#   make serve   release build of the web app, served on http://127.0.0.1:$(PORT)/
#   make test    everything CI runs, in order: formatting, lints (native and
#                wasm), native tests, release web build, size budget, browser tests
#
# Both first install whatever is missing, and only from package registries
# (crates.io through cargo, npm, Debian apt): nothing else is reachable from
# CI, so Trunk runs offline with tools installed here and the browser tests use
# Debian's Chromium instead of a Playwright download. Every install step checks
# first and does nothing when the right version is already there, so a second
# run skips them in seconds.
#
# Versions are pinned here, except wasm-bindgen's, which is read from
# Cargo.lock: the CLI must match the library exactly.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
# Steps run one after another in the order listed: `make test` is a pipeline.
.NOTPARALLEL:
.DEFAULT_GOAL := help

# Where the build tools live: outside the work tree, so a fresh clone reuses them.
TOOLS ?= $(HOME)/.cache/mip-playground
PORT ?= 8080
# Each page's first load (its HTML, CSS, boot.js, JS and wasm) aimed for 350 KB gzipped. Each
# page is its own build (see PAGES below) and the gate applies to every page; the largest is the
# playground, with its animation, the "can it?" flow, the access matrix and the lessons. `make
# size` prints how far over the aim each page is. The gate only ever goes down. A page shows its
# header from its HTML before any of it loads.
SIZE_TARGET_KB ?= 350
SIZE_BUDGET_KB ?= 640

# One build per page, so each page downloads only its own code (see src/ui/root.rs and
# view::page): <page>.html at the top of the tree names its binary (index: src/main.rs, the
# others: src/bin/<page>.rs). Trunk replaces its dist on every build, so each page is built into
# its own staging directory and `make build` merges them into dist/. All share one cargo target
# directory, so the dependencies compile once, and a page's build is skipped when none of its
# files changed: its HTML file alone rebuilds that page; src/, static/ (the lessons and style
# sheets are shared) or Cargo's and Trunk's files rebuild all four.
PAGES := index present compare embed
PAGE_DIST := target/pages
PAGE_SOURCES = $(shell find src static -type f) Cargo.toml Cargo.lock Trunk.toml

TRUNK_VERSION := 0.22.1
# binaryen >= 117 is needed to read the table.fill that wasm-bindgen 0.2.130
# emits; Debian's binaryen (108) and the wasm-opt crate (116) are too old.
BINARYEN_VERSION := 132.0.0
WASM_TARGET := wasm32-unknown-unknown
CHROMIUM := /usr/bin/chromium

NPM_TOOLS := $(TOOLS)/npm
NPM_BIN := $(NPM_TOOLS)/node_modules/.bin
# npm's wasm-opt first, so Trunk can never pick up Debian's /usr/bin/wasm-opt;
# then our trunk and wasm-bindgen ahead of any others on the machine.
export PATH := $(NPM_BIN):$(TOOLS)/bin:$(PATH)
# Trunk's version is pinned on purpose; don't let it ask crates.io for a newer one.
export TRUNK_SKIP_VERSION_CHECK := true

# The wasm-bindgen version locked in Cargo.lock (expanded when a recipe runs,
# after Cargo.lock exists).
WASM_BINDGEN_VERSION = $(shell awk '$$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

# apt needs root; use sudo only when we are not root already.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

E2E_INSTALLED := e2e/node_modules/.package-lock.json

.PHONY: help serve test tools test-tools rust-target tool-trunk tool-wasm-bindgen \
        tool-wasm-opt tool-chromium e2e-deps fetch fmt-check clippy test-native \
        build size e2e lighthouse clean bench test-wasm

help:
	@echo "make serve        build (release) and serve on http://127.0.0.1:$(PORT)/  (PORT=...)"
	@echo "make test         fmt-check, clippy, test-native, bench, test-wasm, build, size, e2e, lighthouse"
	@echo "make tools        install the build tools into $(TOOLS)"
	@echo "make test-tools   also install Chromium and the e2e npm packages"
	@echo "make fmt-check | clippy | test-native | build | size | e2e | lighthouse | clean"

# ---------------------------------------------------------------- entry points

serve: build
	@echo "Serving dist/ on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	python3 -m http.server --bind 127.0.0.1 $(PORT) --directory dist

# Cheap checks first, so a formatting slip fails in seconds, not after a build.
# Each step pulls in the installs it needs (see the prerequisites below).
test: fmt-check clippy test-native bench test-wasm build size e2e lighthouse
	@echo "make test: all steps passed"

# --------------------------------------------------------------------- tools

# What `make build` and `make serve` need.
tools: rust-target tool-trunk tool-wasm-bindgen tool-wasm-opt

# What the browser tests need on top.
test-tools: tools tool-chromium e2e-deps

# The wasm target, plus rustfmt and clippy in case the toolchain lacks them.
rust-target:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' \
	  || rustup target add $(WASM_TARGET)
	@cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

# Trunk 0.22.1 declares rust-version 1.96.1 but builds and works on older
# stable toolchains, hence --ignore-rust-version. About 8 minutes cold.
tool-trunk:
	@if [ "$$('$(TOOLS)/bin/trunk' --version 2>/dev/null)" = "trunk $(TRUNK_VERSION)" ]; then \
	  echo "trunk $(TRUNK_VERSION): installed"; \
	else \
	  cargo install --root '$(TOOLS)' trunk --version $(TRUNK_VERSION) --locked --ignore-rust-version; \
	fi

# The CLI must equal the wasm-bindgen library in Cargo.lock, or Trunk would
# try to download a matching one. No --locked: the CLI's own lockfile pins a
# webpki-roots version the registry here lacks. Trunk.toml names the same
# version (Trunk checks it offline), so check the two agree.
tool-wasm-bindgen: Cargo.lock
	@v='$(WASM_BINDGEN_VERSION)'; \
	if [ -z "$$v" ]; then echo "Cargo.lock has no wasm-bindgen entry" >&2; exit 1; fi; \
	if [ "$$('$(TOOLS)/bin/wasm-bindgen' --version 2>/dev/null)" = "wasm-bindgen $$v" ]; then \
	  echo "wasm-bindgen $$v: installed"; \
	else \
	  cargo install --root '$(TOOLS)' wasm-bindgen-cli --version "$$v"; \
	fi; \
	grep -qx "wasm_bindgen = \"$$v\".*" Trunk.toml || { \
	  echo "Trunk.toml: set [tools] wasm_bindgen = \"$$v\" to match Cargo.lock" >&2; exit 1; }

# wasm-opt from npm's binaryen package, first on PATH (see above).
tool-wasm-opt:
	@if [ "$$(node -p "require('$(NPM_TOOLS)/node_modules/binaryen/package.json').version" 2>/dev/null)" = "$(BINARYEN_VERSION)" ]; then \
	  echo "binaryen $(BINARYEN_VERSION): installed"; \
	else \
	  mkdir -p '$(NPM_TOOLS)'; \
	  npm install --prefix '$(NPM_TOOLS)' --no-audit --no-fund binaryen@$(BINARYEN_VERSION); \
	fi
	@found="$$(command -v wasm-opt)"; if [ "$$found" != "$(NPM_BIN)/wasm-opt" ]; then \
	  echo "wasm-opt resolves to $$found, expected $(NPM_BIN)/wasm-opt" >&2; exit 1; fi

# Debian's Chromium for the browser tests (Playwright's own browser download
# is unreachable). chromium-driver comes along for wasm-bindgen-test-runner.
tool-chromium:
	@if [ -x '$(CHROMIUM)' ] && command -v chromedriver >/dev/null; then \
	  echo "chromium: installed"; \
	else \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

# The e2e npm packages, exactly as locked in e2e/package-lock.json. npm ci
# rewrites e2e/node_modules/.package-lock.json, which serves as the stamp:
# reinstalled when missing or older than package.json or the lockfile.
# (package.json pins two packages that lighthouse asks for as "latest", which
# npm ci would otherwise reject as out of sync once a new version ships.)
e2e-deps: $(E2E_INSTALLED)
$(E2E_INSTALLED): e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch '$@'

# Created only if missing; normally committed.
Cargo.lock:
	cargo generate-lockfile

# Trunk builds with --offline (Trunk.toml), so every crate for every target,
# wasm32 included, must already be downloaded.
fetch: Cargo.lock
	cargo fetch

# ------------------------------------------------------------------- checks

fmt-check: rust-target
	cargo fmt --check

# Native lints cover the core, the CLI and the tests; the wasm32 run covers
# the code behind cfg(target_arch = "wasm32"), which natively is compiled out.
clippy: rust-target fetch
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target $(WASM_TARGET) --lib --bin playground $(patsubst %,--bin %,$(filter-out index,$(PAGES))) -- -D warnings

# All native tests: unit, integration (tests/*.rs, including the core purity
# check) and doc tests.
test-native:
	cargo test

# Replay of 1,000 resources + 4,000 role assignments and a 1,000 x 1,000 access
# matrix, optimised build; prints the times and fails over budget.
bench:
	cargo bench --bench replay

# Component tests in headless Chromium (tests/web.rs), through
# wasm-bindgen-test-runner (installed with wasm-bindgen-cli) and chromedriver.
test-wasm: tools tool-chromium fetch
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver \
	  cargo test --target $(WASM_TARGET) --test web

# The site as deployed: every page in release profile, wasm-opt -Oz, minified, merged into dist/.
build: tools fetch $(PAGES:%=$(PAGE_DIST)/%.stamp)
	rm -rf dist
	mkdir -p dist
	for page in $(PAGES); do cp -R '$(PAGE_DIST)'/$$page/. dist/; done

# One page's build, in its staging directory. `--release` must come last: in Trunk 0.22 it takes
# an optional value.
$(PAGE_DIST)/%.stamp: %.html $(PAGE_SOURCES)
	trunk build $*.html --dist '$(PAGE_DIST)/$*' --html-output $*.html --release
	@touch '$@'

# Each page's first-load gzipped size, against the budget.
size: build
	python3 tests/size_budget.py dist --budget-kb $(SIZE_BUDGET_KB) --target-kb $(SIZE_TARGET_KB)

# Browser tests (node:test + playwright-core). Each test file serves dist/ on a
# free loopback port itself; screenshots land in target/e2e/.
e2e: build tool-chromium e2e-deps
	mkdir -p target/e2e
	cd e2e && node --test tests/*.test.mjs

# Lighthouse performance and accessibility scores of the release build, printed
# (not gated); the full report is in target/e2e/lighthouse.json.
LIGHTHOUSE_PORT ?= 8099
lighthouse: build tool-chromium e2e-deps
	mkdir -p target/e2e
	@python3 -m http.server --bind 127.0.0.1 $(LIGHTHOUSE_PORT) --directory dist >/dev/null 2>&1 & \
	server=$$!; trap 'kill $$server' EXIT; \
	for _ in $$(seq 100); do python3 -c 'import urllib.request as u; u.urlopen("http://127.0.0.1:$(LIGHTHOUSE_PORT)/")' 2>/dev/null && break; sleep 0.1; done; \
	CHROME_PATH='$(CHROMIUM)' e2e/node_modules/.bin/lighthouse http://127.0.0.1:$(LIGHTHOUSE_PORT)/ \
	  --chrome-flags="--headless --no-sandbox" --only-categories=performance,accessibility \
	  --output=json --output-path=target/e2e/lighthouse.json --quiet; \
	node -e 'const r = require("./target/e2e/lighthouse.json"); for (const c of Object.values(r.categories)) console.log(`$${c.title}: $${Math.round(c.score * 100)}`)'

clean:
	rm -rf dist target/e2e $(PAGE_DIST)
