package policy

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"net"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// EMQXCloud is the --policy name of EMQX Cloud's certificate upload rules.
const EMQXCloud = "emqx-cloud"

// PlatformNames are the --policy names of platform policies, which judge
// files (tlscheck files, tlscheck config) rather than a scan.
func PlatformNames() []string { return []string{EMQXCloud} }

// EMQXCloudCheck is policy.emqx-cloud.
var EMQXCloudCheck = &checks.Check{
	ID:       ID(EMQXCloud),
	Title:    "the files break EMQX Cloud's TLS certificate upload rules (--policy emqx-cloud)",
	Severity: checks.Error,
	Refs: []string{"EMQX Cloud docs: Configure TLS/SSL (one-way and two-way authentication)",
		"https://docs.emqx.com/en/cloud/latest/deployments/tls_ssl.html"},
	Doc: "EMQX Cloud's TLS form takes a certificate body, a certificate chain, a certificate private key " +
		"and, for two-way authentication, a client CA certificate, and refuses what breaks its rules: an " +
		"RSA key of 1024 or 2048 bits only; an X.509 v3 certificate that names the FQDN or IP; PEM only; an " +
		"unencrypted key; a chain that does not repeat the certificate; a certificate whose key algorithm " +
		"matches its CA's; a certificate not yet valid; and the certificate body must hold the certificate " +
		"alone, not user, intermediate and root in one file. Each rule broken is one finding that names the " +
		"upload field and the command that splits or converts the file. Applies to `tlscheck files --policy " +
		"emqx-cloud` and `tlscheck config --policy emqx-cloud`.",
	Fix:     "Split or convert the files as each finding says, then upload them in the fields it names.",
	Applies: []*checks.Scope{emqxChosen, checks.Files},
	Run:     emqxCloud,
}

var emqxChosen = &checks.Scope{Name: "--policy " + EMQXCloud, Reason: "--policy " + EMQXCloud + " not chosen",
	Has: func(f *facts.Facts) bool { return f.Options.Policy == EMQXCloud }}

func init() { checks.Register(EMQXCloudCheck) }

// Upload fields of the EMQX Cloud form.
const (
	fieldBody     = "certificate body"
	fieldChain    = "certificate chain"
	fieldKey      = "certificate private key"
	fieldClientCA = "client CA certificate"
)

func emqxCloud(p *checks.Pass) {
	f := p.Facts
	report := func(subject, field, file, msg, fix string) {
		p.Report(checks.Finding{Subject: subject, Message: msg + " (EMQX Cloud field: " + field + ")",
			Evidence: map[string]string{"field": field, "file": file}, Fix: fix})
	}
	// PEM only.
	for _, file := range f.Files {
		if file.Encoding == "" || file.Encoding == facts.EncodingPEM {
			continue
		}
		field, conv := fieldFor(file.Role), derToPEM(file)
		report(file.Path, field, file.Path, fmt.Sprintf("%s is %s, EMQX Cloud takes PEM only", file.Path, strings.ToUpper(file.Encoding)), conv)
	}
	// Unencrypted key; RSA 1024 or 2048.
	judgedKeys := 0
	for _, k := range f.Keys {
		if k.Encrypted {
			report(k.Source.File, fieldKey, k.Source.File,
				fmt.Sprintf("the key %s is encrypted (%s); EMQX Cloud takes an unencrypted key", k.Source.File, k.EncryptionFormat),
				fmt.Sprintf("decrypt it: `openssl pkey -in %s -out %s`, then upload %s", base(k.Source.File), plainName(k.Source.File), plainName(k.Source.File)))
		}
		if k.Encrypted || k.Type == facts.KeyUnknown {
			continue // its type is the certificate's: judged below
		}
		judgedKeys++
		if k.Type != facts.KeyRSA || (k.Bits != 1024 && k.Bits != 2048) {
			report(k.Source.File, fieldKey, k.Source.File,
				fmt.Sprintf("the key %s is %s; EMQX Cloud takes RSA 1024 or 2048 bits only", k.Source.File, keyName(string(k.Type), k.Bits)),
				"create an RSA 2048 key and have the certificate reissued for it: `openssl genrsa -out server.key 2048`")
		}
	}
	byFile := map[string][]*facts.Cert{}
	for _, c := range f.Certs {
		byFile[c.Source.File] = append(byFile[c.Source.File], c)
	}
	for _, leaf := range f.Leaves() {
		x := leaf.X509
		if x == nil {
			continue
		}
		file := leaf.Source.File
		if judgedKeys == 0 { // without a readable key, judge the certificate's own key
			if bits, ok := rsaBits(x); !ok || (bits != 1024 && bits != 2048) {
				report(leaf.SubjectString(), fieldBody, file,
					fmt.Sprintf("%s has a %s key; EMQX Cloud takes RSA 1024 or 2048 bits only", leaf.SubjectString(), checks.CertKeyDescription(x)),
					"have the certificate reissued for an RSA 2048 key: `openssl req -new -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=mqtt.example.com`")
			}
		}
		if x.Version != 3 {
			report(leaf.SubjectString(), fieldBody, file, fmt.Sprintf("%s is X.509 v%d; EMQX Cloud takes v3 only", leaf.SubjectString(), x.Version),
				"reissue it with extensions (openssl x509 -req ... -extfile with subjectAltName makes v3)")
		} else if !namesHost(x) {
			report(leaf.SubjectString(), fieldBody, file, fmt.Sprintf("%s names no FQDN or IP address (subjectAltName)", leaf.SubjectString()),
				"reissue it with the deployment's address: -addext \"subjectAltName=DNS:mqtt.example.com\"")
		}
		if f.Now.Before(x.NotBefore) {
			report(leaf.SubjectString(), fieldBody, file, fmt.Sprintf("%s is not valid until %s; EMQX Cloud refuses it", leaf.SubjectString(), x.NotBefore.UTC().Format("2006-01-02 15:04 MST")),
				"upload it after "+x.NotBefore.UTC().Format("2006-01-02 15:04 MST")+", or reissue it valid from now")
		}
		// The certificate body holds user, intermediate and root together.
		if leaf.Source.Index == 0 && len(byFile[file]) > 1 && leaf.Source.Role != facts.RoleChain {
			report(leaf.SubjectString(), fieldBody, file,
				fmt.Sprintf("%s holds %d certificates (the certificate, then its CA certificates); the certificate body takes the certificate alone", file, len(byFile[file])),
				fmt.Sprintf("split it: `openssl x509 -in %s -out cloud.crt` (the certificate body) and `sed '1,/-----END CERTIFICATE-----/d' %s > cloud-ca.crt` (the certificate chain)", base(file), base(file)))
		}
		// The chain repeats the certificate.
		for _, c := range f.Certs {
			if c.Source.Role == facts.RoleChain && bytes.Equal(c.Raw, leaf.Raw) {
				report(leaf.SubjectString(), fieldChain, c.Source.File,
					fmt.Sprintf("the chain file %s repeats the certificate %s", c.Source.File, leaf.SubjectString()),
					fmt.Sprintf("drop the certificate from the chain: `sed '1,/-----END CERTIFICATE-----/d' %s > cloud-ca.crt` when it comes first, then upload cloud-ca.crt", base(c.Source.File)))
				break
			}
		}
		// The certificate's key algorithm matches its CA's.
		if issuer := issuerOf(f, leaf); issuer != nil && keyAlgorithm(issuer.X509) != keyAlgorithm(x) {
			report(leaf.SubjectString(), fieldChain, file,
				fmt.Sprintf("%s has a %s key but its CA %s has a %s key; EMQX Cloud wants them to match", leaf.SubjectString(), keyAlgorithm(x), issuer.SubjectString(), keyAlgorithm(issuer.X509)),
				"issue the certificate from a CA with the same key algorithm (an RSA CA for an RSA certificate)")
		}
	}
}

