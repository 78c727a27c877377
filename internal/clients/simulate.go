package clients

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Simulate runs every client of Table against the scan. chains are the
// served chains (Chains(s) for a real scan); with none, certificates are
// matched by key type only and not judged.
func Simulate(s *facts.Scan, chains []Chain) []facts.ClientResult {
	return Run(Table(), s, chains)
}

// Run simulates the given clients, in order.
func Run(clients []Client, s *facts.Scan, chains []Chain) []facts.ClientResult {
	out := make([]facts.ClientResult, 0, len(clients))
	for i := range clients {
		out = append(out, clients[i].Connect(s, chains))
	}
	return out
}

// Connect decides from the scan alone whether c connects. The version is
// the highest both accept (servers do not fall back to a lower one when
// the suites do not match); the suite is the server's first that c offers
// when the server has an order at that version, else c's first that the
// server accepts, skipping suites the server could not complete with c (no
// common group for ECDHE, no signature algorithm or curve for its
// certificate), as OpenSSL's server does. Certificate and DH limits are the
// client's own checks after the server chose: they fail, never retry. When
// the result does not connect, Version, Suite and Group stay zero and
// Detail says what would have been negotiated.
func (c *Client) Connect(s *facts.Scan, chains []Chain) facts.ClientResult {
	res := facts.ClientResult{Name: c.Name, Old: c.Old}
	fail := func(reason facts.ClientFailure, format string, args ...any) facts.ClientResult {
		res.Reason, res.Detail = reason, fmt.Sprintf(format, args...)
		return res
	}

	v := c.version(s)
	if v == 0 {
		return fail(facts.ClientNoVersion, "server accepts %s; %s speaks %s",
			span(serverVersions(s)), c.Name, span(c.Versions))
	}

	var (
		suite facts.AcceptedSuite
		group uint16
		chain Chain
	)
	if v == facts.VersionTLS13 {
		cands := c.candidates(s, v)
		if len(cands) == 0 {
			return fail(facts.ClientNoSuite, "server's TLS 1.3 suites %s; %s offers %s",
				suiteList(serverSuiteIDs(s, v)), c.Name, suiteList(filterTLS13(c.Suites, true)))
		}
		suite = cands[0]
		group = c.group(s, v, false, suite.Group)
		if group == 0 {
			return fail(facts.ClientNoGroup, "server's TLS 1.3 groups %s; %s offers %s",
				groupList(serverGroups(s, v, false)), c.Name, groupList(c.Groups))
		}
		var reason facts.ClientFailure
		var detail string
		chain, reason, detail = c.chain13(chains)
		if reason != facts.ClientOK {
			return fail(reason, "%s", detail)
		}
	} else {
		var (
			found       bool
			firstReason facts.ClientFailure
			firstDetail string
		)
		cands := c.candidates(s, v)
		for _, cand := range cands {
			cls, _ := suiteInfo(cand.ID)
			g := uint16(0)
			if cls.kx == kxECDHE {
				if g = c.group(s, v, true, cand.Group); g == 0 {
					if firstReason == facts.ClientOK {
						firstReason = facts.ClientNoGroup
						firstDetail = fmt.Sprintf("%s needs an elliptic curve: server's %s; %s offers %s",
							suiteName(cand.ID), groupList(serverGroups(s, v, true)), c.Name, groupList(ecGroups(c.Groups)))
					}
					continue
				}
			}
			ch, reason, detail := c.chain12(cls, v, cand, chains)
			if reason != facts.ClientOK {
				if firstReason == facts.ClientOK {
					firstReason, firstDetail = reason, detail
				}
				continue
			}
			suite, group, chain, found = cand, g, ch, true
			break
		}
		if !found {
			if len(cands) == 0 {
				if kt := serverKeyTypes(chains); len(kt) > 0 && !c.verifiesAny(kt) {
					return fail(facts.ClientCertKeyType, "server has only %s certificates; %s verifies %s",
						strings.Join(kt, ", "), c.Name, strings.Join(c.KeyTypes, ", "))
				}
				return fail(facts.ClientNoSuite, "no common %s suite: server accepts %s; %s offers %s",
					v, suiteList(serverSuiteIDs(s, v)), c.Name, suiteList(filterTLS13(c.Suites, false)))
			}
			return fail(firstReason, "%s", firstDetail)
		}
	}

	attempt := fmt.Sprintf("%s %s", v, suiteName(suite.ID))
	if reason, why := c.judge(chain); reason != facts.ClientOK {
		return fail(reason, "would negotiate %s, but %s", attempt, why)
	}
	if cls, _ := suiteInfo(suite.ID); cls.kx == kxDHE && suite.DHBits > 0 {
		if c.MinDHBits > 0 && suite.DHBits < c.MinDHBits {
			return fail(facts.ClientDHTooSmall, "would negotiate %s, but the server's DH group has %d bits; %s needs at least %d",
				attempt, suite.DHBits, c.Name, c.MinDHBits)
		}
		if c.MaxDHBits > 0 && suite.DHBits > c.MaxDHBits {
			return fail(facts.ClientDHTooLarge, "would negotiate %s, but the server's DH group has %d bits; %s handles at most %d",
				attempt, suite.DHBits, c.Name, c.MaxDHBits)
		}
	}

	res.Connects, res.Version, res.Suite, res.Group = true, v, suite.ID, group
	res.Detail = chainDetail(chain)
	if cls, _ := suiteInfo(suite.ID); cls.kx == kxDHE && suite.DHBits > 0 {
		res.Detail = fmt.Sprintf("DH %d bits, %s", suite.DHBits, res.Detail)
	}
	return res
}

