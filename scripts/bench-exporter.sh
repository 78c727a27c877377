#!/usr/bin/env bash
# bench-exporter.sh: `tlscheck exporter` under 50 concurrent /probe requests
# for 5 minutes (issue 11, "Speed and scale"): p99 probe overhead against
# the bare engine.Probe, and whether its memory stays flat.
#
#   scripts/bench-exporter.sh [DURATION [BARE]]    (defaults 5m and 1m; e.g. 30s 10s for a quick run)
#
# Builds tlscheck and the load generator (internal/bench/exporterbench),
# which starts an in-process loopback TLS server, calls engine.Probe
# directly from CLIENTS workers in a child process of its own (as the
# exporter is one) for BARE after a 3 s warm-up, then starts
# `tlscheck exporter --listen 127.0.0.1:PORT --max-concurrent 64` and keeps
# CLIENTS concurrent GET /probe?target=...&module=probe going for DURATION,
# sampling the exporter's VmRSS and go_memstats_heap_inuse_bytes every 10 s,
# then one client alone for 15 s (no queueing), then engine.Probe directly for
# BARE again (the machine may have changed) and one bare worker alone for 15 s.
# It stops the exporter (SIGTERM) and the server at the end.
# CLIENTS (default 50) and MAX_CONCURRENT (default 64) are read from the
# environment. Nothing here fails on time: it prints numbers to judge.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5m}
BARE=${2:-1m}
export PATH="/usr/local/go/bin:$PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/tlscheck" ./cmd/tlscheck
go build -o "$work/exporterbench" ./internal/bench/exporterbench

echo "machine: $(nproc) CPUs, $(go version | cut -d' ' -f3-4), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "uptime before: $(uptime)"
"$work/exporterbench" -tlscheck "$work/tlscheck" -duration "$DURATION" -bare "$BARE" \
	-clients "${CLIENTS:-50}" -max-concurrent "${MAX_CONCURRENT:-64}" -sample 10s
echo "uptime after: $(uptime)"
