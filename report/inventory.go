package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Roles of a certificate in the JSON report.
const (
	roleLeaf         = "leaf"
	roleIntermediate = "intermediate"
	roleRoot         = "root"
	roleCA           = "ca"
	roleClientCA     = "client-ca"
)

// inventory lists every distinct certificate the report talks about: the
// inputs in load order (certificates, --ca anchors, --client-ca), then the
// trust-store anchors that a chain actually ended at. The same DER given in
// two files is listed once, at its first occurrence.
type inventory struct {
	certs []*facts.Cert
	roles map[string]string // fingerprint -> role
	// onChain holds the fingerprints of certificates on some built path.
	onChain map[string]bool
}

func newInventory(f *facts.Facts, chains []*facts.Chain) *inventory {
	inv := &inventory{roles: map[string]string{}, onChain: map[string]bool{}}
	seen := map[string]bool{}
	add := func(c *facts.Cert) {
		if c == nil {
			return
		}
		fp := c.Fingerprint()
		if seen[fp] {
			return
		}
		seen[fp] = true
		inv.certs = append(inv.certs, c)
	}
	for _, c := range f.Certs {
		add(c)
	}
	for _, c := range f.Roots {
		if !c.Public() {
			add(c) // --ca files are inputs; system roots only when used below
		}
	}
	for _, c := range f.ClientCAs {
		add(c)
	}
	for _, ch := range chains {
		for _, c := range ch.Path {
			add(c)
		}
	}

	// Roles: a leaf wins over anything else, then the role on a path, then
	// what the certificate is on its own.
	for _, ch := range chains {
		if len(ch.Path) > 0 {
			fp := ch.Path[0].Fingerprint()
			inv.roles[fp] = roleLeaf
		}
	}
	for _, ch := range chains {
		for i, c := range ch.Path {
			fp := c.Fingerprint()
			inv.onChain[fp] = true
			if i == 0 || inv.roles[fp] != "" {
				continue
			}
			if i == len(ch.Path)-1 && (c.SelfSigned() || c.Anchor()) {
				inv.roles[fp] = roleRoot
			} else {
				inv.roles[fp] = roleIntermediate
			}
		}
	}
	clientCA := map[string]bool{}
	for _, c := range f.ClientCAs {
		clientCA[c.Fingerprint()] = true
	}
	for _, c := range inv.certs {
		fp := c.Fingerprint()
		switch {
		case inv.roles[fp] != "":
		case clientCA[fp] || c.Source.Role == facts.RoleClientCA:
			inv.roles[fp] = roleClientCA
		case c.IsCA() || c.Anchor():
			inv.roles[fp] = roleCA
		default:
			inv.roles[fp] = roleLeaf
		}
	}
	return inv
}

func (inv *inventory) role(c *facts.Cert) string { return inv.roles[c.Fingerprint()] }

// daysLeft is the number of whole days from now until notAfter, rounded
// down: negative once the certificate has expired. It is facts.DaysUntil,
// the one day count the checks use too.
func daysLeft(notAfter, now time.Time) int { return facts.DaysUntil(notAfter, now) }

// validityText is the "days left" column: "31", "expired 12d ago",
// "not valid for 5d".
func validityText(c *facts.Cert, now time.Time) string {
	if c.X509 == nil {
		return "?"
	}
	if now.Before(c.X509.NotBefore) {
		// As cert.not-yet-valid words it: hours under two days, else days.
		if h := c.X509.NotBefore.Sub(now).Hours(); h < 48 {
			return fmt.Sprintf("not valid for %.0fh", h)
		}
		return fmt.Sprintf("not valid for %dd", facts.DaysUntil(c.X509.NotBefore, now))
	}
	d := daysLeft(c.X509.NotAfter, now)
	if d < 0 {
		return fmt.Sprintf("expired %dd ago", -d)
	}
	return fmt.Sprint(d)
}

// issuerName is the short name of a certificate's issuer: its CN, else the DN.
func issuerName(c *facts.Cert) string {
	if c.X509 == nil {
		return "?"
	}
	if cn := c.X509.Issuer.CommonName; cn != "" {
		return "CN=" + cn
	}
	return checks.DN(c.X509.Issuer)
}

// where says where an object was found, naming the flag for trust inputs:
// "server.pem #1", "ca.pem #1 (--ca)", "system trust store".
func where(s facts.Source) string {
	if s.Role == facts.RoleServed {
		// A scan names the chains other than the full handshake's
		// ("served ECDSA chain"); a probe's is the address.
		if s.ServedChain != "" {
			return s.File + " #" + strconv.Itoa(s.Index+1)
		}
		return "served #" + strconv.Itoa(s.Index+1)
	}
	w := checks.Where(s)
	if s.File == "-" && s.Role != facts.RoleAIA {
		w = "standard input #" + strconv.Itoa(s.Index+1)
	}
	switch s.Role {
	case facts.RoleCA:
		w += " (--ca)"
	case facts.RoleClientCA:
		w += " (--client-ca)"
	}
	return w
}

// keyDescription describes a certificate's public key.
func keyDescription(c *facts.Cert) string {
	if c.X509 == nil {
		return "?"
	}
	return checks.CertKeyDescription(c.X509)
}

// plural is "1 error", "2 errors"; info has no plural.
func plural(n int, word string) string {
	if n == 1 || word == "info" {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
