package host

import (
	"crypto/x509"
	"fmt"
	"net"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/textdist"
)

// Mismatch reports hosts asked for that a server certificate does not cover.
var Mismatch = &checks.Check{
	ID:       checks.IDHostMismatch,
	Title:    "certificate does not cover the host name",
	Severity: checks.Error,
	Refs:     []string{"RFC 6125 6.4", "RFC 6125 6.4.3", "RFC 2818 3.1", "RFC 5280 4.2.1.6", "CA/B Forum BR 7.1.2.7.12"},
	Doc: "Clients compare the name they connect to with the certificate's subjectAltName: a DNS " +
		"name with the dNSName entries, case-insensitively and ignoring a trailing dot; an IP " +
		"address only with iPAddress entries (never with a DNS entry, never via a wildcard). A " +
		"wildcard is allowed only as the whole left-most label and matches exactly one label: " +
		"*.example.com covers www.example.com but neither example.com nor a.b.example.com " +
		"(RFC 6125 6.4.3), and wildcards directly over a public suffix (*.com, *.co.uk) are " +
		"refused. The subject CN is never used for an IP address, nor for a name when the " +
		"certificate has a DNS SAN. Without one, browsers, Go (1.15+) and Apple platforms still " +
		"ignore the CN and refuse the certificate, while OpenSSL's X509_check_host (without " +
		"X509_CHECK_FLAG_NEVER_CHECK_SUBJECT) falls back to it, and so do curl, mosquitto and " +
		"Python's ssl: a CN-only certificate works with some clients and not others " +
		"(docs/clients.md), so tlscheck requires the SAN. The hosts come from --host (or the probe target); each server " +
		"certificate among the inputs is checked, and the message lists its SANs and the " +
		"nearest one.",
	Fix:     "Reissue the certificate with every name clients use in the subjectAltName: `-addext \"subjectAltName=DNS:example.com,DNS:www.example.com,IP:127.0.0.1\"`.",
	Applies: []*checks.Scope{checks.Hosts, checks.ServerCerts},
	Run:     mismatch,
}

func init() { checks.Register(Mismatch) }

func sanList(x *x509.Certificate) []string {
	var out []string
	for _, d := range x.DNSNames {
		out = append(out, "DNS:"+d)
	}
	for _, ip := range x.IPAddresses {
		out = append(out, "IP:"+ip.String())
	}
	return out
}

func mismatch(p *checks.Pass) {
	f := p.Facts
	var servers []*facts.Cert
	for _, l := range f.Leaves() {
		if l.X509 != nil && f.ServesTLS(l) {
			servers = append(servers, l)
		}
	}
	var targets []target
	for _, h := range f.Options.Hosts {
		targets = append(targets, parseTarget(h))
	}
	for _, c := range servers {
		x := c.X509
		sans := sanList(x)
		var missing []target
		for _, t := range targets {
			if !covers(x, t) {
				missing = append(missing, t)
			}
		}
		for _, t := range missing {
			why, nearest := explain(x, t)
			ev := checks.CertEvidence(c)
			ev["host"] = t.asked
			ev["sans"] = strings.Join(sans, ", ")
			if nearest != "" {
				ev["nearest"] = nearest
			}
			msg := fmt.Sprintf("%s in %s does not cover %s: %s", checks.Name(c), checks.Where(c.Source), t.asked, why)
			if len(sans) > 0 && !strings.Contains(why, sans[0]) {
				msg += "; its SANs are " + strings.Join(sans, ", ")
			}
			p.Report(checks.Finding{
				Message:  msg,
				Subject:  checks.Name(c),
				Evidence: ev,
				Fix:      fix(f, c, missing),
			})
		}
	}
}

