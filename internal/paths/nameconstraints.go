package paths

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Name constraints (RFC 5280 4.2.1.10 and 6.1.3 (b)-(c)), checked on a built
// path without a second round of signature verification.
//
// A CA's constraints apply to the SANs of every certificate below it on the
// path: the leaf, and the intermediates that are not self-issued (RFC 5280
// 6.1.3 (b) skips self-issued intermediates, which exist for key rollover).
// The forms: dNSName, iPAddress, rfc822Name (SANs, and the subject's
// legacy emailAddress attributes), the host of a uniformResourceIdentifier,
// and directoryName (subjects and directoryName SANs). A certificate's CN
// is not checked against DNS constraints (it is not a host name to modern
// clients). Other forms are handled as described at extraConstraints.
//
// Matching follows what the major clients agree on:
//   - a DNS constraint "example.com" covers example.com and every name
//     below it, label by label and case-insensitively; ".example.com"
//     covers only the names below it (RFC 5280 erratum 5997); an empty
//     constraint covers every name;
//   - a wildcard SAN "*.example.com" is excluded when an excluded
//     constraint names one host it would cover ("www.example.com");
//   - an IP constraint is an address and mask of the same family;
//   - an e-mail constraint with "@" is one mailbox (local part exact, domain
//     case-insensitive), without it a host or (leading period) a domain;
//   - a URI constraint applies to the URI's host, which must be a name,
//     not an IP address;
//   - a SAN that is not a well-formed name of its kind cannot be judged and
//     fails, as in crypto/x509.
//
// The work is bounded by the caller (ncWork against NameConstraintBudget).

// ncReason opens the sentence of a name-constraint problem.
const ncReason = "name constraints of this CA exclude a name in the path"

var oidSAN = asn1.ObjectIdentifier{2, 5, 29, 17}

func hasSANExtension(x *x509.Certificate) bool {
	for _, e := range x.Extensions {
		if e.Id.Equal(oidSAN) {
			return true
		}
	}
	return false
}

func hasConstraints(x *x509.Certificate) bool {
	return len(x.PermittedDNSDomains)+len(x.ExcludedDNSDomains)+len(x.PermittedIPRanges)+len(x.ExcludedIPRanges)+
		len(x.PermittedEmailAddresses)+len(x.ExcludedEmailAddresses)+len(x.PermittedURIDomains)+len(x.ExcludedURIDomains) > 0
}

// checkNameConstraints returns one problem per constraining CA that a name
// below it breaks (the first such name).
func checkNameConstraints(path []*facts.Cert) []facts.ChainProblem {
	var probs []facts.ChainProblem
	for j := 1; j < len(path); j++ {
		ca := path[j].X509
		extra, ok := parseExtraConstraints(ca)
		if !ok {
			probs = append(probs, facts.ChainProblem{Index: j, Kind: facts.ProblemNameConstraintsMalformed, Reason: ncReason + ": its name constraints extension is malformed"})
			continue
		}
		if !hasConstraints(ca) && extra.empty() {
			continue
		}
		for i := 0; i < j; i++ {
			x := path[i].X509
			if i > 0 && bytes.Equal(x.RawSubject, x.RawIssuer) {
				continue // self-issued intermediate: RFC 5280 6.1.3 (b)
			}
			why := extraAllowed(extra, x)
			if why == "" && hasSANExtension(x) {
				why = namesAllowed(ca, x)
			}
			if why == "" {
				why = subjectEmailAllowed(ca, x)
			}
			if why != "" {
				probs = append(probs, facts.ChainProblem{Index: j, Kind: facts.ProblemNameConstraints, Reason: ncReason + ": " + why})
				break
			}
		}
	}
	return probs
}

// ncHandled reports whether x's only reason to list its name constraints
// extension as an unhandled critical extension is a name form tlscheck
// handles itself (see parseExtraConstraints).
func ncHandled(x *x509.Certificate) bool {
	_, ok := parseExtraConstraints(x)
	return ok
}

