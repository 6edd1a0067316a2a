# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/three-containers-one-vm.yaml

.PHONY: demo test lint venv graphviz chromium scram peer clean rules-doc diagrams

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# $(call debian_package,TEST,PACKAGES,MISSING): when the shell test TEST fails, install
# Debian's PACKAGES with apt-get (as root, or with sudo when it asks no password), else
# print MISSING: what to install by hand, and what works without it.
define debian_package
	@if $(1); then \
		true; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing $(2) with apt-get..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "Installing $(2) with sudo apt-get..."; \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	else \
		echo "$(3)"; \
	fi
endef

# Graphviz's `dot` renders diagrams; install Debian's package when we can.
GRAPHVIZ_MISSING := Graphviz's 'dot' is missing: install it (Debian/Ubuntu: apt-get install \
graphviz; macOS: brew install graphviz) to render images. Everything else works without it.
graphviz:
	$(call debian_package,command -v dot >/dev/null 2>&1,graphviz,$(GRAPHVIZ_MISSING))

# Debian's Chromium and its driver run the review page's tests in a real browser
# (tests/browser.py); they skip, saying why, without them. Never a downloaded build.
CHROMIUM_MISSING := Chromium is missing: install it (Debian/Ubuntu: apt-get install chromium \
chromium-driver) to run the review page's browser tests. Everything else works without it.
chromium:
	$(call debian_package,[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ],chromium chromium-driver,$(CHROMIUM_MISSING))

# SCRAM, the C++ risk-analysis engine benchmarks/bench_peer.py runs beside spofscan:
# Debian's package, installed the way dot is. Only `make peer` needs it.
SCRAM_MISSING := SCRAM is missing: install it (Debian/Ubuntu: apt-get install scram) to fill \
the peer's columns of benchmarks/bench_peer.py. Its own columns need nothing.
scram:
	$(call debian_package,command -v scram >/dev/null 2>&1,scram,$(SCRAM_MISSING))

# spofscan and SCRAM side by side on the same models (benchmarks/README.md); slow, so
# not part of `make test`. PEER_ARGS: models and options, e.g. "chain:300 --timeout 120".
PEER_ARGS ?=
peer: venv scram
	$(BIN)/python benchmarks/bench_peer.py $(PEER_ARGS)

demo: venv graphviz
	$(BIN)/spofscan validate $(EXAMPLE)
	@# check exits 1 when the policy fails, which is the point of this example.
	$(BIN)/spofscan check $(EXAMPLE); status=$$?; \
		if [ $$status -eq 1 ]; then echo "(exit 1: spofscan found what this example is meant to show)"; fi; \
		test $$status -le 1

lint: venv
	$(BIN)/ruff check spofscan tests benchmarks
	$(BIN)/ruff format --check spofscan tests benchmarks
	$(BIN)/mypy

# docs/rules.md is generated from the rule catalog (spofscan/findings/rules.yaml).
rules-doc: venv
	$(BIN)/python -m spofscan.findings.rule_docs

# The diagrams README.md and docs/diagrams.md show, as SVG and PNG in docs/images/:
# each example, and a few what-if, journey and collapsed views. Judged on a fixed day,
# so that the pictures change only when the drawing or an example does.
DIAGRAM_DAY := 2026-11-25
DIAGRAM_VIEWS := \
	three-containers-one-vm.what-if-vm:three-containers-one-vm:--what-if=vm \
	microservices.what-if-node_a:microservices:--what-if=node_a \
	multi-region.what-if-region_eu:multi-region:--what-if=region_eu \
	microservices.journey-checkout:microservices:--journey=checkout \
	microservices.collapsed:microservices:--collapse \
	gitlab-3k.what-if-sentinel:gitlab-3k:--what-if=sentinel,redis[0]

diagrams: venv graphviz
	@mkdir -p docs/images
	@for example in examples/*.yaml; do \
		name=$$(basename $$example .yaml); \
		for fmt in svg png; do \
			$(BIN)/spofscan render $$example --today $(DIAGRAM_DAY) -o docs/images/$$name.$$fmt || exit 1; \
		done; \
	done
	@for view in $(DIAGRAM_VIEWS); do \
		name=$${view%%:*}; rest=$${view#*:}; example=$${rest%%:*}; option=$${rest#*:}; \
		for fmt in svg png; do \
			$(BIN)/spofscan render examples/$$example.yaml $$option --today $(DIAGRAM_DAY) \
				-o docs/images/$$name.$$fmt || exit 1; \
		done; \
	done
	@echo "docs/images: $$(ls docs/images | wc -l) diagrams"

test: venv graphviz chromium lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) build *.egg-info
