#!/usr/bin/env bash
# bench-zlint.sh: certificates per second, tlscheck (zlint + every other
# check) against the zlint CLI at the same module version, on the same
# x509-limbo certificates, using every core. See BENCHMARKS.md.
#
#   scripts/bench-zlint.sh            # N=10000 certificates, PERFILE_N=1000
#   N=30000 PERFILE_N=0 scripts/bench-zlint.sh
#
# N          certificates extracted from x509-limbo (0 = all, ~30,000): the corpus
#            in ../shared/corpora/x509-limbo/ beside the checkout, or $TLSCHECK_LIMBO
# PERFILE_N  how many of them the one-process-per-certificate runs use
#            (spawning 10,000 processes twice takes a while on 2 cores; 0 = all N)
# BATCH      files per process in the batched runs (default 500)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10000}
PERFILE_N=${PERFILE_N:-1000}
BATCH=${BATCH:-500}
P=$(nproc)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" 'BEGIN { t = e - s; printf "%8d certs in %7.2fs = %8.1f certs/s", n, t, n / t }'; }
declare -A RATE
record() { # name n start end
	local r
	r=$(awk -v n="$2" -v s="$3" -v e="$4" 'BEGIN { printf "%.1f", n / (e - s) }')
	RATE[$1]=$r
	printf '%-44s %s\n' "$1" "$(rate "$2" "$3" "$4")"
}

cd "$repo"
zlint_version=$(go list -m -f '{{.Version}}' github.com/zmap/zlint/v3)
zcrypto_version=$(go list -m -f '{{.Version}}' github.com/zmap/zcrypto)
psl_replace=$(go list -m -f '{{if .Replace}}{{.Replace.Path}} {{.Replace.Version}}{{end}}' github.com/weppos/publicsuffix-go)

echo "== building tlscheck, benchtool and zlint $zlint_version (zcrypto $zcrypto_version)"
go build -o "$tmp/tlscheck" ./cmd/tlscheck
go build -o "$tmp/benchtool" ./internal/bench/benchtool
# The zlint CLI from a throw-away module pinned to the versions tlscheck
# links (zlint needs the same publicsuffix-go replace as our go.mod).
mkdir "$tmp/zlintmod"
cat >"$tmp/zlintmod/go.mod" <<EOF
module zlintbuild

go $(go list -m -f '{{.GoVersion}}')

require (
	github.com/zmap/zlint/v3 $zlint_version
	github.com/zmap/zcrypto $zcrypto_version
)
${psl_replace:+replace github.com/weppos/publicsuffix-go => $psl_replace}
EOF
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/zmap/zlint/v3/cmd/zlint"\n' >"$tmp/zlintmod/tools.go"
(cd "$tmp/zlintmod" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 &&
	go build -o "$tmp/zlint" github.com/zmap/zlint/v3/cmd/zlint)

# Only certificates zcrypto parses: the zlint CLI exits on the first one it
# cannot read (about 0.5% of the corpus), which would end a batched run.
"$tmp/benchtool" extract -zparse -n "$N" "$tmp/certs"
n=$(find "$tmp/certs" -name '*.pem' | wc -l)
# The per-process subset: every k-th file, so it spans the corpus.
if [ "$PERFILE_N" -le 0 ] || [ "$PERFILE_N" -ge "$n" ]; then
	find "$tmp/certs" -name '*.pem' | sort >"$tmp/perfile.list"
else
	find "$tmp/certs" -name '*.pem' | sort | awk -v k="$((n / PERFILE_N))" 'NR % k == 1' | head -n "$PERFILE_N" >"$tmp/perfile.list"
fi
pn=$(wc -l <"$tmp/perfile.list")
find "$tmp/certs" -name '*.pem' | sort >"$tmp/all.list"
echo "== $n certificates ($pn for the one-process-per-certificate runs), $P cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "-- in process (no process start-up; both use every core)"
out=$("$tmp/benchtool" zlint "$tmp/certs")
echo "   zlint library, default lint set:          $out"
RATE[zlint-inproc]=$(sed -n 's/.*: \([0-9.]*\) certs\/s.*/\1/p' <<<"$out" | head -1)
out=$("$tmp/benchtool" engine "$tmp/certs")
echo "   tlscheck engine, one deployment per cert: $out"
RATE[tlscheck-inproc]=$(sed -n 's/.*: \([0-9.]*\) certs\/s.*/\1/p' <<<"$out" | head -1)

echo "-- one process per certificate (xargs -P $P -n 1)"
s=$(now)
xargs -P "$P" -n 1 "$tmp/zlint" <"$tmp/perfile.list" >/dev/null
record "zlint CLI" "$pn" "$s" "$(now)"
s=$(now)
xargs -P "$P" -n 1 "$tmp/tlscheck" files --format json --fail-on never <"$tmp/perfile.list" >/dev/null
record "tlscheck files CERT" "$pn" "$s" "$(now)"

echo "-- batched ($BATCH files per process, xargs -P $P)"
s=$(now)
xargs -P "$P" -n "$BATCH" "$tmp/zlint" <"$tmp/all.list" >/dev/null
record "zlint CLI FILE..." "$n" "$s" "$(now)"
# tlscheck treats the files of one invocation as one deployment: chains are
# built over a pool of $BATCH certificates.
s=$(now)
xargs -P "$P" -n "$BATCH" "$tmp/tlscheck" files --format json --fail-on never <"$tmp/all.list" >/dev/null
record "tlscheck files FILE... (one deployment)" "$n" "$s" "$(now)"

echo "-- whole directory, one process (tlscheck only: zlint takes no directory)"
s=$(now)
"$tmp/tlscheck" files --format json --fail-on never "$tmp/certs" >/dev/null
record "tlscheck files DIR" "$n" "$s" "$(now)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "== tlscheck / zlint throughput ratio (> 1: tlscheck is faster)"
echo "   in process:             $(ratio "${RATE[tlscheck-inproc]}" "${RATE[zlint-inproc]}")"
echo "   one process per cert:   $(ratio "${RATE[tlscheck files CERT]}" "${RATE[zlint CLI]}")"
echo "   batched:                $(ratio "${RATE[tlscheck files FILE... (one deployment)]}" "${RATE[zlint CLI FILE...]}")"
echo "   tlscheck DIR vs zlint batched: $(ratio "${RATE[tlscheck files DIR]}" "${RATE[zlint CLI FILE...]}")"
