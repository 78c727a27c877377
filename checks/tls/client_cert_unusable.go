package tls

import (
	"crypto/x509"
	"fmt"
	"slices"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ClientCertUnusable is tls.client-cert-unusable: the client certificate
// given with --cert cannot work, whatever the server does.
var ClientCertUnusable = &checks.Check{
	ID:       "tls.client-cert-unusable",
	Title:    "our client certificate cannot be accepted",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.2.1.12 (extendedKeyUsage id-kp-clientAuth)", "RFC 5280 4.1.2.5", "RFC 8446 4.4.2 (certificate_list)", "RFC 8446 4.2.4 (certificate_authorities)"},
	Doc: "Before blaming the server, the client certificate given with --cert is checked on its own: " +
		"an extendedKeyUsage without clientAuth, a certificate expired or not yet valid at the time " +
		"of the check, and a chain that stops short of the CAs the server names in its " +
		"CertificateRequest while an intermediate that would reach one of them is at hand (in --ca, " +
		"in the --cert file or in the chain the server served) but was not sent. " +
		"tls.client-cert-rejected then names this as the cause of a rejection.",
	Fix:     "Reissue the client certificate with extendedKeyUsage clientAuth and a current validity, and put its intermediates after it in the --cert file.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     clientCertUnusable,
}

func init() { checks.Register(ClientCertUnusable) }

// clientProblemKind is what is wrong with our own client certificate.
type clientProblemKind int

const (
	clientExpired clientProblemKind = iota + 1
	clientNotYetValid
	clientNoClientAuth
	clientMissingIntermediate
)

// clientProblem is one reason our client certificate cannot be accepted.
type clientProblem struct {
	kind clientProblemKind
	cert *facts.Cert // the certificate at fault (for a missing intermediate: the last one sent)
	// missing are the intermediates not sent, from the last certificate
	// sent up to one issued by acceptableCA.
	missing      []*facts.Cert
	acceptableCA string
}

// clientCertProblems checks the client chain we send against the clock and
// the CA names the server sent, most decisive first.
func clientCertProblems(f *facts.Facts) []clientProblem {
	chain := f.ClientChain
	if len(chain) == 0 || chain[0].X509 == nil {
		return nil
	}
	var out []clientProblem
	for _, c := range chain {
		if c.X509 == nil {
			continue
		}
		switch {
		case f.Now.After(c.X509.NotAfter):
			out = append(out, clientProblem{kind: clientExpired, cert: c})
		case f.Now.Before(c.X509.NotBefore):
			out = append(out, clientProblem{kind: clientNotYetValid, cert: c})
		}
	}
	leaf := chain[0].X509
	if len(leaf.ExtKeyUsage)+len(leaf.UnknownExtKeyUsage) > 0 &&
		!slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageClientAuth) && !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageAny) {
		out = append(out, clientProblem{kind: clientNoClientAuth, cert: chain[0]})
	}
	if p, ok := missingClientIntermediate(f); ok {
		out = append(out, p)
	}
	return out
}

// missingClientIntermediate finds the intermediates between the last
// certificate we sent and a CA the server named, among --ca, the --cert
// file and the served chain, when we did not send them (RFC 8446 4.4.2: the
// client sends the chain to its trust anchor).
func missingClientIntermediate(f *facts.Facts) (clientProblem, bool) {
	c := f.Connection
	// A server that completed the handshake had the intermediates itself.
	if c == nil || c.Failure == nil || len(c.AcceptableCAs) == 0 {
		return clientProblem{}, false
	}
	last := f.ClientChain[len(f.ClientChain)-1]
	if last.X509 == nil {
		return clientProblem{}, false
	}
	acceptable := func(n string) bool { return slices.Contains(c.AcceptableCAs, n) }
	for _, sent := range f.ClientChain {
		if sent.X509 != nil && (acceptable(sent.X509.Issuer.String()) || acceptable(sent.X509.Subject.String())) {
			return clientProblem{}, false
		}
	}
	var candidates []*facts.Cert
	candidates = append(candidates, f.Roots...)
	for _, cert := range f.Certs {
		if cert.Source.Role == facts.RoleServed {
			candidates = append(candidates, cert)
		}
	}
	var missing []*facts.Cert
	child := last.X509
	// Each step adds a distinct certificate, so the walk ends.
	for len(missing) < len(candidates) {
		var parent *facts.Cert
		for _, cand := range candidates {
			if cand.X509 == nil || slices.Contains(missing, cand) || cand.X509.Subject.String() != child.Issuer.String() ||
				cand.X509.Subject.String() == cand.X509.Issuer.String() {
				continue
			}
			if child.CheckSignatureFrom(cand.X509) == nil {
				parent = cand
				break
			}
		}
		if parent == nil {
			return clientProblem{}, false
		}
		missing = append(missing, parent)
		if ca := parent.X509.Issuer.String(); acceptable(ca) {
			return clientProblem{kind: clientMissingIntermediate, cert: last, missing: missing, acceptableCA: ca}, true
		}
		child = parent.X509
	}
	return clientProblem{}, false
}

