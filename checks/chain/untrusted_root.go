package chain

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// UntrustedRoot is chain.untrusted-root: the path ends at a self-signed
// certificate that is not a trust anchor.
var UntrustedRoot = &checks.Check{
	ID:       checks.IDChainUntrustedRoot,
	Title:    "the chain ends at a self-signed certificate that is not trusted",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 6.1", "RFC 8446 4.4.2"},
	Doc: "Path validation (RFC 5280 6.1) must end at a trust anchor the client already has. A path that " +
		"ends at a self-signed certificate which is neither in the --ca files nor in the system store is " +
		"rejected by every client that has not been configured for it (\"self-signed certificate in " +
		"certificate chain\"). This is normal for a private CA or a self-signed test certificate, and then " +
		"every client needs the root; tell tlscheck with --ca so it validates what the clients will.",
	Fix:     "Trust the root explicitly (--ca for tlscheck, the clients' CA file or the OS store), or use a certificate from a publicly trusted CA.",
	Applies: []*checks.Scope{pathScope},
	Run:     untrustedRoot,
}

func init() { checks.Register(UntrustedRoot) }

func untrustedRoot(p *checks.Pass) {
	chains := chainsOf(p.Facts)
	done := map[string]bool{}
	for _, ch := range chains {
		if ch.Status != facts.ChainUntrustedRoot {
			continue
		}
		root := ch.Path[len(ch.Path)-1]
		if done[string(root.Raw)+"\x00"+string(ch.Leaf.Raw)] {
			continue
		}
		done[string(root.Raw)+"\x00"+string(ch.Leaf.Raw)] = true
		ev := checks.CertEvidence(root)
		ev["leaf"] = checks.Name(ch.Leaf)
		var msg string
		if len(ch.Path) == 1 {
			msg = fmt.Sprintf("'%s' is self-signed and not a trust anchor (--ca or the system store): clients reject it unless each one is configured to trust it", checks.Name(root))
		} else {
			msg = fmt.Sprintf("the path from '%s' ends at the self-signed '%s' (%s), which is not a trust anchor (--ca or the system store)",
				checks.Name(ch.Leaf), checks.Name(root), checks.Where(root.Source))
		}
		p.Report(checks.Finding{
			Subject:  checks.Name(ch.Leaf),
			Message:  msg,
			Evidence: ev,
			Fix: fmt.Sprintf("if '%s' is your own CA, save it as root.pem, run tlscheck with --ca root.pem, and make every client trust it "+
				"(cp root.pem /usr/local/share/ca-certificates/root.crt && update-ca-certificates, or the client's cafile setting); "+
				"otherwise get the certificate from a publicly trusted CA", checks.Name(root)),
		})
	}
}
