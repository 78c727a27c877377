#!/usr/bin/env bash
# Rebuilds the bundled example deployments with openssl (3.0 or later):
#
#   testdata/example/       an MQTT broker (mosquitto) with classic mistakes
#   testdata/example-good/  the same broker set up right
#
# Run it from anywhere: bash testdata/example/make.sh
# The certificates have fixed dates (openssl ca -startdate/-enddate), so what
# tlscheck reports does not depend on the day it runs: the CA and the broken
# deployment's server certificate are valid until 2035-2043, and the one
# expired certificate expired in 2024. The good deployment's server
# certificate lasts 823 days (2026-11-01 to 2029-02-01), within the 825 days
# Apple platforms accept (cert.apple-validity): before 2029-01 (when
# cert.expires-soon starts warning), move its dates forward and rerun this.
# Keys are new on every run; commit the outputs.
#
# The mistakes in testdata/example/mosquitto/ (what tlscheck should say):
#   server.crt      the intermediate comes before the server certificate  -> chain.order
#                   valid for ten years: iOS and macOS reject it           -> cert.apple-validity
#                   SANs are localhost and mqtt.example.test, no IP SAN,
#                   so --host 127.0.0.1 is not covered                    -> host.mismatch
#   server.key      a key from an earlier run: not server.crt's key       -> key.mismatch
#                   mode 0644 (git checks files out 0644 anyway)          -> key.permissions
#   websockets.crt  the websockets listener's certificate, expired 2024   -> cert.expired
#   websockets.key  passphrase-protected ("mosquitto"): the broker cannot
#                   start unattended                                      -> key.encrypted
# Clients trust ca.pem (the root), given with --ca.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bad="$here"
good="$here/../example-good"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ca.cnf reads the SAN of server certificates from the environment; openssl
# wants the variable set even when signing a CA.
export SAN=DNS:unused
mkdir -p "$work/newcerts" "$bad/mosquitto" "$good/mosquitto"
: > "$work/index.txt"
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = CA_default

[ CA_default ]
dir            = $work
database       = \$dir/index.txt
new_certs_dir  = \$dir/newcerts
default_md     = sha256
policy         = policy_any
unique_subject = no
email_in_dn    = no
copy_extensions = none
rand_serial    = yes

[ policy_any ]
countryName      = optional
organizationName = optional
commonName       = supplied

[ v3_root ]
basicConstraints       = critical, CA:true
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ v3_intermediate ]
basicConstraints       = critical, CA:true, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ v3_server ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = \$ENV::SAN
CNF

# sign CSR OUT EXTENSIONS START END [CA-CERT CA-KEY]: one openssl ca call with fixed dates.
sign() {
	local csr=$1 out=$2 ext=$3 start=$4 end=$5 cacert=${6:-} cakey=${7:-}
	if [ -z "$cacert" ]; then
		openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$work/root.key" \
			-in "$csr" -out "$out" -extensions "$ext" -startdate "$start" -enddate "$end" -notext 2>"$work/ca.log" ||
			{ cat "$work/ca.log" >&2; return 1; }
	else
		openssl ca -batch -config "$work/ca.cnf" -cert "$cacert" -keyfile "$cakey" \
			-in "$csr" -out "$out" -extensions "$ext" -startdate "$start" -enddate "$end" -notext 2>"$work/ca.log" ||
			{ cat "$work/ca.log" >&2; return 1; }
	fi
}

# The private CA: a root (20 years) and an intermediate (17 years).
openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/root.key"
openssl req -new -key "$work/root.key" -subj "/O=Example IoT/CN=Example MQTT Root CA" -out "$work/root.csr"
sign "$work/root.csr" "$work/root.pem" v3_root 20230101000000Z 20430101000000Z

openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/int.key"
openssl req -new -key "$work/int.key" -subj "/O=Example IoT/CN=Example MQTT Issuing CA" -out "$work/int.csr"
sign "$work/int.csr" "$work/int.pem" v3_intermediate 20230101000000Z 20400101000000Z "$work/root.pem" "$work/root.key"

# server SAN KEY OUT START END: a server certificate from the intermediate.
server() {
	local san=$1 key=$2 out=$3 start=$4 end=$5 pass=${6:-}
	if [ -n "$pass" ]; then
		openssl req -new -key "$key" -passin "pass:$pass" -subj "/CN=mqtt.example.test" -out "$work/server.csr"
	else
		openssl req -new -key "$key" -subj "/CN=mqtt.example.test" -out "$work/server.csr"
	fi
	SAN=$san sign "$work/server.csr" "$out" v3_server "$start" "$end" "$work/int.pem" "$work/int.key"
}

# --- testdata/example: the broken deployment ---------------------------------
cp "$work/root.pem" "$bad/ca.pem"

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/server.key"
server "DNS:localhost,DNS:mqtt.example.test" "$work/server.key" "$work/leaf.pem" 20250601000000Z 20350601000000Z
# Intermediate first, then the leaf: the wrong order.
cat "$work/int.pem" "$work/leaf.pem" > "$bad/mosquitto/server.crt"
# The key of an earlier attempt, not the one the certificate was made for.
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$bad/mosquitto/server.key"
chmod 644 "$bad/mosquitto/server.key"

# The websockets listener: expired certificate, passphrase-protected key.
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass pass:mosquitto \
	-out "$bad/mosquitto/websockets.key"
chmod 644 "$bad/mosquitto/websockets.key"
server "DNS:localhost,IP:127.0.0.1" "$bad/mosquitto/websockets.key" "$bad/mosquitto/websockets.crt" \
	20230601000000Z 20240601000000Z mosquitto

# --- testdata/example-good: the same broker done right -----------------------
cp "$work/root.pem" "$good/ca.pem"
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$good/mosquitto/server.key"
chmod 600 "$good/mosquitto/server.key"
server "DNS:localhost,DNS:mqtt.example.test,IP:127.0.0.1,IP:::1" "$good/mosquitto/server.key" "$work/leaf.pem" \
	20261101000000Z 20290201000000Z
# Leaf first, then its issuer: what mosquitto's certfile should hold.
cat "$work/leaf.pem" "$work/int.pem" > "$good/mosquitto/server.crt"

echo "wrote $bad and $(cd "$good" && pwd)"
