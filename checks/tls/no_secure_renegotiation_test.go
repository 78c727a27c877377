package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNoSecureRenegotiation(t *testing.T) {
	c := okConn()
	c.Version = facts.VersionTLS12
	no := false
	c.SecureReneg = &no
	want(t, newFacts(c), "tls.no-secure-renegotiation", "TLS 1.2 ServerHello has no renegotiation_info", "%DISABLE_SAFE_RENEGOTIATION")
	yes := true
	c.SecureReneg = &yes
	none(t, newFacts(c), "tls.no-secure-renegotiation")
	c.Version, c.SecureReneg = facts.VersionTLS13, &no
	notApplicable(t, newFacts(c), "tls.no-secure-renegotiation")
}