// namesAllowed returns why one of x's SANs breaks ca's constraints, or "".
func namesAllowed(ca, x *x509.Certificate) string {
	for _, ip := range x.IPAddresses {
		if why := ipAllowed(ip, ca.PermittedIPRanges, ca.ExcludedIPRanges); why != "" {
			return why
		}
	}
	for _, d := range x.DNSNames {
		if !validSANName(d) {
			return fmt.Sprintf("DNS name %q is not a valid host name, so it cannot be checked against the constraints", d)
		}
		if why := domainAllowed("DNS name", d, d, ca.PermittedDNSDomains, ca.ExcludedDNSDomains); why != "" {
			return why
		}
	}
	for _, u := range x.URIs {
		host := strings.ToLower(u.Host)
		if host == "" {
			return fmt.Sprintf("URI %q has no host, so it cannot be checked against the constraints", u.String())
		}
		if strings.Contains(host, ":") && !strings.HasSuffix(host, "]") {
			h, _, err := net.SplitHostPort(host)
			if err != nil {
				return fmt.Sprintf("URI %q has a host that cannot be parsed (%v)", u.String(), err)
			}
			host = h
		}
		if _, err := netip.ParseAddr(host); err == nil || strings.HasPrefix(host, "[") {
			return fmt.Sprintf("URI %q names an IP address, which URI constraints cannot judge", u.String())
		}
		if !validSANName(host) {
			return fmt.Sprintf("URI %q has the host %q, which is not a valid host name", u.String(), host)
		}
		if why := domainAllowed("URI", u.String(), host, ca.PermittedURIDomains, ca.ExcludedURIDomains); why != "" {
			return why
		}
	}
	for _, e := range x.EmailAddresses {
		local, domain, ok := parseMailbox(e)
		if !ok || !validSANName(domain) {
			return fmt.Sprintf("e-mail address %q is not a valid mailbox, so it cannot be checked against the constraints", e)
		}
		if why := emailAllowed(e, local, strings.ToLower(domain), ca.PermittedEmailAddresses, ca.ExcludedEmailAddresses); why != "" {
			return why
		}
	}
	return ""
}

var oidEmailAddress = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}

// subjectEmailAllowed applies ca's rfc822Name constraints to the legacy
// emailAddress attributes of x's subject, as RFC 5280 6.1.3 (b) requires
// (OpenSSL does; crypto/x509 does not).
func subjectEmailAllowed(ca, x *x509.Certificate) string {
	if len(ca.PermittedEmailAddresses)+len(ca.ExcludedEmailAddresses) == 0 {
		return ""
	}
	for _, atv := range x.Subject.Names {
		if !atv.Type.Equal(oidEmailAddress) {
			continue
		}
		e, _ := atv.Value.(string)
		local, domain, ok := parseMailbox(e)
		if !ok || !validSANName(domain) {
			return fmt.Sprintf("the subject's e-mail address %q is not a valid mailbox, so it cannot be checked against the constraints", e)
		}
		if why := emailAllowed(e, local, strings.ToLower(domain), ca.PermittedEmailAddresses, ca.ExcludedEmailAddresses); why != "" {
			return "in the subject, " + why
		}
	}
	return ""
}

// validSANName: printable ASCII, no empty label, no trailing period.
func validSANName(s string) bool {
	if s == "" {
		return true // an empty name matches nothing but itself; crypto/x509 lets it through
	}
	if s[len(s)-1] == '.' {
		return false
	}
	label := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if label == 0 {
				return false
			}
			label = 0
			continue
		}
		if s[i] < 33 || s[i] > 126 {
			return false
		}
		label++
	}
	return true
}

