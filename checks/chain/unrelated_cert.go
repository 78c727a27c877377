package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// UnrelatedCert is chain.unrelated-cert: a served bundle carries a
// certificate that is on no path.
var UnrelatedCert = &checks.Check{
	ID:       "chain.unrelated-cert",
	Title:    "a certificate in the served chain is not part of the path",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5246 7.4.2", "RFC 8446 4.4.2"},
	Doc: "Every certificate a server sends after its own should certify the one before it (RFC 5246) or " +
		"at least help build the path (RFC 8446). A certificate that is on no path (an old intermediate " +
		"left behind after a renewal, another site's certificate, a root of a different CA) wastes " +
		"handshake bytes and makes strict or embedded clients fail. A cross-signed copy of a CA that is " +
		"on the path (same subject and key) counts as part of the path.",
	Fix:     "Remove the certificate from the served bundle.",
	Applies: []*checks.Scope{checks.OrderedInputs},
	Run:     unrelatedCert,
}

func init() { checks.Register(UnrelatedCert) }

func unrelatedCert(p *checks.Pass) {
	f := p.Facts
	chains := chainsOf(f)
	onPath := map[string]bool{}
	for _, ch := range chains {
		for _, c := range ch.Path {
			onPath[identity(c)] = true
		}
	}
	done := map[facts.Source]bool{}
	any := false
	for _, ch := range chains {
		// Every leaf of one big bundle serves the whole file: quadratic, so
		// an interrupted run stops here rather than finishing it.
		if p.Context().Err() != nil {
			return
		}
		if len(ch.Served) > 1 {
			any = true
		}
		for _, c := range ch.Served {
			if onPath[identity(c)] || done[c.Source] {
				continue
			}
			done[c.Source] = true
			ev := checks.CertEvidence(c)
			ev["leaf"] = checks.Name(ch.Leaf)
			ev["path"] = nameList(ch.Path)
			p.Report(checks.Finding{
				Subject: c.Source.File,
				Message: fmt.Sprintf("%s position %d holds '%s' (issued by '%s'), which is not on the path of '%s' (%s)",
					c.Source.File, c.Source.Index+1, checks.Name(c), checks.DN(c.X509.Issuer), checks.Name(ch.Leaf), nameList(ch.Path)),
				Evidence: ev,
				Fix:      removeFix(p.Facts, c),
			})
		}
	}
	if !any {
		p.NotApplicable("no served chain beyond the leaf")
	}
}
