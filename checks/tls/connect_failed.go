package tls

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ConnectFailed is tls.connect-failed: no TCP connection, so no TLS at all.
var ConnectFailed = &checks.Check{
	ID:       "tls.connect-failed",
	Title:    "could not connect to the server",
	Severity: checks.Error,
	Refs:     []string{"RFC 9293 3.5 (connection establishment, reset on a closed port)", "RFC 1035 (DNS)"},
	Doc: "Before any TLS byte is exchanged the client must resolve the name and open a TCP " +
		"connection. This check reports the four ways that fails, which need different fixes: " +
		"the name does not resolve (DNS), the host answered with a reset because nothing listens " +
		"on the port (connection refused), no route to the host (unreachable), or no answer at all " +
		"within --connect-timeout, which usually means a firewall silently drops the packets. The " +
		"finding names the address that was dialled.",
	Fix:     "Make the server listen on the address and port probed, or probe the address it listens on.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     connectFailed,
}

func init() { checks.Register(ConnectFailed) }

func connectFailed(p *checks.Pass) {
	c := p.Facts.Connection
	f := c.Failure
	if f == nil {
		p.NotApplicable("the TCP connection was made")
		return
	}
	if !f.BeforeConnect() {
		p.NotApplicable("the TCP connection was made")
		return
	}
	ev := evidence(c)
	ev["failure"] = f.Kind.String()
	if f.Message != "" {
		ev["error"] = f.Message
	}
	port := fmt.Sprint(c.Port)
	var msg, fix string
	switch f.Kind {
	case facts.FailDNS:
		msg = fmt.Sprintf("DNS failure: the name %s does not resolve; expected an A or AAAA record", c.Host)
		fix = fmt.Sprintf("fix the DNS record of %s (`dig +short %s` must print its address), or probe the server by IP with `--servername %s`",
			c.Host, c.Host, c.Host)
	case facts.FailRefused:
		msg = fmt.Sprintf("connection refused by %s: nothing listens on port %s there; expected a TLS listener", address(c), port)
		fix = fmt.Sprintf("start the server or make it listen on port %s (on the server, `ss -ltnp | grep ':%s '` shows what listens), or probe the port it does listen on",
			port, port)
	case facts.FailUnreachable:
		msg = fmt.Sprintf("%s is unreachable: no route to the host; expected a TCP connection", address(c))
		fix = fmt.Sprintf("check the address and the network path to it (`ip route get %s`), or probe an address the client can reach", ipOf(c))
	default:
		msg = fmt.Sprintf("connecting to %s timed out: no answer to the TCP SYN; expected the TCP handshake to complete. A firewall dropping packets to port %s is the usual cause",
			address(c), port)
		fix = fmt.Sprintf("open port %s/tcp in the server's firewall (e.g. `ufw allow %s/tcp`, or the cloud security group), or probe the port the server listens on",
			port, port)
	}
	p.Report(checks.Finding{Subject: hostPort(c), Message: msg, Evidence: ev, Fix: fix})
}

func ipOf(c *facts.Connection) string {
	if c.Address != "" {
		if h, _, err := splitHostPort(c.Address); err == nil {
			return h
		}
	}
	return c.Host
}
