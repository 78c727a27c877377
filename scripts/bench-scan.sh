#!/usr/bin/env bash
# bench-scan.sh: tlscheck scan against sslscan, nmap --script ssl-enum-ciphers
# and testssl.sh, side by side in one run, on loopback openssl s_server
# instances (modern TLS 1.2+1.3, dual RSA+ECDSA, legacy TLS 1.0-1.2 with
# DHE-1024 and server order). Prints wall time, connections made and the
# ratios; see BENCHMARKS.md, "tlscheck scan (issue 10)".
#
# Every tool reaches the server through a small counting TCP proxy
# (internal/scan/scanbench proxy), so connections are counted the same way
# for all of them, without privileges; the proxy's cost is in every tool's
# time alike.
#
#   scripts/bench-scan.sh               all servers, testssl.sh once per server
#   SKIP_TESTSSL=1 scripts/bench-scan.sh  leave testssl.sh out (it takes minutes)
#   SERVERS="modern" scripts/bench-scan.sh
set -euo pipefail

cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/bench-scan.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# The tools, from Debian.
need=()
command -v sslscan >/dev/null || need+=(sslscan)
command -v nmap >/dev/null || need+=(nmap)
command -v testssl >/dev/null || command -v testssl.sh >/dev/null || need+=(testssl.sh)
command -v openssl >/dev/null || need+=(openssl)
if ((${#need[@]})); then
	echo "bench-scan: installing ${need[*]} with apt-get" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get install -y "${need[@]}" >&2
fi
testssl=$(command -v testssl || command -v testssl.sh)

# tlscheck scan once it exists, scanbench's scan.Scan until then.
go build -o "$work/scanbench" ./internal/scan/scanbench
go build -o "$work/tlscheck" ./cmd/tlscheck
if "$work/tlscheck" scan --help >/dev/null 2>&1; then
	ours=("$work/tlscheck" scan --format json)
	ours_name="tlscheck scan"
else
	ours=("$work/scanbench" scan)
	ours_name="tlscheck scan (scan.Scan via scanbench)"
fi

# Certificates and the RFC 2409 1024-bit MODP group (PKCS#3, which OpenSSL 3
# honours; see internal/probe/probetest DH1024PEM).
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
	-days 30 -keyout "$work/rsa.key" -out "$work/rsa.crt" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -days 30 -keyout "$work/ec.key" -out "$work/ec.crt" 2>/dev/null
cat >"$work/dh1024.pem" <<'EOF'
-----BEGIN DH PARAMETERS-----
MIGHAoGBAP//////////yQ/aoiFowjTExmKLgNwc0SkCTgiKZ8x0Agu+pjsTmyJR
Sgh5jjQE3e+VGbPNOkMbMCsKbfJfFDdP4TVtbVHCReSFtXZiXn7G9ExC6aY37WsL
/1y29Aa37e44a/taiZ+lrp8kEXxLH+ZJKGZR7OZTgf//////////AgEC
-----END DH PARAMETERS-----
EOF

declare -A config=(
	[modern]="-no_ssl3 -no_tls1 -no_tls1_1 -cipher ECDHE+AESGCM:ECDHE+CHACHA20 -groups X25519:P-256:P-384"
	# The same server without -www: s_server's -www loop sleeps a second
	# whenever a read would block (apps/s_server.c, www_body), which a
	# connection left open after the server's flight (tlscheck's
	# CCS-injection test) meets and a plain cipher enumeration never does.
	[modern-raw]="-no_ssl3 -no_tls1 -no_tls1_1 -cipher ECDHE+AESGCM:ECDHE+CHACHA20 -groups X25519:P-256:P-384"
	[dual]="-dcert $work/ec.crt -dkey $work/ec.key -no_ssl3 -no_tls1 -no_tls1_1"
	[legacy]="-no_ssl3 -no_tls1_3 -cipher ALL:COMPLEMENTOFALL:@SECLEVEL=0 -dhparam $work/dh1024.pem -serverpref"
)

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "bench-scan: nothing listens on port $1" >&2
	exit 1
}

# start NAME: s_server on a free port behind a counting proxy; sets
# proxy[NAME] and countfile[NAME]. Counts are taken as differences.
declare -A proxy countfile
start() {
	local name=$1 port
	port=$(freeport)
	# shellcheck disable=SC2086
	local www=-www
	[[ $name == *-raw ]] && www=""
	# Standard input a FIFO this script holds open: without -www,
	# s_server ends each connection when its input ends.
	mkfifo "$work/$name.in"
	exec {hold}<>"$work/$name.in"
	# shellcheck disable=SC2086
	openssl s_server -accept "127.0.0.1:$port" -cert "$work/rsa.crt" -key "$work/rsa.key" $www -quiet ${config[$name]} \
		<"$work/$name.in" >"$work/$name.log" 2>&1 &
	pids+=($!)
	wait_port "$port"
	countfile[$name]="$work/$name.count"
	"$work/scanbench" proxy "127.0.0.1:$port" "${countfile[$name]}" >"$work/$name.proxy" &
	pids+=($!)
	for _ in $(seq 100); do [ -s "$work/$name.proxy" ] && break; sleep 0.05; done
	proxy[$name]=$(head -1 "$work/$name.proxy")
}

now_ms() { date +%s%3N; }

# run SERVER LABEL CMD...: time one tool and count its connections.
declare -A ms conns
run() {
	local server=$1 label=$2
	shift 2
	local c0 c1 t0 t1
	c0=$(cat "${countfile[$server]}")
	t0=$(now_ms)
	"$@" >"$work/out.$server.$label" 2>&1 || true
	t1=$(now_ms)
	sleep 0.2 # let the proxy note the last accept
	c1=$(cat "${countfile[$server]}")
	ms[$server.$label]=$((t1 - t0))
	conns[$server.$label]=$((c1 - c0))
	echo "   $label: ${ms[$server.$label]} ms, ${conns[$server.$label]} connections" >&2
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.1f", a / b }'; }

# The fast tools first, on every server, so that testssl.sh's minutes do
# not sit between them; then testssl.sh once per server.
servers=${SERVERS:-modern modern-raw dual legacy}
declare -A pairs versions inproc
for server in $servers; do
	start "$server"
	p=${proxy[$server]}
	echo "== $server (s_server ${config[$server]//$work\//}) via proxy port $p" >&2
	run "$server" ours "${ours[@]}" "127.0.0.1:$p"
	run "$server" sslscan sslscan --no-colour "127.0.0.1:$p"
	run "$server" nmap nmap -Pn -n -p "$p" --script ssl-enum-ciphers 127.0.0.1
	out="$work/out.$server.ours"
	if grep -q '"pairs"' "$out"; then
		pairs[$server]=$(sed -n 's/.*"pairs":\([0-9]*\).*/\1/p' "$out")
		versions[$server]=$(sed -n 's/.*"versions_accepted":\([0-9]*\).*/\1/p' "$out")
		inproc[$server]=$(sed -n 's/.*"duration_ms":\([0-9.]*\).*/\1/p' "$out")
	else # tlscheck scan --format json
		pairs[$server]=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["scan"]["ciphers"]))' "$out")
		versions[$server]=$(python3 -c 'import json,sys; print(sum(v["offered"] for v in json.load(open(sys.argv[1]))["scan"]["versions"]))' "$out")
		inproc[$server]=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["stats"]["duration_ms"])' "$out")
	fi
