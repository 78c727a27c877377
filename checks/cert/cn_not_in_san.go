package cert

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"golang.org/x/net/idna"
)

// CNNotInSAN reports a server certificate whose subject CN names a host that
// none of its subjectAltNames carries.
var CNNotInSAN = &checks.Check{
	ID:       "cert.cn-not-in-san",
	Title:    "the subject CN names a host that is not in the subjectAltName",
	Severity: checks.Warning,
	Refs:     []string{"CA/B Forum BR 7.1.4.3", "RFC 6125 6.4.4", "RFC 5952 4"},
	Doc: "When a certificate has a subjectAltName, clients match host names against it alone " +
		"and ignore the subject common name. A CN that holds a host name or IP address which " +
		"is not, byte for byte, one of the SAN entries is therefore never usable, and it " +
		"usually means the certificate was requested for one name and issued for another " +
		"(a typo, a different case, an IP written as 0x7f000001 or with leading zeros, a " +
		"Unicode name whose SAN holds the punycode form). The CA/Browser Forum requires the CN, " +
		"when present, to repeat one SAN value exactly. A CN that is not a host name at all " +
		"(\"MQTT broker\") is not reported. A CN that is a different spelling of a SAN entry " +
		"(another case, 0x7f000001 or 127.000.000.001 for 127.0.0.1, an unabbreviated IPv6 " +
		"address, Unicode for a punycode SAN) is a warning: it is the mark of a hand-edited " +
		"request, and the few clients that still compare the CN do so byte for byte. An " +
		"unrelated host name in the CN is only info, since no modern client reads it.",
	Fix: "Reissue with the CN equal to one of the SAN entries (or with no CN): `openssl req -new -key key.pem -subj /CN=<a SAN name> -addext subjectAltName=...`.",
	Run: cnNotInSAN,
}

func init() { checks.Register(CNNotInSAN) }

func cnNotInSAN(p *checks.Pass) {
	f := p.Facts
	seen := 0
	for _, it := range leaves(f) {
		c, x := it.cert, it.cert.X509
		if !f.ServesTLS(c) || len(x.DNSNames)+len(x.IPAddresses) == 0 {
			continue
		}
		seen++
		cn := x.Subject.CommonName
		if !hostLike(cn) {
			continue
		}
		var sans []string
		found := false
		for _, d := range x.DNSNames {
			sans = append(sans, "DNS:"+d)
			found = found || d == cn
		}
		for _, ip := range x.IPAddresses {
			sans = append(sans, "IP:"+ip.String())
			found = found || ip.String() == cn
		}
		if found {
			continue
		}
		variant := spellingOf(cn, x.DNSNames, x.IPAddresses)
		nearest, sev := "", checks.Info
		if variant != "" {
			nearest, sev = fmt.Sprintf(" (%s is the same name spelled differently)", variant), checks.Warning
		}
		ev := it.evidence()
		ev["common_name"] = cn
		ev["sans"] = strings.Join(sans, ", ")
		p.Report(checks.Finding{
			Severity: sev,
			Message: fmt.Sprintf("%s in %s has CN=%q, which is not one of its SANs (%s)%s; expected the CN to repeat a SAN entry exactly, or no CN",
				checks.Name(c), it.where(), cn, strings.Join(sans, ", "), nearest),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix: "reissue with a CN that is one of the SANs: " + newCSR(f, c, fmt.Sprintf("openssl req -new -key %s -subj %s -addext %s",
				checks.KeyFile(f, c), checks.ShellQuote("/CN="+firstSAN(x.DNSNames, x.IPAddresses)), checks.ShellQuote("subjectAltName="+sanSpec(f, x)))),
		})
	}
	if seen == 0 {
		p.NotApplicable("no server certificate with a subjectAltName among the inputs")
	}
}

// hostLike reports whether a CN is written as a host name or IP address
// (has a dot or a colon and no spaces, or is "localhost").
func hostLike(cn string) bool {
	if cn == "" || strings.ContainsAny(cn, " \t/=,") {
		return false
	}
	return cn == "localhost" || strings.ContainsAny(cn, ".:") || strings.HasPrefix(strings.ToLower(cn), "0x")
}

func firstSAN(dns []string, ips []net.IP) string {
	if len(dns) > 0 {
		return dns[0]
	}
	return ips[0].String()
}

// spellingOf returns the SAN entry ("DNS:x" or "IP:x") that cn is another
// spelling of: the same DNS name in another case or in Unicode instead of
// punycode, or the same IP address written in hex, with leading zeros or
// not in RFC 5952 form. "" when cn names something else.
func spellingOf(cn string, dns []string, ips []net.IP) string {
	ascii, err := idna.Lookup.ToASCII(cn)
	for _, d := range dns {
		if strings.EqualFold(d, cn) || (err == nil && strings.EqualFold(d, ascii)) {
			return "DNS:" + d
		}
	}
	if ip := lenientIP(cn); ip != nil {
		for _, sip := range ips {
			if sip.Equal(ip) {
				return "IP:" + sip.String()
			}
		}
	}
	return ""
}

// lenientIP parses the ways people and old tools write addresses:
// 0x7f000001, 127.000.000.001, and IPv6 in any case or expansion.
func lenientIP(s string) net.IP {
	if ip := net.ParseIP(s); ip != nil {
		return ip
	}
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok && len(h) == 8 {
		if v, err := strconv.ParseUint(h, 16, 32); err == nil {
			return net.IPv4(byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
		}
	}
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return nil
	}
	var b [4]byte
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 10, 8)
		if err != nil {
			return nil
		}
		b[i] = byte(v)
	}
	return net.IPv4(b[0], b[1], b[2], b[3])
}
