package html

import (
	"bytes"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/report"
)

// auditNow is the fixed clock of every test page.
var auditNow = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

var sampleOptions = Options{Title: "Audit of example.com", Generated: auditNow, Version: "0.9.0-test", FailOn: "error"}

// sample is a small audit: an ok target, one serving an expired
// certificate, an unreachable one, two scanned ones with grades (one whose
// leaf expires within --warn-days) and a certificate file. The expiry
// chart must have one bar per distinct certificate other than the public
// trust-store root: sampleCerts of them.
type sample struct {
	reports []*report.Report
	// labels in the order given.
	labels []string
}

const sampleCerts = 8 // the --ca root, two intermediates, five leaves; not the public root

func day(n int) time.Time { return auditNow.AddDate(0, 0, n) }

func served(c *certgen.Cert, i int) *facts.Cert {
	return &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "served", Index: i, Role: facts.RoleServed}}
}

func connection(target, host string, port int, version string) *report.Connection {
	return &report.Connection{Target: target, Host: host, Port: port, Address: "192.0.2.10:443", SNI: host, Stage: "done",
		Version: version, CipherSuite: "TLS_AES_128_GCM_SHA256", Group: "X25519", ALPN: "h2", OCSPStapled: true,
		Timings: report.ConnectionTimings{Connect: 2, Handshake: 11, Total: 13}}
}

func probeTarget(target, host string, port int) report.Target {
	return report.Target{Target: target, Host: host, Port: port, SNI: host, Hosts: []string{host}, At: auditNow}
}

