package policy

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// Kind is one kind of deviation from a profile; each is at most one
// finding, whose Subject is the kind's label.
type Kind string

// The kinds of deviation, in the order findings report them.
const (
	ExtraVersions   Kind = "extra-versions"
	MissingVersions Kind = "missing-versions"
	ExtraSuites     Kind = "extra-suites"
	MissingSuites   Kind = "missing-suites"
	SuiteOrder      Kind = "suite-order"
	Groups          Kind = "groups"
	DHSize          Kind = "dh-size"
	CertificateKey  Kind = "certificate-key"
	CertLifetime    Kind = "certificate-lifetime"
	HSTS            Kind = "hsts"
	OCSPStapling    Kind = "ocsp-stapling"
)

var kindLabels = map[Kind]string{
	ExtraVersions:   "protocol versions beyond the policy",
	MissingVersions: "protocol versions the policy requires",
	ExtraSuites:     "cipher suites beyond the policy",
	MissingSuites:   "cipher suites the policy requires",
	SuiteOrder:      "cipher suite order",
	Groups:          "key exchange groups",
	DHSize:          "DH parameter size",
	CertificateKey:  "certificate key and signature",
	CertLifetime:    "certificate lifetime",
	HSTS:            "HSTS",
	OCSPStapling:    "OCSP stapling",
}

// Label is the kind for people; findings carry it as their Subject.
func (k Kind) Label() string { return kindLabels[k] }

// deviation is one kind's observed and expected values.
type deviation struct {
	kind               Kind
	observed, expected string
	message            string
}