// dnsCovers reports whether constraint covers name: constraint is name or a
// label-aligned suffix of it (case-insensitive); a leading period requires
// at least one more label; an empty constraint covers everything.
func dnsCovers(constraint, name string) bool {
	if constraint == "" {
		return true
	}
	if len(constraint) > len(name) {
		return false
	}
	tail := name[len(name)-len(constraint):]
	if !strings.EqualFold(tail, constraint) {
		return false
	}
	if constraint[0] == '.' || len(name) == len(constraint) {
		return true
	}
	return name[len(name)-len(constraint)-1] == '.'
}

// wildcardHits reports whether the wildcard SAN name ("*.example.com")
// covers a host the excluded constraint names ("www.example.com").
func wildcardHits(constraint, name string) bool {
	if !strings.HasPrefix(name, "*") {
		return false
	}
	ci, ni := strings.IndexByte(constraint, '.'), strings.IndexByte(name, '.')
	if ci < 0 || ni < 0 {
		return false
	}
	return strings.EqualFold(constraint[ci:], name[ni:])
}

// judge applies one form's constraints to one name (already rendered, e.g.
// `DNS name "www.example.com"`): excluded first, then permitted when there
// are any. show renders a constraint in the "excluded by" message, raw for
// the permitted list.
func judge[T any](name string, permitted, excluded []T, isExcluded, isPermitted func(T) bool, show, raw func(T) string) string {
	for _, c := range excluded {
		if isExcluded(c) {
			return fmt.Sprintf("%s is excluded by the constraint %s", name, show(c))
		}
	}
	if len(permitted) == 0 {
		return ""
	}
	for _, c := range permitted {
		if isPermitted(c) {
			return ""
		}
	}
	all := make([]string, 0, len(permitted))
	for _, c := range permitted {
		all = append(all, raw(c))
	}
	return fmt.Sprintf("%s is not permitted by any constraint (permitted: %s)", name, listConstraints(all))
}

func quoted(s string) string      { return fmt.Sprintf("%q", s) }
func itself(s string) string      { return s }
func network(n *net.IPNet) string { return n.String() }

func domainAllowed(kind, shown, name string, permitted, excluded []string) string {
	return judge(fmt.Sprintf("%s %q", kind, shown), permitted, excluded,
		func(c string) bool { return dnsCovers(c, name) || wildcardHits(c, name) },
		func(c string) bool { return dnsCovers(c, name) },
		quoted, itself)
}

func ipAllowed(ip net.IP, permitted, excluded []*net.IPNet) string {
	// An IPv4 SAN is 4 bytes, an IPv6 one 16: families never mix.
	in := func(n *net.IPNet) bool { return len(n.IP) == len(ip) && n.Contains(ip) }
	return judge("IP address "+ip.String(), permitted, excluded, in, in, network, network)
}

func emailAllowed(shown, local, domain string, permitted, excluded []string) string {
	covers := func(c string) bool {
		if strings.IndexByte(c, '@') >= 0 {
			cl, cd, ok := parseMailbox(c)
			return ok && cl == local && strings.EqualFold(cd, domain)
		}
		return dnsCovers(c, domain)
	}
	return judge(fmt.Sprintf("e-mail address %q", shown), permitted, excluded, covers, covers, quoted, itself)
}

func listConstraints(cs []string) string {
	const show = 5
	q := make([]string, 0, show)
	for i, c := range cs {
		if i == show {
			break
		}
		q = append(q, fmt.Sprintf("%q", c))
	}
	s := strings.Join(q, ", ")
	if len(cs) > show {
		s += fmt.Sprintf(" and %d more", len(cs)-show)
	}
	return s
}

