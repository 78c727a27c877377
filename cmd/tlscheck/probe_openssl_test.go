package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

// Budget for handshakes in the live tests: generous, so a loaded CI machine
// never makes tls.slow-handshake appear (it has its own test).
const liveBudget = "--handshake-budget=30s"

func TestProbeOpenSSLGoodChain(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	s := sServer(t, p, p.leafPEM, p.leafKey, "-cert_chain", p.interPEM)
	r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
	expectProbe(t, r, rep, exitOK, map[string]string{})
	c := rep.connection(t)
	if c["stage"] != "done" || c["version"] != "TLS 1.3" || c["address"] != s.addr {
		t.Errorf("connection: %v", c)
	}
	if len(rep.Certificates) < 2 || rep.Certificates[0]["role"] == "" {
		t.Errorf("certificates: %v", rep.Certificates)
	}
	// The text report reads like s_client: one connection line and the
	// served chain.
	txt := tlscheckWith(t, invocation{}, "probe", liveBudget, "--ca", p.rootPEM, s.addr)
	for _, want := range []string{"connection: " + s.addr + " (no SNI): TLS 1.3", "served #1", "served #2", "PASS:"} {
		if !strings.Contains(txt.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, txt.stdout)
		}
	}
	if txt.code != exitOK {
		t.Errorf("text: exit %d", txt.code)
	}
}

func TestProbeOpenSSLLeafOnly(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	s := sServer(t, p, p.leafPEM, p.leafKey)
	r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
	expectProbe(t, r, rep, exitFindings, map[string]string{"chain.missing-intermediate": "error"})
	for _, f := range rep.Findings {
		if f.ID == "chain.missing-intermediate" && strings.Contains(f.Fix, "in "+s.addr) {
			t.Errorf("the fix names %s as a file: %s", s.addr, f.Fix)
		}
	}
}

func TestProbeOpenSSLReversedChain(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	// root -> inter -> inter2 -> leaf, served as leaf, inter, inter2.
	inter2 := certgen.Intermediate("Probe Test Intermediate 2", p.inter)
	leaf := certgen.Leaf("localhost", inter2, certgen.KeyType("rsa2048"), certgen.DNS("localhost"), certgen.IP("127.0.0.1"), validNow())
	leafPEM := p.write(t, "leaf2.pem", leaf.PEM())
	leafKey := p.write(t, "leaf2.key", leaf.KeyPEM())
	wrong := p.write(t, "wrong-order.pem", certgen.Bundle(p.inter, inter2))
	s := sServer(t, p, leafPEM, leafKey, "-cert_chain", wrong)
	r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
	expectProbe(t, r, rep, exitFindings, map[string]string{"chain.order": "error"})
}

func TestProbeOpenSSLTLS10Only(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	s := sServer(t, p, p.leafPEM, p.leafKey, "-cert_chain", p.interPEM, "-tls1", "-cipher", "AES128-SHA:@SECLEVEL=0")
	r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
	if r.code != exitFindings {
		t.Errorf("exit %d, want 1:\n%s", r.code, r.stdout)
	}
	wantFindings(t, rep, map[string]string{"proto.no-tls12": "error"})
	for _, f := range rep.atLeastWarning() {
		switch f.ID {
		case "proto.no-tls12", "tls.handshake-failed", "tls.no-secure-renegotiation":
		default:
			t.Errorf("unexpected %s %s: %s", f.Severity, f.ID, f.Message)
		}
		if f.ID == "tls.handshake-failed" && !strings.Contains(f.Message, "TLS 1.0") {
			t.Errorf("the handshake failure does not say what the server accepts: %s", f.Message)
		}
	}
}

func TestProbeOpenSSLWeakDHE(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	dh := filepath.Join(p.dir, "dh1024.pem")
	if err := os.WriteFile(dh, probetest.DH1024PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	s := sServer(t, p, p.leafPEM, p.leafKey, "-cert_chain", p.interPEM, "-no_tls1_3", "-dhparam", dh,
		"-cipher", "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0")
	r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
	expectProbe(t, r, rep, exitFindings, map[string]string{"dh.weak": "error"})
	if c := rep.connection(t); c["dh_bits"] != float64(1024) || c["version"] != "TLS 1.2" {
		t.Errorf("connection: %v", c)
	}
}

func TestProbeOpenSSLClientCert(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	s := sServer(t, p, p.leafPEM, p.leafKey, "-cert_chain", p.interPEM, "-Verify", "1", "-verify_return_error", "-CAfile", p.clientCAPEM)

	t.Run("none sent", func(t *testing.T) {
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error", "tls.client-cert-required": "info"})
		for _, f := range rep.Findings {
			if f.ID == "tls.handshake-failed" && (!strings.Contains(f.Message, "client certificate") || !strings.Contains(f.Fix, "--cert client.pem --key client.key")) {
				t.Errorf("not diagnosed as a missing client certificate: %s / %s", f.Message, f.Fix)
			}
			if f.ID == "tls.client-cert-required" && !strings.Contains(f.Message, "Probe Test Client CA") {
				t.Errorf("the acceptable CAs are not named: %s", f.Message)
			}
		}
	})
	t.Run("accepted", func(t *testing.T) {
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "--cert", p.clientPEM, "--key", p.clientKey, s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{"tls.client-cert-required": "info"})
	})
	t.Run("rejected", func(t *testing.T) {
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "--cert", p.strangePEM, "--key", p.strangeKey, s.addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.client-cert-rejected": "error", "tls.client-cert-required": "info"})
	})
}

// TestProbeOpenSSLClientIntermediateNotSent: a client certificate whose
// intermediate is in --ca but not in the --cert file is rejected by
// `s_server -Verify`; the cause named is the intermediate we did not send,
// not the server's CA file.
func TestProbeOpenSSLClientIntermediateNotSent(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	s := sServer(t, p, p.leafPEM, p.leafKey, "-cert_chain", p.interPEM, "-Verify", "1", "-verify_return_error", "-CAfile", p.clientCAPEM)
	clientInter := certgen.Intermediate("Probe Test Client Issuing CA", p.clientCA)
	device := certgen.ClientLeaf("probe test device 2", clientInter, validNow())
	caBundle := p.write(t, "ca-bundle.pem", certgen.Bundle(p.root, clientInter))
	leafOnly := p.write(t, "device.pem", device.PEM())
	withChain := p.write(t, "device-chain.pem", certgen.Bundle(device, clientInter))
	key := p.write(t, "device.key", device.KeyPEM())

	r, rep := probeJSON(t, liveBudget, "--ca", caBundle, "--cert", leafOnly, "--key", key, s.addr)
	// One cause, one finding: the rejection names it, tls.client-cert-unusable
	// does not repeat it.
	expectProbe(t, r, rep, exitFindings, map[string]string{"tls.client-cert-rejected": "error", "tls.client-cert-required": "info"})
	const notSent = "it chains to the CA the server names ('CN=Probe Test Client CA') through the intermediate 'CN=Probe Test Client Issuing CA', which we did not send"
	if f := rep.finding("tls.client-cert-rejected"); f == nil || !strings.Contains(f.Message, notSent) || strings.Contains(f.Message, "does not trust") {
		t.Errorf("rejection not explained by the unsent intermediate: %+v", f)
	}

	r, rep = probeJSON(t, liveBudget, "--ca", caBundle, "--cert", withChain, "--key", key, s.addr)
	expectProbe(t, r, rep, exitOK, map[string]string{"tls.client-cert-required": "info"})
}