func newSample(t testing.TB) sample {
	t.Helper()
	opt := certgen.KeyType("p256")
	root := certgen.Root("Example Root CA", opt, certgen.Validity(day(-900), day(2700)))
	inter := certgen.Intermediate("Example Issuing CA", root, opt, certgen.Validity(day(-400), day(1400)))
	public := certgen.Root("Public Root R1", opt, certgen.Validity(day(-3000), day(4000)))
	publicInter := certgen.Intermediate("Public Issuing CA R3", public, opt, certgen.Validity(day(-300), day(500)))

	rootCert := &facts.Cert{Raw: root.DER, X509: root.X509, Source: facts.Source{File: "ca.pem", Role: facts.RoleCA}}
	publicRoot := &facts.Cert{Raw: public.DER, X509: public.X509, Source: facts.Source{Role: facts.RoleSystem}}

	chainOf := func(status facts.ChainStatus, path ...*facts.Cert) []*facts.Chain {
		return []*facts.Chain{{Leaf: path[0], Path: path, Status: status}}
	}
	probeReport := func(target, host string, leaf *certgen.Cert, issuer *certgen.Cert, anchor *facts.Cert) *report.Report {
		l, i := served(leaf, 0), served(issuer, 1)
		f := &facts.Facts{Now: auditNow, Certs: []*facts.Cert{l, i}, Roots: []*facts.Cert{anchor}}
		f.Options.WarnDays = 30
		r := &report.Report{Tool: report.Tool{Name: "tlscheck", Version: "0.9.0-test"}, Target: probeTarget(target, host, 443),
			Facts: f, Chains: chainOf(facts.ChainTrusted, l, i, anchor), Connection: connection(target, host, 443, "TLS 1.3")}
		return r
	}

	var s sample
	add := func(r *report.Report, label string) {
		s.reports = append(s.reports, r)
		s.labels = append(s.labels, label)
	}

	// ok: a leaf with 200 days left, trusted through --ca.
	www := certgen.Leaf("www.example.com", inter, opt, certgen.Validity(day(-30), day(200)))
	add(probeReport("https://www.example.com", "www.example.com", www, inter, rootCert), "https://www.example.com")

	// expired 12 days ago.
	old := certgen.Leaf("old.example.com", inter, opt, certgen.Validity(day(-102), day(-12)))
	r := probeReport("old.example.com:443", "old.example.com", old, inter, rootCert)
	r.Findings = []checks.Finding{{
		ID: "cert.expired", Severity: checks.Error, Title: "certificate has expired",
		Message:  "CN=old.example.com expired on " + day(-12).Format("2006-01-02") + " (12 days ago); expected a certificate valid now",
		Subject:  "CN=old.example.com",
		Evidence: map[string]string{"not_after": day(-12).Format(time.RFC3339), "days_left": "-12"},
		Fix:      "renew it: certbot renew --cert-name old.example.com && systemctl reload nginx",
	}}
	add(r, "old.example.com:443")

	// unreachable: the port is closed.
	f := &facts.Facts{Now: auditNow}
	add(&report.Report{Tool: report.Tool{Name: "tlscheck", Version: "0.9.0-test"}, Target: probeTarget("mqtt.example.com:8883", "mqtt.example.com", 8883),
		Facts: f, Chains: []*facts.Chain{},
		Connection: &report.Connection{Target: "mqtt.example.com:8883", Host: "mqtt.example.com", Port: 8883, Address: "192.0.2.20:8883", Stage: "connect",
			Failure: &report.ConnectionFailure{Kind: "refused", Stage: "connect", Message: "dial tcp 192.0.2.20:8883: connect: connection refused"}},
		Findings: []checks.Finding{{ID: "tls.connect-failed", Severity: checks.Error, Title: "could not connect to the server",
			Message: "connection refused by 192.0.2.20:8883: nothing listens on port 8883 there; expected a TLS listener",
			Fix:     "start the server or make it listen on port 8883 (on the server, `ss -ltnp | grep ':8883 '` shows what listens)"}},
	}, "mqtt.example.com:8883")

	// scanned, grade B, the leaf expires within --warn-days.
	api := certgen.Leaf("api.example.com", publicInter, opt, certgen.Validity(day(-70), day(20)))
	r = probeReport("api.example.com:443", "api.example.com", api, publicInter, publicRoot)
	r.Connection.Version = "TLS 1.2"
	r.Connection.CipherSuite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
	r.Scan = &report.Scan{
		Versions: []report.ScanVersion{{Version: "TLS 1.3", Tested: true}, {Version: "TLS 1.2", Offered: true, Tested: true}, {Version: "TLS 1.1", Offered: true, Tested: true}},
		Grade:    &report.ScanGrade{Grade: "B", Score: 74, Reasons: []string{"TLS 1.1 offered: capped at B"}},
	}
	r.Findings = []checks.Finding{
		{ID: "cert.expires-soon", Severity: checks.Warning, Title: "certificate expires soon", Subject: "CN=api.example.com",
			Message: "CN=api.example.com expires in 20 days; expected more than 30 (--warn-days)", Fix: "renew it now"},
		{ID: "proto.tls11", Severity: checks.Warning, Title: "TLS 1.1 is offered",
			Message: "the server accepts TLS 1.1; expected TLS 1.2 or later only", Fix: "ssl_protocols TLSv1.2 TLSv1.3;"},
	}
	add(r, "api.example.com:443")

	// scanned, grade A.
	shop := certgen.Leaf("shop.example.com", publicInter, opt, certgen.Validity(day(-10), day(80)))
	r = probeReport("shop.example.com:443", "shop.example.com", shop, publicInter, publicRoot)
	r.Scan = &report.Scan{Versions: []report.ScanVersion{{Version: "TLS 1.3", Offered: true, Tested: true}},
		Grade: &report.ScanGrade{Grade: "A", Score: 93, Reasons: []string{}}}
	add(r, "shop.example.com:443")

	// a certificate file with an info finding.
	device := certgen.Leaf("device.internal", nil, opt, certgen.Validity(day(-5), day(360)))
	dc := &facts.Cert{Raw: device.DER, X509: device.X509, Source: facts.Source{File: "device.pem"}}
	add(&report.Report{Tool: report.Tool{Name: "tlscheck", Version: "0.9.0-test"},
		Target: report.Target{Files: []report.TargetFile{{Path: "device.pem"}}, Purpose: "server", At: auditNow},
		Facts:  &facts.Facts{Now: auditNow, Certs: []*facts.Cert{dc}},
		Chains: chainOf(facts.ChainUntrustedRoot, dc),
		Findings: []checks.Finding{{ID: "chain.self-signed", Severity: checks.Info, Title: "self-signed certificate",
			Subject: "CN=device.internal", Message: "CN=device.internal is self-signed", Fix: "pin it in the clients or have it issued by your CA"}},
	}, "device.pem")
	return s
}

func render(t testing.TB, reports []*report.Report, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, reports, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
