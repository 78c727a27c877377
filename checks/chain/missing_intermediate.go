package chain

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// MissingIntermediate is chain.missing-intermediate: the path stops at a
// certificate whose issuer nobody supplied, or was only completed by
// fetching the issuer over AIA.
var MissingIntermediate = &checks.Check{
	ID:       "chain.missing-intermediate",
	Title:    "an intermediate certificate is missing from the chain",
	Severity: checks.Error,
	Refs:     []string{"RFC 5246 7.4.2", "RFC 8446 4.4.2", "RFC 5280 4.2.2.1"},
	Doc: "Clients build a path from the server certificate to a root in their own store using only what " +
		"the server sends: browsers sometimes fetch a missing intermediate from the authorityInfoAccess " +
		"caIssuers URL (RFC 5280 4.2.2.1), but curl, OpenSSL, Go, Java, Python and every MQTT or NATS " +
		"client do not, and fail with \"unable to get local issuer certificate\". This check fires when the " +
		"path stops at a certificate that is not self-signed and whose issuer is in neither the inputs nor " +
		"the trust store; the finding names the missing issuer, its authority key id and the AIA URL. " +
		"With --fetch-aia tlscheck downloads the issuer to finish the path (so the other chain checks can " +
		"look at all of it), but the served chain still lacks it: the finding then stays an error and says " +
		"the certificate was fetched from AIA and that the server must also send it. When the path stops " +
		"at an intermediate, the missing issuer is most likely a private root: the fix is then to pass it " +
		"with --ca and install it on the clients, since serving a root creates no trust. On a certbot live " +
		"directory the fix never edits certbot's files (certbot rewrites them on renewal).",
	Fix:     "Append the missing intermediate after the leaf in the served chain file.",
	Applies: []*checks.Scope{pathScope},
	Run:     missingIntermediate,
}

func init() { checks.Register(MissingIntermediate) }

func missingIntermediate(p *checks.Pass) {
	chains := chainsOf(p.Facts)
	for _, ch := range chains {
		target := appendTarget(ch)
		if live(ch.Leaf) {
			target = serverChainFile(p.Facts)
		}
		for i, c := range ch.Path {
			if c.Source.Role != facts.RoleAIA || i == 0 {
				continue
			}
			below := ch.Path[i-1]
			ev := checks.CertEvidence(c)
			ev["aia url"] = c.Source.File
			ev["issued"] = checks.Name(below)
			p.Report(checks.Finding{
				Subject: checks.Name(ch.Leaf),
				Message: fmt.Sprintf("the issuer of '%s', '%s', is not in the served chain; it was fetched from AIA URL %s to complete the path; the server must also send it",
					checks.Name(below), checks.Name(c), c.Source.File),
				Evidence: ev,
				Fix: fmt.Sprintf("curl -o %s %s; then convert it if needed (openssl x509 -inform der -in %s -out %s) and append it after '%s' in %s",
					strings.TrimSuffix(pemName(c), ".pem")+".der", c.Source.File, strings.TrimSuffix(pemName(c), ".pem")+".der", pemName(c), checks.Name(below), target),
			})
		}
		if ch.Status != facts.ChainMissingIssuer || ch.Missing == nil {
			continue
		}
		last := ch.Path[len(ch.Path)-1]
		m := ch.Missing
		ev := checks.CertEvidence(last)
		ev["missing issuer"] = m.Subject
		if m.AKI != "" {
			ev["authority key id"] = m.AKI
		}
		if len(m.AIA) > 0 {
			ev["aia url"] = strings.Join(m.AIA, " ")
		}
		msg := fmt.Sprintf("the path from '%s' stops at '%s': its issuer '%s'", checks.Name(ch.Leaf), checks.Name(last), m.Subject)
		if m.AKI != "" {
			msg += " (key id " + m.AKI + ")"
		}
		msg += " is in neither the inputs nor the trust store"
		if len(m.AIA) > 0 {
			msg += "; its AIA caIssuers URL is " + m.AIA[0]
		}
		if m.Fetched {
			msg += "; fetching it from AIA failed"
		}
		certbot := certbotDir(p.Facts, ch)
		if m.Root {
			msg += fmt.Sprintf("; '%s' is an intermediate, so the missing issuer is most likely the root of a private CA, which clients must already trust: serving a root creates no trust", checks.Name(last))
		}
		var fix string
		switch {
		case m.Root:
			fix = fmt.Sprintf("private root: pass --ca with the certificate of '%s' (e.g. --ca root.pem) and install it on the clients (cp root.pem /usr/local/share/ca-certificates/root.crt && update-ca-certificates, or the client's CA file setting)",
				m.Subject)
			if len(m.AIA) > 0 {
				fix += fmt.Sprintf("; its certificate can be downloaded from %s (curl -o root.der %s; openssl x509 -inform der -in root.der -out root.pem)", m.AIA[0], m.AIA[0])
			}
			if certbot == "" {
				fix += fmt.Sprintf("; appending it to %s would not make clients trust it", target)
			}
		case certbot != "":
			// certbot writes its live/ files itself and rewrites them on
			// every renewal: an edit there does not last.
			fix = fmt.Sprintf("do not edit certbot's files in %s: configure the server with certbot's own %s (the leaf followed by the intermediates certbot received), not cert.pem; if that file lacks '%s' too, run `certbot renew --force-renewal` to have it rewritten; if '%s' is your own root CA, pass it with --ca instead (and install it on the clients)",
				certbot, filepath.Join(certbot, "fullchain.pem"), m.Subject, m.Subject)
		case len(m.AIA) > 0:
			fix = fmt.Sprintf("download it (curl -o inter.der %s; openssl x509 -inform der -in inter.der -out inter.pem) and append inter.pem after '%s' in %s",
				m.AIA[0], checks.Name(last), target)
			if !m.Fetched {
				fix += ", or run tlscheck with --fetch-aia to see the completed path"
			}
		case len(ch.Path) == 1:
			fix = fmt.Sprintf("append the certificate of '%s' after the leaf in %s; if '%s' is your own root CA, pass it with --ca instead (and install it on the clients)",
				m.Subject, target, m.Subject)
		default:
			fix = fmt.Sprintf("get the certificate of '%s' from the CA that issued '%s' and append it after '%s' in %s",
				m.Subject, checks.Name(last), checks.Name(last), target)
		}
		p.Report(checks.Finding{
			Subject:  checks.Name(ch.Leaf),
			Message:  msg,
			Evidence: ev,
			Fix:      fix,
		})
	}
}

// certbotDir is the certbot live directory the leaf or its served chain
// comes from (facts.File.LetsEncrypt), or "".
func certbotDir(f *facts.Facts, ch *facts.Chain) string {
	for _, c := range append([]*facts.Cert{ch.Leaf}, ch.Served...) {
		if file := f.FileOf(c.Source); file != nil && file.LetsEncrypt {
			return filepath.Dir(file.Path)
		}
	}
	return ""
}
