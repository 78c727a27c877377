package file

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
)

func TestMixedContent(t *testing.T) {
	root := certgen.Root("Mixed Root")
	leaf := certgen.Leaf("mixed.example.test", root)
	dir := t.TempDir()
	combined := filepath.Join(dir, "combined.pem")
	chain := filepath.Join(dir, "fullchain.pem")
	if err := os.WriteFile(combined, append(leaf.KeyPEM(), certgen.Bundle(leaf, root)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(chain, certgen.Bundle(leaf, root), 0o644); err != nil {
		t.Fatal(err)
	}
	f := loadPaths(t, load.Config{Paths: []string{combined, chain}})
	fds, _ := run(t, f, "file.mixed-content")
	if len(fds) != 1 || fds[0].Subject != combined || fds[0].Severity != checks.Info {
		t.Fatalf("%+v", fds)
	}
	if fds[0].Evidence["kinds"] != "private-key, certificate" {
		t.Errorf("kinds evidence %q", fds[0].Evidence["kinds"])
	}
	wantFix(t, fds[0],
		"sed -n '/-----BEGIN .*PRIVATE KEY-----/,/-----END .*PRIVATE KEY-----/p' "+combined+" > key.pem && chmod 600 key.pem",
		"sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "+combined+" > cert.pem")
}

func TestMixedContentNegative(t *testing.T) {
	f := facts1(
		&facts.File{Path: "chain.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}},
		&facts.File{Path: "bundle.p12", Encoding: facts.EncodingPKCS12, Kinds: []string{facts.KindCertificate, facts.KindPrivateKey}},
	)
	if fds, _ := run(t, f, "file.mixed-content"); len(fds) != 0 {
		t.Errorf("%+v", fds)
	}
}
