// Package grade judges a scanned server: an SSL Labs-style grade, and the
// verdict of the --policy it was checked against.
//
// The grade follows Qualys SSL Labs' SSL Server Rating Guide (the 2009
// methodology: a numeric score from protocol support, key exchange and
// cipher strength, then a letter) and the caps its later revisions added.
// docs/grade.md documents every rule, with its source.
package grade

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/cert"
	"github.com/tlscheck/tlscheck/checks/chain"
	"github.com/tlscheck/tlscheck/checks/crl"
	"github.com/tlscheck/tlscheck/checks/host"
	"github.com/tlscheck/tlscheck/checks/policy"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Apply sets f.Scan.Grade and f.Scan.Policy from the facts and the
// findings of the checks. It does nothing without a scan.
func Apply(f *facts.Facts, findings []checks.Finding) {
	if f == nil || f.Scan == nil {
		return
	}
	f.Scan.Grade = Compute(f, findings)
	f.Scan.Policy = Verdict(f, findings)
}

// Verdict is the outcome of --policy: compliant when its check reported no
// deviation. Nil when no policy was chosen.
func Verdict(f *facts.Facts, findings []checks.Finding) *facts.PolicyVerdict {
	name := f.Options.Policy
	if name == "" {
		return nil
	}
	v := &facts.PolicyVerdict{Name: name, Deviations: []string{}}
	for _, fd := range findings {
		if fd.ID == policy.ID(name) {
			v.Deviations = append(v.Deviations, fd.Subject)
		}
	}
	v.Compliant = len(v.Deviations) == 0
	return v
}

// Letter grades from best to worst; T and M stand outside the scale.
const (
	APlus  = "A+"
	A      = "A"
	AMinus = "A-"
	B      = "B"
	C      = "C"
	D      = "D"
	E      = "E"
	F      = "F"
	// T: the certificate is not trusted (untrusted root, incomplete or
	// invalid chain, expired, revoked, weak signature); M: it does not
	// cover the name asked for. SSL Labs gives these instead of a letter:
	// without trust the configuration's strength does not matter.
	T = "T"
	M = "M"
)

var rank = map[string]int{APlus: 8, A: 7, AMinus: 6, B: 5, C: 4, D: 3, E: 2, F: 1}

// Compute grades the scan in f; nil when the scan found no accepted
// version (nothing to grade).
func Compute(f *facts.Facts, findings []checks.Finding) *facts.Grade {
	in := newInput(f, findings)
	if len(in.versions) == 0 {
		return nil
	}
	sc := score(in)
	g := &facts.Grade{Score: sc.total}
	letter := letterFor(sc.total)
	g.Reasons = append(g.Reasons, sc.String()+" → "+letter)

	var special string // T or M
	warnings := false
	for _, r := range Rules {
		detail, ok := r.Test(in)
		if !ok {
			continue
		}
		g.Reasons = append(g.Reasons, fmt.Sprintf("%s: %s (%s)", capText(r.Cap), detail, r.Source))
		switch r.Cap {
		case T:
			special = T
		case M:
			if special == "" {
				special = M
			}
		default:
			if r.Cap == AMinus {
				warnings = true
			}
			if rank[r.Cap] < rank[letter] {
				letter = r.Cap
			}
		}
	}
	if letter == A && !warnings && special == "" {
		if detail, ok := aPlus(in); ok {
			letter = APlus
			g.Reasons = append(g.Reasons, "raised to A+: "+detail+" (rating guide 2009e, 2014)")
		}
	}
	if special != "" {
		letter = special
	}
	g.Grade = letter
	return g
}

func capText(c string) string {
	switch c {
	case T:
		return "grade T (not trusted)"
	case M:
		return "grade M (name mismatch)"
	case F:
		return "grade F"
	}
	return "capped at " + c
}

// letterFor is the rating guide's table 1: the score's letter.
func letterFor(score int) string {
	for _, t := range letterThresholds {
		if score >= t.min {
			return t.letter
		}
	}
	return F
}

var letterThresholds = []struct {
	min    int
	letter string
}{{80, A}, {65, B}, {50, C}, {35, D}, {20, E}}

// scores is the numeric part of the rating: three categories, each 0-100.
type scores struct {
	protocol, keyExchange, cipher int
	total                         int
}

func (s scores) String() string {
	return fmt.Sprintf("score %d = protocol support %d × 30%% + key exchange %d × 30%% + cipher strength %d × 40%%",
		s.total, s.protocol, s.keyExchange, s.cipher)
}

