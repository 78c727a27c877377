package client

import (
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// NotIssuedByCA is client.not-issued-by-ca: a client certificate does not
// chain to the --client-ca certificates.
var NotIssuedByCA = &checks.Check{
	ID:       "client.not-issued-by-ca",
	Title:    "a client certificate does not chain to the client CA",
	Severity: checks.Error,
	Refs:     []string{"RFC 8446 4.4.2.4", "RFC 5280 6.1", "mosquitto.conf(5) require_certificate"},
	Doc: "With mutual TLS the server validates each client certificate against its client CA file only " +
		"(RFC 8446 4.4.2.4: a server that cannot validate the client's chain aborts with unknown_ca or " +
		"bad_certificate). A client certificate issued by another CA, or a path that needs an intermediate " +
		"nobody has, is rejected: mosquitto with require_certificate true, NATS with verify, nginx with " +
		"ssl_verify_client on and EMQX with verify_peer all refuse the connection. The check builds the " +
		"path of every client certificate among the inputs (extendedKeyUsage clientAuth, or every leaf " +
		"with --purpose client or both) with the --client-ca certificates as the only trust anchors.",
	Fix:     "Issue the client certificate from the client CA, or add its issuing CA to the client CA file.",
	Applies: []*checks.Scope{checks.ClientCAs},
	Run:     notIssuedByCA,
}

func init() { checks.Register(NotIssuedByCA) }

func isClientCert(f *facts.Facts, c *facts.Cert) bool {
	switch f.Options.Purpose {
	case facts.PurposeClient, facts.PurposeBoth:
		return true
	}
	client, server := false, false
	for _, u := range c.X509.ExtKeyUsage {
		switch u {
		case x509.ExtKeyUsageClientAuth:
			client = true
		case x509.ExtKeyUsageServerAuth:
			server = true
		}
	}
	// A server certificate that also allows clientAuth (many public CAs
	// issue both) is the server's own certificate, not a client's.
	return client && !server
}

func notIssuedByCA(p *checks.Pass) {
	f := p.Facts
	var names []string
	for _, ca := range f.ClientCAs {
		names = append(names, "'"+checks.Name(ca)+"'")
	}
	caFile := f.ClientCAs[0].Source.File
	checked := 0
	for _, leaf := range f.Leaves() {
		if !isClientCert(f, leaf) {
			continue
		}
		checked++
		ch := paths.PathTo(f, leaf, f.ClientCAs)
		if ch.Status == facts.ChainTrusted {
			continue
		}
		issuer := checks.DN(leaf.X509.Issuer)
		top := ch.Path[len(ch.Path)-1]
		ev := checks.CertEvidence(leaf)
		ev["client ca"] = strings.Join(names, ", ")
		ev["path"] = pathNames(ch.Path)
		msg := fmt.Sprintf("client certificate '%s' is issued by '%s' and its path (%s) does not reach the client CA %s in %s; a server verifying clients with it (mosquitto with require_certificate true, NATS verify, nginx ssl_verify_client on) will reject it",
			checks.Name(leaf), issuer, pathNames(ch.Path), strings.Join(names, ", "), caFile)
		fix := fmt.Sprintf("issue '%s' from %s (openssl x509 -req -in client.csr -CA %s -CAkey ca.key -out client.pem), or add the CA '%s' to %s",
			checks.Name(leaf), names[0], caFile, checks.DN(top.X509.Issuer), caFile)
		if ch.Status == facts.ChainUntrustedRoot && len(ch.Path) > 1 {
			fix = fmt.Sprintf("add the root '%s' to %s if it should be trusted for clients, or issue '%s' from %s",
				checks.Name(top), caFile, checks.Name(leaf), names[0])
		}
		p.Report(checks.Finding{
			Subject:  checks.Name(leaf),
			Message:  msg,
			Evidence: ev,
			Fix:      fix,
		})
	}
	if checked == 0 {
		p.NotApplicable("no client certificate among the inputs")
	}
}

func pathNames(path []*facts.Cert) string {
	var s []string
	for _, c := range path {
		s = append(s, checks.Name(c))
	}
	return strings.Join(s, " > ")
}
