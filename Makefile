# The tests need Go, Node.js/npm (for axe-core) and Chromium
# (apt-get install chromium); .ci/run sets all of it up.

.PHONY: run test bench loadtest crashtest

run:
	go run ./cmd/teilhabe --demo

test:
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund
	go vet ./...
	go test -count=1 -timeout 25m ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

LOADTEST_CASES ?= 1000000

loadtest:
	go run ./cmd/loadtest --accounts generated --generate $(LOADTEST_CASES) --data-dir $${TMPDIR:-/tmp}/teilhabe-loadtest-$(LOADTEST_CASES)

crashtest:
	go run ./cmd/crashtest --rounds 5
