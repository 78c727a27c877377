package cert

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// item is one distinct certificate: its first occurrence, and every other
// place the same DER was found.
type item struct {
	cert *facts.Cert
	also []facts.Source
}

// evidence is the standard certificate evidence plus the other files the
// same certificate was found in.
func (it item) evidence() map[string]string {
	ev := checks.CertEvidence(it.cert)
	if len(it.also) > 0 {
		var w []string
		for _, s := range it.also {
			w = append(w, checks.Where(s))
		}
		ev["also_in"] = strings.Join(w, ", ")
	}
	return ev
}

// where is "server.pem #1", plus the other places the certificate appears.
func (it item) where() string {
	s := checks.Where(it.cert.Source)
	if len(it.also) > 0 {
		var w []string
		for _, src := range it.also {
			w = append(w, checks.Where(src))
		}
		s += " (also in " + strings.Join(w, ", ") + ")"
	}
	return s
}

// distinct groups certificates by DER, keeping the first occurrence.
func distinct(certs []*facts.Cert) []item {
	idx := map[string]int{}
	var out []item
	for _, c := range certs {
		if c == nil || c.X509 == nil {
			continue
		}
		key := c.Fingerprint() // memoised; string(c.Raw) as a key would copy the DER
		if i, ok := idx[key]; ok {
			if out[i].cert.Source != c.Source {
				out[i].also = append(out[i].also, c.Source)
			}
			continue
		}
		idx[key] = len(out)
		out = append(out, item{cert: c})
	}
	return out
}

// inputCerts are the distinct input certificates; with anchors, the
// user-given trust anchors (--ca, --client-ca) too, but never the OS store.
func inputCerts(f *facts.Facts, anchors bool) []item {
	return distinct(checks.CheckedCerts(f, anchors))
}

// leaves are f.Leaves() with the other places each one appears.
func leaves(f *facts.Facts) []item {
	var out []item
	for _, l := range f.Leaves() {
		it := item{cert: l}
		for _, c := range f.Certs {
			if c != l && bytes.Equal(c.Raw, l.Raw) && c.Source != l.Source {
				it.also = append(it.also, c.Source)
			}
		}
		out = append(out, it)
	}
	return out
}

