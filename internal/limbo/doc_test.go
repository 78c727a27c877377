package main

// The fixed prose of docs/conformance.md; the tables and case lists between
// come from the run (TestConformance -update).

const docHead = `# Conformance: x509-limbo

How often tlscheck's verdict on a certificate path is right, measured on
[x509-limbo](https://github.com/C2SP/x509-limbo) (9,780 cases; not part of this
repository: ` + "`../shared/corpora/x509-limbo/`" + ` beside the checkout, or ` + "`$TLSCHECK_LIMBO`" + `), beside Go 1.26.8's crypto/x509 ` + "`Verify`" + ` on the same file.

Each case goes through the same pipeline (` + "`internal/engine`" + `) as
` + "`tlscheck files --cert peer.pem --untrusted pool.pem --ca trusted.pem --crl crl.pem --host NAME --at TIME --purpose any --warn-days 0`" + `
(strict: ` + "`--fail-on warning`" + `; errors-only: the default ` + "`--fail-on error`" + `; a test,
` + "`TestLimboSampleThroughCLI`" + `, runs 246 cases that way and requires the same verdicts):
the trusted certificates are the only trust anchors (no system roots), the
untrusted intermediates an unordered pool (no order findings), the peer
certificate the leaf, ` + "`expected_peer_name`" + ` the host, ` + "`validation_time`" + ` the
clock, ` + "`extended_key_usage`" + ` the purpose (empty: no constraint beyond what the
leaf claims), ` + "`max_chain_depth`" + ` the depth limit, ` + "`crls`" + ` the CRLs. The harness never
reads ` + "`expected_result`" + `.

- **strict** (the default): FAILURE when any error- or warning-severity finding
  concerns the path or the peer certificate; the result's context names the
  finding IDs and messages.
- **errors-only**: FAILURE on error findings only, what a lenient client does.

Reproduce:

` + "```" + `
go run ./internal/limbo -out results.json              # strict (-in limbo.json.gz to name the corpus)
go run ./internal/limbo -out results.json -mode errors
go test ./internal/limbo -run TestConformance -v     # the regression gate; -update rewrites this page
` + "```" + `

` + "`go test ./...`" + ` fails when a case recorded right in
` + "`testdata/conformance/limbo-baseline.json`" + ` goes wrong, in either mode.

## Scores (right answers)

`

const docTail = `
## Why the remaining cases differ

x509-limbo has namespaces with different policies, and some cases are the
same certificate shape with opposite answers: ` + "`rfc5280::ca-as-leaf`" + ` (SUCCESS) and
` + "`webpki::ca-as-leaf`" + ` (FAILURE); ` + "`rfc5280::nc::permitted-dns-match-noncritical`" + `
(FAILURE) and ` + "`webpki::nc::permitted-dns-match-noncritical`" + ` (SUCCESS);
` + "`rfc5280::eku::ee-without-eku`" + ` (SUCCESS) and ` + "`webpki::eku::ee-without-eku`" + `
(FAILURE). One verdict per shape must lose one of each pair. tlscheck follows
what TLS clients do and its check catalogue: a CA certificate as a server
certificate is ` + "`cert.is-ca`" + ` (Firefox refuses it), a non-critical name
constraints extension breaks an RFC 5280 MUST, and a server certificate
without an EKU is only info (` + "`cert.eku-missing`" + `: Apple platforms refuse it, but
RFC 5280 allows it and set-up guides such as EMQX's leave it out). Go gets the
other side of each pair, so those are the cases Go gets right and we do not.

Two cases Go gets right are lost on purpose: in ` + "`rfc5280::root-and-intermediate-swapped`" + `
and (in this compiled copy) ` + "`cve::cve-2024-0567`" + ` the path ends at a trust anchor that
is not a self-signed root. RFC 5280 and Go accept that; OpenSSL, which nginx,
mosquitto and curl use, does not unless told to accept partial chains, so
` + "`chain.anchor-not-root`" + ` warns, and a CA file holding only the
intermediate (a common mistake with mosquitto's cafile and nginx's
ssl_client_certificate) no longer passes as fine. The same finding makes
` + "`rfc5280::aki::cross-signed-root-missing-aki`" + ` right.

Four webpki cases about a root's authority key identifier are caught by
` + "`cert.aki-mismatch`" + `, for a reason that matters outside the web PKI too: a
self-signed root whose AKI names another key, issuer or serial number is not
self-signed to OpenSSL, so ` + "`openssl verify`" + `, nginx, mosquitto and curl fail
with "unable to get issuer certificate" even with the root in their CA file
(checked with the real openssl in ` + "`checks/cert/aki_mismatch_test.go`" + `).

The rest of the webpki cases we accept encode CA/Browser Forum rules for
publicly trusted CAs (an AKI without a key identifier in a root, a
CN that names a different host than the SAN, anyExtendedKeyUsage or a
critical EKU in a leaf, an EKU in a root). tlscheck runs those rules, as
zlint's CA/B and root-program lints, only under ` + "`--profile webpki`" + ` or when the
chain ends at a publicly trusted root; the limbo roots are private, and in
the BetterTLS name-constraint suite a CN unrelated to the SAN must be
ignored, which is why ` + "`cert.cn-not-in-san`" + ` is only info for an unrelated name
and a warning for a different spelling of a SAN entry.
`

