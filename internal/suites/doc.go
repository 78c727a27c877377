// Package suites is tlscheck's table of TLS cipher suites, named groups and
// signature schemes: what `tlscheck scan` offers in its hand-built
// ClientHellos and what the cipher, dh and vuln checks read about a suite.
//
// # Where the suite table comes from
//
// The table is built once, on first use, from a
// machine-readable source: the IANA TLS Cipher Suites registry as the zcrypto
// library already in go.mod names it (ztls.CipherSuiteID(id).String()). We
// walk every 16-bit code point, keep the ones zcrypto names, and derive each
// suite's attributes (key exchange, authentication, cipher, mode, bits, MAC,
// versions) by parsing its IANA name:
//
//	TLS_<KX>[_<AUTH>][_EXPORT|_EXPORT1024]_WITH_<CIPHER>_<MODE>_<MAC>
//	TLS_<CIPHER>_<MODE>_<HASH>            (TLS 1.3, RFC 8446 B.4)
//
// Building at init rather than with go generate keeps one source of truth:
// upgrading zcrypto adds the suites it learns without a generated file to
// forget. Walking 65536 code points costs well under a millisecond.
//
// Two small hand-written tables complete it (extra.go): suites the registry
// has but this zcrypto does not name, and the common non-IANA legacy suites
// (EXPORT1024, the pre-RFC ChaCha20 drafts, the Netscape FIPS suites, GOST),
// each row with its source. The SSL 2.0 cipher kinds, which are 3-byte codes,
// are a separate table (SSL2Kinds).
//
// OpenSSL names follow a derivation rule from the parsed attributes
// (openssl.go) with a hand-written table of the names the rule cannot
// produce. A test cross-checks every suite that
// `openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'` lists: its name,
// key exchange, authentication, cipher, bits, MAC and lowest version must
// agree with ours after the normalisation documented in that test.
//
// Nothing here is copied from another project: the facts (code points,
// names, key sizes) are the registries'; the code and tables are ours.
package suites
