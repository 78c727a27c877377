package crl

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// pki is root <- intermediate <- leaf with the CRLs given.
type pki struct {
	root, inter, leaf *certgen.Cert
	crls              []*certgen.CRL
}

func newPKI(name string) pki {
	root := certgen.Root(name + " Root")
	inter := certgen.Intermediate(name+" Issuing CA", root)
	return pki{root: root, inter: inter, leaf: certgen.Leaf(strings.ToLower(strings.ReplaceAll(name, " ", "-"))+".example", inter)}
}

func (k pki) facts() *facts.Facts {
	var crls []*facts.CRL
	for i, c := range k.crls {
		crls = append(crls, &facts.CRL{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "crl.pem", Index: i}})
	}
	return chainFacts(k.leaf, k.inter, k.root, crls...)
}

// openssl runs `openssl verify` with the CRLs at the test clock: flag is
// -crl_check_all (nginx ssl_crl) or -crl_check (mosquitto crlfile). It
// returns "OK" or the error line.
func (k pki) openssl(t *testing.T, flag string) string {
	t.Helper()
	checktest.NeedTools(t, "openssl")
	write := checktest.TempWriter(t)
	var crlPEM bytes.Buffer
	for _, c := range k.crls {
		crlPEM.Write(c.PEM())
	}
	out, _ := exec.Command("openssl", "verify", flag, "-attime", fmt.Sprint(now.Unix()),
		"-CRLfile", write("crl.pem", crlPEM.Bytes()), "-CAfile", write("root.pem", k.root.PEM()),
		"-untrusted", write("int.pem", k.inter.PEM()), write("leaf.pem", k.leaf.PEM())).CombinedOutput()
	s := string(out)
	if strings.Contains(s, ": OK") && !strings.Contains(s, "error") {
		return "OK"
	}
	return s
}
