package tls

import (
	"crypto/rsa"
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// SlowHandshake is tls.slow-handshake.
var SlowHandshake = &checks.Check{
	ID:       "tls.slow-handshake",
	Title:    "the TLS handshake took longer than the budget",
	Severity: checks.Warning,
	Refs:     []string{"NATS server TLS timeout (tls { timeout }, default 0.5 s)", "RFC 8446 2 (1-RTT handshake)"},
	Doc: "Clients and servers give the TLS handshake a deadline: nats-server closes connections " +
		"whose handshake takes longer than its tls timeout (0.5 s by default), and many IoT and " +
		"mobile clients use similarly short ones. A handshake near the budget works on a quiet " +
		"network and fails under load or latency. Large RSA keys (4096 bits) and DHE key " +
		"exchange are the usual server-side causes. The budget is --handshake-budget (default " +
		"500 ms).",
	Fix:     "Use an ECDSA P-256 certificate and ECDHE, or raise the peer's handshake timeout.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     slowHandshake,
}

func init() { checks.Register(SlowHandshake) }

func slowHandshake(p *checks.Pass) {
	c := p.Facts.Connection
	if !completed(c) || c.Timings.Handshake <= 0 {
		p.NotApplicable("no completed handshake to time")
		return
	}
	budget := p.Facts.Options.HandshakeBudgetMS
	if budget <= 0 {
		budget = facts.DefaultHandshakeBudgetMS
	}
	if c.Timings.Handshake <= float64(budget) {
		return
	}
	ev := evidence(c)
	ev["handshake"] = ms(c.Timings.Handshake)
	ev["budget"] = fmt.Sprintf("%d ms", budget)
	if c.Timings.Connect > 0 {
		ev["tcp_connect"] = ms(c.Timings.Connect)
	}
	fix := fmt.Sprintf("raise the client's TLS handshake timeout above %s, or find what slows the server (CPU load, a TLS-terminating proxy)", ms(c.Timings.Handshake))
	leaf := servedLeaf(p.Facts)
	switch {
	case leaf != nil && leaf.X509 != nil && rsaBits(leaf) >= 4096:
		fix = fmt.Sprintf("'%s' has an RSA %d key, slow to sign with: reissue it with ECDSA P-256 (`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 ...`)", checks.Name(leaf), rsaBits(leaf))
	case c.DHBits > 0 || c.Group == "DH":
		fix = "prefer ECDHE over finite-field DHE (nginx: `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;`)"
	case server(c) == natsServer:
		fix = fmt.Sprintf("raise the TLS timeout in the nats-server config to cover %s: `tls { timeout: 2 }`", ms(c.Timings.Handshake))
	}
	p.Report(checks.Finding{
		Subject:  hostPort(c),
		Message:  fmt.Sprintf("the TLS handshake took %s; expected at most %d ms (--handshake-budget)", ms(c.Timings.Handshake), budget),
		Evidence: ev,
		Fix:      fix,
	})
}

func rsaBits(c *facts.Cert) int {
	if k, ok := c.X509.PublicKey.(*rsa.PublicKey); ok {
		return k.N.BitLen()
	}
	return 0
}