// judge compares the scan in f with p and returns one deviation per kind.
func judge(f *facts.Facts, p *Profile) []deviation {
	s := f.Scan
	var out []deviation
	add := func(k Kind, observed, expected, msg string) {
		out = append(out, deviation{kind: k, observed: observed, expected: expected, message: msg})
	}
	title := p.Title + " (" + p.Version + ")"

	// Versions: only the tested ones count; an untested version is neither
	// extra nor missing.
	var extra, missing []string
	for _, r := range s.Versions {
		want := slices.Contains(p.Versions, r.Version)
		switch {
		case r.Offered && !want:
			extra = append(extra, r.Version.String())
		case r.Tested && !r.Offered && want:
			missing = append(missing, r.Version.String())
		}
	}
	if len(extra) > 0 {
		add(ExtraVersions, strings.Join(extra, ", "), versionList(p.Versions),
			fmt.Sprintf("the server accepts %s; %s allows only %s", strings.Join(extra, ", "), title, versionList(p.Versions)))
	}
	if len(missing) > 0 {
		add(MissingVersions, strings.Join(missing, ", "), versionList(p.Versions),
			fmt.Sprintf("the server refuses %s; %s expects %s", strings.Join(missing, ", "), title, versionList(p.Versions)))
	}

	// Suites, per version.
	allowed12, allowed13 := suiteIDs(p.Ciphers), suiteIDs(p.TLS13)
	// Suites are required only for the key types the server has and the
	// policy allows: an RSA-only server need not offer ECDHE-ECDSA suites,
	// and an ECDSA certificate under the RSA-only old policy is reported
	// once, as a certificate deviation, not again as missing suites.
	var keyTypes []string // nil: unknown, every suite counts
	if served := servedKeyTypes(s); len(served) > 0 {
		keyTypes = []string{}
	}
	for _, t := range servedKeyTypes(s) {
		if slices.Contains(p.CertTypes, t) {
			keyTypes = append(keyTypes, t)
		}
	}
	var extraSuites, missingSuites, orderProblems []string
	seenExtra := map[string]bool{}
	for _, v := range acceptedVersions(s) {
		allowed := allowed12
		if v == facts.VersionTLS13 {
			allowed = allowed13
		}
		accepted := s.SuitesFor(v)
		acceptedIDs := map[uint16]bool{}
		for _, a := range accepted {
			acceptedIDs[a.ID] = true
			if v == facts.VersionSSL20 || !containsSuite(allowed, a.ID) {
				if name := suiteName(a); !seenExtra[name] {
					seenExtra[name] = true
					extraSuites = append(extraSuites, name)
				}
			}
		}
		if !slices.Contains(p.Versions, v) {
			continue // the version itself is the deviation
		}
		for _, want := range allowed {
			if acceptedIDs[want.ID] || !usable(want, v, keyTypes) {
				continue
			}
			missingSuites = append(missingSuites, want.OpenSSL+" ("+v.String()+")")
		}
		if v == facts.VersionTLS13 {
			continue // OpenSSL and Go let the client choose among TLS 1.3 suites
		}
		if own, known := s.ServerOrder[v]; known {
			switch {
			case own && !p.ServerPreferredOrder:
				orderProblems = append(orderProblems, v.String()+": the server imposes its own order; expected the client's")
			case !own && p.ServerPreferredOrder:
				orderProblems = append(orderProblems, v.String()+": the server follows the client's order; expected its own, in the policy's order")
			case own && p.ServerPreferredOrder:
				if got, want := relativeOrder(accepted, allowed); !slices.Equal(got, want) {
					orderProblems = append(orderProblems, v.String()+": the server prefers "+strings.Join(got, ", ")+"; expected "+strings.Join(want, ", "))
				}
			}
		}
	}
	if len(extraSuites) > 0 {
		add(ExtraSuites, strings.Join(extraSuites, ", "), expectedSuites(p),
			fmt.Sprintf("the server accepts %d suite(s) %s does not list: %s", len(extraSuites), title, strings.Join(extraSuites, ", ")))
	}
	if len(missingSuites) > 0 {
		add(MissingSuites, strings.Join(missingSuites, ", "), expectedSuites(p),
			fmt.Sprintf("the server refuses %d suite(s) %s lists for its certificate key types (%s): %s",
				len(missingSuites), title, strings.Join(keyTypes, ", "), strings.Join(missingSuites, ", ")))
	}
	if len(orderProblems) > 0 {
		want := "the client's order (server preference off)"
		if p.ServerPreferredOrder {
			want = "the server's order, as the policy lists the suites"
		}
		add(SuiteOrder, strings.Join(orderProblems, "; "), want,
			"suite order differs from "+title+": "+strings.Join(orderProblems, "; "))
	}

	// Groups: the elliptic curves. Finite-field groups are judged by size
	// below, and a post-quantum hybrid only adds to its classical half, so
	// neither counts as an extra group.
	if len(s.Groups) > 0 {
		var extraG, missingG []string
		have := map[string]bool{}
		for _, g := range s.Groups {
			info, ok := suites.GroupByID(g.ID)
			if ok && (info.FFDHE || info.PQ) {
				continue
			}
			name := fmt.Sprintf("0x%04X", g.ID)
			if ok {
				name = info.Name
			}
			have[name] = true
			if !slices.Contains(p.Groups, name) {
				extraG = append(extraG, name)
			}
		}
		for _, g := range p.Groups {
			if !have[g] {
				missingG = append(missingG, g)
			}
		}
		if len(extraG)+len(missingG) > 0 {
			var parts []string
			if len(extraG) > 0 {
				parts = append(parts, "accepts "+strings.Join(extraG, ", "))
			}
			if len(missingG) > 0 {
				parts = append(parts, "lacks "+strings.Join(missingG, ", "))
			}
			observed := make([]string, 0, len(have))
			for _, g := range s.Groups {
				if info, ok := suites.GroupByID(g.ID); ok && have[info.Name] {
					observed = append(observed, info.Name)
				}
			}
			add(Groups, strings.Join(observed, ", "), strings.Join(p.Groups, ", "),
				"the server "+strings.Join(parts, " and ")+"; "+title+" uses "+strings.Join(p.Groups, ", "))
		}
	}

	// DH parameter size of the DHE suites and FFDHE groups.
	if p.DHMinBits > 0 {
		smallest := 0
		for _, a := range s.Ciphers {
			if a.DHBits > 0 && (smallest == 0 || a.DHBits < smallest) {
				smallest = a.DHBits
			}
		}
		for _, g := range s.Groups {
			if info, ok := suites.GroupByID(g.ID); ok && info.FFDHE && (smallest == 0 || info.Bits < smallest) {
				smallest = info.Bits
			}
		}
		if smallest > 0 && smallest < p.DHMinBits {
			add(DHSize, fmt.Sprintf("%d bits", smallest), fmt.Sprintf("at least %d bits", p.DHMinBits),
				fmt.Sprintf("the server's DHE key exchange uses a %d-bit group; %s requires at least %d bits", smallest, title, p.DHMinBits))
		}
	}

	// Certificates: key type, size, curve, signature; lifetime.
	var certProblems, observedKeys, lifeProblems []string
	for _, chain := range s.Certs {
		leaf := parseLeaf(chain)
		if leaf == nil {
			continue
		}
		desc := checks.CertKeyDescription(leaf)
		observedKeys = append(observedKeys, desc+" signed "+leaf.SignatureAlgorithm.String())
		certProblems = append(certProblems, certDeviations(leaf, p)...)
		// Whole days: a 90-day certificate whose notAfter repeats its
		// notBefore's time of day is 90 days, not 90 days and a second.
		life := leaf.NotAfter.Sub(leaf.NotBefore)
		if p.MaxCertDays > 0 && life > time.Duration(p.MaxCertDays)*24*time.Hour {
			lifeProblems = append(lifeProblems, fmt.Sprintf("%s certificate valid %d days (%s to %s)", desc,
				int(life.Hours()/24), leaf.NotBefore.Format("2006-01-02"), leaf.NotAfter.Format("2006-01-02")))
		}
	}
	if len(certProblems) > 0 {
		add(CertificateKey, strings.Join(observedKeys, "; "), expectedCert(p),
			"the certificate does not match "+title+": "+strings.Join(certProblems, "; "))
	}
	if len(lifeProblems) > 0 {
		add(CertLifetime, strings.Join(lifeProblems, "; "), fmt.Sprintf("at most %d days", p.MaxCertDays),
			fmt.Sprintf("%s; %s allows at most %d days", strings.Join(lifeProblems, "; "), title, p.MaxCertDays))
	}

	// HSTS, for https:// targets (Features.HSTS is nil elsewhere).
	if h := s.Features.HSTS; h != nil && p.HSTSMinAge > 0 {
		age, ok := MaxAge(*h)
		switch {
		case *h == "":
			add(HSTS, "no Strict-Transport-Security header", fmt.Sprintf("max-age=%d", p.HSTSMinAge),
				fmt.Sprintf("the server sends no Strict-Transport-Security header; %s expects max-age of at least %d seconds (two years)", title, p.HSTSMinAge))
		case !ok || age < p.HSTSMinAge:
			add(HSTS, *h, fmt.Sprintf("max-age=%d", p.HSTSMinAge),
				fmt.Sprintf("the Strict-Transport-Security header is %q; %s expects max-age of at least %d seconds (two years)", *h, title, p.HSTSMinAge))
		}
	}

	// OCSP stapling, when the certificate names a responder to staple from.
	if st := s.Features.OCSPStapling; st != nil && !*st && p.OCSPStapling && hasResponder(s) {
		add(OCSPStapling, "no stapled OCSP response", "a stapled OCSP response",
			"the server staples no OCSP response although its certificate names an OCSP responder; "+title+" expects stapling")
	}
	return out
}

