package report

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// connectionLines describe a probe the way `openssl s_client` would, in one
// line (plus the preamble and application check when there were any):
//
//	connection: 127.0.0.1:8883 (mqtts, SNI broker): TLS 1.3, TLS_AES_128_GCM_SHA256, X25519; tcp 0.2 ms, handshake 3.1 ms
func connectionLines(c *facts.Connection) []string {
	addr := c.Address
	if addr == "" {
		addr = net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	}
	var tags []string
	if c.Scheme != "" {
		tags = append(tags, c.Scheme)
	}
	if c.StartTLS != "" && c.StartTLS != c.Scheme {
		tags = append(tags, "STARTTLS "+c.StartTLS)
	}
	if c.SNI != "" {
		tags = append(tags, "SNI "+c.SNI)
	} else {
		tags = append(tags, "no SNI")
	}
	line := "connection: " + addr + " (" + strings.Join(tags, ", ") + "): "

	var what []string
	switch {
	case c.Failure != nil:
		f := c.Failure
		s := "FAILED at " + nonEmpty(f.Stage, c.Stage) + ": " + f.Kind
		if f.Alert != nil {
			dir := "received"
			if !f.Alert.Received {
				dir = "sent"
			}
			s += fmt.Sprintf(" %s %s (%d)", dir, f.Alert.Name, f.Alert.Code)
		}
		if c.Plaintext != nil {
			s += fmt.Sprintf(", plaintext %s %q", c.Plaintext.Kind, c.Plaintext.First)
		} else if f.Message != "" {
			s += " (" + f.Message + ")"
		}
		what = append(what, s)
	default:
		what = append(what, nonEmpty(c.Version, "?"))
		if c.CipherSuite != "" {
			what = append(what, c.CipherSuite)
		}
		if c.Group != "" {
			g := c.Group
			if c.DHBits > 0 {
				g += fmt.Sprintf(" %d bits", c.DHBits)
			}
			what = append(what, g)
		} else if c.DHBits > 0 {
			what = append(what, fmt.Sprintf("DH %d bits", c.DHBits))
		}
		if c.ALPN != "" {
			what = append(what, "ALPN "+c.ALPN)
		}
		if c.OCSPStapled {
			what = append(what, "OCSP stapled")
		}
		if c.ClientCertReq {
			s := "client certificate requested"
			if c.ClientCert != "" {
				s += ", sent " + c.ClientCert
			}
			what = append(what, s)
		}
	}
	line += strings.Join(what, ", ")
	t := c.Timings
	var times []string
	if t.DNS > 0 {
		times = append(times, "dns "+msText(t.DNS))
	}
	if t.Connect > 0 {
		times = append(times, "tcp "+msText(t.Connect))
	}
	if t.Preamble > 0 {
		times = append(times, "preamble "+msText(t.Preamble))
	}
	if t.Handshake > 0 {
		times = append(times, "handshake "+msText(t.Handshake))
	}
	if t.Total > 0 {
		times = append(times, "total "+msText(t.Total))
	}
	if len(times) > 0 {
		line += "; " + strings.Join(times, ", ")
	}
	lines := []string{line}
	if len(c.Preamble) > 0 {
		var keys []string
		for k := range c.Preamble {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, k+"="+c.Preamble[k])
		}
		lines = append(lines, "preamble: "+nonEmpty(c.StartTLS, c.Scheme)+" "+strings.Join(kv, " "))
	}
	if a := c.App; a != nil {
		verdict := "FAILED"
		if a.OK {
			verdict = "ok"
		}
		lines = append(lines, fmt.Sprintf("application check: %s %s: %s", a.Protocol, verdict, a.Detail))
	}
	return lines
}

func msText(v float64) string {
	if v < 10 {
		return strconv.FormatFloat(v, 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " ms"
}
