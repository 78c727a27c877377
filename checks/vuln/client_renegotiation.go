package vuln

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ClientRenegotiation is vuln.client-renegotiation.
var ClientRenegotiation = register(test{
	id:       facts.VulnClientReneg,
	title:    "the server accepts client-initiated renegotiation",
	severity: checks.Warning,
	refs:     []string{"RFC 5746 section 4.4", "CVE-2011-1473", "THC-SSL-DOS"},
	doc:      "A server that lets clients start renegotiations lets one client make it do a full handshake's public-key work again and again on one connection, a cheap denial of service (THC-SSL-DOS, CVE-2011-1473); with insecure renegotiation it is also the door for CVE-2009-3555. Servers need not accept it: nginx, Go and current OpenSSL servers refuse it.",
	fix:      "Refuse client-initiated renegotiation: upgrade nginx (it refuses by itself), or for OpenSSL servers set Options = NoRenegotiation (OpenSSL 1.1.1+).",
	observed: "the server renegotiated when the client asked to (client-initiated renegotiation)",
	expected: "a no_renegotiation alert, or the connection closed",
	fixFor: func(_ *facts.Facts, sw scanrule.Software) string {
		switch sw {
		case scanrule.Mosquitto:
			return "mosquitto has no setting for it: in the OpenSSL configuration the broker loads (OPENSSL_CONF), add `Options = NoRenegotiation` to the system_default section (OpenSSL 1.1.1+), or upgrade to a mosquitto built with OpenSSL 3, then restart it"
		case scanrule.NATS:
			return "nats-server (Go crypto/tls) never renegotiates: the TLS proxy in front of it does; refuse it there (nginx refuses it by itself; OpenSSL: `Options = NoRenegotiation`)"
		}
		return "nginx refuses client-initiated renegotiation by itself: upgrade nginx and OpenSSL if it is this server; for other OpenSSL servers add `Options = NoRenegotiation` to the system_default section of openssl.cnf (OpenSSL 1.1.1+) and restart them"
	},
})
