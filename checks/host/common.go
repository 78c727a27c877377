package host

import (
	"crypto/x509"
	"net"
	"regexp"
	"strings"

	"github.com/weppos/publicsuffix-go/publicsuffix"
	"golang.org/x/net/idna"
)

// target is one host asked for, normalised.
type target struct {
	asked string // as given
	name  string // lower-case, no trailing dot, A-labels; "" for an IP
	ip    net.IP // for an IP literal
}

var portRE = regexp.MustCompile(`^([^:]+):[0-9]{1,5}$`)

// parseTarget normalises a --host value: "[::1]" and "host:443" lose the
// brackets and port, names are lower-cased and lose a trailing dot, and
// internationalised names become A-labels (RFC 6125 6.4.2).
func parseTarget(h string) target {
	t := target{asked: h}
	s := strings.TrimSpace(h)
	if host, _, err := net.SplitHostPort(s); err == nil && (strings.HasPrefix(s, "[") || portRE.MatchString(s)) {
		s = host
	}
	s = strings.TrimSuffix(strings.Trim(s, "[]"), ".")
	if ip := net.ParseIP(s); ip != nil {
		t.ip = ip
		return t
	}
	s = strings.ToLower(s)
	if a, err := idna.Lookup.ToASCII(s); err == nil && a != "" {
		s = a
	}
	t.name = s
	return t
}

// publicSuffix reports whether name is itself an ICANN public suffix
// ("com", "co.uk"), over which no wildcard may be honoured.
func publicSuffix(name string) bool {
	r := publicsuffix.DefaultList.Find(name, &publicsuffix.FindOptions{IgnorePrivate: true})
	return r != nil && r.Decompose(name)[1] == ""
}

// matchDNS applies RFC 6125 6.4.3 as browsers do: case-insensitive, a
// trailing dot ignored on the host (a SAN with one is malformed and matches
// nothing, as in Go), a wildcard only as the whole left-most label and matching
// exactly one label, never over a bare public suffix.
func matchDNS(pattern, name string) bool {
	p := strings.ToLower(pattern)
	if p == "" || name == "" || strings.HasSuffix(p, ".") {
		return false
	}
	if p == name {
		return true
	}
	base, ok := strings.CutPrefix(p, "*.")
	if !ok || strings.Contains(base, "*") || !strings.Contains(base, ".") || publicSuffix(base) {
		return false
	}
	first, rest, ok := strings.Cut(name, ".")
	return ok && first != "" && rest == base
}

// covers reports whether the certificate's SANs cover t (the CN is never used).
func covers(x *x509.Certificate, t target) bool {
	if t.ip != nil {
		for _, ip := range x.IPAddresses {
			if ip.Equal(t.ip) {
				return true
			}
		}
		return false
	}
	for _, d := range x.DNSNames {
		if matchDNS(d, t.name) {
			return true
		}
	}
	return false
}

// sharedSuffix counts the trailing labels a and b have in common.
func sharedSuffix(a, b string) int {
	la, lb := strings.Split(a, "."), strings.Split(b, ".")
	n := 0
	for i, j := len(la)-1, len(lb)-1; i >= 0 && j >= 0 && la[i] == lb[j]; i, j = i-1, j-1 {
		n++
	}
	return n
}