// why explains individual cases in the lists.
var why = map[string]string{
	"cve::cve-2024-0567":                                        ": in this compiled copy of the suite the trusted 'Root A' is issued by x509-limbo-root (upstream it is self-signed), so the path ends at an anchor that is not a root: chain.anchor-not-root, because OpenSSL refuses such a path without -partial_chain (checked with openssl verify)",
	"rfc5280::root-and-intermediate-swapped":                    ": the intermediate is the trust anchor, which RFC 5280 allows and OpenSSL refuses without -partial_chain (\"unable to get issuer certificate\", checked with openssl verify): chain.anchor-not-root, a warning",
	"webpki::eku::ee-without-eku":                               ": mirror of rfc5280::eku::ee-without-eku: a missing EKU is only info (cert.eku-missing)",
	"pathlen::validation-ignores-pathlen-in-leaf":               ": the leaf is a CA certificate (cert.is-ca)",
	"rfc5280::ca-as-leaf":                                       ": mirror of webpki::ca-as-leaf (cert.is-ca)",
	"webpki::nc::permitted-dns-match-noncritical":               ": mirror of rfc5280::nc::permitted-dns-match-noncritical (zlint e_ext_name_constraints_not_critical, an RFC 5280 MUST)",
	"rfc5280::nc::permitted-dn-match":                           ": the leaf has no SAN at all (cert.cn-only, an error for any server certificate); its subject is inside the directoryName constraint, which tlscheck enforces",
	"webpki::aki::root-with-aki-missing-keyidentifier":          ": an AKI without a key identifier in a self-signed root is a CA/B rule only (RFC 5280 4.2.1.1 lets a self-signed certificate omit the AKI; OpenSSL, GnuTLS and Go all accept the chain)",
	"webpki::cn::punycode-not-in-san":                           ": the CN names an unrelated host: cert.cn-not-in-san is info (BetterTLS requires the CN be ignored)",
	"webpki::cn::utf8-vs-punycode-mismatch":                     ": the CN names an unrelated host: cert.cn-not-in-san is info",
	"webpki::cn::not-in-san":                                    ": the CN names an unrelated host: cert.cn-not-in-san is info",
	"webpki::eku::ee-anyeku":                                    ": anyExtendedKeyUsage beside serverAuth is a CA/B rule, not applied to private roots",
	"webpki::eku::ee-critical-eku":                              ": a critical EKU is allowed by RFC 5280; forbidden by CA/B only",
	"webpki::eku::root-has-eku":                                 ": an EKU in a root is forbidden by CA/B only",
	"webpki::san::public-suffix-private-namespace-wildcard-san": ": public-suffix wildcard rules run only under --profile webpki",
	"webpki::san::san-critical-with-nonempty-subject":           ": RFC 5280 SHOULD, reported by zlint as a warn, which is info outside the webpki profile",
}
