package policy

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

const modernID = "policy.mozilla-modern"

func TestModernCompliant(t *testing.T) {
	got, na := judgeWith(t, modernID, "mozilla-modern", modernServer(), nil)
	if len(got) != 0 || na != "" {
		t.Fatalf("a TLS 1.3-only ECDSA server with HSTS: got %+v (not applicable %q)", got, na)
	}
}

// An intermediate RSA server judged as modern: TLS 1.2 and its suites are
// extra and the RSA certificate is not ECDSA; nothing else differs (its
// TLS 1.3 suites, groups, lifetime and HSTS are modern's).
func TestModernIntermediateServer(t *testing.T) {
	got, _ := judgeWith(t, modernID, "mozilla-modern", intermediateRSAServer(), nil)
	k := kinds(got)
	if len(got) != 3 || len(k) != 3 {
		t.Fatalf("want 3 deviations, got %+v", got)
	}
	v, ok := k[ExtraVersions]
	if !ok || v.Evidence["observed"] != "TLS 1.2" || v.Evidence["expected"] != "TLS 1.3" ||
		!strings.Contains(v.Fix, "ssl_protocols TLSv1.3;") {
		t.Errorf("extra versions: %+v", v)
	}
	s, ok := k[ExtraSuites]
	if !ok || !strings.Contains(s.Message, "6 suite(s)") || !strings.Contains(s.Evidence["observed"], "DHE-RSA-CHACHA20-POLY1305") {
		t.Errorf("extra suites: %+v", s)
	}
	c, ok := k[CertificateKey]
	if !ok || !strings.Contains(c.Message, "RSA 2048 key") || !strings.Contains(c.Message, "SHA256-RSA") ||
		!strings.Contains(c.Fix, "prime256v1") {
		t.Errorf("certificate: %+v", c)
	}
	for _, f := range got {
		if f.ID != modernID || f.Severity != checks.Warning || f.Subject == "" || f.Evidence["target"] != "example.test:443" {
			t.Errorf("finding shape: %+v", f)
		}
	}
}

func TestModernHSTSAndLifetime(t *testing.T) {
	s := modernServer()
	hsts(s, "max-age=86400")
	s.Certs = nil
	serve(s, "p256", 365)
	k := kinds(func() []checks.Finding { f, _ := judgeWith(t, modernID, "mozilla-modern", s, nil); return f }())
	if h, ok := k[HSTS]; !ok || h.Evidence["observed"] != "max-age=86400" || !strings.Contains(h.Fix, `max-age=63072000`) {
		t.Errorf("HSTS: %+v", h)
	}
	if l, ok := k[CertLifetime]; !ok || !strings.Contains(l.Message, "valid 365 days") || l.Evidence["expected"] != "at most 90 days" {
		t.Errorf("lifetime: %+v", l)
	}
}

// Fixes follow the server: mosquitto for mqtts://, NATS for nats://.
func TestModernFixPerServer(t *testing.T) {
	mq := &facts.Connection{Target: "mqtts://broker:8883", Scheme: facts.SchemeMQTTS, Host: "broker", Port: 8883}
	k := kinds(func() []checks.Finding {
		f, _ := judgeWith(t, modernID, "mozilla-modern", intermediateRSAServer(), mq)
		return f
	}())
	if !strings.Contains(k[ExtraVersions].Fix, "tls_version tlsv1.3") || !strings.Contains(k[ExtraSuites].Fix, "ciphers_tls1.3 TLS_AES_128_GCM_SHA256") {
		t.Errorf("mosquitto fixes: %q / %q", k[ExtraVersions].Fix, k[ExtraSuites].Fix)
	}
	nc := &facts.Connection{Target: "nats://n:4222", Scheme: facts.SchemeNATS, Host: "n", Port: 4222}
	k = kinds(func() []checks.Finding {
		f, _ := judgeWith(t, modernID, "mozilla-modern", intermediateRSAServer(), nc)
		return f
	}())
	if !strings.Contains(k[ExtraVersions].Fix, `min_version: "1.3"`) {
		t.Errorf("NATS fix: %q", k[ExtraVersions].Fix)
	}
}

func TestModernNotApplicable(t *testing.T) {
	if got, na := judgeWith(t, modernID, "", intermediateRSAServer(), nil); len(got) != 0 || na == "" {
		t.Errorf("without --policy: %+v, %q", got, na)
	}
	if got, na := judgeWith(t, modernID, "mozilla-intermediate", intermediateRSAServer(), nil); len(got) != 0 || na == "" {
		t.Errorf("another policy chosen: %+v, %q", got, na)
	}
	if got, na := judgeWith(t, modernID, "mozilla-modern", nil, nil); len(got) != 0 || !strings.Contains(na, "no scan") {
		t.Errorf("without a scan: %+v, %q", got, na)
	}
}
