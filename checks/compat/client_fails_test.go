package compat

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func scanFacts(scheme facts.Scheme, port int, clients ...facts.ClientResult) *facts.Facts {
	return &facts.Facts{Now: certgen.Epoch,
		Connection: &facts.Connection{Target: "broker.example.com", Scheme: scheme, Host: "broker.example.com", SNI: "broker.example.com", Port: port, Stage: facts.StageDone, Version: facts.VersionTLS13},
		Scan:       &facts.Scan{Clients: clients}}
}

func run(t *testing.T, f *facts.Facts) ([]checks.Finding, []checks.Gap, string) {
	t.Helper()
	sel, _ := checks.ParseSelector("compat.client-fails")
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == "compat.client-fails" {
			for _, fd := range r.Findings {
				if fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
					t.Errorf("incomplete finding %+v", fd)
				}
			}
			return r.Findings, r.NotChecked, r.NotApplicable
		}
	}
	t.Fatal("compat.client-fails not registered")
	return nil, nil, ""
}

func TestClientFails(t *testing.T) {
	for _, tc := range []struct {
		name     string
		scheme   facts.Scheme
		port     int
		client   facts.ClientResult
		severity checks.Severity
		want     []string // in message or fix
	}{
		{"current client, no version", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Java 8u31", Reason: facts.ClientNoVersion, Detail: "client TLS 1.0-1.2, server TLS 1.3"},
			checks.Warning, []string{"Java 8u31 cannot connect: it has no protocol version in common with the server (client TLS 1.0-1.2, server TLS 1.3); expected a current client to connect", "ssl_protocols TLSv1.2 TLSv1.3;"}},
		{"old client, no version", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Windows XP IE 8", Reason: facts.ClientNoVersion, Old: true},
			checks.Info, []string{"expected a client past its vendor's support to connect", "upgrade Windows XP IE 8 to a release with TLS 1.2", "proto.tls10"}},
		{"no suite over mqtts", facts.SchemeMQTTS, 8883,
			facts.ClientResult{Name: "ESP-IDF 4.4 (mbedTLS)", Reason: facts.ClientNoSuite},
			checks.Warning, []string{"no cipher suite in common", "`ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"}},
		{"no group over nats", facts.SchemeNATS, 4222,
			facts.ClientResult{Name: "wolfSSL 5 defaults", Reason: facts.ClientNoGroup},
			checks.Warning, []string{"no key exchange group", `curve_preferences: ["X25519", "CurveP256", "CurveP384"]`}},
		{"no group over https", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Android 7", Reason: facts.ClientNoGroup},
			checks.Warning, []string{"ssl_ecdh_curve X25519:prime256v1:secp384r1;"}},
		{"key type", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Java 6", Reason: facts.ClientCertKeyType, Old: true},
			checks.Info, []string{"type of the server certificate's key", "second `ssl_certificate server-rsa.pem;`", "-newkey rsa:2048"}},
		{"SHA-1", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Chrome 130", Reason: facts.ClientCertSHA1},
			checks.Warning, []string{"SHA-1 signature", "openssl req -new -sha256 -key server.key"}},
		{"no SAN", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Go 1.22", Reason: facts.ClientCertNoSAN},
			checks.Warning, []string{"without subjectAltName", `subjectAltName=DNS:broker.example.com`}},
		{"DH too small", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Firefox 130", Reason: facts.ClientDHTooSmall, Detail: "server DHE 768 bits, client minimum 1024"},
			checks.Warning, []string{"DHE group as too small (server DHE 768 bits", "group:ffdhe2048"}},
		{"DH too large", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Java 7", Reason: facts.ClientDHTooLarge, Old: true},
			checks.Info, []string{"larger than it can handle", "ssl_ciphers ECDHE-"}},
		{"validity", facts.SchemeHTTPS, 443,
			facts.ClientResult{Name: "Safari 17", Reason: facts.ClientCertValidity},
			checks.Warning, []string{"validity period", "-days 397"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok := facts.ClientResult{Name: "Firefox 133", Connects: true, Version: facts.VersionTLS13, Suite: 0x1301, Group: 0x001D}
			got, gaps, _ := run(t, scanFacts(tc.scheme, tc.port, ok, tc.client))
			if len(got) != 1 || len(gaps) != 0 {
				t.Fatalf("want one finding (the client that connects has none), got %+v gaps %+v", got, gaps)
			}
			if got[0].Severity != tc.severity || got[0].Subject != tc.client.Name {
				t.Errorf("severity %s subject %q", got[0].Severity, got[0].Subject)
			}
			for _, s := range tc.want {
				if !strings.Contains(got[0].Message+"\n"+got[0].Fix, s) {
					t.Errorf("lacks %q:\n%s\n%s", s, got[0].Message, got[0].Fix)
				}
			}
		})
	}
}

