package probe

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
	"github.com/tlscheck/tlscheck/internal/testport"
)

// sServer runs `openssl s_server` on a free loopback port with the PKI's
// leaf, its intermediate and the extra arguments; it is killed at the end of
// the test. It returns the port.
func sServer(t *testing.T, pki *probetest.PKI, args ...string) int {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatalf("openssl is required for these tests: %v", err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	port := testport.Free(t)
	argv := []string{"s_server", "-accept", "127.0.0.1:" + strconv.Itoa(port),
		"-cert", write("leaf.pem", pki.Leaf.PEM()), "-key", write("leaf.key", pki.Leaf.KeyPEM()),
		"-cert_chain", write("chain.pem", pki.Intermediate.PEM()),
		"-CAfile", write("clientca.pem", pki.ClientCA.PEM()), "-naccept", "20", "-www", "-quiet",
		// certgen's certificates are valid from certgen.Epoch on.
		"-attime", strconv.FormatInt(certgen.Epoch.Add(24*time.Hour).Unix(), 10)}
	for i, a := range args {
		if a == "@dh1024" {
			args[i] = write("dh1024.pem", probetest.DH1024PEM())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, openssl, append(argv, args...)...)
	cmd.Stdin = nil
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("openssl s_server: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
	})
	for i := 0; i < 100; i++ {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 100*time.Millisecond)
		if err == nil {
			c.Close()
			return port
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("openssl s_server did not listen on port %d within 5s", port)
	return 0
}

func TestOpenSSLGoodChain(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	port := sServer(t, pki)
	f, c := run(t, "localhost:"+strconv.Itoa(port), nil)
	wantDone(t, c)
	if c.Version != facts.VersionTLS13 || c.Group == "" || len(f.Certs) != 2 || string(f.Certs[1].Raw) != string(pki.Intermediate.DER) {
		t.Errorf("version %q group %q certs %d", c.Version, c.Group, len(f.Certs))
	}
	if c.NoSNI == nil || c.NoSNI.Failed || c.NoSNI.Differs {
		t.Errorf("no-SNI %+v", c.NoSNI)
	}
}

func TestOpenSSLTLS12(t *testing.T) {
	t.Parallel()
	port := sServer(t, probetest.NewPKI(), "-no_tls1_3")
	_, c := run(t, "127.0.0.1:"+strconv.Itoa(port), nil)
	wantDone(t, c)
	if c.Version != facts.VersionTLS12 || c.SecureReneg == nil || !*c.SecureReneg || c.Compression != "none" || !c.SessionTicket {
		t.Errorf("version %q secure renegotiation %v compression %q ticket %v", c.Version, c.SecureReneg, c.Compression, c.SessionTicket)
	}
}

func TestOpenSSLTLS10Only(t *testing.T) {
	t.Parallel()
	port := sServer(t, probetest.NewPKI(), "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0")
	f, c := run(t, "127.0.0.1:"+strconv.Itoa(port), nil)
	wantDone(t, c)
	if c.Version != facts.VersionTLS10 || c.OfferedMax != facts.VersionTLS13 || len(f.Certs) != 2 {
		t.Errorf("version %q offered %q certs %d", c.Version, c.OfferedMax, len(f.Certs))
	}
}

func TestOpenSSLWeakDHE(t *testing.T) {
	t.Parallel()
	port := sServer(t, probetest.NewPKI(), "-dhparam", "@dh1024", "-cipher", "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0", "-no_tls1_3")
	_, c := run(t, "127.0.0.1:"+strconv.Itoa(port), nil)
	wantDone(t, c)
	if c.CipherSuite != "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" || c.Group != "DH" || c.DHBits != 1024 {
		t.Errorf("suite %q group %q dh bits %d", c.CipherSuite, c.Group, c.DHBits)
	}
}

func TestOpenSSLClientCertRequired(t *testing.T) {
	t.Parallel()
	pki := probetest.NewPKI()
	cases := []struct {
		name      string
		args      []string
		alert     string
		afterDone bool
	}{
		{"TLS 1.2", []string{"-Verify", "1", "-no_tls1_3"}, "handshake_failure", false},
		{"TLS 1.3", []string{"-Verify", "1"}, "certificate_required", true},
	}
	for _, tc := range cases {
		port := sServer(t, pki, tc.args...)
		target := "127.0.0.1:" + strconv.Itoa(port)
		_, c := run(t, target, nil)
		wantFailure(t, c, facts.FailAlert, facts.StageHandshake)
		if c.Failure.Alert == nil || c.Failure.Alert.Name != tc.alert || !c.Failure.AfterCertificateRequest || c.Failure.ClosedAfterFinished != tc.afterDone {
			t.Errorf("%s: failure %+v alert %+v", tc.name, *c.Failure, c.Failure.Alert)
		}
		if !c.ClientCertReq || !slices.Contains(c.AcceptableCAs, "CN=Probetest Client CA") {
			t.Errorf("%s: requested %v acceptable CAs %q", tc.name, c.ClientCertReq, c.AcceptableCAs)
		}
		if c.Accepted != nil {
			t.Errorf("%s: retried after a certificate request", tc.name)
		}
		_, c = run(t, target, func(cfg *Config) {
			cfg.ClientCerts = []*x509Cert{pki.Client.X509}
			cfg.ClientKey = pki.Client.Key
		})
		wantDone(t, c)
		if c.ClientCert != "CN=probetest client" {
			t.Errorf("%s: client cert %q", tc.name, c.ClientCert)
		}
	}
}
