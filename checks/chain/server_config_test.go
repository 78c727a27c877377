package chain

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// A probed server's chain is named by the server setting that holds it,
// never by its "host:port" pseudo-file.
func TestServedChainFixesNameServerConfig(t *testing.T) {
	p := newPKI()
	probed := func(scheme facts.Scheme, port int) *facts.Facts {
		f := newFacts()
		f.Connection = &facts.Connection{Target: "127.0.0.1", Scheme: scheme, Host: "127.0.0.1", Port: port, Stage: facts.StageDone, Version: facts.VersionTLS13}
		return f
	}

	// Reversed chain: chain.order.
	f := probed("https", 443)
	in(f, "127.0.0.1:443", facts.RoleServed, p.inter, p.leaf)
	trust(f, p.root)
	got := run(t, f, "chain.order")
	wantFindings(t, got, 1, "the server at 127.0.0.1:443 sends 'CN=Intermediate R11' at position 1", "nginx `ssl_certificate`", "cat www-example-com.pem intermediate-r11.pem > fullchain.pem")

	// Leaf only: chain.missing-intermediate, for mosquitto.
	f = probed("mqtts", 8883)
	in(f, "127.0.0.1:8883", facts.RoleServed, p.leaf)
	trust(f, p.root)
	got = run(t, f, "chain.missing-intermediate")
	wantFindings(t, got, 1, "`certfile` in mosquitto.conf")

	// Root included: removal from the NATS cert_file.
	f = probed("nats", 4222)
	in(f, "127.0.0.1:4222", facts.RoleServed, p.leaf, p.inter, p.root)
	trust(f, p.root)
	got = run(t, f, "chain.root-included")
	wantFindings(t, got, 1, "(served #3) from the `cert_file`")
	for _, fd := range run(t, f, "chain.*") {
		if strings.Contains(fd.Fix, "from 127.0.0.1:4222") || strings.Contains(fd.Fix, "in 127.0.0.1:4222") {
			t.Errorf("%s: fix names the host:port as a file: %s", fd.ID, fd.Fix)
		}
	}
}
