package host

import (
	"crypto/x509"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
)

// openSSLAccepts runs `openssl verify -verify_hostname` (or -verify_ip) on a
// self-signed certificate trusted as itself: OpenSSL's own host check.
func openSSLAccepts(t *testing.T, c *certgen.Cert, host string) bool {
	t.Helper()
	checktest.NeedTools(t, "openssl")
	path := checktest.TempWriter(t)("cert.pem", c.PEM())
	flag := "-verify_hostname"
	if strings.Count(host, ".") == 3 && strings.Trim(host, "0123456789.") == "" {
		flag = "-verify_ip"
	}
	err := exec.Command("openssl", "verify", "-attime", fmt.Sprint(checktest.Now.Unix()), "-CAfile", path, flag, host, path).Run()
	return err == nil
}

// The message says what OpenSSL does with the CN, as openssl itself does it.
func TestMismatchNoSANSaysWhatOpenSSLDoes(t *testing.T) {
	cnOnly := certgen.Leaf("broker.example", nil, certgen.DNS())
	for _, tc := range []struct {
		host    string
		openssl bool // what `openssl verify` says, checked below
		want    []string
	}{
		{"broker.example", true, []string{"CN=broker.example names the host", "Go 1.15+ and Apple platforms ignore the subject CN and refuse it", "curl, mosquitto, Python's ssl", "X509_CHECK_FLAG_NEVER_CHECK_SUBJECT", "fall back to the CN and accept it"}},
		{"other.example", false, []string{"does not name the host either", "find no match"}},
	} {
		if got := openSSLAccepts(t, cnOnly, tc.host); got != tc.openssl {
			t.Errorf("openssl verify -verify_hostname %s: accepted=%v, the test expects %v", tc.host, got, tc.openssl)
		}
		got := wantN(t, hostFacts(cnOnly, tc.host), "host.mismatch", 1)
		wantContains(t, got[0].Message, tc.want...)
		if strings.Contains(got[0].Message, "OpenSSL's host check) ignore") {
			t.Errorf("message says OpenSSL ignores the CN: %s", got[0].Message)
		}
	}

	ip := certgen.Leaf("127.0.0.1", nil, certgen.Template(func(t *x509.Certificate) { t.IPAddresses = nil }))
	if openSSLAccepts(t, ip, "127.0.0.1") {
		t.Error("openssl verify -verify_ip matched the CN; the message says it does not")
	}
	got := wantN(t, hostFacts(ip, "127.0.0.1"), "host.mismatch", 1)
	wantContains(t, got[0].Message, "never against the subject CN", "X509_check_ip")
}
