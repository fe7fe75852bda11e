# The README's two commands: `make run` (main job) and `make test` (all tests).
SWIFT ?= swift
ASDS = .build/release/asds
SUITE ?= suites/quick.json
OUT ?= out

.PHONY: run test deps build bench clean

## Main job: install what is missing, build in release mode, run the default configuration.
run: deps build
	mkdir -p $(OUT)
	$(ASDS) simulate --sequence press --out $(OUT)/basis-press-te30.h5

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

## Benchmarks (figures, not pass/fail).
bench: deps build
	$(ASDS) bench

clean:
	rm -rf .build $(OUT)
