package crl

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"math/big"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

var now = certgen.Epoch.Add(10 * 24 * time.Hour)

func fc(c *certgen.Cert, file string, role facts.Role) *facts.Cert {
	return &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Role: role}}
}

// makeCRL signs a CRL (with a non-critical CRLNumber, as Go writes it)
// with ca, listing serials.
func makeCRL(t *testing.T, ca *certgen.Cert, serials []*big.Int, nextUpdate time.Time) *facts.CRL {
	t.Helper()
	tmpl := &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: certgen.Epoch, NextUpdate: nextUpdate}
	for _, s := range serials {
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries, x509.RevocationListEntry{SerialNumber: s, RevocationTime: certgen.Epoch.Add(time.Hour)})
	}
	// Go refuses to sign for an issuer without cRLSign; a copy with the bit
	// set (same name and key) makes the CRL such a CA would produce.
	issuer := *ca.X509
	if issuer.KeyUsage != 0 {
		issuer.KeyUsage |= x509.KeyUsageCRLSign
	}
	der, err := x509.CreateRevocationList(rand.Reader, tmpl, &issuer, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	return &facts.CRL{Raw: der, X509: rl, Source: facts.Source{File: "crl.pem"}}
}

// chainFacts is leaf <- intermediate <- root (trusted) with the CRLs given.
func chainFacts(leaf, inter, root *certgen.Cert, crls ...*facts.CRL) *facts.Facts {
	return &facts.Facts{
		Now:     now,
		Options: facts.Options{Purpose: facts.PurposeServer},
		Certs:   []*facts.Cert{fc(leaf, "fullchain.pem", facts.RoleAuto), {Raw: inter.DER, X509: inter.X509, Source: facts.Source{File: "fullchain.pem", Index: 1}}},
		Roots:   []*facts.Cert{fc(root, "ca.pem", facts.RoleCA)},
		CRLs:    crls,
	}
}

func run(t *testing.T, f *facts.Facts, id string) []checks.Finding {
	t.Helper()
	sel, _ := checks.ParseSelector(id)
	var out []checks.Finding
	for _, fd := range checks.Findings(checks.Run(context.Background(), f, sel)) {
		if fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
			t.Errorf("incomplete finding %+v", fd)
		}
		out = append(out, fd)
	}
	return out
}
