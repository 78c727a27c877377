// Package probe connects to a TLS server the way a client would (HTTPS, WSS,
// MQTT, NATS with its plaintext INFO, STARTTLS protocols, mutual TLS) and
// records what happened on the wire into facts.Facts. With internal/load it
// is the only code that touches the network.
package probe

import (
	"crypto"
	"crypto/x509"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Config says what to probe and how.
type Config struct {
	Target     string // host, host:port, [v6]:port, or a URL (https://, wss://, mqtts://, nats://, tls://, smtp://, ...)
	StartTLS   string // force a STARTTLS protocol (--starttls)
	ServerName string // --servername; "" = the host unless it is an IP
	NoSNI      bool   // --no-sni
	ALPN       []string
	// Client certificate for mutual TLS (--cert/--key, PEM or PKCS#12,
	// loaded by the caller through internal/load).
	ClientCerts []*x509.Certificate
	ClientKey   crypto.Signer
	// RootsFacts: the trust anchors (from --ca or the system) are put into
	// Facts.Roots by the caller; probe does not verify, checks do.
	ConnectTimeout   time.Duration // default 5s
	HandshakeTimeout time.Duration // default 5s
	IPVersion        int           // 0 any, 4 or 6
	AppCheck         bool          // --app-check
	SkipNoSNI        bool          // do not make the second handshake without SNI
	Now              time.Time     // the clock for Facts.Now
	Options          facts.Options // Hosts is filled with the target host when empty
}
