package cipher

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestCBCPreferred(t *testing.T) {
	v12 := facts.VersionTLS12
	for _, tc := range []struct {
		name        string
		order       []uint16 // the server's order
		serverOrder *bool    // nil: the scan did not find out
		findings    int
		gaps        int
		want        []string
	}{
		{"CBC first", []uint16{ecdheAES128, ecdheAES128GC}, ptr(true), 1, 0,
			[]string{"picks the CBC suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (ECDHE-RSA-AES128-SHA) first",
				"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (ECDHE-RSA-AES128-GCM-SHA256)",
				// the fix keeps the suites, AEAD first
				"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA;", "ssl_prefer_server_ciphers on;"}},
		{"CBC in the middle", []uint16{ecdheAES128GC, ecdheAES128, ecdheChaCha}, ptr(true), 1, 0,
			[]string{"puts the CBC suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (ECDHE-RSA-AES128-SHA) before the AEAD suite TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}},
		{"AEAD first", []uint16{ecdheAES128GC, ecdheChaCha, ecdheAES128}, ptr(true), 0, 0, nil},
		{"client's order", []uint16{ecdheAES128, ecdheAES128GC}, ptr(false), 0, 0, nil},
		{"order unknown", []uint16{ecdheAES128, ecdheAES128GC}, nil, 0, 1, nil},
		{"CBC only", []uint16{ecdheAES128, rsaAES128}, ptr(true), 0, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := scan(facts.SchemeHTTPS, 443, map[facts.TLSVersion][]uint16{v12: tc.order})
			delete(f.Scan.ServerOrder, v12)
			if tc.serverOrder != nil {
				f.Scan.ServerOrder[v12] = *tc.serverOrder
			}
			got, gaps, _ := runCheck(t, f, "cipher.cbc-preferred")
			if len(got) != tc.findings || len(gaps) != tc.gaps {
				t.Fatalf("got %+v gaps %+v", got, gaps)
			}
			for _, s := range tc.want {
				if !strings.Contains(got[0].Message+" "+got[0].Fix, s) {
					t.Errorf("lacks %q: %s / %s", s, got[0].Message, got[0].Fix)
				}
			}
			if tc.findings == 1 && got[0].Severity.String() != "info" {
				t.Errorf("severity %s", got[0].Severity)
			}
		})
	}
}

func ptr(b bool) *bool { return &b }
