package policy

import (
	"context"
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

var allVersions = []facts.TLSVersion{facts.VersionSSL20, facts.VersionSSL30, facts.VersionTLS10,
	facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13}

// scanOf builds a scan accepting versions, with the suites named (OpenSSL
// names) per version, in order.
func scanOf(accepted []facts.TLSVersion, bySuite map[facts.TLSVersion][]string, dhBits int) *facts.Scan {
	s := &facts.Scan{ServerOrder: map[facts.TLSVersion]bool{}}
	for _, v := range allVersions {
		on := false
		for _, a := range accepted {
			on = on || a == v
		}
		s.Versions = append(s.Versions, facts.VersionResult{Version: v, Offered: on, Tested: true})
		if on {
			s.ServerOrder[v] = false
		}
	}
	for _, v := range accepted {
		for _, name := range bySuite[v] {
			st, ok := suites.ByOpenSSLName(name)
			if !ok {
				st, ok = byIANAName(name)
			}
			if !ok {
				panic("unknown suite " + name)
			}
			a := facts.AcceptedSuite{Version: v, ID: st.ID, KeyType: st.KeyType}
			if st.Kx == "DHE" {
				a.DHBits = dhBits
			}
			if st.Kx == "ECDHE" || st.TLS13 {
				a.Group = 29
			}
			s.Ciphers = append(s.Ciphers, a)
		}
	}
	for _, id := range []uint16{29, 23, 24} { // x25519, P-256, P-384
		g, _ := suites.GroupByID(id)
		s.Groups = append(s.Groups, facts.GroupResult{ID: id, Versions: accepted, Bits: g.Bits})
	}
	return s
}

// serve adds a chain with a leaf of key type keyType ("p256", "rsa2048")
// signed by a root of the same kind, valid days.
func serve(s *facts.Scan, keyType string, days int) {
	root := certgen.Root("Policy Test Root", certgen.KeyType(keyType))
	opts := []certgen.Option{certgen.KeyType(keyType), certgen.Days(days)}
	if keyType[0] == 'p' {
		opts = append(opts, certgen.SigAlg(x509.ECDSAWithSHA256))
	} else {
		opts = append(opts, certgen.SigAlg(x509.SHA256WithRSA))
	}
	leaf := certgen.Leaf("example.test", root, opts...)
	kt := "RSA"
	if keyType[0] == 'p' {
		kt = "ECDSA"
	}
	s.Certs = append(s.Certs, facts.ServedChain{KeyType: kt, Raw: [][]byte{leaf.DER, root.DER}})
}

func hsts(s *facts.Scan, header string) { s.Features.HSTS = &header }

// modernServer: TLS 1.3 only, an ECDSA P-256 certificate of 90 days, HSTS.
func modernServer() *facts.Scan {
	s := scanOf([]facts.TLSVersion{facts.VersionTLS13}, map[facts.TLSVersion][]string{facts.VersionTLS13: mozillaTLS13}, 0)
	serve(s, "p256", 90)
	hsts(s, "max-age=63072000; includeSubDomains")
	return s
}

// intermediateRSAServer: TLS 1.2 and 1.3, the intermediate suites an RSA
// certificate can use, DH 2048, the client's order.
func intermediateRSAServer() *facts.Scan {
	s := scanOf([]facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS13}, map[facts.TLSVersion][]string{
		facts.VersionTLS12: {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
			"DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305"},
		facts.VersionTLS13: mozillaTLS13,
	}, 2048)
	serve(s, "rsa2048", 90)
	hsts(s, "max-age=63072000")
	return s
}

// oldServer: TLS 1.0 to 1.3 with every old suite an RSA certificate can
// use at each version, in Mozilla's order, the server's order, DH 1024.
func oldServer() *facts.Scan {
	by := map[facts.TLSVersion][]string{facts.VersionTLS13: mozillaTLS13}
	for _, v := range []facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12} {
		for _, st := range suiteIDs(oldCiphers) {
			if usable(st, v, []string{"RSA"}) {
				by[v] = append(by[v], st.OpenSSL)
			}
		}
	}
	s := scanOf([]facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13}, by, 1024)
	for _, v := range []facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12} {
		s.ServerOrder[v] = true
	}
	serve(s, "rsa2048", 90)
	hsts(s, "max-age=63072000")
	return s
}

// judgeWith runs check id with --policy name on scan s over conn.
func judgeWith(t *testing.T, id, name string, s *facts.Scan, conn *facts.Connection) ([]checks.Finding, string) {
	t.Helper()
	if conn == nil {
		conn = &facts.Connection{Target: "https://example.test", Scheme: facts.SchemeHTTPS, Host: "example.test", Port: 443}
	}
	f := &facts.Facts{Now: certgen.Epoch, Options: facts.Options{Policy: name}, Scan: s, Connection: conn}
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == id {
			return r.Findings, r.NotApplicable
		}
	}
	t.Fatalf("%s not registered", id)
	return nil, ""
}

// kinds maps each finding's deviation kind to the finding.
func kinds(fs []checks.Finding) map[Kind]checks.Finding {
	out := map[Kind]checks.Finding{}
	for _, f := range fs {
		out[Kind(f.Evidence["deviation"])] = f
	}
	return out
}
