package tls

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// SNIMismatch is tls.sni-mismatch: without SNI the server sends another
// certificate (or none).
var SNIMismatch = &checks.Check{
	ID:       "tls.sni-mismatch",
	Title:    "without SNI the server sends a different certificate",
	Severity: checks.Info,
	Refs:     []string{"RFC 6066 3 (server_name)", "nginx listen ... default_server"},
	Doc: "A server with several TLS virtual hosts picks the certificate from the server_name " +
		"(SNI) the client sends. Clients that send none — connections by IP address, old Java " +
		"and Android versions, many embedded MQTT and NATS clients — get the default virtual " +
		"host's certificate instead, and fail the host name check. tlscheck makes a second " +
		"handshake without SNI and compares the leaf certificates.",
	Fix:     "Make the virtual host clients reach without SNI serve the certificate for this name (nginx: default_server on its listen line).",
	Applies: []*checks.Scope{checks.Connection},
	Run:     sniMismatch,
}

func init() { checks.Register(SNIMismatch) }

func sniMismatch(p *checks.Pass) {
	c := p.Facts.Connection
	r := c.NoSNI
	if r == nil || c.SNI == "" || !completed(c) {
		p.NotApplicable("no second handshake without SNI was made")
		return
	}
	if !r.Failed && !r.Differs {
		return
	}
	ev := evidence(c)
	leaf := servedLeaf(p.Facts)
	withSNI := "the certificate for " + c.SNI
	if leaf != nil {
		withSNI = "'" + checks.Name(leaf) + "'"
		ev["with_sni"] = checks.Name(leaf)
	}
	hp := hostPort(c)
	fix := fmt.Sprintf("make the server block for %s the default for clients without SNI (nginx: `listen %d ssl default_server;` in that block)", c.SNI, c.Port)
	if server(c) == mosquitto || server(c) == natsServer {
		fix = fmt.Sprintf("configure clients to send SNI %s (connect by name, not by IP address)", c.SNI)
	}
	if r.Failed {
		ev["without_sni"] = "handshake failed"
		if r.Error != "" {
			ev["error"] = r.Error
		}
		p.Report(checks.Finding{
			Subject:  hp,
			Message:  fmt.Sprintf("with SNI %s the server sends %s; without SNI the handshake fails, so clients that send no server_name cannot connect", c.SNI, withSNI),
			Evidence: ev,
			Fix:      fix,
		})
		return
	}
	ev["without_sni"] = r.Subject
	if r.Fingerprint != "" {
		ev["without_sni_sha256"] = r.Fingerprint
	}
	p.Report(checks.Finding{
		Subject:  hp,
		Message:  fmt.Sprintf("with SNI %s the server sends %s; without SNI it sends '%s', so clients that send no server_name get the wrong certificate", c.SNI, withSNI, r.Subject),
		Evidence: ev,
		Fix:      fix,
	})
}

// servedLeaf is the first certificate the server sent.
func servedLeaf(f *facts.Facts) *facts.Cert {
	for _, c := range f.Certs {
		if c.Source.Role == facts.RoleServed && c.Source.Index == 0 {
			return c
		}
	}
	return nil
}
