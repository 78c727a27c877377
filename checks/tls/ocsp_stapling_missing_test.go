package tls

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestOCSPStaplingMissing(t *testing.T) {
	withOCSP := certgen.Template(func(c *x509.Certificate) { c.OCSPServer = []string{"http://ocsp.example/"} })
	want(t, newFacts(okConn(), withOCSP), "tls.ocsp-stapling-missing", "no stapled OCSP response", "ssl_stapling on;", "ocsp_url=http://ocsp.example/")
	// No OCSP URL: nothing to staple, nothing to do (issue 9, item 24).
	notApplicable(t, newFacts(okConn()), "tls.ocsp-stapling-missing")
	c := okConn()
	c.OCSPStapled = true
	none(t, newFacts(c, withOCSP), "tls.ocsp-stapling-missing")
	notApplicable(t, newFacts(failedConn(&facts.ProbeFailure{Kind: facts.FailReset, Stage: facts.StageHandshake})), "tls.ocsp-stapling-missing")
}