// noSANWhy says who refuses and who accepts a certificate without SANs for
// t. OpenSSL's X509_check_host falls back to the subject CN when there is
// no DNS SAN, unless X509_CHECK_FLAG_NEVER_CHECK_SUBJECT is set (checked:
// `openssl verify -verify_hostname` on a CN-only certificate says OK, and
// so do curl and Python's ssl); X509_check_ip never uses the CN.
func noSANWhy(x *x509.Certificate, t target) string {
	const refuse = "browsers (Chrome 58+, Firefox, Safari), Go 1.15+ and Apple platforms ignore the subject CN and refuse it"
	cn := x.Subject.CommonName
	switch {
	case cn == "":
		return "the certificate has no subjectAltName and no subject CN: it names no host, and every client refuses it"
	case t.ip != nil:
		return fmt.Sprintf("the certificate has no subjectAltName, and an IP address is matched only against IP SAN entries, never against the subject CN (CN=%s), by every client including OpenSSL's X509_check_ip", cn)
	case matchDNS(cn, t.name):
		return fmt.Sprintf("the certificate has no subjectAltName: its subject CN=%s names the host, but %s; only OpenSSL-based clients (curl, mosquitto, Python's ssl: X509_check_host without X509_CHECK_FLAG_NEVER_CHECK_SUBJECT) fall back to the CN and accept it", cn, refuse)
	}
	return fmt.Sprintf("the certificate has no subjectAltName, and its subject CN=%s does not name the host either: %s, and OpenSSL-based clients (curl, mosquitto, Python's ssl), which fall back to the CN, find no match", cn, refuse)
}

// explain says why t is not covered and names the nearest SAN.
func explain(x *x509.Certificate, t target) (why, nearest string) {
	if len(x.DNSNames)+len(x.IPAddresses) == 0 {
		return noSANWhy(x, t), ""
	}
	if t.ip != nil {
		for _, d := range x.DNSNames {
			if strings.EqualFold(strings.Trim(d, "[]"), t.ip.String()) {
				return fmt.Sprintf("%s is an IP address and must be an IP SAN (IP:%s); the certificate lists it as a DNS name (DNS:%s), which clients do not match against IP addresses", t.ip, t.ip, d), "DNS:" + d
			}
		}
		if len(x.IPAddresses) == 0 {
			return fmt.Sprintf("%s is an IP address and needs an IP SAN (IP:%s); the certificate has %s and no IP SAN, and DNS names never match an IP address",
				t.ip, t.ip, strings.Join(prefixed("DNS:", x.DNSNames), ", ")), "DNS:" + x.DNSNames[0]
		}
		best := ""
		bestScore := -1
		for _, ip := range x.IPAddresses {
			score := commonPrefix(ip.To16(), t.ip.To16())
			if score > bestScore {
				best, bestScore = "IP:"+ip.String(), score
			}
		}
		return fmt.Sprintf("%s is not among the IP SANs (nearest: %s)", t.ip, best), best
	}
	// A DNS name.
	for _, d := range x.DNSNames {
		p := strings.TrimSuffix(strings.ToLower(d), ".")
		base, wild := strings.CutPrefix(p, "*.")
		switch {
		case strings.HasSuffix(d, ".") && matchDNS(p, t.name):
			return fmt.Sprintf("DNS:%s ends with a dot, which is not valid in a certificate (RFC 5280 4.2.1.6) and is matched by no client; write it as DNS:%s", d, p), "DNS:" + d
		case wild && t.name == base:
			return fmt.Sprintf("the wildcard DNS:%s does not cover the bare domain %s (a wildcard needs exactly one label in its place); add DNS:%s", d, t.name, t.name), "DNS:" + d
		case wild && strings.HasSuffix(t.name, "."+base) && !strings.Contains(base, "."):
			return fmt.Sprintf("the wildcard DNS:%s has a single label after '*', which clients refuse to honour", d), "DNS:" + d
		case wild && strings.HasSuffix(t.name, "."+base) && publicSuffix(base):
			return fmt.Sprintf("the wildcard DNS:%s is directly over the public suffix %s, which clients refuse to honour", d, base), "DNS:" + d
		case wild && strings.HasSuffix(t.name, "."+base):
			extra := strings.TrimSuffix(t.name, "."+base)
			return fmt.Sprintf("X.509 wildcards cover exactly one label: DNS:%s covers %s.%s but not %s (%d labels in place of '*')",
				d, extra[strings.LastIndex(extra, ".")+1:], base, t.name, strings.Count(extra, ".")+1), "DNS:" + d
		case strings.Contains(p, "*") && !wild && strings.Contains(p, "."):
			// Partial wildcards (w*.example.com) are not honoured by browsers or Go.
			if strings.Count(p, ".") == strings.Count(t.name, ".") && strings.HasSuffix(t.name, p[strings.Index(p, "."):]) {
				return fmt.Sprintf("DNS:%s uses a partial wildcard, which clients do not honour: '*' must be the whole left-most label", d), "DNS:" + d
			}
		}
	}
	if len(x.DNSNames) == 0 {
		return fmt.Sprintf("%s is a DNS name but the certificate has only IP SANs", t.name), ""
	}
	nearest = nearestDNS(x.DNSNames, t.name)
	return fmt.Sprintf("no DNS SAN matches %s (nearest: %s)", t.name, nearest), nearest
}

