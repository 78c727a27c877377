package tls

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// hostPort is how a finding names the server: "host:port".
func hostPort(c *facts.Connection) string {
	if c.Host == "" {
		return c.Target
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// address is the address dialled, else host:port.
func address(c *facts.Connection) string {
	if c.Address != "" {
		return c.Address
	}
	return hostPort(c)
}

// evidence starts a finding's labelled values with where and how far the
// exchange got.
func evidence(c *facts.Connection) map[string]string {
	ev := map[string]string{"address": address(c)}
	if c.Stage != "" {
		ev["stage"] = c.Stage.String()
	}
	if c.SNI != "" {
		ev["sni"] = c.SNI
	}
	if c.StartTLS != "" {
		ev["starttls"] = c.StartTLS.String()
	}
	return ev
}

// completedHandshake is the scope of checks that judge what a finished
// handshake negotiated.
var completedHandshake = &checks.Scope{Name: "a completed handshake", Reason: "no completed handshake",
	Has: func(f *facts.Facts) bool { return f.Connection != nil && completed(f.Connection) }}

// completed reports whether a handshake finished.
func completed(c *facts.Connection) bool {
	return c.Failure == nil && (c.Stage.Completed() || c.Version != 0)
}

// software is the server program a fix is written for.
type software string

const (
	nginx      software = "nginx"
	natsServer software = "nats" // nats-server
	mosquitto  software = "mosquitto"
	postfix    software = "postfix"
)

// server guesses which server software a fix should speak to, from the
// scheme and the port, and from what the server said of itself (a NATS
// INFO, whatever the port): mosquitto for MQTT, nats-server for NATS, else
// nginx.
func server(c *facts.Connection) software {
	switch {
	case c.Scheme == facts.SchemeNATS || c.StartTLS == facts.StartTLSNATS || c.Port == 4222 || c.NATS != nil:
		return natsServer
	case c.Scheme == facts.SchemeMQTTS || c.Scheme == facts.SchemeMQTT || c.Port == 8883 || c.Port == 1883:
		return mosquitto
	case c.Scheme == facts.SchemeSMTP || c.StartTLS == facts.StartTLSSMTP:
		return postfix
	}
	return nginx
}

// clientCertFlag is the tlscheck command that offers a client certificate.
func clientCertFlag(c *facts.Connection) string {
	return "tlscheck probe --cert client.pem --key client.key " + checks.ShellQuote(c.Target)
}

// caList renders the acceptable CA names a server sent.
func caList(cas []string) string {
	if len(cas) == 0 {
		return "(the server sent no CA names: any issuer it trusts)"
	}
	return strings.Join(cas, "; ")
}

func splitHostPort(s string) (string, string, error) { return net.SplitHostPort(s) }

func ms(v float64) string { return fmt.Sprintf("%.0f ms", v) }
