package crl

import (
	"math/big"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestInvalidKinds: crl.invalid for each CRL problem OpenSSL refuses
// (issue 9 item 4; PKITS 4.4, 4.14, 4.15), cross-checked against
// `openssl verify -crl_check_all` (nginx ssl_crl) and `-crl_check`
// (mosquitto crlfile).
func TestInvalidKinds(t *testing.T) {
	null := []byte{0x05, 0x00}
	cases := []struct {
		name string
		// crls builds the CRLs; the root's CRL for the intermediate is
		// sound unless the case says otherwise.
		crls       func(k pki) []*certgen.CRL
		kind       facts.CRLProblem
		opensslErr string
		// leafLevel: the problem is in the leaf's CRL, which mosquitto's
		// X509_V_FLAG_CRL_CHECK also looks up.
		leafLevel bool
	}{
		{"bad signature", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter, certgen.BadSignature())}
		}, facts.CRLBadSignature, "CRL signature failure", true},
		{"unknown critical CRL extension", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter, certgen.CRLExtension("1.3.6.1.4.1.99999.1", true, null))}
		}, facts.CRLUnknownCritical, "unhandled critical CRL extension", true},
		{"unknown critical entry extension", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter, certgen.Revoke(big.NewInt(999)), certgen.EntryExtension("1.3.6.1.4.1.99999.2", true, null))}
		}, facts.CRLUnknownCriticalEntry, "unhandled critical CRL extension", true},
		{"onlyContainsCACerts for the leaf", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter, certgen.IDP(certgen.IDPScope{OnlyCACerts: true}))}
		}, facts.CRLOnlyCACerts, "different CRL scope", true},
		{"onlyContainsUserCerts for the intermediate", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root, certgen.IDP(certgen.IDPScope{OnlyUserCerts: true})), certgen.NewCRL(k.inter)}
		}, facts.CRLOnlyUserCerts, "different CRL scope", false},
		{"onlySomeReasons", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter, certgen.IDP(certgen.IDPScope{OnlySomeReasons: certgen.ReasonKeyCompromise}))}
		}, facts.CRLOnlySomeReasons, "unable to get certificate CRL", true},
		{"indirect CRL", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter, certgen.IDP(certgen.IDPScope{Indirect: true}))}
		}, facts.CRLIndirect, "unable to get certificate CRL", true},
		{"delta CRL without its base", func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.root), certgen.NewCRL(k.inter, certgen.Number(2), certgen.Delta(1))}
		}, facts.CRLDeltaWithoutBase, "unable to get certificate CRL", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := newPKI("Kinds")
			k.crls = c.crls(k)
			got := checktest.WantN(t, k.facts(), "crl.invalid", 1)
			if got[0].Evidence["kind"] != c.kind.String() {
				t.Errorf("kind %q, want %q: %s", got[0].Evidence["kind"], c.kind, got[0].Message)
			}
			checktest.WantContains(t, got[0].Message, c.opensslErr, "nginx")
			checktest.WantN(t, k.facts(), "crl.missing", 0)
			checktest.WantN(t, k.facts(), "crl.revoked", 0)
			if out := k.openssl(t, "-crl_check_all"); !strings.Contains(out, c.opensslErr) {
				t.Errorf("openssl -crl_check_all: %s, want %q", out, c.opensslErr)
			}
			mosquitto := k.openssl(t, "-crl_check")
			if c.leafLevel != (mosquitto != "OK") {
				t.Errorf("openssl -crl_check (mosquitto): %s; leaf-level=%v", mosquitto, c.leafLevel)
			}
			if c.leafLevel != strings.Contains(got[0].Message, "and so does mosquitto") {
				t.Errorf("mosquitto claim wrong for leaf-level=%v: %s", c.leafLevel, got[0].Message)
			}
		})
	}
}

// TestInvalidScopeCovered: a narrowed or delta CRL beside a complete one is
// fine (openssl accepts too).
func TestInvalidScopeCovered(t *testing.T) {
	for name, extra := range map[string]func(k pki) []*certgen.CRL{
		"onlyContainsCACerts beside a complete CRL": func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.inter, certgen.IDP(certgen.IDPScope{OnlyCACerts: true})), certgen.NewCRL(k.inter)}
		},
		"delta CRL with its base": func(k pki) []*certgen.CRL {
			return []*certgen.CRL{certgen.NewCRL(k.inter, certgen.Number(1)), certgen.NewCRL(k.inter, certgen.Number(2), certgen.Delta(1))}
		},
	} {
		t.Run(name, func(t *testing.T) {
			k := newPKI("Covered")
			k.crls = append([]*certgen.CRL{certgen.NewCRL(k.root)}, extra(k)...)
			checktest.WantN(t, k.facts(), "crl.invalid", 0)
			checktest.WantN(t, k.facts(), "crl.missing", 0)
			if out := k.openssl(t, "-crl_check_all"); out != "OK" {
				t.Errorf("openssl -crl_check_all: %s", out)
			}
		})
	}
}
