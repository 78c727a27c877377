package cipher

import (
	"context"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Suites by code point (IANA registry), with the names the findings must use.
const (
	rsaNullSHA    = 0x0002 // TLS_RSA_WITH_NULL_SHA, NULL-SHA
	expRC4MD5     = 0x0003 // TLS_RSA_EXPORT_WITH_RC4_40_MD5, EXP-RC4-MD5
	rsaRC4SHA     = 0x0005 // TLS_RSA_WITH_RC4_128_SHA, RC4-SHA
	rsa3DES       = 0x000A // TLS_RSA_WITH_3DES_EDE_CBC_SHA, DES-CBC3-SHA
	adhRC4MD5     = 0x0018 // TLS_DH_anon_WITH_RC4_128_MD5, ADH-RC4-MD5
	rsaAES128     = 0x002F // TLS_RSA_WITH_AES_128_CBC_SHA, AES128-SHA
	rsaAES128GCM  = 0x009C // TLS_RSA_WITH_AES_128_GCM_SHA256, AES128-GCM-SHA256
	dheAES128GCM  = 0x009E // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, DHE-RSA-AES128-GCM-SHA256
	ecdheAES128   = 0xC013 // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, ECDHE-RSA-AES128-SHA
	ecdheAES128GC = 0xC02F // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256
	ecdheChaCha   = 0xCCA8 // TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, ECDHE-RSA-CHACHA20-POLY1305
	tls13AES128   = 0x1301 // TLS_AES_128_GCM_SHA256
)

// scan is a scan of scheme://srv:port accepting the versions of accepted
// (suites in the order given), refusing the others of TLS 1.0-1.3.
func scan(scheme facts.Scheme, port int, accepted map[facts.TLSVersion][]uint16) *facts.Facts {
	s := &facts.Scan{ServerOrder: map[facts.TLSVersion]bool{}}
	for _, v := range []facts.TLSVersion{facts.VersionSSL20, facts.VersionSSL30, facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13} {
		ids, ok := accepted[v]
		s.Versions = append(s.Versions, facts.VersionResult{Version: v, Tested: true, Offered: ok})
		for _, id := range ids {
			s.Ciphers = append(s.Ciphers, facts.AcceptedSuite{Version: v, ID: id})
		}
		if ok {
			s.ServerOrder[v] = true
		}
	}
	return &facts.Facts{Now: certgen.Epoch, Scan: s,
		Connection: &facts.Connection{Target: "srv", Scheme: scheme, Host: "srv", Port: port, Stage: facts.StageDone, Version: facts.VersionTLS12}}
}

func runCheck(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, []checks.Gap, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == id {
			for _, fd := range r.Findings {
				if fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
					t.Errorf("%s: incomplete finding %+v", id, fd)
				}
			}
			return r.Findings, r.NotChecked, r.NotApplicable
		}
	}
	t.Fatalf("%s not registered", id)
	return nil, nil, ""
}
