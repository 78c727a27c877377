package host

import (
	"bytes"
	"crypto/x509"
	"net"
	"regexp"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
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

func hasEKU(x *x509.Certificate, u x509.ExtKeyUsage) bool {
	for _, e := range x.ExtKeyUsage {
		if e == u || e == x509.ExtKeyUsageAny {
			return true
		}
	}
	return false
}

func ekuPresent(x *x509.Certificate) bool {
	return len(x.ExtKeyUsage) > 0 || len(x.UnknownExtKeyUsage) > 0
}

func issuedBy(c, ca *x509.Certificate) bool {
	if c == nil || ca == nil || !bytes.Equal(c.RawIssuer, ca.RawSubject) {
		return false
	}
	if ca.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil {
		return true
	}
	return len(c.AuthorityKeyId) > 0 && bytes.Equal(c.AuthorityKeyId, ca.SubjectKeyId)
}

// servesTLS reports whether a leaf is used as a server certificate: not with
// --purpose client, not issued by a --client-ca, and not a clientAuth-only
// certificate next to a real server certificate (an mTLS directory).
func servesTLS(f *facts.Facts, c *facts.Cert) bool {
	if f.Options.Purpose == facts.PurposeClient {
		return false
	}
	for _, ca := range f.ClientCAs {
		if issuedBy(c.X509, ca.X509) {
			return false
		}
	}
	x := c.X509
	if f.Options.Purpose != facts.PurposeBoth && c.Source.Role != facts.RoleCert && ekuPresent(x) &&
		hasEKU(x, x509.ExtKeyUsageClientAuth) && !hasEKU(x, x509.ExtKeyUsageServerAuth) {
		for _, other := range endEntities(f) {
			if other != c && other.X509 != nil && (!ekuPresent(other.X509) || hasEKU(other.X509, x509.ExtKeyUsageServerAuth)) {
				return false
			}
		}
	}
	return true
}

var plainRE = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,-]+$`)

// sq quotes s for a POSIX shell when it needs quoting.
func sq(s string) string {
	if s != "" && plainRE.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
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

// endEntities is f.Leaves() without CA:TRUE certificates that issued another
// input certificate (a private root next to its own key is not a server
// certificate unless it was given as one).
func endEntities(f *facts.Facts) []*facts.Cert {
	var out []*facts.Cert
	for _, l := range f.Leaves() {
		explicit := l.Source.Index == 0 && (l.Source.Role == facts.RoleCert || l.Source.Role == facts.RoleFullchain)
		if l.IsCA() && !explicit && issuesOthers(f, l) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// issuesOthers reports whether another input certificate was issued by c.
func issuesOthers(f *facts.Facts, c *facts.Cert) bool {
	for _, o := range f.Certs {
		if o.X509 != nil && !bytes.Equal(o.Raw, c.Raw) && issuedBy(o.X509, c.X509) {
			return true
		}
	}
	return false
}