// score computes the 2009 methodology: a zero in any category makes the
// total zero.
func score(in *input) scores {
	var s scores
	best, worst := -1, 101
	for _, v := range in.versions {
		p := protocolScore[v]
		best, worst = max(best, p), min(worst, p)
	}
	s.protocol = (best + worst) / 2
	s.keyExchange = keyExchangeScore(in)
	s.cipher = cipherScore(in)
	if s.protocol == 0 || s.keyExchange == 0 || s.cipher == 0 {
		return s
	}
	// 30%, 30% and 40%, rounded half up, in integers so that 94.5 is 95
	// on every platform.
	s.total = (30*s.protocol + 30*s.keyExchange + 40*s.cipher + 50) / 100
	return s
}

// protocolScore is the guide's protocol support table; TLS 1.3 scores as
// TLS 1.2 (the guide predates it and gives 100% at the top).
var protocolScore = map[facts.TLSVersion]int{
	facts.VersionSSL20: 0, facts.VersionSSL30: 80, facts.VersionTLS10: 90,
	facts.VersionTLS11: 95, facts.VersionTLS12: 100, facts.VersionTLS13: 100,
}

// finiteFieldScore is the guide's key exchange table for RSA, DSA and DH
// sizes; ellipticScore the same steps at the equivalent elliptic curve
// sizes (110, 123, 163 and 225 bits for 512, 1024, 2048 and 4096, as
// testssl.sh's implementation of the guide uses).
func finiteFieldScore(bits int) int { return stepScore(bits, [4]int{512, 1024, 2048, 4096}) }
func ellipticScore(bits int) int    { return stepScore(bits, [4]int{110, 123, 163, 225}) }

func stepScore(bits int, steps [4]int) int {
	switch {
	case bits < steps[0]:
		return 20
	case bits < steps[1]:
		return 40
	case bits < steps[2]:
		return 80
	case bits < steps[3]:
		return 90
	}
	return 100
}

// keyExchangeScore is the weakest key exchange the server allows:
// anonymous suites 0, export suites 40, else the smallest of the
// certificate keys, the DHE groups and the ECDHE curves.
func keyExchangeScore(in *input) int {
	s := 100
	for _, a := range in.suites {
		switch {
		case a.suite.Anonymous:
			return 0
		case a.suite.Export:
			s = min(s, 40)
		}
		if a.dhBits > 0 {
			s = min(s, finiteFieldScore(a.dhBits))
		}
	}
	for _, k := range in.keys {
		if k.elliptic {
			s = min(s, ellipticScore(k.bits))
		} else {
			s = min(s, finiteFieldScore(k.bits))
		}
	}
	for _, g := range in.groups {
		if g.ffdhe {
			s = min(s, finiteFieldScore(g.bits))
		} else if g.bits > 0 {
			s = min(s, ellipticScore(g.bits))
		}
	}
	return s
}

// cipherScore averages the strongest and the weakest cipher's score: 0
// bits 0, under 128 bits 20, under 256 bits 80, else 100.
func cipherScore(in *input) int {
	best, worst := -1, 101
	for _, a := range in.suites {
		c := cipherBitsScore(a.bits)
		best, worst = max(best, c), min(worst, c)
	}
	if best < 0 {
		return 0
	}
	return (best + worst) / 2
}

func cipherBitsScore(bits int) int {
	switch {
	case bits == 0:
		return 0
	case bits < 128:
		return 20
	case bits < 256:
		return 80
	}
	return 100
}

// aPlus: the guide's A+ asks for HSTS with a max-age of at least six
// months on top of an A with no warning.
func aPlus(in *input) (string, bool) {
	h := in.scan.Features.HSTS
	if h == nil || *h == "" {
		return "", false
	}
	age, ok := maxAge(*h)
	if !ok || age < hstsAPlusAge {
		return "", false
	}
	return fmt.Sprintf("HSTS max-age=%d (at least %d, six months) and no warnings", age, hstsAPlusAge), true
}

// hstsAPlusAge is six months in seconds (180 days).
const hstsAPlusAge = 15552000

// The check IDs whose findings decide T and M.
var (
	untrustedIDs = []string{chain.UntrustedRoot.ID, chain.MissingIntermediate.ID, chain.Invalid.ID,
		cert.Expired.ID, cert.NotYetValid.ID, cert.SigWeak.ID, crl.Revoked.ID}
	mismatchIDs = []string{host.Mismatch.ID}
)

// maxAge is the HSTS header's max-age (the policy checks parse it too).
func maxAge(h string) (int, bool) { return policy.MaxAge(h) }
