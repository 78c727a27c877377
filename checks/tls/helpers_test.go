package tls

import (
	"context"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// okConn is a completed TLS 1.3 handshake with a served leaf.
func okConn() *facts.Connection {
	t := true
	return &facts.Connection{
		Target: "www.example.com:443", Scheme: "https", Host: "www.example.com", Port: 443,
		Address: "192.0.2.10:443", SNI: "www.example.com", Stage: facts.StageDone,
		Version: facts.VersionTLS13, OfferedMax: facts.VersionTLS13, CipherSuite: "TLS_AES_128_GCM_SHA256", Group: "X25519",
		SecureReneg: &t, Timings: facts.Timings{Connect: 1, Handshake: 12, Total: 14},
	}
}

// failedConn is a connection that failed with the given failure.
func failedConn(f *facts.ProbeFailure) *facts.Connection {
	c := okConn()
	c.Version, c.CipherSuite, c.Group, c.SecureReneg = 0, "", "", nil
	c.Stage = f.Stage
	c.Failure = f
	return c
}

func alert(code facts.AlertCode, name string) *facts.Alert {
	return &facts.Alert{Code: code, Name: name, Received: true}
}

// newFacts wraps a connection with a served leaf.
func newFacts(c *facts.Connection, opts ...certgen.Option) *facts.Facts {
	f := &facts.Facts{Now: certgen.Epoch.AddDate(0, 0, 10), Connection: c}
	if c != nil && c.Failure == nil {
		root := certgen.Root("Test Root")
		leaf := certgen.Leaf("www.example.com", root, opts...)
		f.Certs = append(f.Certs, &facts.Cert{Raw: leaf.DER, X509: leaf.X509, Source: facts.Source{File: "www.example.com:443", Index: 0, Role: facts.RoleServed}})
	}
	return f
}

// run runs one check and returns its findings and not-applicable reason.
func run(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == id {
			return r.Findings, r.NotApplicable
		}
	}
	t.Fatalf("%s is not registered", id)
	return nil, ""
}

// want requires exactly one finding whose message, fix or evidence contain
// every substring.
func want(t *testing.T, f *facts.Facts, id string, substrs ...string) checks.Finding {
	t.Helper()
	got, na := run(t, f, id)
	if len(got) != 1 {
		t.Fatalf("%s: got %d findings (n/a %q), want 1: %+v", id, len(got), na, got)
	}
	fd := got[0]
	all := fd.Message + "\n" + fd.Fix
	for k, v := range fd.Evidence {
		all += "\n" + k + "=" + v
	}
	for _, s := range substrs {
		if !strings.Contains(all, s) {
			t.Errorf("%s: finding lacks %q:\n%s", id, s, all)
		}
	}
	if fd.Fix == "" || fd.Message == "" || fd.Evidence["address"] == "" {
		t.Errorf("%s: finding without message, fix or address evidence: %+v", id, fd)
	}
	return fd
}

// none requires no finding (applicable or not).
func none(t *testing.T, f *facts.Facts, id string) {
	t.Helper()
	if got, _ := run(t, f, id); len(got) != 0 {
		t.Errorf("%s: want no finding, got %+v", id, got)
	}
}

// notApplicable requires the check to say it did not apply.
func notApplicable(t *testing.T, f *facts.Facts, id string) {
	t.Helper()
	got, na := run(t, f, id)
	if len(got) != 0 || na == "" {
		t.Errorf("%s: want not applicable, got %+v (n/a %q)", id, got, na)
	}
}

func TestNoConnectionIsNotApplicable(t *testing.T) {
	for _, c := range checks.All() {
		if c.Family() != "tls" {
			continue
		}
		notApplicable(t, &facts.Facts{Now: certgen.Epoch}, c.ID)
	}
}
