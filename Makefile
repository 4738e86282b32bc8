# The tests need Go, Node.js/npm (for axe-core) and Chromium
# (apt-get install chromium); .ci/run sets all of it up.

.PHONY: run test bench

run:
	go run ./cmd/teilhabe --demo

test:
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund
	go vet ./...
	go test -count=1 ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...
