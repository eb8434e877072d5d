# Beacon's commands. The two a new user needs: `make demo` and `make test`.
# Every target that builds first installs missing Debian packages (deps/install.sh).

SHELL := /bin/bash
JOBS ?= $(shell nproc)
BEACON := build/release/beacon
DATA ?= $(or $(BEACON_DATA_DIR),../shared/data)
MODELS := build/models

.PHONY: all deps build demo test test-tsan bench lint format clean

all: build

deps:
	@deps/install.sh

# The release binary at build/release/beacon.
build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS) --target beacon

# The main job: checks the machine, builds the Boston city model (roads and contraction
# hierarchy, hospitals, posts, fleet, triage rules, response plans) to build/models/boston.model,
# runs the Boston dispatch scenarios on it, chooses the 16 posts, simulates two years of Boston EMS
# (build/sim/boston: kpis.json, calls.csv, report.html), then starts the live server on
# 127.0.0.1:8080 with an embedded SQLite store (build/demo/cad.db) and the dispatcher console
# (web/, built by deps/web.sh into build/web) and plays a Boston shift into it through the API
# (DEMO_SPEED times real time); it prints the URL and, the first time, a one-time admin password. Ctrl-C stops it; running it again resumes from the store.
DEMO_SPEED ?= 1
demo: build
	deps/web.sh
	$(BEACON) --help
	$(BEACON) doctor --data-dir $(DATA)
	@mkdir -p $(MODELS)
	$(BEACON) model build --city data/cities/boston.yaml --data-dir $(DATA) \
	  --output $(MODELS)/boston.model > $(MODELS)/boston.model.report.json
	$(BEACON) model info $(MODELS)/boston.model
	$(BEACON) scenario run --model $(MODELS)/boston.model tests/scenarios/boston/*.yaml
	$(BEACON) plan posts --model $(MODELS)/boston.model --units 16 --max-per-site 1
	$(BEACON) sim --model $(MODELS)/boston.model --scenario data/scenarios/boston.yaml \
	  --replications 2 --threads $(JOBS) --seed 1 --out build/sim/boston
	$(BEACON) graph build --input $(DATA)/boston/streets.geojson \
	  --overrides data/cities/boston/street_overrides.csv --output $(MODELS)/boston.graph \
	  > $(MODELS)/boston.graph.report.json
	$(BEACON) route --graph $(MODELS)/boston.graph --from 42.3355,-71.0727 --to 42.3632,-71.0686
	$(BEACON) triage --protocol data/protocols --complaint cardiac_arrest \
	  --answer conscious=no --answer breathing=gasping
	@mkdir -p build/demo
	$(BEACON) serve --model $(MODELS)/boston.model --db sqlite:build/demo/cad.db \
	  --listen 127.0.0.1:8080 --web build/web --demo --scenario data/scenarios/boston.yaml --speed $(DEMO_SPEED)

# Install, configure and build the ci preset (ASan+UBSan, -Werror), run every test through CTest.
# Prints each phase's time; the CTest summary is the last thing printed.
test:
	@rm -f build/phase_times.txt
	@tools/timed install deps/install.sh
	@tools/timed web deps/web.sh
	@tools/timed configure cmake --preset ci
	@tools/timed build cmake --build --preset ci -j $(JOBS)
	@tools/timed tests ctest --preset ci --output-on-failure -j $(JOBS)

test-tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan

# Google Benchmark programs (release build); results in bench/results/*.json.
bench: deps
	@deps/install.sh deps/bench.txt
	cmake --preset release
	cmake --build --preset release -j $(JOBS)
	bench/run.sh build/release

# clang-format check and clang-tidy over Beacon's sources (uses the ci preset's compile database).
lint: deps
	cmake --preset ci >/dev/null
	tools/lint.sh build/ci

format:
	tools/format.sh

clean:
	rm -rf build
