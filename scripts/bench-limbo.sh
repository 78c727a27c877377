#!/usr/bin/env bash
# The whole x509-limbo suite through tlscheck's engine versus a bare
# crypto/x509 Verify loop over the same file, side by side. Every run is a
# fresh process with one iteration, so no cache is warm; the best of COUNT
# runs (default 3) is kept. Issue 3's target: engine <= 3x the bare loop.
# See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# The corpus is not in the repository: ../shared/corpora/x509-limbo/ beside
# the checkout, or $TLSCHECK_LIMBO (limbo.json from
# https://github.com/C2SP/x509-limbo, gzipped or not).
if [ -z "${TLSCHECK_LIMBO:-}" ] && [ ! -e ../shared/corpora/x509-limbo/limbo.json.gz ] && [ ! -e ../shared/corpora/x509-limbo/limbo.json ]; then
	echo "bench-limbo.sh: no x509-limbo corpus in ../shared/corpora/x509-limbo/; get limbo.json from https://github.com/C2SP/x509-limbo there, or set TLSCHECK_LIMBO to its path" >&2
	exit 2
fi
export TLSCHECK_LIMBO=${TLSCHECK_LIMBO:-$PWD/../shared/corpora/x509-limbo}
bin=$(mktemp -d)/limbo.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./internal/limbo
best() {
	local b=$1 min=""
	for _ in $(seq "${COUNT:-3}"); do
		ns=$(cd internal/limbo && "$bin" -test.run XXX -test.bench "^$b\$" -test.benchtime 1x | awk -v b="$b" '$1 ~ b {print $3}')
		if [ -z "$min" ] || [ "$ns" -lt "$min" ]; then min=$ns; fi
	done
	echo "$min"
}
engine=$(best BenchmarkSuiteEngine)
nozlint=$(best BenchmarkSuiteEngineNoZlint)
bare=$(best BenchmarkSuiteBareVerify)
zonly=$(best BenchmarkSuiteZlintOnly)
awk -v e="$engine" -v n="$nozlint" -v b="$bare" -v z="$zonly" -v cores="$(nproc)" -v count="${COUNT:-3}" 'BEGIN {
	printf "x509-limbo, 9,780 cases, %d cores, best of %d cold runs each\n", cores, count
	printf "  bare crypto/x509 Verify loop:        %6.2f s\n", b/1e9
	printf "  tlscheck engine, every check:        %6.2f s  (%.1fx the bare loop)\n", e/1e9, e/b
	printf "  tlscheck engine without zlint lints: %6.2f s  (%.1fx)\n", n/1e9, n/b
	printf "  zlint alone, same lints, each distinct certificate once: %6.2f s  (%.1fx)\n", z/1e9, z/b
}'
