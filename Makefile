# The README's two commands: `make run` (main job) and `make test` (all tests).
SWIFT ?= swift
ASDS = .build/release/asds
SUITE ?= suites/quick.json
OUT ?= out
# Compile the Bloch kernel for this machine's vector width (Package.swift); ASDS_NATIVE=0 for a
# binary that must run on other CPUs (for example, cluster nodes older than the build host).
export ASDS_NATIVE ?= 1

.PHONY: run test deps build bench clean

## Main job: install what is missing, build in release mode, run the default configuration.
run: deps build
	$(ASDS) run --suite $(SUITE) --out $(OUT)

## Every test: unit and physics tests (release mode), then the end-to-end and cross-tool checks.
test: deps
	./scripts/install-test-deps.sh
	$(SWIFT) build -c release
	$(SWIFT) test -c release
	./scripts/e2e.sh

deps:
	./scripts/install-deps.sh

build:
	$(SWIFT) build -c release

## Benchmarks (figures beside the peer tools', not pass/fail).
bench: deps build
	$(ASDS) bench basis
	$(ASDS) bench generate
	$(ASDS) bench reconstruct
	$(ASDS) bench encoding
	$(ASDS) bench pipeline

clean:
	rm -rf .build $(OUT)