// MaxAge reads the max-age directive of a Strict-Transport-Security
// header (RFC 6797 6.1.1); ok is false when it has none.
func MaxAge(header string) (int, bool) {
	for _, d := range strings.Split(header, ";") {
		name, value, found := strings.Cut(strings.TrimSpace(d), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(name), "max-age") {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(value), `"`))
		if err != nil || n < 0 {
			return 0, false
		}
		return n, true
	}
	return 0, false
}

func versionList(vs []facts.TLSVersion) string {
	var out []string
	for _, v := range vs {
		out = append(out, v.String())
	}
	return strings.Join(out, ", ")
}

func acceptedVersions(s *facts.Scan) []facts.TLSVersion {
	var out []facts.TLSVersion
	for _, r := range s.Versions {
		if r.Offered {
			out = append(out, r.Version)
		}
	}
	return out
}

func containsSuite(list []suites.Suite, id uint16) bool {
	for _, s := range list {
		if s.ID == id {
			return true
		}
	}
	return false
}

func suiteName(a facts.AcceptedSuite) string {
	if a.Version == facts.VersionSSL20 { // a 3-byte SSL 2.0 cipher kind
		for _, k := range suites.SSL2Kinds() {
			if k.ID == a.ID24 {
				return k.OpenSSL + " (SSL 2.0)"
			}
		}
		return fmt.Sprintf("0x%06X (SSL 2.0)", a.ID24)
	}
	if s, ok := suites.ByID(a.ID); ok {
		if s.OpenSSL != "" {
			return s.OpenSSL
		}
		return s.Name
	}
	return fmt.Sprintf("0x%04X", a.ID)
}

// servedKeyTypes are the certificate key types the server has, from its
// chains, else from the suites it accepted.
func servedKeyTypes(s *facts.Scan) []string {
	var out []string
	for _, c := range s.Certs {
		if c.KeyType != "" && !slices.Contains(out, c.KeyType) {
			out = append(out, c.KeyType)
		}
	}
	if len(out) == 0 {
		for _, a := range s.Ciphers {
			if a.KeyType != "" && !slices.Contains(out, a.KeyType) {
				out = append(out, a.KeyType)
			}
		}
	}
	return out
}

