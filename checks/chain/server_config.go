package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// For a probe the served chain comes from the wire (Source.File is
// "host:port"), so fixes must name the server setting that holds the chain,
// not a file called "host:port".

// live reports whether c was served by a probed server.
func live(c *facts.Cert) bool { return c != nil && c.Source.Role == facts.RoleServed }

// serverChainFile names the file the probed server sends its chain from,
// by the server software the target suggests.
func serverChainFile(f *facts.Facts) string {
	c := f.Connection
	switch {
	case c == nil:
		return "the server's certificate file"
	case c.Scheme == facts.SchemeMQTTS || c.Scheme == facts.SchemeMQTT || c.Port == 8883:
		return "the listener's `certfile` in mosquitto.conf (leaf first, then the intermediates; `cafile` only verifies clients)"
	case c.Scheme == facts.SchemeNATS || c.StartTLS == facts.StartTLSNATS || c.Port == 4222:
		return "the `cert_file` of the nats-server `tls { }` block (leaf first, then the intermediates)"
	}
	return "the file nginx `ssl_certificate` names (leaf first, then the intermediates)"
}

// serverName is how a finding names the probed server.
func serverName(c *facts.Cert) string { return "the server at " + c.Source.File }

// removeFix says how to drop a certificate from the served bundle.
func removeFix(f *facts.Facts, c *facts.Cert) string {
	if live(c) {
		return fmt.Sprintf("remove '%s' (served #%d) from %s, then reload the server", checks.Name(c), c.Source.Index+1, serverChainFile(f))
	}
	return fmt.Sprintf("remove '%s' (position %d) from %s", checks.Name(c), c.Source.Index+1, c.Source.File)
}

func duplicateFix(f *facts.Facts, c *facts.Cert) string {
	if live(c) {
		return fmt.Sprintf("delete the repeated copy of '%s' (served #%d) from %s, then reload the server", checks.Name(c), c.Source.Index+1, serverChainFile(f))
	}
	return fmt.Sprintf("delete the copy of '%s' at position %d of %s", checks.Name(c), c.Source.Index+1, c.Source.File)
}
