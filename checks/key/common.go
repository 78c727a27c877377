package key

import (
	"bytes"
	"crypto"
	"fmt"
	"path/filepath"
	"regexp"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// comparable reports whether the key's public half is known.
// An encrypted key opened with --password has its public half and is
// compared like any other.
func comparable(k *facts.Key) bool { return k.Public != nil || k.SPKIPin != "" }

// comparableWith reports whether the key can be compared with the
// certificate (an RSASSA-PSS key has no pin, and Go does not parse every
// certificate key).
func comparableWith(k *facts.Key, c *facts.Cert) bool {
	if c == nil || c.X509 == nil {
		return false
	}
	return (k.Public != nil && c.X509.PublicKey != nil) || k.SPKIPin != ""
}

// matches reports whether the private key belongs to the certificate.
func matches(k *facts.Key, c *facts.Cert) bool {
	if c == nil || c.X509 == nil {
		return false
	}
	if eq, ok := k.Public.(interface{ Equal(crypto.PublicKey) bool }); ok && c.X509.PublicKey != nil {
		return eq.Equal(c.X509.PublicKey)
	}
	return k.SPKIPin != "" && k.SPKIPin == c.SPKIPin()
}

// describe is "RSA 2048", "ECDSA P-256", "Ed25519".
func describe(k *facts.Key) string {
	switch {
	case k.Type == facts.KeyECDSA && k.Curve != "":
		return "ECDSA " + k.Curve
	case k.Bits > 0:
		return fmt.Sprintf("%s %d", k.Type, k.Bits)
	case k.Type != "":
		return string(k.Type)
	}
	return "unknown type"
}

func pinPrefix(pin string) string {
	if len(pin) > 16 {
		return pin[:16] + "…"
	}
	return pin
}

// keyWhere is "key.pem", or "bundle.pem #2" when the file holds several keys.
func keyWhere(f *facts.Facts, k *facts.Key) string {
	n := 0
	for _, o := range f.Keys {
		if o.Source.File == k.Source.File {
			n++
		}
	}
	if n > 1 {
		return checks.Where(k.Source)
	}
	if k.Source.File == "-" {
		return "standard input"
	}
	return k.Source.File
}

func keyEvidence(f *facts.Facts, k *facts.Key) map[string]string {
	ev := map[string]string{}
	addKeyLabel(ev, k)
	if k.SPKIPin != "" {
		ev["key_spki_sha256"] = k.SPKIPin
	}
	checks.AddLocation(ev, k.Source)
	return ev
}

// inputCerts are the distinct certificates the user gave (inputs, --ca,
// --client-ca), first occurrence first.
func inputCerts(f *facts.Facts) []*facts.Cert {
	seen := map[string]bool{}
	var out []*facts.Cert
	all := append(append(append([]*facts.Cert(nil), f.Certs...), f.Roots...), f.ClientCAs...)
	for _, c := range all {
		if c.X509 == nil || !paths.Checked(f, c) || seen[string(c.Raw)] {
			continue
		}
		seen[string(c.Raw)] = true
		out = append(out, c)
	}
	return out
}

// owner returns the first input certificate the key belongs to, or nil.
func owner(f *facts.Facts, k *facts.Key) *facts.Cert {
	for _, c := range inputCerts(f) {
		if matches(k, c) {
			return c
		}
	}
	return nil
}

var leFile = regexp.MustCompile(`^(cert|fullchain|privkey)[0-9]*\.pem$`)

// letsEncrypt returns the kind of a Let's Encrypt file ("cert", "fullchain",
// "privkey") and its directory.
func letsEncrypt(f *facts.Facts, path string) (kind, dir string) {
	file := f.FileOf(facts.Source{File: path})
	if file == nil || !file.LetsEncrypt {
		return "", ""
	}
	m := leFile.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return "", ""
	}
	return m[1], filepath.Dir(path)
}

// paired returns the leaves the key is deployed with, each once:
//   - an explicit --key goes with the --cert leaf, or the only leaf;
//   - a key goes with a leaf in the same file;
//   - privkey.pem goes with cert.pem / fullchain.pem of the same Let's Encrypt directory;
//   - server.key goes with server.crt in the same directory (see checks.PairStem);
//   - the only key goes with the only leaf, unless it belongs to another certificate.
func paired(f *facts.Facts, k *facts.Key) []*facts.Cert {
	leaves := f.Leaves()
	isLeaf := func(c *facts.Cert) bool {
		for _, l := range leaves {
			if bytes.Equal(l.Raw, c.Raw) {
				return true
			}
		}
		return false
	}
	var out []*facts.Cert
	add := func(c *facts.Cert) {
		for _, o := range out {
			if bytes.Equal(o.Raw, c.Raw) {
				return
			}
		}
		out = append(out, c)
	}
	if k.Source.Role == facts.RoleKey {
		explicit := false
		for _, c := range f.Certs {
			if c.Source.Role == facts.RoleCert && c.X509 != nil && isLeaf(c) {
				add(c)
				explicit = true
			}
		}
		if !explicit && len(leaves) == 1 {
			add(leaves[0])
		}
	}
	for _, c := range f.Certs {
		if c.Source.File == k.Source.File && c.X509 != nil && isLeaf(c) {
			add(c)
		}
	}
	if kind, dir := letsEncrypt(f, k.Source.File); kind == "privkey" {
		for _, c := range f.Certs {
			if ck, cdir := letsEncrypt(f, c.Source.File); (ck == "cert" || ck == "fullchain") && cdir == dir && c.Source.Index == 0 && c.X509 != nil && isLeaf(c) {
				add(c)
			}
		}
	}
	// server.key goes with server.crt, tls.key with tls.crt, key.pem with
	// cert.pem, x-key.pem with x.pem: the way nginx, mosquitto and NATS
	// configurations name them, in the same directory.
	if stem := checks.PairStem(k.Source.File); k.Source.File != "-" {
		for _, c := range f.Certs {
			if c.X509 != nil && c.Source.File != k.Source.File && isLeaf(c) &&
				filepath.Dir(c.Source.File) == filepath.Dir(k.Source.File) && checks.PairStem(c.Source.File) == stem {
				add(c)
			}
		}
	}
	// The only key next to the only leaf is a guess: not when the key
	// belongs to another input certificate (ca.key next to ca.pem).
	if len(f.Keys) == 1 && len(leaves) == 1 && len(out) == 0 && owner(f, k) == nil {
		add(leaves[0])
	}
	return out
}

// mismatched reports whether the key is paired with a certificate it can be
// compared with and does not belong to: key.mismatch reports such a key, and
// says that no input certificate matches it when none does.
func mismatched(f *facts.Facts, k *facts.Key) bool {
	for _, c := range paired(f, k) {
		if comparableWith(k, c) && !matches(k, c) {
			return true
		}
	}
	return false
}

// fileArg is a file name usable in a command line ("-" is standard input).
func fileArg(path, fallback string) string {
	if path == "" || path == "-" {
		return fallback
	}
	return checks.ShellQuote(path)
}

// addKeyLabel sets the "key" evidence (type and size) when the key says
// what it is; an encrypted PKCS#8 key does not, and "unknown" tells nobody
// anything.
func addKeyLabel(ev map[string]string, k *facts.Key) {
	if k.Type != "" && k.Type != facts.KeyUnknown {
		ev["key"] = describe(k)
	}
}
