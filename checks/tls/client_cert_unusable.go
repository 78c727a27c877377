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
	Doc: "Before blaming the server, the client certificate given with --cert is checked on its own, " +
		"before anything is dialled, so that the finding stands even when no connection is made: " +
		"a --key that does not belong to it, " +
		"an extendedKeyUsage without clientAuth, a certificate expired or not yet valid at the time " +
		"of the check, and a chain that stops short of the CAs the server names in its " +
		"CertificateRequest while an intermediate that would reach one of them is at hand (in --ca, " +
		"in the --cert file or in the chain the server served) but was not sent. " +
		"When the server rejected our certificate for one of these reasons, tls.client-cert-rejected " +
		"names it as the cause and this check leaves it out: one cause, one finding.",
	Fix:     "Pass the key that belongs to the certificate, reissue it with extendedKeyUsage clientAuth and a current validity, and put its intermediates after it in the --cert file.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     clientCertUnusable,
}

func init() { checks.Register(ClientCertUnusable) }

// clientProblemKind is what is wrong with our own client certificate.
type clientProblemKind int

const (
	clientKeyMismatch clientProblemKind = iota + 1
	clientExpired
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
	key          *facts.Key // for a key mismatch: the key we sign with
}

// clientCertProblems checks the client chain we send against the clock and
// the CA names the server sent, most decisive first.
func clientCertProblems(f *facts.Facts) []clientProblem {
	chain := f.ClientChain
	if len(chain) == 0 || chain[0].X509 == nil {
		return nil
	}
	var out []clientProblem
	// A key that does not belong to the certificate makes every
	// CertificateVerify fail (decrypt_error), whatever the server trusts.
	if k := f.ClientKey; k != nil && k.SPKIPin != "" && chain[0].SPKIPin() != "" && k.SPKIPin != chain[0].SPKIPin() {
		out = append(out, clientProblem{kind: clientKeyMismatch, cert: chain[0], key: k})
	}
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
// server's alert (code 0: a server that hung up without one). An alert that
// names a cause our certificate does not have is not blamed on another of
// its problems: an unknown_ca is not explained by an expired certificate.
func rejectionCause(problems []clientProblem, code facts.AlertCode) (clientProblem, bool) {
	var explains func(clientProblemKind) bool
	switch code {
	case facts.AlertCertificateExpired:
		explains = func(k clientProblemKind) bool { return k == clientExpired || k == clientNotYetValid }
	case facts.AlertUnsupportedCertificate:
		explains = func(k clientProblemKind) bool { return k == clientNoClientAuth }
	case facts.AlertUnknownCA:
		explains = func(k clientProblemKind) bool { return k == clientMissingIntermediate }
	case facts.AlertDecryptError, facts.AlertIllegalParameter:
		explains = func(k clientProblemKind) bool { return k == clientKeyMismatch }
	case facts.AlertCertificateRevoked:
		return clientProblem{}, false
	default:
		// bad_certificate, certificate_unknown, handshake_failure, a close:
		// any problem of the certificate itself before the key, which the
		// server only meets after it verified the certificate.
		for _, p := range problems {
			if p.kind != clientKeyMismatch {
				return p, true
			}
		}
		explains = func(k clientProblemKind) bool { return k == clientKeyMismatch }
	}
	for _, p := range problems {
		if explains(p.kind) {
			return p, true
		}
	}
	return clientProblem{}, false
}

// reason says what is wrong with the certificate ("it"), for people.
func (p clientProblem) reason() string {
	switch p.kind {
	case clientKeyMismatch:
		return fmt.Sprintf("the key in %s does not belong to it (key SPKI SHA-256 %s, certificate's %s), so the server cannot verify our CertificateVerify signature",
			p.key.Source.File, shortPin(p.key.SPKIPin), shortPin(p.cert.SPKIPin()))
	case clientExpired:
		return fmt.Sprintf("it expired on %s", p.cert.X509.NotAfter.UTC().Format("2006-01-02 15:04 MST"))
	case clientNotYetValid:
		return fmt.Sprintf("it is not valid before %s", p.cert.X509.NotBefore.UTC().Format("2006-01-02 15:04 MST"))
	case clientNoClientAuth:
		return "its extendedKeyUsage lacks clientAuth"
	case clientMissingIntermediate:
		return fmt.Sprintf("it chains to the CA the server names ('%s') through the intermediate '%s', which we did not send",
			p.acceptableCA, checks.DN(p.missing[0].X509.Subject))
	}
	return ""
}

// shortPin is the start of a hex SPKI pin, enough to tell two apart.
func shortPin(pin string) string {
	if len(pin) > 16 {
		return pin[:16] + "…"
	}
	return pin
}

// subject names the certificate at fault: "our certificate 'CN=x'", or for
// a certificate of the chain after the leaf, "the certificate 'CN=y' of our
// chain".
func (p clientProblem) subject() string {
	if p.cert.Source.Index > 0 {
		return fmt.Sprintf("the certificate '%s' of our client chain", checks.DN(p.cert.X509.Subject))
	}
	return fmt.Sprintf("our client certificate '%s'", checks.DN(p.cert.X509.Subject))
}

// fix is the concrete change for this problem.
func (p clientProblem) fix() string {
	switch p.kind {
	case clientKeyMismatch:
		return fmt.Sprintf("pass the private key made with this certificate's request as --key: for each candidate key, `openssl pkey -pubout -in KEY | openssl sha256` must print the same digest as `openssl x509 -noout -pubkey -in %s | openssl sha256`",
			checks.ShellQuote(p.cert.Source.File))
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
	case clientKeyMismatch:
		ev["key_file"] = p.key.Source.File
		ev["key_spki_sha256"] = p.key.SPKIPin
		ev["cert_spki_sha256"] = p.cert.SPKIPin()
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
	// One cause, one finding: the problem a failed handshake is blamed on
	// is reported by tls.client-cert-rejected (or tls.handshake-failed).
	blamed := diagnose(p.Facts).problem
	for _, problem := range clientCertProblems(p.Facts) {
		if blamed != nil && blamed.kind == problem.kind && blamed.cert == problem.cert {
			continue
		}
		ev := evidence(p.Facts.Connection)
		ev["source"] = problem.cert.Source.File
		problem.evidence(ev)
		msg := problem.subject() + ": " + problem.reason()
		if problem.kind == clientMissingIntermediate {
			msg += "; expected the chain sent to reach a CA the server names"
		}
		p.Report(checks.Finding{Subject: checks.DN(p.Facts.ClientChain[0].X509.Subject), Message: msg, Evidence: ev, Fix: problem.fix()})
	}
}
