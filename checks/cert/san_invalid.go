package cert

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// SANInvalid reports DNS subjectAltNames that are not in the preferred name
// syntax (letters, digits and hyphens; a wildcard only as the whole first label).
var SANInvalid = &checks.Check{
	ID:       "cert.san-invalid",
	Title:    "a DNS subjectAltName is not a valid host name",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 4.2.1.6", "RFC 1034 3.5", "RFC 1123 2.1", "CA/B Forum Ballot SC12 (underscores)"},
	Doc: "RFC 5280 4.2.1.6 requires dNSName entries in the preferred name syntax of RFC 1034 " +
		"3.5 as amended by RFC 1123: labels of letters, digits and hyphens, not starting or " +
		"ending with a hyphen, at most 63 characters, no empty labels; a wildcard is only " +
		"allowed as the whole left-most label. Names with underscores (often Windows or " +
		"SRV-style host names), spaces, or a trailing dot work with some clients and are " +
		"rejected by others (rustls-webpki, Java, browsers for public certificates since " +
		"2019), so the certificate is fragile.",
	Fix: "Reissue with the host's DNS name in LDH form (rename hosts with underscores, or use a CNAME with a valid name) in -addext subjectAltName=DNS:...",
	Run: sanInvalid,
}

func init() { checks.Register(SANInvalid) }

func sanInvalid(p *checks.Pass) {
	f := p.Facts
	items := inputCerts(f, false)
	seen := 0
	for _, it := range items {
		x := it.cert.X509
		if len(x.DNSNames) == 0 {
			continue
		}
		seen++
		for _, name := range x.DNSNames {
			why := dnsSyntax(name)
			if why == "" {
				continue
			}
			ev := it.evidence()
			ev["dns_name"] = name
			p.Report(checks.Finding{
				Message:  fmt.Sprintf("%s in %s has DNS:%s, which %s; expected letters, digits and hyphens only (RFC 1034 3.5), a wildcard only as the whole first label", checks.Name(it.cert), it.where(), name, why),
				Subject:  checks.Name(it.cert),
				Evidence: ev,
				Fix:      fmt.Sprintf("reissue %s with a valid host name in place of %q in -addext subjectAltName=DNS:... (for an underscore, rename the host or publish it under a hyphenated alias and use that)", checks.Name(it.cert), name),
			})
		}
	}
	if seen == 0 {
		p.NotApplicable("no certificate with a DNS subjectAltName among the inputs")
	}
}

// dnsSyntax says what is wrong with a dNSName, or "".
func dnsSyntax(name string) string {
	if name == "" {
		return "is empty"
	}
	if strings.HasSuffix(name, ".") {
		return "ends with a dot"
	}
	labels := strings.Split(name, ".")
	for i, l := range labels {
		switch {
		case l == "":
			return "has an empty label"
		case l == "*" && i == 0:
			continue
		case strings.Contains(l, "*"):
			return fmt.Sprintf("has a wildcard inside the label %q (only a whole first label may be *)", l)
		case len(l) > 63:
			return fmt.Sprintf("has a label of %d characters (at most 63)", len(l))
		case strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-"):
			return fmt.Sprintf("has the label %q, which starts or ends with a hyphen", l)
		}
		for _, r := range l {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			case r == '_':
				return fmt.Sprintf("contains an underscore (label %q)", l)
			default:
				return fmt.Sprintf("contains the character %q (label %q)", r, l)
			}
		}
	}
	return ""
}
