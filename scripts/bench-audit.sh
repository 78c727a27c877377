#!/usr/bin/env bash
# bench-audit.sh: `tlscheck audit` of 1,000 loopback TLS endpoints against a
# bare Go crypto/tls client on the same endpoints, in the same run, in
# interleaved rounds (issue 11 "Speed and scale": at least 80% of the bare
# client's handshake rate, peak RSS under 200 MB). See BENCHMARKS.md.
#
#   scripts/bench-audit.sh                 # N=1000 endpoints, C=32, ROUNDS=3
#   N=1000 C=32 ROUNDS=5 scripts/bench-audit.sh
#   PROFILE=1 scripts/bench-audit.sh       # also a CPU profile of one audit,
#                                          # and go tool pprof -top of it
#
# internal/bench/auditbench starts the N crypto/tls listeners on 127.0.0.1
# in its own process, writes the targets and the root, then runs, each as a
# child process (peak RSS and CPU from its rusage), the bare crypto/tls client,
# `tlscheck audit --targets FILE -c C --format jsonl --fail-on never --ca
# root.pem` and an informative bare client making two handshakes per
# endpoint; the servers count the TCP connections each makes.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
C=${C:-32}
ROUNDS=${ROUNDS:-3}
export PATH="/usr/local/go/bin:$PATH"

# N listeners, plus each tool's connections and their server sides.
need=$((N + 8 * C + 256))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
	ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/tlscheck" ./cmd/tlscheck
go build -o "$work/auditbench" ./internal/bench/auditbench
prof=()
if [ -n "${PROFILE:-}" ]; then
	go test -c -o "$work/tlscheck.test" ./cmd/tlscheck
	prof=(-profile-bin "$work/tlscheck.test" -profile-out "$work/cpu.pprof")
fi

echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(go version | cut -d' ' -f3-4), ulimit -n $(ulimit -n)"
echo "before: $(uptime)"
"$work/auditbench" -tlscheck "$work/tlscheck" -dir "$work" -n "$N" -c "$C" -rounds "$ROUNDS" "${prof[@]}"
echo "after : $(uptime)"

if [ -n "${PROFILE:-}" ]; then
	echo
	echo "== go tool pprof -top (flat), the profiled audit"
	go tool pprof -top -nodecount=35 "$work/tlscheck.test" "$work/cpu.pprof" 2>/dev/null | sed -n '1,45p'
	echo
	echo "== go tool pprof -top -cum"
	go tool pprof -top -cum -nodecount=60 "$work/tlscheck.test" "$work/cpu.pprof" 2>/dev/null | sed -n '1,70p'
	if [ -n "${KEEP_PROFILE:-}" ]; then
		cp "$work/cpu.pprof" "$work/tlscheck.test" "$KEEP_PROFILE"/
		echo "profile and test binary copied to $KEEP_PROFILE"
	fi
fi
