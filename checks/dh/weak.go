package dh

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Weak reports Diffie-Hellman groups smaller than 2048 bits.
var Weak = &checks.Check{
	ID:       "dh.weak",
	Title:    "Diffie-Hellman group smaller than 2048 bits",
	Severity: checks.Error,
	Refs:     []string{"RFC 7919", "Logjam: Imperfect Forward Secrecy (weakdh.org, 2015)", "NIST SP 800-131A Rev. 2 section 5", "nginx ssl_dhparam"},
	Doc: "Finite-field DHE key exchange is only as strong as its group. Groups of 1024 bits and " +
		"less can be broken by a well-resourced attacker after a one-time precomputation per " +
		"group (the Logjam attack, 2015), and 512-bit export groups in minutes; NIST SP 800-131A " +
		"requires at least 2048 bits, and current clients refuse DH groups under 1024 bits. " +
		"nginx (ssl_dhparam), mosquitto (dhparamfile) and others load such groups from a " +
		"'DH PARAMETERS' file. Prefer ECDHE, or the standard RFC 7919 groups (ffdhe2048 and " +
		"larger). Under `tlscheck scan` every DHE suite's group is judged, one finding per " +
		"group size under 2048 bits naming the suites that use it.",
	Fix:     "Generate a 2048-bit group (`openssl dhparam -out dhparam.pem 2048`), use the RFC 7919 ffdhe2048 group, or disable DHE suites in favour of ECDHE.",
	Applies: []*checks.Scope{dhGroups},
	Run:     weak,
}

func init() { checks.Register(Weak) }

// dhGroups is the scope of dh.weak: DH parameter files, or a DHE group a
// server used.
var dhGroups = &checks.Scope{Name: "Diffie-Hellman groups", Reason: "no Diffie-Hellman parameters among the inputs and no DHE key exchange",
	Has: func(f *facts.Facts) bool {
		return len(f.DHParams) > 0 || (f.Connection != nil && f.Connection.DHBits > 0) || len(scanDHE(f)) > 0
	}}

// scanDHE are the DHE suites a scan saw with their group size.
func scanDHE(f *facts.Facts) []facts.AcceptedSuite {
	if f.Scan == nil {
		return nil
	}
	var out []facts.AcceptedSuite
	for _, a := range f.Scan.Ciphers {
		if a.DHBits > 0 {
			out = append(out, a)
		}
	}
	return out
}

func weak(p *checks.Pass) {
	f := p.Facts
	// A scan saw every DHE suite, the full handshake's among them: it
	// speaks for the server alone, so the group is not reported twice.
	if dhe := scanDHE(f); len(dhe) > 0 {
		weakScanGroups(p, dhe)
	} else if c := f.Connection; c != nil && c.DHBits > 0 && c.DHBits < 2048 {
		weakServerGroup(p, c)
	}
	for _, d := range f.DHParams {
		bits := d.Bits
		if bits == 0 && d.P != nil {
			bits = d.P.BitLen()
		}
		if bits == 0 || bits >= 2048 {
			continue
		}
		ev := map[string]string{"bits": fmt.Sprint(bits)}
		if d.G != nil {
			ev["generator"] = d.G.String()
		}
		checks.AddLocation(ev, d.Source)
		out := "dhparam.pem"
		if d.Source.File != "" && d.Source.File != "-" {
			out = checks.ShellQuote(d.Source.File)
		}
		subject := d.Source.File
		if subject == "" || subject == "-" {
			subject = "DH parameters"
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("the Diffie-Hellman group in %s is %d bits; expected at least 2048 (groups of 1024 bits and less are breakable, see Logjam)",
				checks.Where(d.Source), bits),
			Subject:  subject,
			Evidence: ev,
			Fix: fmt.Sprintf("`openssl dhparam -out %s 2048` (or use the RFC 7919 ffdhe2048 group, or drop DHE suites for ECDHE), then reload the server (nginx: `ssl_dhparam %s;`)",
				out, out),
		})
	}
}

// weakServerGroup reports the DHE group a server used in a probe.
func weakServerGroup(p *checks.Pass, c *facts.Connection) {
	hp := c.Target
	if c.Host != "" {
		hp = net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	}
	ev := map[string]string{"bits": fmt.Sprint(c.DHBits), "address": c.Address}
	if c.Address == "" {
		ev["address"] = hp
	}
	if c.CipherSuite != "" {
		ev["cipher_suite"] = c.CipherSuite
	}
	fix := "generate a 2048-bit group (`openssl dhparam -out /etc/nginx/dhparam.pem 2048`) and set nginx `ssl_dhparam /etc/nginx/dhparam.pem;`, or drop DHE suites: `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;`"
	if c.Scheme == facts.SchemeMQTTS || c.Port == 8883 {
		fix = "generate a 2048-bit group (`openssl dhparam -out /etc/mosquitto/dhparam.pem 2048`) and set `dhparamfile /etc/mosquitto/dhparam.pem` under the listener in mosquitto.conf, or drop DHE suites with `ciphers ECDHE+AESGCM`"
	}
	p.Report(checks.Finding{
		Message: fmt.Sprintf("the server used a %d-bit DHE group (suite %s); expected at least 2048 bits (groups of 1024 bits and less are breakable, see Logjam)",
			c.DHBits, nonEmpty(c.CipherSuite, "DHE")),
		Subject:  hp,
		Evidence: ev,
		Fix:      fix,
	})
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// weakScanGroups reports, once per group size under 2048 bits, the DHE
// suites a scan saw using it.
func weakScanGroups(p *checks.Pass, dhe []facts.AcceptedSuite) {
	f := p.Facts
	bySize := map[int][]facts.AcceptedSuite{}
	var sizes []int
	for _, a := range dhe {
		if a.DHBits >= 2048 {
			continue
		}
		if _, seen := bySize[a.DHBits]; !seen {
			sizes = append(sizes, a.DHBits)
		}
		bySize[a.DHBits] = append(bySize[a.DHBits], a)
	}
	sort.Ints(sizes)
	for _, bits := range sizes {
		// The suites by version: "TLS 1.0: A, B; TLS 1.2: C".
		var where []string
		var version facts.TLSVersion
		for _, a := range bySize[bits] {
			if len(where) == 0 || a.Version != version {
				version = a.Version
				where = append(where, version.String()+": "+scanrule.Label(a))
				continue
			}
			where[len(where)-1] += ", " + scanrule.Label(a)
		}
		list := strings.Join(where, "; ")
		p.Report(checks.Finding{
			Subject: fmt.Sprintf("%s DHE %d bits", scanrule.Subject(f), bits),
			Message: fmt.Sprintf("the server uses a %d-bit DHE group with %s; expected at least 2048 bits (groups of 1024 bits and less are breakable, see Logjam)",
				bits, list),
			Evidence: map[string]string{"bits": fmt.Sprint(bits), "suites": list},
			Fix:      scanrule.DHFix(scanrule.Of(f)),
		})
	}
}