// rejectionCause is the problem with our certificate that explains the
// server's alert: the one the alert names, else the first.
func rejectionCause(problems []clientProblem, code facts.AlertCode) (clientProblem, bool) {
	if len(problems) == 0 {
		return clientProblem{}, false
	}
	var named clientProblemKind
	switch code {
	case facts.AlertCertificateExpired:
		named = clientExpired
	case facts.AlertUnsupportedCertificate:
		named = clientNoClientAuth
	case facts.AlertUnknownCA:
		named = clientMissingIntermediate
	}
	for _, p := range problems {
		if p.kind == named || (named == clientExpired && p.kind == clientNotYetValid) {
			return p, true
		}
	}
	return problems[0], true
}

// reason says what is wrong, for people.
func (p clientProblem) reason() string {
	name := "'" + checks.DN(p.cert.X509.Subject) + "'"
	switch p.kind {
	case clientExpired:
		return fmt.Sprintf("our certificate %s expired on %s", name, p.cert.X509.NotAfter.UTC().Format("2006-01-02 15:04 MST"))
	case clientNotYetValid:
		return fmt.Sprintf("our certificate %s is not valid before %s", name, p.cert.X509.NotBefore.UTC().Format("2006-01-02 15:04 MST"))
	case clientNoClientAuth:
		return fmt.Sprintf("our certificate %s has extendedKeyUsage without clientAuth", name)
	case clientMissingIntermediate:
		return fmt.Sprintf("the intermediate '%s' between your certificate and the CA the server names ('%s') was not sent: put it after the certificate in the --cert file",
			checks.DN(p.missing[0].X509.Subject), p.acceptableCA)
	}
	return ""
}

// fix is the concrete change for this problem.
func (p clientProblem) fix() string {
	switch p.kind {
	case clientExpired, clientNotYetValid:
		return "renew the client certificate with its CA (or check the clock of this machine), then probe again with the new --cert"
	case clientNoClientAuth:
		return "reissue the client certificate with extendedKeyUsage clientAuth (`openssl x509 -req ... -extfile <(printf 'extendedKeyUsage=clientAuth')`)"
	case clientMissingIntermediate:
		file := p.cert.Source.File
		var from []string
		for _, m := range p.missing {
			from = append(from, fmt.Sprintf("'%s' (%s, certificate %d)", checks.DN(m.X509.Subject), m.Source.File, m.Source.Index+1))
		}
		return fmt.Sprintf("append %s after the certificate in %s: `cat %s intermediate.pem > client-chain.pem`, then probe with `--cert client-chain.pem`",
			joinAnd(from), file, checks.ShellQuote(file))
	}
	return ""
}

// evidence labels the problem's values.
func (p clientProblem) evidence(ev map[string]string) {
	ev["client_cert"] = checks.DN(p.cert.X509.Subject)
	switch p.kind {
	case clientExpired:
		ev["not_after"] = p.cert.X509.NotAfter.UTC().Format("2006-01-02T15:04:05Z")
	case clientNotYetValid:
		ev["not_before"] = p.cert.X509.NotBefore.UTC().Format("2006-01-02T15:04:05Z")
	case clientMissingIntermediate:
		ev["last_sent_issuer"] = checks.DN(p.cert.X509.Issuer)
		ev["missing_intermediate"] = checks.DN(p.missing[0].X509.Subject)
		ev["acceptable_ca"] = p.acceptableCA
	}
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	out := items[0]
	for _, s := range items[1 : len(items)-1] {
		out += ", " + s
	}
	return out + " and " + items[len(items)-1]
}

func clientCertUnusable(p *checks.Pass) {
	if len(p.Facts.ClientChain) == 0 {
		p.NotApplicable("no client certificate (--cert) was given")
		return
	}
	for _, problem := range clientCertProblems(p.Facts) {
		ev := evidence(p.Facts.Connection)
		ev["source"] = problem.cert.Source.File
		problem.evidence(ev)
		p.Report(checks.Finding{Subject: checks.DN(p.Facts.ClientChain[0].X509.Subject), Message: problem.reason(), Evidence: ev, Fix: problem.fix()})
	}
}