func base(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func plainName(path string) string {
	b := base(path)
	if i := strings.LastIndexByte(b, '.'); i > 0 {
		return b[:i] + "-plain" + b[i:]
	}
	return b + "-plain"
}

func fieldFor(role facts.Role) string {
	switch role {
	case facts.RoleKey:
		return fieldKey
	case facts.RoleChain:
		return fieldChain
	case facts.RoleClientCA, facts.RoleCA:
		return fieldClientCA
	}
	return fieldBody
}

// derToPEM is the conversion command for a DER or PKCS#12 file.
func derToPEM(file *facts.File) string {
	b := base(file.Path)
	for _, k := range file.Kinds {
		if k == facts.KindPrivateKey && file.Encoding == facts.EncodingDER {
			return fmt.Sprintf("convert it: `openssl pkey -inform DER -in %s -out %s.pem`", b, strings.TrimSuffix(b, ".der"))
		}
	}
	switch file.Encoding {
	case facts.EncodingPKCS12:
		return fmt.Sprintf("split it: `openssl pkcs12 -in %s -nokeys -clcerts -out cloud.crt` and `openssl pkcs12 -in %s -nocerts -nodes -out cloud.key`", b, b)
	case facts.EncodingPKCS7:
		return fmt.Sprintf("convert it: `openssl pkcs7 -print_certs -in %s -out %s.pem`", b, b)
	}
	return fmt.Sprintf("convert it: `openssl x509 -inform DER -in %s -out %s.pem`", b, strings.TrimSuffix(b, ".der"))
}

func keyName(typ string, bits int) string {
	if bits > 0 {
		return fmt.Sprintf("%s %d", typ, bits)
	}
	return typ
}

func rsaBits(x *x509.Certificate) (int, bool) {
	if k, ok := x.PublicKey.(*rsa.PublicKey); ok {
		return k.N.BitLen(), true
	}
	return 0, false
}

func keyAlgorithm(x *x509.Certificate) string { return x.PublicKeyAlgorithm.String() }

// namesHost: a DNS SAN or IP SAN, or a CN that is an FQDN or an IP.
func namesHost(x *x509.Certificate) bool {
	if len(x.DNSNames) > 0 || len(x.IPAddresses) > 0 {
		return true
	}
	cn := x.Subject.CommonName
	return net.ParseIP(cn) != nil || (strings.Contains(cn, ".") && !strings.Contains(cn, " "))
}

// issuerOf finds the certificate that issued c among the inputs and anchors.
func issuerOf(f *facts.Facts, c *facts.Cert) *facts.Cert {
	for _, list := range [][]*facts.Cert{f.Certs, f.Roots, f.ClientCAs} {
		for _, cand := range list {
			if cand.X509 == nil || cand == c || bytes.Equal(cand.Raw, c.Raw) {
				continue
			}
			if bytes.Equal(cand.X509.RawSubject, c.X509.RawIssuer) && c.X509.CheckSignatureFrom(cand.X509) == nil {
				return cand
			}
		}
	}
	return nil
}