func nearestDNS(names []string, host string) string {
	best, bestShared, bestDist := "", -1, 0
	for _, d := range names {
		p := strings.TrimSuffix(strings.ToLower(d), ".")
		shared := sharedSuffix(strings.TrimPrefix(p, "*."), host)
		dist := textdist.Distance(p, host)
		if shared > bestShared || (shared == bestShared && dist < bestDist) {
			best, bestShared, bestDist = "DNS:"+d, shared, dist
		}
	}
	return best
}

func commonPrefix(a, b []byte) int {
	n := 0
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		n++
	}
	return n
}

func prefixed(prefix string, s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = prefix + v
	}
	return out
}

// fix is the openssl command that reissues the certificate with the
// existing SANs plus the missing hosts.
func fix(f *facts.Facts, c *facts.Cert, missing []target) string {
	x := c.X509
	var parts []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			parts = append(parts, s)
		}
	}
	for _, s := range sanList(x) {
		add(strings.TrimSuffix(s, "."))
	}
	if len(parts) == 0 {
		// No SAN: the CN is the name the certificate was made for; keep
		// it beside the missing names (localhost and 127.0.0.1).
		if cn := x.Subject.CommonName; cn != "" && !strings.ContainsAny(cn, " /=:") {
			if ip := net.ParseIP(cn); ip != nil {
				add("IP:" + ip.String())
			} else {
				add("DNS:" + cn)
			}
		}
	}
	var names []string
	for _, t := range missing {
		if t.ip != nil {
			add("IP:" + t.ip.String())
			names = append(names, "IP:"+t.ip.String())
		} else {
			add("DNS:" + t.name)
			names = append(names, "DNS:"+t.name)
		}
	}
	san := checks.ShellQuote("subjectAltName=" + strings.Join(parts, ","))
	cn := x.Subject.CommonName
	if cn == "" {
		if missing[0].ip != nil {
			cn = missing[0].ip.String()
		} else {
			cn = missing[0].name
		}
	}
	key := checks.KeyFile(f, c)
	out := "cert.pem"
	if c.Source.File != "" && c.Source.File != "-" && c.Source.Role != facts.RoleServed {
		out = checks.ShellQuote(c.Source.File)
	}
	if string(x.RawSubject) == string(x.RawIssuer) && x.CheckSignatureFrom(x) == nil || string(x.RawSubject) == string(x.RawIssuer) && len(x.AuthorityKeyId) == 0 {
		return fmt.Sprintf("add %s: `openssl req -x509 -new -key %s -subj %s -addext %s -addext basicConstraints=critical,CA:FALSE -days 365 -out %s`",
			strings.Join(names, ", "), key, checks.ShellQuote("/CN="+cn), san, out)
	}
	step, csr := checks.NewCSR(f, c.SPKIPin(), fmt.Sprintf("openssl req -new -key %s -subj %s -addext %s", key, checks.ShellQuote("/CN="+cn), san))
	return fmt.Sprintf("add %s: %s and have %s sign it (own CA: `openssl x509 -req -in %s -CA ca.pem -CAkey ca.key -copy_extensions copy -days 365 -out %s`)",
		strings.Join(names, ", "), step, checks.DN(x.Issuer), csr, out)
}
