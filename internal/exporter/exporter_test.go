package exporter

import (
	"crypto/x509/pkix"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func probePath(module, target string) string {
	q := url.Values{"target": {target}}
	if module != "" {
		q.Set("module", module)
	}
	return "/probe?" + q.Encode()
}

func mustConfig(t *testing.T, yaml string) *Config {
	t.Helper()
	c, err := ParseConfig([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An expired certificate from a trusted CA: the certificate metrics are all
// there, with a notAfter in the past, beside the cert.expired finding.
func TestExpiredCertificateMetrics(t *testing.T) {
	t.Parallel()
	root := certgen.Root("Exporter Test Root", validFor(3650))
	past := time.Now().Add(-40 * 24 * time.Hour)
	leaf := certgen.Leaf("127.0.0.1", root, certgen.Validity(past.Add(-90*24*time.Hour), past))
	addr := tlsServer(t, leaf)
	ca := writeFile(t, "ca.pem", root.PEM())
	e := New(Options{Config: mustConfig(t, "modules:\n  private:\n    prober: probe\n    ca: "+ca+"\n")})

	code, m, body := scrape(t, e.Handler(), probePath("private", addr), nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	if s := one(t, m, "tlscheck_probe_success", nil); s.value != 1 {
		t.Errorf("probe_success = %v, want 1 (the handshake completed)", s.value)
	}
	leafAfter := one(t, m, "tlscheck_cert_not_after", map[string]string{"position": "0", "role": "leaf"})
	if got := time.Unix(int64(leafAfter.value), 0); !got.Before(time.Now()) || !got.Equal(leaf.X509.NotAfter.Truncate(time.Second)) {
		t.Errorf("leaf not_after = %v, want %v (in the past)", got, leaf.X509.NotAfter)
	}
	for k, want := range map[string]string{"subject": "CN=127.0.0.1", "issuer": "CN=Exporter Test Root",
		"serial": leaf.X509.SerialNumber.Text(16)} {
		if got := leafAfter.labels[k]; got != want && !(k == "serial" && strings.TrimLeft(got, "0") == want) {
			t.Errorf("leaf label %s = %q, want %q", k, got, want)
		}
	}
	if len(leafAfter.labels["sha256"]) != 64 {
		t.Errorf("sha256 label %q", leafAfter.labels["sha256"])
	}
	one(t, m, "tlscheck_cert_not_before", map[string]string{"position": "0", "role": "leaf"})
	one(t, m, "tlscheck_cert_not_after", map[string]string{"position": "1", "role": "root"})
	if s := one(t, m, "tlscheck_findings", map[string]string{"id": "cert.expired", "severity": "error"}); s.value != 1 {
		t.Errorf("cert.expired count = %v", s.value)
	}
	if s := one(t, m, "tlscheck_chain_trusted", nil); s.value != 1 {
		t.Errorf("chain_trusted = %v, want 1 (ca: is the root)", s.value)
	}
	if s := one(t, m, "tlscheck_leaf_expiry_days", nil); s.value > -39 || s.value < -41 {
		t.Errorf("leaf_expiry_days = %v, want about -40", s.value)
	}
	one(t, m, "tlscheck_tls_version_info", map[string]string{"version": "TLS 1.3"})
	if len(find(m, "tlscheck_tls_cipher_info", nil)) != 1 {
		t.Error("no tlscheck_tls_cipher_info")
	}
}

// A self-signed certificate for another name: untrusted and the wrong
// host, and still every certificate metric.
func TestUntrustedMismatchedCertificateMetrics(t *testing.T) {
	leaf := certgen.Leaf("other.example", nil, validFor(60))
	addr := tlsServer(t, leaf)
	e := New(Options{})

	code, m, body := scrape(t, e.Handler(), probePath("", addr), nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	after := one(t, m, "tlscheck_cert_not_after", map[string]string{"position": "0", "role": "leaf", "subject": "CN=other.example"})
	if got := time.Unix(int64(after.value), 0); !got.Equal(leaf.X509.NotAfter.Truncate(time.Second)) {
		t.Errorf("not_after = %v, want %v", got, leaf.X509.NotAfter)
	}
	if s := one(t, m, "tlscheck_chain_trusted", nil); s.value != 0 {
		t.Errorf("chain_trusted = %v, want 0", s.value)
	}
	one(t, m, "tlscheck_findings", map[string]string{"id": "host.mismatch", "severity": "error"})
	if len(find(m, "tlscheck_findings", map[string]string{"id": "chain.untrusted-root"})) != 1 {
		t.Errorf("no chain.untrusted-root finding:\n%s", body)
	}
	if s := one(t, m, "tlscheck_leaf_expiry_days", nil); s.value < 59 || s.value > 60 {
		t.Errorf("leaf_expiry_days = %v, want about 60", s.value)
	}
}

func TestRefusedPort(t *testing.T) {
	e := New(Options{})
	code, m, body := scrape(t, e.Handler(), probePath("probe", refusedPort(t)), nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	if s := one(t, m, "tlscheck_probe_success", nil); s.value != 0 {
		t.Errorf("probe_success = %v, want 0", s.value)
	}
	one(t, m, "tlscheck_probe_failure_info", map[string]string{"kind": "refused"})
	one(t, m, "tlscheck_findings", map[string]string{"id": "tls.connect-failed", "severity": "error"})
	if len(find(m, "tlscheck_cert_not_after", nil)) != 0 {
		t.Error("certificate metrics without a certificate")
	}
	_, own, _ := scrape(t, e.Handler(), "/metrics", nil)
	one(t, own, "tlscheck_exporter_probes_total", map[string]string{"module": "probe", "result": "failure"})
}

func TestAllowedTargets(t *testing.T) {
	addr := refusedPort(t) // 127.0.0.1:port
	for _, tc := range []struct {
		allow []string
		want  int
	}{
		{nil, http.StatusOK},
		{[]string{"10.0.0.0/8", `re:.*\.example\.com`, "db.internal"}, http.StatusForbidden},
		{[]string{"127.0.0.0/8"}, http.StatusOK},
		{[]string{"127.0.0.1"}, http.StatusOK},
		{[]string{`re:127\.0\.0\.\d+`}, http.StatusOK},
		{[]string{`re:127\.0\.0`}, http.StatusForbidden}, // anchored: the whole host must match
	} {
		allow, err := ParseAllowList(tc.allow)
		if err != nil {
			t.Fatal(err)
		}
		e := New(Options{Allow: allow})
		if code, _, body := scrape(t, e.Handler(), probePath("", addr), nil); code != tc.want {
			t.Errorf("allow %q: status %d, want %d (%s)", tc.allow, code, tc.want, body)
		}
	}
	// A URL target is judged by its host.
	allow, _ := ParseAllowList([]string{"broker.example.com"})
	e := New(Options{Allow: allow})
	if code, _, _ := scrape(t, e.Handler(), probePath("", "mqtts://evil.example.org:8883"), nil); code != http.StatusForbidden {
		t.Errorf("mqtts URL to another host: %d, want 403", code)
	}
	_, own, _ := scrape(t, e.Handler(), "/metrics", nil)
	one(t, own, "tlscheck_exporter_requests_rejected_total", map[string]string{"reason": "forbidden"})

	for _, bad := range []string{"10.0.0.0/33", "re:(", ""} {
		if _, err := ParseAllowList([]string{bad}); err == nil {
			t.Errorf("ParseAllowList(%q): no error", bad)
		}
	}
}

func TestBadRequests(t *testing.T) {
	e := New(Options{})
	for path, want := range map[string]int{
		"/probe":                           http.StatusBadRequest, // no target
		probePath("nosuch", "127.0.0.1:1"): http.StatusBadRequest,
		probePath("", "ftp://[::1"):        http.StatusBadRequest,
		"/nothing-here":                    http.StatusNotFound,
	} {
		if code, _, _ := scrape(t, e.Handler(), path, nil); code != want {
			t.Errorf("%s: status %d, want %d", path, code, want)
		}
	}
}

// The deadline comes from X-Prometheus-Scrape-Timeout-Seconds less a
// margin, else the default, capped by the module's timeout.
func TestScrapeTimeoutHeader(t *testing.T) {
	t.Parallel()
	c := mustConfig(t, "modules:\n  probe: {}\n  short:\n    timeout: 2s\n")
	e := New(Options{Config: c})
	addr := refusedPort(t)
	for _, tc := range []struct {
		module, header string
		want           float64
	}{
		{"probe", "", 10},
		{"probe", "5", 4.5},
		{"probe", "1", 0.9},
		{"probe", "garbage", 10},
		{"short", "5", 2},
		{"short", "1.5", 1.35},
	} {
		h := http.Header{}
		if tc.header != "" {
			h.Set("X-Prometheus-Scrape-Timeout-Seconds", tc.header)
		}
		_, m, body := scrape(t, e.Handler(), probePath(tc.module, addr), h)
		if s := one(t, m, "tlscheck_probe_timeout_seconds", nil); s.value != tc.want {
			t.Errorf("module %s, header %q: timeout %v, want %v\n%s", tc.module, tc.header, s.value, tc.want, body)
		}
	}
	// A server that never answers: the run ends at that deadline, as a
	// failed probe with metrics, not a failed scrape.
	h := http.Header{}
	h.Set("X-Prometheus-Scrape-Timeout-Seconds", "1")
	code, m, body := scrape(t, e.Handler(), probePath("probe", silentServer(t)), h)
	if code != http.StatusOK {
		t.Fatalf("silent server: status %d: %s", code, body)
	}
	if s := one(t, m, "tlscheck_probe_success", nil); s.value != 0 {
		t.Errorf("silent server: success %v", s.value)
	}
	if s := one(t, m, "tlscheck_probe_timeout_seconds", nil); s.value != 0.9 {
		t.Errorf("silent server: timeout %v", s.value)
	}
}

// 2,000 runs through a buffer of 50: it holds 50, never more.
func TestRecentProbesBounded(t *testing.T) {
	leaf := certgen.Leaf("files.example", nil, validFor(10))
	pem := writeFile(t, "server.pem", leaf.PEM())
	c := mustConfig(t, "modules:\n  probe: {}\n  disk:\n    prober: files\n    files: ["+pem+"]\n    host: files.example\n")
	e := New(Options{Config: c, Recent: 50, MaxConcurrent: 8})
	t.Parallel()
	const runs = 2000
	var wg sync.WaitGroup
	work := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range work {
				module := "probe" // a refused port: quick, and a report all the same
				if i%100 == 0 {
					module = "disk" // now and then a full report of a certificate
				}
				if _, err := e.Probe(t.Context(), module, "127.0.0.1:1", ""); err != nil {
					t.Error(err)
				}
				if n := e.recent.Len(); n > 50 {
					t.Errorf("after %d runs the buffer holds %d", i, n)
				}
			}
		})
	}
	for i := range runs {
		work <- i
	}
	close(work)
	wg.Wait()
	if n, l := e.recent.Len(), len(e.recent.list()); n != 50 || l != 50 {
		t.Errorf("buffer holds %d (lists %d), want 50", n, l)
	}
	_, own, _ := scrape(t, e.Handler(), "/metrics", nil)
	if s := one(t, own, "tlscheck_exporter_recent_probes", nil); s.value != 50 {
		t.Errorf("tlscheck_exporter_recent_probes = %v", s.value)
	}
	total := 0.0
	for _, s := range find(own, "tlscheck_exporter_probes_total", nil) {
		total += s.value
	}
	if total != runs {
		t.Errorf("probes_total sums to %v, want %d", total, runs)
	}
}

func TestFilesModuleAndStatusPage(t *testing.T) {
	leaf := certgen.Leaf("files.example", nil, validFor(10))
	pem := writeFile(t, "server.pem", leaf.PEM())
	c := mustConfig(t, "modules:\n  disk:\n    prober: files\n    files: "+pem+"\n    warn_days: 30\n")
	e := New(Options{Config: c})
	target := `<script>alert("x")</script>`
	code, m, body := scrape(t, e.Handler(), probePath("disk", target), nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	one(t, m, "tlscheck_probe_success", nil)
	one(t, m, "tlscheck_cert_not_after", map[string]string{"role": "leaf", "subject": "CN=files.example"})
	one(t, m, "tlscheck_findings", map[string]string{"id": "cert.expires-soon", "severity": "warning"})
	// The target is the host to check when the module names none.
	one(t, m, "tlscheck_findings", map[string]string{"id": "host.mismatch"})

	rec := newRecorder()
	e.Handler().ServeHTTP(rec, mustRequest(t, "/"))
	page := rec.Body.String()
	if rec.Code != 200 || strings.Contains(page, target) || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("status page (%d) does not escape the target:\n%s", rec.Code, page)
	}
	if !strings.Contains(page, "cert.expires-soon") {
		t.Errorf("status page lacks the finding:\n%s", page)
	}
}

// With one run slot taken, a request that cannot start before its
// deadline is refused with 503.
func TestConcurrencyLimit(t *testing.T) {
	t.Parallel()
	e := New(Options{MaxConcurrent: 1})
	e.sem <- struct{}{} // the one slot, taken
	h := http.Header{}
	h.Set("X-Prometheus-Scrape-Timeout-Seconds", "0.2")
	if code, _, _ := scrape(t, e.Handler(), probePath("", refusedPort(t)), h); code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", code)
	}
	<-e.sem
	if code, _, _ := scrape(t, e.Handler(), probePath("", refusedPort(t)), h); code != http.StatusOK {
		t.Errorf("status %d once the slot is free, want 200", code)
	}
	_, own, _ := scrape(t, e.Handler(), "/metrics", nil)
	one(t, own, "tlscheck_exporter_requests_rejected_total", map[string]string{"reason": "busy"})
}

// A certificate's names may hold anything: the labels stay valid UTF-8 and
// bounded.
func TestHostileCertificateLabels(t *testing.T) {
	leaf := certgen.Leaf("127.0.0.1", nil, validFor(30), certgen.Subject(pkix.Name{
		CommonName:   "127.0.0.1",
		Organization: []string{strings.Repeat("Ö", 400)},
	}))
	addr := tlsServer(t, leaf)
	code, m, body := scrape(t, New(Options{}).Handler(), probePath("", addr), nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	s := one(t, m, "tlscheck_cert_not_after", map[string]string{"role": "leaf"})
	if subject := s.labels["subject"]; !utf8.ValidString(subject) || len(subject) > maxLabelValue+len("…") {
		t.Errorf("subject label %q (%d bytes)", subject, len(subject))
	}
	// crypto/x509 parses no invalid UTF-8 into a name today; the label
	// would be valid if it did.
	if got := labelValue("bad\xff\xfename"); !utf8.ValidString(got) || !strings.HasPrefix(got, "bad") {
		t.Errorf("labelValue = %q", got)
	}
}

// A module that cannot run (a ca: file that is not there) says so in the
// metrics, not only in the log.
func TestModuleCannotRun(t *testing.T) {
	c := mustConfig(t, "modules:\n  broken:\n    ca: /nonexistent/ca.pem\n  nofiles:\n    prober: files\n    files: [/nonexistent/dir]\n")
	e := New(Options{Config: c})
	for _, module := range []string{"broken", "nofiles"} {
		code, m, body := scrape(t, e.Handler(), probePath(module, refusedPort(t)), nil)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", module, code, body)
		}
		if s := one(t, m, "tlscheck_probe_success", nil); s.value != 0 {
			t.Errorf("%s: success %v", module, s.value)
		}
		one(t, m, "tlscheck_probe_failure_info", map[string]string{"stage": "setup", "kind": "config"})
	}
	_, own, _ := scrape(t, e.Handler(), "/metrics", nil)
	one(t, own, "tlscheck_exporter_probes_total", map[string]string{"module": "broken", "result": "error"})
}
