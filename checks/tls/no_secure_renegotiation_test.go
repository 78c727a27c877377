package tls

import "testing"

func TestNoSecureRenegotiation(t *testing.T) {
	c := okConn()
	c.Version = "TLS 1.2"
	no := false
	c.SecureReneg = &no
	want(t, newFacts(c), "tls.no-secure-renegotiation", "TLS 1.2 ServerHello has no renegotiation_info", "%DISABLE_SAFE_RENEGOTIATION")
	yes := true
	c.SecureReneg = &yes
	none(t, newFacts(c), "tls.no-secure-renegotiation")
	c.Version, c.SecureReneg = "TLS 1.3", &no
	notApplicable(t, newFacts(c), "tls.no-secure-renegotiation")
}