// usable: the server could offer suite at version v with the certificate
// key types it has (an RSA-only server cannot offer ECDHE-ECDSA suites).
func usable(s suites.Suite, v facts.TLSVersion, keyTypes []string) bool {
	if s.MinVersion != 0 && v < s.MinVersion || s.MaxVersion != 0 && v > s.MaxVersion {
		return false
	}
	return s.KeyType == "" || keyTypes == nil || slices.Contains(keyTypes, s.KeyType)
}

// relativeOrder returns the policy's suites the server accepted, in the
// server's order and in the policy's.
func relativeOrder(accepted []facts.AcceptedSuite, policy []suites.Suite) (got, want []string) {
	in := map[uint16]bool{}
	for _, a := range accepted {
		if containsSuite(policy, a.ID) {
			got = append(got, suiteName(a))
			in[a.ID] = true
		}
	}
	for _, s := range policy {
		if in[s.ID] {
			want = append(want, s.OpenSSL)
		}
	}
	return got, want
}

func expectedSuites(p *Profile) string {
	var parts []string
	if len(p.Ciphers) > 0 {
		parts = append(parts, "TLS 1.2 and older: "+strings.Join(p.Ciphers, ":"))
	}
	parts = append(parts, "TLS 1.3: "+strings.Join(p.TLS13, ":"))
	return strings.Join(parts, "; ")
}

func parseLeaf(c facts.ServedChain) *x509.Certificate {
	if len(c.Raw) == 0 {
		return nil
	}
	leaf, err := x509.ParseCertificate(c.Raw[0])
	if err != nil {
		return nil
	}
	return leaf
}

func certDeviations(c *x509.Certificate, p *Profile) []string {
	var out []string
	desc := checks.CertKeyDescription(c)
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		switch {
		case !slices.Contains(p.CertTypes, "RSA"):
			out = append(out, desc+" key; the policy allows "+strings.Join(p.CertTypes, ", ")+" keys only")
		case k.N.BitLen() < p.RSAMinBits:
			out = append(out, fmt.Sprintf("%s key; expected at least %d bits", desc, p.RSAMinBits))
		}
	case *ecdsa.PublicKey:
		switch {
		case !slices.Contains(p.CertTypes, "ECDSA"):
			out = append(out, desc+" key; the policy allows "+strings.Join(p.CertTypes, ", ")+" keys only")
		case !slices.Contains(p.CertCurves, k.Curve.Params().Name):
			out = append(out, desc+" key; expected a curve of "+strings.Join(p.CertCurves, ", "))
		}
	default:
		out = append(out, desc+" key; the policy allows "+strings.Join(p.CertTypes, ", ")+" keys only")
	}
	if sig := c.SignatureAlgorithm.String(); !slices.Contains(p.CertSignatures, sig) {
		out = append(out, "signed with "+sig+"; expected "+strings.Join(p.CertSignatures, ", "))
	}
	return out
}

func expectedCert(p *Profile) string {
	var parts []string
	for _, t := range p.CertTypes {
		switch t {
		case "RSA":
			parts = append(parts, fmt.Sprintf("RSA of at least %d bits", p.RSAMinBits))
		case "ECDSA":
			parts = append(parts, "ECDSA on "+strings.Join(p.CertCurves, " or "))
		}
	}
	return strings.Join(parts, ", or ") + "; signed with " + strings.Join(p.CertSignatures, ", ")
}

func hasResponder(s *facts.Scan) bool {
	for _, c := range s.Certs {
		if leaf := parseLeaf(c); leaf != nil && len(leaf.OCSPServer) > 0 {
			return true
		}
	}
	return false
}

// target names the scanned server in the evidence.
func target(f *facts.Facts) string {
	c := f.Connection
	if c == nil {
		return ""
	}
	if c.Host == "" {
		return c.Target
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// run judges the scan against p and reports one finding per kind.
func run(p *Profile) func(*checks.Pass) {
	return func(pass *checks.Pass) {
		f := pass.Facts
		server := serverKind(f)
		for _, d := range judge(f, p) {
			ev := map[string]string{
				"policy":    p.Name + " " + p.Version,
				"deviation": string(d.kind),
				"observed":  d.observed,
				"expected":  d.expected,
			}
			if t := target(f); t != "" {
				ev["target"] = t
			}
			pass.Report(checks.Finding{
				Subject:  d.kind.Label(),
				Message:  d.message,
				Evidence: ev,
				Fix:      fixFor(d.kind, p, server),
			})
		}
	}
}
