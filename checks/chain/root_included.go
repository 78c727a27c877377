package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// RootIncluded is chain.root-included: the served chain carries the
// self-signed root.
var RootIncluded = &checks.Check{
	ID:       "chain.root-included",
	Title:    "the served chain contains the self-signed root",
	Severity: checks.Info,
	Refs:     []string{"RFC 8446 4.4.2", "RFC 5246 7.4.2"},
	Doc: "A client trusts a root because it already has a copy in its trust store; a root sent by the " +
		"server is never used as a trust anchor. RFC 5246 says the self-signed root \"MAY be omitted\" and " +
		"RFC 8446 lets servers leave it out. Sending it costs bytes in every handshake (noticeable on " +
		"constrained MQTT devices) but breaks nothing, so this is information only.",
	Fix: "Remove the self-signed root from the served bundle; keep it in the clients' trust stores.",
	Run: rootIncluded,
}

func init() { checks.Register(RootIncluded) }

func rootIncluded(p *checks.Pass) {
	done := map[facts.Source]bool{}
	any := false
	for _, ch := range chainsOf(p.Facts) {
		for _, c := range ch.Served {
			if string(c.Raw) == string(ch.Leaf.Raw) {
				continue
			}
			any = true
			if done[c.Source] || c.X509 == nil || !c.SelfSigned() || !(c.IsCA() || c.X509.Version < 3) {
				continue
			}
			done[c.Source] = true
			p.Report(checks.Finding{
				Subject: c.Source.File,
				Message: fmt.Sprintf("%s position %d holds the self-signed root '%s'; clients use their own copy of the root, so the server need not send it",
					c.Source.File, c.Source.Index+1, checks.Name(c)),
				Evidence: checks.CertEvidence(c),
				Fix:      removeFix(p.Facts, c),
			})
		}
	}
	if !any {
		p.NotApplicable("no served chain beyond the leaf")
	}
}
