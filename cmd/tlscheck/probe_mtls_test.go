package main

import (
	"crypto/tls"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

// clientCase is a client certificate of ours with one fault, the words
// that name the fault, and the alert a crypto/tls server answers it with.
type clientCase struct {
	name  string
	cert  []byte // PEM, leaf first
	key   []byte
	cause string
}

func clientCases(pki *probetest.PKI) []clientCase {
	expired := certgen.ClientLeaf("expired", pki.ClientCA, certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch.AddDate(0, 0, 5)))
	noAuth := certgen.Leaf("server-eku", pki.ClientCA)
	return []clientCase{
		{"expired", expired.PEM(), expired.KeyPEM(), "expired on 2026-01-06"},
		{"no clientAuth", noAuth.PEM(), noAuth.KeyPEM(), "its extendedKeyUsage lacks clientAuth"},
		{"key of another certificate", pki.Client.PEM(), certgen.KeyPEM(certgen.NewKey("p256")), "does not belong to it"},
	}
}

// TestProbeClientCertPrecheck: our own --cert is checked before anything
// is dialled (issue 9, item 14). Against servers that require a client
// certificate (TLS 1.2 and 1.3), the rejection names our certificate's
// fault once, in tls.client-cert-rejected, not "the server does not trust
// the CA"; where nothing listens, the same fault is still reported, as
// tls.client-cert-unusable.
func TestProbeClientCertPrecheck(t *testing.T) {
	pki := probetest.NewPKI()
	dir := t.TempDir()
	ca := writeFile(t, filepath.Join(dir, "root.pem"), pki.Root.PEM(), 0o644)
	refused := probetest.Refused(t)
	for i, tc := range clientCases(pki) {
		cert := writeFile(t, filepath.Join(dir, fmt.Sprintf("c%d.pem", i)), tc.cert, 0o644)
		key := writeFile(t, filepath.Join(dir, fmt.Sprintf("c%d.key", i)), tc.key, 0o600)
		for _, version := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
			t.Run(fmt.Sprintf("%s/%s", tc.name, tls.VersionName(version)), func(t *testing.T) {
				s := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), MaxVersion: version, Now: testNow,
					ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: []*certgen.Cert{pki.ClientCA}})
				r, rep := probeAt(t, "--ca", ca, "--cert", cert, "--key", key, s.Addr)
				expectProbe(t, r, rep, exitFindings, map[string]string{"tls.client-cert-rejected": "error", "tls.client-cert-required": "info"})
				f := rep.finding("tls.client-cert-rejected")
				if f == nil {
					return
				}
				if !strings.Contains(f.Message, tc.cause) || strings.Contains(f.Message, "does not trust") {
					t.Errorf("the rejection does not name our fault (%q): %s", tc.cause, f.Message)
				}
				if strings.Count(f.Message+" "+f.Fix, tc.cause) != 1 {
					t.Errorf("the cause is told more than once: %s\nfix: %s", f.Message, f.Fix)
				}
				if req := rep.finding("tls.client-cert-required"); req != nil && strings.Contains(req.Fix, " was") && strings.Contains(req.Fix, "as '") {
					t.Errorf("tls.client-cert-required holds up a refused certificate: %s", req.Fix)
				}
			})
		}
		t.Run(tc.name+"/refused", func(t *testing.T) {
			r, rep := probeAt(t, "--ca", ca, "--cert", cert, "--key", key, refused)
			expectProbe(t, r, rep, exitFindings, map[string]string{"tls.client-cert-unusable": "error", "tls.connect-failed": "error"})
			if f := rep.finding("tls.client-cert-unusable"); f == nil || !strings.Contains(f.Message, tc.cause) {
				t.Errorf("want the fault %q before any connection: %+v", tc.cause, f)
			}
			if strings.Contains(r.stdout, "PRIVATE KEY") {
				t.Error("the report shows private key material")
			}
		})
	}
}

// TestProbeClientCertMissingIntermediate: a client certificate whose
// intermediate is at hand (--ca) but was not sent is named as the cause,
// once, with the CA the server names.
func TestProbeClientCertMissingIntermediate(t *testing.T) {
	pki := probetest.NewPKI()
	dir := t.TempDir()
	issuing := certgen.Intermediate("Client Issuing CA", pki.ClientCA)
	leaf := certgen.ClientLeaf("device", issuing)
	ca := writeFile(t, filepath.Join(dir, "ca.pem"), certgen.Bundle(pki.Root, issuing), 0o644)
	cert := writeFile(t, filepath.Join(dir, "c.pem"), leaf.PEM(), 0o644)
	key := writeFile(t, filepath.Join(dir, "c.key"), leaf.KeyPEM(), 0o600)
	s := probetest.ClientCertRequired(t, pki, tls.VersionTLS13)
	r, rep := probeAt(t, "--ca", ca, "--cert", cert, "--key", key, s.Addr)
	expectProbe(t, r, rep, exitFindings, map[string]string{"tls.client-cert-rejected": "error", "tls.client-cert-required": "info"})
	f := rep.finding("tls.client-cert-rejected")
	if f == nil || !strings.Contains(f.Message, "through the intermediate 'CN=Client Issuing CA', which we did not send") || strings.Contains(f.Message, "does not trust") {
		t.Fatalf("finding: %+v", f)
	}
	if f.Evidence["missing_intermediate"] != "CN=Client Issuing CA" || !strings.Contains(f.Fix, "cat ") {
		t.Errorf("evidence or fix: %+v", f)
	}
}