// selfSigned is Cert.SelfSigned, but also true for a self-signed certificate
// whose own signature uses an algorithm Go refuses to verify (MD5, SHA-1).
func selfSigned(c *facts.Cert) bool {
	if c.SelfSigned() {
		return true
	}
	x := c.X509
	if x == nil || !bytes.Equal(x.RawSubject, x.RawIssuer) {
		return false
	}
	err := x.CheckSignature(x.SignatureAlgorithm, x.RawTBSCertificate, x.Signature)
	var insecure x509.InsecureAlgorithmError
	if errors.As(err, &insecure) {
		return len(x.AuthorityKeyId) == 0 || bytes.Equal(x.AuthorityKeyId, x.SubjectKeyId)
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

// hostFor picks the name a reissued certificate should carry.
func hostFor(f *facts.Facts, x *x509.Certificate) string {
	if cn, _ := splitPort(x.Subject.CommonName); cn != "" && !strings.ContainsAny(cn, " /=") {
		return cn
	}
	if len(x.DNSNames) > 0 {
		h, _ := splitPort(x.DNSNames[0])
		return h
	}
	if len(x.IPAddresses) > 0 {
		return x.IPAddresses[0].String()
	}
	if len(f.Options.Hosts) > 0 {
		return f.Options.Hosts[0]
	}
	return "server.example"
}

// sanSpec is an openssl subjectAltName value for the names the certificate
// has plus the hosts asked for, e.g. "DNS:example.com,IP:127.0.0.1".
func sanSpec(f *facts.Facts, x *x509.Certificate) string {
	var parts []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[strings.ToLower(p)] {
			seen[strings.ToLower(p)] = true
			parts = append(parts, p)
		}
	}
	addHost := func(h string) {
		h, _ = splitPort(strings.TrimSuffix(h, "."))
		if h == "" {
			return
		}
		if isIP(h) {
			add("IP:" + strings.Trim(h, "[]"))
		} else {
			add("DNS:" + h)
		}
	}
	for _, d := range x.DNSNames {
		addHost(d)
	}
	for _, ip := range x.IPAddresses {
		add("IP:" + ip.String())
	}
	// A certificate without SANs names its host in the CN: keep that name
	// (the fix should not drop "localhost" while adding 127.0.0.1).
	if len(parts) == 0 {
		if cn, _ := splitPort(x.Subject.CommonName); cn != "" && (isIP(cn) || dnsSyntax(cn) == "") {
			addHost(cn)
		}
	}
	for _, h := range f.Options.Hosts {
		addHost(h)
	}
	if len(parts) == 0 {
		addHost(hostFor(f, x))
	}
	return strings.Join(parts, ",")
}

func isIP(h string) bool {
	return net.ParseIP(strings.Trim(h, "[]")) != nil
}

// letsEncryptName is the certbot certificate name for a file of a live
// directory (/etc/letsencrypt/live/NAME/cert.pem), or "".
func letsEncryptName(f *facts.Facts, c *facts.Cert) string {
	file := f.FileOf(c.Source)
	if file == nil || !file.LetsEncrypt {
		return ""
	}
	return filepath.Base(filepath.Dir(file.Path))
}

// reissueFix is the concrete command that makes a replacement for a leaf
// (renewal, new validity) keeping its names and key.
func reissueFix(f *facts.Facts, c *facts.Cert) string {
	x := c.X509
	if name := letsEncryptName(f, c); name != "" && name != "." {
		return fmt.Sprintf("renew it: `certbot renew --cert-name %s` (then reload the server)", checks.ShellQuote(name))
	}
	subj := "/CN=" + hostFor(f, x)
	key := checks.KeyFile(f, c)
	if c.IsCA() && !isLeaf(f, c) {
		if selfSigned(c) {
			if publicRoot(f, c) {
				return fmt.Sprintf("%s is a public CA's root, in this file as a copy: nobody can re-issue it but its CA. Take it out of %s, or refresh the file from your distribution's current bundle (`apt-get install --only-upgrade ca-certificates && update-ca-certificates` on Debian/Ubuntu); certificates that still chain only to it need re-issuing under a current root",
					checks.Name(c), checks.Where(c.Source))
			}
			return fmt.Sprintf("re-issue the root with the same key and subject, so that what it signed stays valid: `openssl req -x509 -new -key %s -subj %s -days 3650 -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' -addext %s -addext 'authorityKeyIdentifier=keyid:always' -out %s`, then give every client the new file",
				checks.KeyFile(f, c), checks.ShellQuote(opensslSubj(x.RawSubject)), checks.ShellQuote("subjectKeyIdentifier="+keepSKI(x)), certFile(c, "ca.pem"))
		}
		return fmt.Sprintf("replace %s with the CA's current certificate for %s (download it from the CA, or re-sign it if it is your own CA)", checks.Where(c.Source), checks.Name(c))
	}
	if selfSigned(c) {
		return fmt.Sprintf("make a new one with the same key: `openssl req -x509 -new -key %s -subj %s -addext %s -addext basicConstraints=critical,CA:FALSE -days 365 -out %s`",
			key, checks.ShellQuote(subj), checks.ShellQuote("subjectAltName="+sanSpec(f, x)), certFile(c, "cert.pem"))
	}
	return fmt.Sprintf("request a new certificate from %s with the same names: %s, then replace %s with what the CA returns",
		checks.DN(x.Issuer), newCSR(f, c, fmt.Sprintf("openssl req -new -key %s -subj %s -addext %s", key, checks.ShellQuote(subj), checks.ShellQuote("subjectAltName="+sanSpec(f, x)))),
		certFile(c, "the certificate file"))
}

// isLeaf reports whether c is one of the deployment's leaf certificates
// (a self-signed server certificate from `openssl req -x509` is CA:TRUE).
func isLeaf(f *facts.Facts, c *facts.Cert) bool {
	for _, l := range f.Leaves() {
		if bytes.Equal(l.Raw, c.Raw) {
			return true
		}
	}
	return false
}

// publicRoot reports whether c is a root of the system trust store (or the
// embedded bundle), given again among the inputs.
func publicRoot(f *facts.Facts, c *facts.Cert) bool {
	if c.Public() {
		return true
	}
	for _, r := range f.Roots {
		if r.Public() && bytes.Equal(r.Raw, c.Raw) {
			return true
		}
	}
	return false
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") }

var portRE = regexp.MustCompile(`^(.+):([0-9]{1,5})$`)

// splitPort returns the host part of "host:8443" and true when a port is present.
func splitPort(s string) (string, bool) {
	if m := portRE.FindStringSubmatch(s); m != nil && !strings.Contains(m[1], ":") {
		return m[1], true
	}
	return s, false
}

// reissueWith is the command that makes c again, with its key and names
// and the extensions given (openssl -addext values such as
// "extendedKeyUsage=serverAuth"): one self-signed step, or a new request
// (the user's CSR for c's key made again in place, or server.csr) and the
// own-CA command that signs it.
func reissueWith(f *facts.Facts, c *facts.Cert, exts ...string) string {
	x := c.X509
	args := fmt.Sprintf("-key %s -subj %s -addext %s", checks.KeyFile(f, c),
		checks.ShellQuote("/CN="+hostFor(f, x)), checks.ShellQuote("subjectAltName="+sanSpec(f, x)))
	for _, e := range exts {
		args += " -addext " + checks.ShellQuote(e)
	}
	if selfSigned(c) {
		return fmt.Sprintf("`openssl req -x509 -new %s -days 365 -out %s`", args, certFile(c, "cert.pem"))
	}
	step, csr := checks.NewCSR(f, c.SPKIPin(), "openssl req -new "+args)
	return fmt.Sprintf("%s and have %s sign it keeping the extensions (own CA: %s)",
		step, checks.DN(x.Issuer), checks.SignCSR(csr, certFile(c, "cert.pem")))
}

// newCSR is the step that writes a request for re-issuing c with openssl
// req command req (without -out): the user's CSR for c's key made again in
// place, or server.csr.
func newCSR(f *facts.Facts, c *facts.Cert, req string) string {
	step, _ := checks.NewCSR(f, c.SPKIPin(), req)
	return step
}

// certFile is the certificate's file for a command line, or fallback when
// it has none: standard input, or a chain a server sent during a probe (its
// Source.File is "host:port", not a file).
func certFile(c *facts.Cert, fallback string) string {
	if c.Source.Role == facts.RoleServed {
		return fallback
	}
	return fileArg(c.Source.File, fallback)
}