done
if [ -z "${SKIP_TESTSSL:-}" ]; then
	for server in $servers; do
		[[ $server == *-raw ]] && continue # testssl.sh waits for HTTP answers there
		echo "== $server: testssl.sh (minutes)..." >&2
		run "$server" testssl "$testssl" --quiet --color 0 --warnings off "127.0.0.1:${proxy[$server]}"
	done
fi

echo
echo "ours: $ours_name; every tool through the counting proxy; one run, $(date -u +%Y-%m-%d), $(nproc) CPUs"
printf '| server | pairs | tool | wall ms | connections | time vs ours | connections vs ours |\n'
printf '|---|---|---|---|---|---|---|\n'
for server in $servers; do
	for label in ours sslscan nmap testssl; do
		[ -n "${ms[$server.$label]:-}" ] || continue
		printf '| %s | %s | %s | %s | %s | %sx | %sx |\n' "$server" "${pairs[$server]}" "$label" "${ms[$server.$label]}" \
			"${conns[$server.$label]}" "$(ratio "${ms[$server.$label]}" "${ms[$server.ours]}")" \
			"$(ratio "${conns[$server.$label]}" "${conns[$server.ours]}")"
	done
done
echo
for server in $servers; do
	echo "ours on $server: ${inproc[$server]} ms inside the scan (stats.duration_ms), the rest of the wall time is process start"
done
if [[ " $servers " == *" modern "* ]]; then
	budget=$(awk -v p="${pairs[modern]}" 'BEGIN { printf "%.1f", 1.2 * (p + 6) }')
	echo
	echo "modern s_server targets:"
	echo "  sslscan / ours time: $(ratio "${ms[modern.sslscan]}" "${ms[modern.ours]}")x (target >= 10); against the scan's own duration (${inproc[modern]} ms, without process start): $(ratio "${ms[modern.sslscan]}" "${inproc[modern]}")x"
	if [ -n "${ms[modern.testssl]:-}" ]; then
		echo "  testssl / ours time: $(ratio "${ms[modern.testssl]}" "${ms[modern.ours]}")x (target >= 1000); against the scan's own duration: $(ratio "${ms[modern.testssl]}" "${inproc[modern]}")x"
	fi
	echo "  connections: ${conns[modern.ours]} for ${pairs[modern]} pairs (budget 1.2 x (pairs + 6 versions) = $budget)"
fi
if [[ " $servers " == *" modern-raw "* ]]; then
	echo "modern s_server without -www: sslscan / ours time: $(ratio "${ms[modern-raw.sslscan]}" "${ms[modern-raw.ours]}")x (target >= 10)"
fi