func TestClientFailsNotSimulated(t *testing.T) {
	f := scanFacts(facts.SchemeHTTPS, 443)
	f.Scan.Untested = []facts.Untested{{What: "clients", Reason: "no version accepted"}}
	got, gaps, _ := run(t, f)
	if len(got) != 0 || len(gaps) != 1 || gaps[0].Reason != "no version accepted" {
		t.Errorf("no simulation: want a gap, got %+v gaps %+v", got, gaps)
	}
	f.Scan = nil
	if _, _, na := run(t, f); na == "" {
		t.Error("no scan: want not applicable")
	}
}

// TestClientFailsFixRuns runs the certificate fixes' commands: they make a
// request with the SAN, a 2048-bit key or SHA-256 as they say.
// TestClientFailsFixRuns runs compat.client-fails' certificate commands.
func TestClientFailsFixRuns(t *testing.T) {
	checktest.NeedTools(t, "openssl")
	for _, tc := range []struct {
		reason facts.ClientFailure
		want   []string
	}{
		{facts.ClientCertKeySize, []string{"Public-Key: (2048 bit)", "DNS:broker.example.com"}},
		{facts.ClientCertSHA1, []string{"sha256WithRSAEncryption", "DNS:broker.example.com"}},
		{facts.ClientCertNoSAN, []string{"DNS:broker.example.com"}},
	} {
		got, _, _ := run(t, scanFacts(facts.SchemeHTTPS, 443, facts.ClientResult{Name: "client", Reason: tc.reason}))
		if len(got) != 1 || got[0].ID != "compat.client-fails" {
			t.Fatalf("%s: got %+v", tc.reason, got)
		}
		write := checktest.TempWriter(t)
		dir := filepath.Dir(write("server.key", certgen.Leaf("broker.example.com", certgen.Root("R")).KeyPEM()))
		checktest.RunFix(t, dir, got[0].Fix, nil)
		out, err := exec.Command("openssl", "req", "-in", filepath.Join(dir, "server.csr"), "-noout", "-text").CombinedOutput()
		if err != nil {
			t.Fatalf("%s: openssl req -text: %v\n%s", tc.reason, err, out)
		}
		for _, s := range tc.want {
			if !strings.Contains(string(out), s) {
				t.Errorf("%s: the request lacks %q:\n%s", tc.reason, s, out)
			}
		}
	}
}

// TestClientFailsNoSANGroupsUnderCNOnly: a client refusing the only served
// leaf without a SAN names that certificate, so its finding shows under the
// leaf's cert.cn-only (whose fix adds the SAN); other reasons stay apart.
func TestClientFailsNoSANGroupsUnderCNOnly(t *testing.T) {
	root := certgen.Root("R")
	leaf := certgen.Leaf("broker.example.com", root, certgen.DNS()) // no SAN
	f := scanFacts(facts.SchemeMQTTS, 8883,
		facts.ClientResult{Name: "Chrome", Reason: facts.ClientCertNoSAN},
		facts.ClientResult{Name: "Java 6", Reason: facts.ClientNoVersion, Old: true})
	f.Certs = []*facts.Cert{{Raw: leaf.DER, X509: leaf.X509, Source: facts.Source{File: "broker.example.com:8883", Role: facts.RoleServed}}}
	got, _, _ := run(t, f)
	if len(got) != 2 {
		t.Fatalf("findings %+v", got)
	}
	results := []checks.Result{
		{Check: &checks.Check{ID: checks.IDCertCNOnly}, Findings: []checks.Finding{{ID: checks.IDCertCNOnly, Subject: "CN=broker.example.com",
			Evidence: map[string]string{checks.EvidenceSHA256: f.Certs[0].Fingerprint()}}}},
		{Check: ClientFails, Findings: got},
	}
	checks.GroupCauses(f, results)
	for _, fd := range results[1].Findings {
		grouped := fd.CausedBy != nil && fd.CausedBy.ID == checks.IDCertCNOnly
		if want := fd.Subject == "Chrome"; grouped != want {
			t.Errorf("%s (%s): grouped under cert.cn-only %v, want %v", fd.Subject, fd.Evidence["reason"], grouped, want)
		}
	}
}