// parseMailbox splits an RFC 5321 mailbox into its local part (unquoted)
// and domain: a dot-atom or a quoted string, then "@", then the domain.
func parseMailbox(s string) (local, domain string, ok bool) {
	if s == "" {
		return "", "", false
	}
	var b strings.Builder
	i := 0
	if s[0] == '"' {
		for i = 1; ; i++ {
			if i >= len(s) {
				return "", "", false
			}
			c := s[i]
			if c == '"' {
				i++
				break
			}
			if c == '\\' {
				i++
				if i >= len(s) || s[i] < 32 || s[i] > 126 {
					return "", "", false
				}
				b.WriteByte(s[i])
				continue
			}
			if c < 32 || c > 126 {
				return "", "", false
			}
			b.WriteByte(c)
		}
	} else {
		dot := true // a dot-atom may not start with, end with or double a period
		for ; i < len(s) && s[i] != '@'; i++ {
			c := s[i]
			switch {
			case c == '.':
				if dot {
					return "", "", false
				}
				dot = true
			case atext(c):
				dot = false
			default:
				return "", "", false
			}
			b.WriteByte(c)
		}
		if dot {
			return "", "", false
		}
	}
	if i >= len(s) || s[i] != '@' || i+1 >= len(s) {
		return "", "", false
	}
	return b.String(), s[i+1:], true
}

func atext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// Name forms crypto/x509 does not parse in a name constraints extension
// (it then lists a critical extension as unhandled). tlscheck parses the
// extension itself: directoryName constraints are enforced on subjects and
// directoryName SANs; the remaining forms (otherName, x400Address,
// ediPartyName, registeredID) cannot be judged, so a constraint of such a
// form fails the path only when a certificate below actually carries a
// name of that form, and is vacuous otherwise (x509-limbo
// rfc5280::nc::nc-forbids-othername-noop).

var oidNameConstraints = asn1.ObjectIdentifier{2, 5, 29, 30}

// Context tags of GeneralName (RFC 5280 4.2.1.6).
const (
	gnOtherName     = 0
	gnX400          = 3
	gnDirectoryName = 4
	gnEDIParty      = 5
	gnRegisteredID  = 8
)

var formNames = map[int]string{gnOtherName: "otherName", gnX400: "x400Address", gnEDIParty: "ediPartyName", gnRegisteredID: "registeredID"}

// extraConstraints are the parts of a CA's name constraints crypto/x509
// leaves out.
type extraConstraints struct {
	permittedDN, excludedDN []pkix.RDNSequence
	otherForms              map[int]bool // constrained forms tlscheck cannot judge
}

func (e extraConstraints) empty() bool {
	return len(e.permittedDN)+len(e.excludedDN)+len(e.otherForms) == 0
}

// parseExtraConstraints reads ca's name constraints extension for the forms
// crypto/x509 ignores. ok is false when the extension is malformed.
func parseExtraConstraints(ca *x509.Certificate) (extraConstraints, bool) {
	var out extraConstraints
	var raw []byte
	for _, e := range ca.Extensions {
		if e.Id.Equal(oidNameConstraints) {
			raw = e.Value
		}
	}
	if raw == nil {
		return out, true
	}
	var nc struct {
		Permitted []asn1.RawValue `asn1:"optional,tag:0"`
		Excluded  []asn1.RawValue `asn1:"optional,tag:1"`
	}
	if rest, err := asn1.Unmarshal(raw, &nc); err != nil || len(rest) > 0 {
		return out, false
	}
	for k, subtrees := range [][]asn1.RawValue{nc.Permitted, nc.Excluded} {
		for _, st := range subtrees {
			var base asn1.RawValue
			if _, err := asn1.Unmarshal(st.Bytes, &base); err != nil || base.Class != asn1.ClassContextSpecific {
				return out, false
			}
			switch base.Tag {
			case gnDirectoryName:
				var dn pkix.RDNSequence
				if rest, err := asn1.Unmarshal(base.Bytes, &dn); err != nil || len(rest) > 0 {
					return out, false
				}
				if k == 0 {
					out.permittedDN = append(out.permittedDN, dn)
				} else {
					out.excludedDN = append(out.excludedDN, dn)
				}
			case gnOtherName, gnX400, gnEDIParty, gnRegisteredID:
				if out.otherForms == nil {
					out.otherForms = map[int]bool{}
				}
				out.otherForms[base.Tag] = true
			}
		}
	}
	return out, true
}

