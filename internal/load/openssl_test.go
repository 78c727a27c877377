package load

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// selfSigned makes key.pem and cert.pem with the guides' one-liner.
func selfSigned(t *testing.T, dir string) {
	openssl(t, dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=openssl.example.test", "-days", "30")
}

func TestOpenSSLEncryptedKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const pass = "pass:Legacy-Pass-123"
	// OpenSSL 3's genrsa -aes256 writes PKCS#8; -traditional gives the legacy form.
	work := t.TempDir()
	openssl(t, work, "genrsa", "-out", "plain.pem", "2048")
	openssl(t, work, "rsa", "-traditional", "-aes256", "-passout", pass, "-in", "plain.pem", "-out", filepath.Join(dir, "legacy.pem"))
	openssl(t, dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passin", pass, "-passout", pass, "-in", "legacy.pem", "-out", "pkcs8.pem")
	openssl(t, dir, "ecparam", "-genkey", "-name", "prime256v1", "-out", "ec.pem")
	openssl(t, dir, "ec", "-aes128", "-passout", pass, "-in", "ec.pem", "-out", "ec-legacy.pem")
	path := func(n string) string { return filepath.Join(dir, n) }

	for _, pw := range []string{"", "Legacy-Pass-123"} {
		f := mustLoad(t, Config{Paths: []string{dir}, Password: pw})
		noProblems(t, f)
		keys := map[string]*facts.Key{}
		for _, k := range f.Keys {
			keys[filepath.Base(k.Source.File)] = k
		}
		if len(keys) != 4 {
			t.Fatalf("password %q: %d keys", pw, len(keys))
		}
		legacy := keys["legacy.pem"]
		if !legacy.Encrypted || legacy.Type != "RSA" || legacy.EncryptionFormat != "legacy PEM (AES-256-CBC)" {
			t.Errorf("legacy: %+v", legacy)
		}
		p8 := keys["pkcs8.pem"]
		if !p8.Encrypted || p8.EncryptionFormat != "PKCS#8 PBES2 (AES-256-CBC)" {
			t.Errorf("pkcs8: %+v", p8)
		}
		ec := keys["ec.pem"]
		if ec.Encrypted || ec.Type != "ECDSA" || ec.Curve != "P-256" || ec.SPKIPin == "" {
			t.Errorf("ec with EC PARAMETERS: %+v", ec)
		}
		if ecl := keys["ec-legacy.pem"]; !ecl.Encrypted || ecl.Type != "ECDSA" || ecl.EncryptionFormat != "legacy PEM (AES-128-CBC)" {
			t.Errorf("ec legacy: %+v", ecl)
		}
		if pw == "" {
			if p8.Type != "unknown" || p8.SPKIPin != "" || legacy.Bits != 0 {
				t.Errorf("without password the key cannot be opened: %+v %+v", p8, legacy)
			}
		} else {
			// With the password both are opened and can be paired.
			if p8.Type != "RSA" || p8.Bits != 2048 || p8.SPKIPin == "" || legacy.SPKIPin != p8.SPKIPin {
				t.Errorf("opened: pkcs8 %+v legacy %+v", p8, legacy)
			}
		}
		if kinds := fileByPath(t, f, path("ec.pem")).Kinds; len(kinds) != 1 {
			t.Errorf("EC PARAMETERS must be silent: kinds %v", kinds)
		}
	}
}

func TestOpenSSLPKCS12(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	selfSigned(t, dir)
	openssl(t, dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "cakey.pem", "-out", "ca.pem", "-subj", "/CN=P12 CA", "-days", "30")
	openssl(t, dir, "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-certfile", "ca.pem", "-out", "modern.p12", "-passout", "pass:P12-Secret-xyz")
	openssl(t, dir, "pkcs12", "-export", "-legacy", "-in", "cert.pem", "-inkey", "key.pem", "-out", "legacy.pfx", "-passout", "pass:P12-Secret-xyz")
	openssl(t, dir, "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "nopass.p12", "-passout", "pass:")
	p12 := []string{filepath.Join(dir, "modern.p12"), filepath.Join(dir, "legacy.pfx")}

	f := mustLoad(t, Config{Paths: p12, Password: "P12-Secret-xyz"})
	noProblems(t, f)
	for _, p := range p12 {
		file := fileByPath(t, f, p)
		if file.Encoding != facts.EncodingPKCS12 || strings.Join(file.Kinds, ",") != "certificate,private-key" {
			t.Errorf("%s: %+v", p, file)
		}
	}
	if len(f.Certs) != 3 || len(f.Keys) != 2 {
		t.Fatalf("certs %d keys %d", len(f.Certs), len(f.Keys))
	}
	if c := f.Certs[0]; c.Source.File != p12[0] || c.Source.Index != 0 || c.X509.Subject.CommonName != "openssl.example.test" || f.Certs[1].Source.Index != 1 {
		t.Errorf("p12 certs: %+v", c.Source)
	}
	if f.Keys[0].SPKIPin != f.Certs[0].SPKIPin() || f.Keys[0].Source.File != p12[0] {
		t.Errorf("p12 key does not pair with its certificate")
	}

	wrong := mustLoad(t, Config{Paths: p12, Password: "not-the-password"})
	none := mustLoad(t, Config{Paths: p12})
	for _, f := range []*facts.Facts{wrong, none} {
		if len(f.Certs) != 0 || len(f.Keys) != 0 {
			t.Errorf("opened with a wrong password")
		}
		for _, p := range p12 {
			file := fileByPath(t, f, p)
			if file.PKCS12Error == "" || len(file.Problems) != 0 || file.Encoding != facts.EncodingPKCS12 {
				t.Errorf("%s: %+v", p, file)
			}
		}
	}
	if !strings.Contains(none.Files[0].PKCS12Error, "no password was given") || !strings.Contains(wrong.Files[0].PKCS12Error, "does not open") {
		t.Errorf("messages: %q / %q", none.Files[0].PKCS12Error, wrong.Files[0].PKCS12Error)
	}

	// An empty export password opens without --password.
	f = mustLoad(t, Config{Paths: []string{filepath.Join(dir, "nopass.p12")}})
	noProblems(t, f)
	if len(f.Certs) != 1 || len(f.Keys) != 1 {
		t.Errorf("no-password bundle: certs %d keys %d", len(f.Certs), len(f.Keys))
	}
}

func TestOpenSSLPKCS7DERAndText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	selfSigned(t, dir)
	openssl(t, dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "cakey.pem", "-out", "ca.pem", "-subj", "/CN=P7 CA", "-days", "30")
	openssl(t, dir, "crl2pkcs7", "-nocrl", "-certfile", "cert.pem", "-certfile", "ca.pem", "-out", "bundle.p7b")
	openssl(t, dir, "crl2pkcs7", "-nocrl", "-certfile", "cert.pem", "-certfile", "ca.pem", "-outform", "der", "-out", "bundle.p7c")
	openssl(t, dir, "x509", "-in", "cert.pem", "-outform", "der", "-out", "cert.der")
	openssl(t, dir, "pkey", "-in", "key.pem", "-outform", "der", "-out", "key.der")
	openssl(t, dir, "x509", "-in", "cert.pem", "-text", "-out", "text.pem")
	openssl(t, dir, "req", "-new", "-key", "key.pem", "-subj", "/CN=csr.example.test", "-out", "req.csr")
	openssl(t, dir, "dhparam", "-dsaparam", "-out", "dh.pem", "2048")
	p := func(n string) string { return filepath.Join(dir, n) }

	f := mustLoad(t, Config{Paths: []string{p("bundle.p7b"), p("bundle.p7c"), p("cert.der"), p("key.der"), p("text.pem"), p("req.csr"), p("dh.pem")}})
	noProblems(t, f)
	wantEnc := map[string]string{"bundle.p7b": facts.EncodingPKCS7, "bundle.p7c": facts.EncodingPKCS7, "cert.der": facts.EncodingDER, "key.der": facts.EncodingDER, "text.pem": facts.EncodingPEM, "req.csr": facts.EncodingPEM, "dh.pem": facts.EncodingPEM}
	for name, enc := range wantEnc {
		if got := fileByPath(t, f, p(name)).Encoding; got != enc {
			t.Errorf("%s: encoding %q, want %q", name, got, enc)
		}
	}
	if n := len(f.CertsIn(p("bundle.p7b"))); n != 2 {
		t.Errorf("p7b: %d certs", n)
	}
	if c := f.CertsIn(p("bundle.p7c")); len(c) != 2 || c[1].Source.Index != 1 {
		t.Errorf("p7c: %d certs", len(c))
	}
	if len(f.CertsIn(p("cert.der"))) != 1 || len(f.CertsIn(p("text.pem"))) != 1 {
		t.Error("DER or -text certificate not loaded")
	}
	if len(f.Keys) != 1 || f.Keys[0].SPKIPin != f.CertsIn(p("cert.der"))[0].SPKIPin() {
		t.Error("DER key not loaded or not matching")
	}
	if len(f.CSRs) != 1 || f.CSRs[0].X509.Subject.CommonName != "csr.example.test" {
		t.Errorf("CSR: %+v", f.CSRs)
	}
	if len(f.DHParams) != 1 || f.DHParams[0].Bits != 2048 {
		t.Errorf("X9.42 DH: %+v", f.DHParams)
	}
}

func TestOpenSSLDSAKeyPairs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	openssl(t, dir, "dsaparam", "-out", "dsaparam.pem", "1024")
	openssl(t, dir, "gendsa", "-out", "dsa.pem", "dsaparam.pem")
	openssl(t, dir, "pkcs8", "-topk8", "-nocrypt", "-in", "dsa.pem", "-out", "dsa8.pem")
	openssl(t, dir, "req", "-x509", "-key", "dsa.pem", "-out", "dsacert.pem", "-subj", "/CN=dsa.example.test", "-days", "30")
	f := mustLoad(t, Config{Paths: []string{filepath.Join(dir, "dsa.pem"), filepath.Join(dir, "dsa8.pem"), filepath.Join(dir, "dsacert.pem")}})
	noProblems(t, f)
	if len(f.Keys) != 2 || len(f.Certs) != 1 {
		t.Fatalf("keys %d certs %d", len(f.Keys), len(f.Certs))
	}
	for _, k := range f.Keys {
		if k.Type != "DSA" || k.Bits != 1024 || k.SPKIPin != f.Certs[0].SPKIPin() {
			t.Errorf("DSA key %+v does not pair with its certificate", k)
		}
	}
}
