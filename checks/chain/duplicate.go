package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Duplicate is chain.duplicate: one file holds the same certificate twice.
var Duplicate = &checks.Check{
	ID:       "chain.duplicate",
	Title:    "the same certificate appears twice in one file",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5246 7.4.2", "RFC 8446 4.4.2"},
	Doc: "A bundle that lists the same certificate twice, usually after `cat`-ing the intermediate in " +
		"once too often, makes the server send it twice. The second copy does not certify the one before " +
		"it, so the list breaks the RFC 5246 order and strict clients reject it; at best it wastes " +
		"handshake bytes. Only repeats inside one file count: a Let's Encrypt directory holds the " +
		"certificate in both cert.pem and fullchain.pem, and that is how it should be.",
	Fix:     "Delete the repeated copy from the file.",
	Applies: []*checks.Scope{checks.OrderedInputs},
	Run:     duplicate,
}

func init() { checks.Register(Duplicate) }

func duplicate(p *checks.Pass) {
	f := p.Facts
	first := map[string]*facts.Cert{} // file + DER -> first occurrence
	perFile := map[string]int{}
	for _, c := range f.Certs {
		if c.Source.Role == facts.RolePool {
			continue // a pool is not served: repeats in it are harmless
		}
		perFile[c.Source.File]++
		key := c.Source.File + "\x00" + string(c.Raw)
		orig, ok := first[key]
		if !ok {
			first[key] = c
			continue
		}
		ev := checks.CertEvidence(c)
		ev["first position"] = fmt.Sprint(orig.Source.Index + 1)
		p.Report(checks.Finding{
			Subject: c.Source.File,
			Message: fmt.Sprintf("%s holds '%s' twice, at positions %d and %d",
				c.Source.File, checks.Name(c), orig.Source.Index+1, c.Source.Index+1),
			Evidence: ev,
			Fix:      duplicateFix(p.Facts, c),
		})
	}
	for _, n := range perFile {
		if n > 1 {
			return
		}
	}
	p.NotApplicable("no file holds more than one certificate")
}
