#!/usr/bin/env bash
# bench-probe.sh: one `tlscheck probe` of a loopback openssl s_server against
# `openssl s_client -connect ... </dev/null` on the same server, N runs each,
# and the ratio of their wall times (issue 4 "Speed": target <= 1.5x, checks
# included). Uses hyperfine when installed, else a bash loop with date +%s%N.
#
#   scripts/bench-probe.sh [N]        (default N=30)
#
# With BASE=/path/to/an/older/tlscheck, that binary is timed too, in the
# same interleaved rounds, for before/after figures from one run:
#   git worktree add /tmp/base <commit> && go build -C /tmp/base -o /tmp/tlscheck-base ./cmd/tlscheck
#   BASE=/tmp/tlscheck-base scripts/bench-probe.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-30}
export PATH="/usr/local/go/bin:$PATH"

work=$(mktemp -d)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/tlscheck" ./cmd/tlscheck

# A root, an intermediate and a P-256 leaf for 127.0.0.1, served as leaf + intermediate.
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key -out root.pem -days 30 \
	-subj "/CN=Bench Root" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout inter.key -out inter.csr -subj "/CN=Bench Intermediate" 2>/dev/null
openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -CAcreateserial -out inter.pem -days 30 \
	-extfile <(printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n') 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=127.0.0.1" 2>/dev/null
openssl x509 -req -in leaf.csr -CA inter.pem -CAkey inter.key -CAcreateserial -out leaf.pem -days 30 \
	-extfile <(printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n') 2>/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert leaf.pem -key leaf.key -cert_chain inter.pem -www -quiet >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 100); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
	sleep 0.05
done

probe_cmd="$work/tlscheck probe --ca $work/root.pem --fail-on never 127.0.0.1:$port"
sclient_cmd="openssl s_client -connect 127.0.0.1:$port -CAfile $work/root.pem"
$probe_cmd >/dev/null # warm the page cache; must work
echo "server: openssl s_server on 127.0.0.1:$port ($(openssl version | cut -d' ' -f1-2)); $N runs each"
echo "  A: $probe_cmd"
echo "  B: $sclient_cmd </dev/null"

if [ -z "${BASE:-}" ] && command -v hyperfine >/dev/null; then
	hyperfine -N --warmup 3 --runs "$N" --export-json "$work/h.json" "$probe_cmd" "$sclient_cmd" >/dev/null
	python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, b = r[0]["mean"] * 1000, r[1]["mean"] * 1000
print(f"tlscheck probe  : {a:7.1f} ms mean")
print(f"openssl s_client: {b:7.1f} ms mean")
print(f"ratio           : {a / b:5.2f}x (target <= 1.5x)")
PY
	exit 0
fi

run_loop() { # command: prints total ns for N runs
	local start end
	start=$(date +%s%N)
	for _ in $(seq "$N"); do $1 </dev/null >/dev/null 2>&1 || true; done
	end=$(date +%s%N)
	echo $((end - start))
}
base_cmd=""
if [ -n "${BASE:-}" ]; then
	base_cmd="$BASE probe --ca $work/root.pem --fail-on never 127.0.0.1:$port"
	$base_cmd >/dev/null # must work too
	echo "  C: $base_cmd"
fi
# Warm-up, then interleave rounds to share the machine's noise.
run_loop "$sclient_cmd" >/dev/null
a=0 b=0 c=0 rounds=4
for _ in $(seq "$rounds"); do
	a=$((a + $(run_loop "$probe_cmd")))
	b=$((b + $(run_loop "$sclient_cmd")))
	if [ -n "$base_cmd" ]; then c=$((c + $(run_loop "$base_cmd"))); fi
done
runs=$((rounds * N))
awk -v a="$a" -v b="$b" -v c="$c" -v n="$runs" 'BEGIN {
	printf "tlscheck probe  : %7.1f ms mean over %d runs\n", a / n / 1e6, n
	printf "openssl s_client: %7.1f ms mean over %d runs\n", b / n / 1e6, n
	printf "ratio           : %5.2fx (target <= 1.5x)\n", a / b
	if (c > 0) printf "BASE tlscheck   : %7.1f ms mean over %d runs (this tree / BASE: %.3fx)\n", c / n / 1e6, n, a / c
}'
