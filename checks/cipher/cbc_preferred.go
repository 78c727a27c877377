package cipher

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// CBCPreferred is cipher.cbc-preferred: by its own order, the server
// chooses a CBC suite where it could have an AEAD one.
var CBCPreferred = &checks.Check{
	ID:       "cipher.cbc-preferred",
	Title:    "the server prefers a CBC suite to an AEAD suite it accepts",
	Severity: checks.Info,
	Refs:     []string{"RFC 9325 section 4.2 (AEAD suites first)", "Lucky Thirteen (CVE-2013-0169)", "nginx ssl_prefer_server_ciphers"},
	Doc: "CBC suites authenticate before they encrypt (MAC-then-encrypt), the root of padding " +
		"oracles such as Lucky Thirteen and POODLE-style bugs in implementations; AEAD suites " +
		"(AES-GCM, ChaCha20-Poly1305) do not have that flaw. A server that chooses by its own " +
		"order and puts a CBC suite before an AEAD suite it also accepts gives CBC to clients " +
		"that would have taken AEAD. A server that follows the client's order is not judged: " +
		"clients put AEAD first.",
	Fix:     "Order AEAD suites first (nginx `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20:ECDHE+AES;` with `ssl_prefer_server_ciphers on;`).",
	Applies: []*checks.Scope{checks.ScanResults},
	Run:     cbcPreferred,
}

func init() { checks.Register(CBCPreferred) }

func cbcPreferred(p *checks.Pass) {
	f := p.Facts
	versionSuites(p, func(v facts.TLSVersion, accepted []facts.AcceptedSuite) {
		if v == facts.VersionSSL20 || v == facts.VersionTLS13 {
			return // no AEAD in SSL 2.0, no CBC in TLS 1.3
		}
		// accepted is in the server's order: the first CBC suite and the
		// last AEAD suite say whether a CBC suite comes before an AEAD one.
		firstCBC, lastAEAD := -1, -1
		var aead []facts.AcceptedSuite
		for i, a := range accepted {
			s, ok := scanrule.Lookup(a)
			switch {
			case !ok:
			case s.CBC && firstCBC < 0:
				firstCBC = i
			case s.AEAD:
				lastAEAD = i
				aead = append(aead, a)
			}
		}
		if firstCBC < 0 || lastAEAD < 0 {
			return
		}
		serverOrder, known := f.Scan.ServerOrder[v]
		if !known {
			p.NotChecked(v.String()+" order", scanrule.UntestedReason(f.Scan, "the scan did not find out whose order the server follows", v.String()+" order"))
			return
		}
		if !serverOrder || firstCBC > lastAEAD {
			return
		}
		first := accepted[firstCBC]
		var msg string
		if firstCBC == 0 {
			msg = fmt.Sprintf("on %s the server, by its own order, picks the CBC suite %s first although it accepts the AEAD suite(s) %s; expected an AEAD suite first",
				v, scanrule.Label(first), scanrule.Labels(aead))
		} else {
			msg = fmt.Sprintf("on %s the server, by its own order, puts the CBC suite %s before the AEAD suite %s; expected every AEAD suite before any CBC suite",
				v, scanrule.Label(first), scanrule.Label(accepted[lastAEAD]))
		}
		ev := map[string]string{"version": v.String(), "server_order": scanrule.Labels(accepted), "first_cbc": scanrule.Label(first)}
		// The fix keeps what the server accepts, AEAD suites first.
		keep := scanrule.Keep(f.Scan, nil)
		var reordered []suites.Suite
		for _, aeadFirst := range []bool{true, false} {
			for _, s := range keep {
				if s.AEAD == aeadFirst {
					reordered = append(reordered, s)
				}
			}
		}
		p.Report(checks.Finding{Subject: scanrule.Subject(f) + " " + v.String(), Message: msg, Evidence: ev,
			Fix: scanrule.CiphersFix(scanrule.Of(f), reordered)})
	})
}
