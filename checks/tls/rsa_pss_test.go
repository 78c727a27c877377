//go:debug rsa1024min=0

package tls

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// An RSA-512 server refuses TLS 1.3 for want of an RSA-PSS signature and
// accepts TLS 1.2 with a suite of our first offer: the cause is the key,
// not the versions or suites (issue 9, item 17).
func TestDiagnosisRSAKeyTooSmallForPSS(t *testing.T) {
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertHandshakeFailure, "handshake_failure")})
	c.OfferedMax = facts.VersionTLS13
	c.Accepted = &facts.Accepted{Versions: []facts.TLSVersion{facts.VersionTLS12}, Suites: []string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, Tries: 4}
	withLeaf := func(keyType string) *facts.Facts {
		f := newFacts(c)
		leaf := certgen.Leaf("www.example.com", certgen.Root("Test Root"), certgen.KeyType(keyType))
		f.Certs = []*facts.Cert{{Raw: leaf.DER, X509: leaf.X509, Source: facts.Source{File: "www.example.com:443", Role: facts.RoleServed}}}
		return f
	}
	fd := want(t, withLeaf("rsa512"), "tls.handshake-failed", "512-bit RSA key", "RSA-PSS", "accepts TLS 1.2 with TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ec_paramgen_curve:P-256")
	if strings.Contains(fd.Message, "share no protocol version") || fd.Evidence["cause"] != string(causeRSAPSS) {
		t.Errorf("finding: %+v", fd)
	}
	// A 1024-bit key signs RSA-PSS: the diagnosis stays what it was.
	want(t, withLeaf("rsa1024"), "tls.handshake-failed", "share no protocol version")
}