// version is the highest version both sides accept, 0 when none.
func (c *Client) version(s *facts.Scan) facts.TLSVersion {
	best := facts.TLSVersion(0)
	for _, v := range c.Versions {
		if s.Accepts(v) && rank(v) > rank(best) {
			best = v
		}
	}
	return best
}

// candidates are the suites both accept at v, in the order the server
// picks them: its own when it has one, else the client's.
func (c *Client) candidates(s *facts.Scan, v facts.TLSVersion) []facts.AcceptedSuite {
	accepted := s.SuitesFor(v)
	usable := func(id uint16) bool {
		cls, ok := suiteInfo(id)
		return ok && (cls.kx == kxTLS13) == (v == facts.VersionTLS13)
	}
	var out []facts.AcceptedSuite
	if s.ServerOrder[v] {
		for _, a := range accepted {
			if usable(a.ID) && slices.Contains(c.Suites, a.ID) {
				out = append(out, a)
			}
		}
		return out
	}
	for _, id := range c.Suites {
		if !usable(id) {
			continue
		}
		for _, a := range accepted {
			if a.ID == id {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// group is the server's most preferred group that the client offers, for
// ECDHE (elliptic curves only) or TLS 1.3. When the scan did not enumerate
// groups, the group the server chose for this suite stands in, or failing
// that the client's first: the scan's Untested says groups were not tested.
func (c *Client) group(s *facts.Scan, v facts.TLSVersion, ecdhe bool, suiteGroup uint16) uint16 {
	offered := c.Groups
	if ecdhe {
		offered = ecGroups(offered)
	}
	server := serverGroups(s, v, ecdhe)
	if len(s.Groups) == 0 {
		if suiteGroup != 0 && slices.Contains(offered, suiteGroup) {
			return suiteGroup
		}
		if len(offered) > 0 {
			return offered[0]
		}
		return 0
	}
	for _, g := range server {
		if slices.Contains(offered, g) {
			return g
		}
	}
	return 0
}

// chain13 picks the TLS 1.3 certificate the way OpenSSL's server does:
// the first of the client's signature algorithms that one of its chains
// can sign with (RFC 8446 4.4.2.2).
func (c *Client) chain13(chains []Chain) (Chain, facts.ClientFailure, string) {
	if len(chains) == 0 {
		return Chain{}, facts.ClientOK, ""
	}
	for _, sig := range c.SigAlgs {
		for _, ch := range chains {
			if c.verifies(ch.KeyType) && sigFits(sig, ch.KeyType, ch.Curve, true) {
				return ch, facts.ClientOK, ""
			}
		}
	}
	kt := serverKeyTypes(chains)
	if !c.verifiesAny(kt) {
		return Chain{}, facts.ClientCertKeyType, fmt.Sprintf("server has only %s certificates; %s verifies %s",
			strings.Join(kt, ", "), c.Name, strings.Join(c.KeyTypes, ", "))
	}
	return Chain{}, facts.ClientNoSigAlg, fmt.Sprintf("none of %s's TLS 1.3 signature algorithms fits the server's %s certificates",
		c.Name, strings.Join(kt, ", "))
}

// chain12 finds the chain a TLS 1.0–1.2 suite with class cls is served
// with, and whether the client can take it.
func (c *Client) chain12(cls suiteClass, v facts.TLSVersion, suite facts.AcceptedSuite, chains []Chain) (Chain, facts.ClientFailure, string) {
	want := map[auth][]string{authRSA: {"RSA"}, authECDSA: {"ECDSA", "Ed25519"}, authDSS: {"DSA"}}[cls.auth]
	var matching []Chain
	for _, ch := range chains {
		if slices.Contains(want, ch.KeyType) {
			matching = append(matching, ch)
		}
	}
	if len(matching) == 0 {
		// The server accepted the suite, so it has such a key; the scan
		// just did not keep the chain.
		kt := suite.KeyType
		if kt == "" {
			kt = want[0]
		}
		matching = []Chain{{KeyType: kt}}
	}
	var reason facts.ClientFailure
	var detail string
	for _, ch := range matching {
		switch {
		case !c.verifies(ch.KeyType):
			reason, detail = facts.ClientCertKeyType, fmt.Sprintf("%s is served with an %s certificate; %s verifies %s",
				suiteName(suite.ID), ch.KeyType, c.Name, strings.Join(c.KeyTypes, ", "))
		case cls.kx != kxRSA && v == facts.VersionTLS12 && len(c.SigAlgs) > 0 && !c.canSign(ch, false):
			reason, detail = facts.ClientNoSigAlg, fmt.Sprintf("%s needs the server's %s key to sign; %s offers no %s signature algorithm",
				suiteName(suite.ID), ch.KeyType, c.Name, ch.KeyType)
		case ch.KeyType == "ECDSA" && ch.Curve != 0 && !slices.Contains(c.Groups, ch.Curve):
			// RFC 8422 5.1: the certificate's curve must be one the client
			// listed in supported_groups.
			reason, detail = facts.ClientCertKeyType, fmt.Sprintf("the ECDSA certificate's key is on %s; %s offers %s",
				groupName(ch.Curve), c.Name, groupList(ecGroups(c.Groups)))
		default:
			return ch, facts.ClientOK, ""
		}
	}
	return Chain{}, reason, detail
}

// judge applies the client's own certificate rules to the chosen chain.
func (c *Client) judge(ch Chain) (facts.ClientFailure, string) {
	switch {
	case ch.KeyType == "RSA" && ch.KeyBits > 0 && c.MinRSABits > 0 && ch.KeyBits < c.MinRSABits:
		return facts.ClientCertKeySize, fmt.Sprintf("the certificate's RSA key has %d bits; %s needs at least %d", ch.KeyBits, c.Name, c.MinRSABits)
	case ch.SHA1 && !c.AcceptsSHA1Certs:
		return facts.ClientCertSHA1, fmt.Sprintf("the chain is signed with SHA-1, which %s refuses", c.Name)
	case ch.NoSAN && c.RequiresSAN:
		return facts.ClientCertNoSAN, fmt.Sprintf("the certificate has no subjectAltName and %s ignores the common name", c.Name)
	case c.MaxValidityDays > 0 && ch.ValidityDays > c.MaxValidityDays:
		return facts.ClientCertValidity, fmt.Sprintf("the certificate is valid for %d days; %s accepts at most %d", ch.ValidityDays, c.Name, c.MaxValidityDays)
	}
	return facts.ClientOK, ""
}

func (c *Client) verifies(keyType string) bool { return slices.Contains(c.KeyTypes, keyType) }

func (c *Client) verifiesAny(keyTypes []string) bool {
	for _, kt := range keyTypes {
		if c.verifies(kt) {
			return true
		}
	}
	return false
}

func (c *Client) canSign(ch Chain, tls13 bool) bool {
	for _, sig := range c.SigAlgs {
		if sigFits(sig, ch.KeyType, ch.Curve, tls13) {
			return true
		}
	}
	return false
}

// rank orders the versions; SSL 2.0's wire number (2) is below SSL 3.0's.
func rank(v facts.TLSVersion) int {
	switch v {
	case facts.VersionSSL20:
		return 1
	case facts.VersionSSL30:
		return 2
	case facts.VersionTLS10:
		return 3
	case facts.VersionTLS11:
		return 4
	case facts.VersionTLS12:
		return 5
	case facts.VersionTLS13:
		return 6
	}
	return 0
}

func serverVersions(s *facts.Scan) []facts.TLSVersion {
	var out []facts.TLSVersion
	for _, r := range s.Versions {
		if r.Offered {
			out = append(out, r.Version)
		}
	}
	return out
}

// span writes versions as people say them: "TLS 1.2–1.3", "SSL 3.0–TLS 1.0".
func span(vs []facts.TLSVersion) string {
	if len(vs) == 0 {
		return "no version"
	}
	sorted := slices.Clone(vs)
	slices.SortFunc(sorted, func(a, b facts.TLSVersion) int { return rank(a) - rank(b) })
	first, last := sorted[0], sorted[len(sorted)-1]
	if len(sorted) == 1 {
		return first.String()
	}
	if rank(last)-rank(first) != len(sorted)-1 {
		names := make([]string, len(sorted))
		for i, v := range sorted {
			names[i] = v.String()
		}
		return strings.Join(names, ", ")
	}
	a, b := first.String(), last.String()
	if strings.HasPrefix(a, "TLS ") && strings.HasPrefix(b, "TLS ") {
		b = strings.TrimPrefix(b, "TLS ")
	}
	return a + "–" + b
}

func serverSuiteIDs(s *facts.Scan, v facts.TLSVersion) []uint16 {
	var out []uint16
	for _, a := range s.SuitesFor(v) {
		out = append(out, a.ID)
	}
	return out
}

// serverGroups are the accepted groups usable at v, in the scan's order.
func serverGroups(s *facts.Scan, v facts.TLSVersion, ecdhe bool) []uint16 {
	var out []uint16
	for _, g := range s.Groups {
		if ecdhe && isFFDHE(g.ID) {
			continue
		}
		if len(g.Versions) > 0 && !slices.ContainsFunc(g.Versions, func(gv facts.TLSVersion) bool {
			return (gv == facts.VersionTLS13) == (v == facts.VersionTLS13)
		}) {
			continue
		}
		out = append(out, g.ID)
	}
	return out
}

func ecGroups(gs []uint16) []uint16 {
	var out []uint16
	for _, g := range gs {
		if !isFFDHE(g) && g != groupX25519MLKEM768 {
			out = append(out, g)
		}
	}
	return out
}

func filterTLS13(ids []uint16, want13 bool) []uint16 {
	var out []uint16
	for _, id := range ids {
		if cls, ok := suiteInfo(id); ok && (cls.kx == kxTLS13) == want13 {
			out = append(out, id)
		}
	}
	return out
}

func serverKeyTypes(chains []Chain) []string {
	var out []string
	for _, ch := range chains {
		if !slices.Contains(out, ch.KeyType) {
			out = append(out, ch.KeyType)
		}
	}
	return out
}

// suiteList names at most four suites, enough to show the mismatch.
func suiteList(ids []uint16) string {
	if len(ids) == 0 {
		return "none"
	}
	var names []string
	for i, id := range ids {
		if i == 4 {
			names = append(names, fmt.Sprintf("and %d more", len(ids)-4))
			break
		}
		names = append(names, suiteName(id))
	}
	return strings.Join(names, ", ")
}

func groupList(ids []uint16) string {
	if len(ids) == 0 {
		return "none"
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = groupName(id)
	}
	return strings.Join(names, ", ")
}

func chainDetail(ch Chain) string {
	switch {
	case ch.KeyType == "":
		return ""
	case ch.KeyType == "ECDSA" && ch.Curve != 0:
		return fmt.Sprintf("ECDSA %s certificate", groupName(ch.Curve))
	case ch.KeyBits > 0:
		return fmt.Sprintf("%s %d-bit certificate", ch.KeyType, ch.KeyBits)
	}
	return ch.KeyType + " certificate"
}