// sanForms lists the forms of x's SAN entries by GeneralName tag, and its
// directoryName entries.
func sanForms(x *x509.Certificate) (map[int]bool, [][]byte) {
	forms := map[int]bool{}
	var dirs [][]byte
	for _, e := range x.Extensions {
		if !e.Id.Equal(oidSAN) {
			continue
		}
		var names []asn1.RawValue
		if _, err := asn1.Unmarshal(e.Value, &names); err != nil {
			continue
		}
		for _, n := range names {
			if n.Class != asn1.ClassContextSpecific {
				continue
			}
			forms[n.Tag] = true
			if n.Tag == gnDirectoryName {
				dirs = append(dirs, n.Bytes)
			}
		}
	}
	return forms, dirs
}

// extraAllowed returns why x breaks ca's directoryName or other-form
// constraints, or "".
func extraAllowed(ec extraConstraints, x *x509.Certificate) string {
	forms, dirs := sanForms(x)
	for f := range ec.otherForms {
		if forms[f] {
			return fmt.Sprintf("the certificate has an %s SAN and the CA constrains that form, which tlscheck (like most TLS clients) cannot evaluate", formNames[f])
		}
	}
	if len(ec.permittedDN)+len(ec.excludedDN) == 0 {
		return ""
	}
	var subjects []pkix.RDNSequence
	if len(x.Subject.Names) > 0 {
		var dn pkix.RDNSequence
		if rest, err := asn1.Unmarshal(x.RawSubject, &dn); err == nil && len(rest) == 0 {
			subjects = append(subjects, dn)
		}
	}
	for _, d := range dirs {
		var dn pkix.RDNSequence
		if rest, err := asn1.Unmarshal(d, &dn); err != nil || len(rest) > 0 {
			return "a directoryName SAN cannot be parsed, so it cannot be checked against the constraints"
		}
		subjects = append(subjects, dn)
	}
	for _, name := range subjects {
		for _, c := range ec.excludedDN {
			if dnWithin(name, c) {
				return fmt.Sprintf("directory name %q is excluded by the constraint %q", name.String(), c.String())
			}
		}
		if len(ec.permittedDN) == 0 {
			continue
		}
		ok := false
		for _, c := range ec.permittedDN {
			if dnWithin(name, c) {
				ok = true
				break
			}
		}
		if !ok {
			var cs []string
			for _, c := range ec.permittedDN {
				cs = append(cs, c.String())
			}
			return fmt.Sprintf("directory name %q is not permitted by any constraint (permitted: %s)", name.String(), listConstraints(cs))
		}
	}
	return ""
}

// dnWithin reports whether the name is in the subtree the constraint
// names: the constraint's RDNs are the first RDNs of the name (RFC 5280
// 4.2.1.10), each attribute compared by type and by value, strings
// case-insensitively with runs of spaces folded (RFC 4518, simplified).
func dnWithin(n, c pkix.RDNSequence) bool {
	if len(c) > len(n) {
		return false
	}
	for i := range c {
		if !sameRDN(n[i], c[i]) {
			return false
		}
	}
	return true
}

func sameRDN(a, b pkix.RelativeDistinguishedNameSET) bool {
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for j, y := range b {
			if !used[j] && x.Type.Equal(y.Type) && sameValue(x.Value, y.Value) {
				used[j] = true
				continue outer
			}
		}
		return false
	}
	return true
}

func sameValue(a, b any) bool {
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok {
		return strings.EqualFold(strings.Join(strings.Fields(as), " "), strings.Join(strings.Fields(bs), " "))
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// extraCount is how many constraints crypto/x509 leaves out, for the
// work bound.
func extraCount(x *x509.Certificate) int {
	ec, ok := parseExtraConstraints(x)
	if !ok {
		return 0
	}
	return len(ec.permittedDN) + len(ec.excludedDN) + len(ec.otherForms)
}
