package file

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// FormatUnknown reports content that is not a recognisable certificate, key,
// CSR, DH parameters, CRL, PKCS#7 or PKCS#12.
var FormatUnknown = &checks.Check{
	ID:       "file.format-unknown",
	Title:    "file content is not a recognisable certificate, key or bundle",
	Severity: checks.Error,
	Refs:     []string{"RFC 7468 2 (textual encoding: BEGIN/END lines, base64)", "RFC 5280 4.1 (certificate structure)", "openssl-format-options(1)"},
	Doc: "tlscheck reads PEM (any number of blocks, with text around them, CRLF line ends), " +
		"DER, PKCS#7 and PKCS#12, and classifies by content rather than by file name. Anything " +
		"it cannot make sense of is reported here, one finding per problem: a PEM block cut " +
		"short (no END line, the usual result of a partial copy-and-paste), damaged base64, a " +
		"block that does not parse as what its header says, an empty file, an OpenSSH key " +
		"(ssh-keygen's format, which TLS servers cannot load), or a binary that is not a " +
		"certificate at all. A server given such a file refuses to start or, worse, starts " +
		"without the certificate it was meant to send.",
	Fix:     "Replace the file with a complete PEM copy from its source, e.g. `openssl x509 -in original.crt -out server.pem`.",
	Applies: []*checks.Scope{checks.Files},
	Run:     formatUnknown,
}

func init() { checks.Register(FormatUnknown) }

func formatUnknown(p *checks.Pass) {
	files := p.Facts.Files
	for _, f := range files {
		reported := false
		for _, problem := range f.Problems {
			if problem.Kind.Unreadable() {
				reported = true // file.unreadable's business
				continue
			}
			reported = true
			ev := evidence(f)
			ev["problem"] = problem.Detail
			p.Report(checks.Finding{
				Message:  fmt.Sprintf("%s: %s; expected a PEM or DER certificate, key, CSR, DH parameters, CRL, PKCS#7 or PKCS#12", f.Path, problem.Detail),
				Subject:  f.Path,
				Evidence: ev,
				Fix:      fixFor(f, problem),
			})
		}
		if !reported && len(f.Kinds) == 0 && f.PKCS12Error == "" {
			p.Report(checks.Finding{
				Message:  fmt.Sprintf("%s holds nothing tlscheck recognises (no certificate, key, CSR, DH parameters or CRL)", f.Path),
				Subject:  f.Path,
				Evidence: evidence(f),
				Fix:      fmt.Sprintf("put the certificate or key in %s (`openssl x509 -in original.crt -out %s`), or leave it out of the tlscheck arguments", checks.ShellQuote(f.Path), checks.ShellQuote(f.Path)),
			})
		}
	}
}

// fixFor picks the remedy for one content problem of f.
func fixFor(f *facts.File, problem facts.FileProblem) string {
	name := checks.ShellQuote(f.Path)
	switch problem.Kind {
	case facts.FileTruncatedPEM:
		return fmt.Sprintf("%s is cut short: copy the complete file again (each block runs from its -----BEGIN line to its -----END line), or re-export it: %s", name, reexport(f))
	case facts.FileOneLinePEM:
		return fmt.Sprintf("put the BEGIN line, the base64 text (64 characters a line) and the END line each on a line of their own, or re-export it: %s", reexport(f))
	case facts.FileBadBase64:
		return fmt.Sprintf("the base64 in %s is damaged (edited, or mangled by a mail client or a word processor): copy it again as a file, or re-export it: %s", name, reexport(f))
	case facts.FileOpenSSHKey:
		return fmt.Sprintf("convert it to PEM with `ssh-keygen -p -m PEM -f %s` (rewrites the file in place; RSA and ECDSA keys only), or make a TLS key: `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem`", name)
	case facts.FileSSHKey:
		return "TLS needs an X.509 certificate and its key: `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -out cert.pem -subj /CN=host.example.com`, or one issued by your CA"
	case facts.FileBareBase64:
		typ := problem.PEMType
		if typ == "" {
			typ = "CERTIFICATE"
		}
		return fmt.Sprintf("add the PEM lines: `(echo '-----BEGIN %s-----'; tr -d ' \\r\\n' < %s | fold -w 64; echo; echo '-----END %s-----') > %s`", typ, name, typ, checks.ShellQuote(sibling(f.Path, ".pem")))
	case facts.FileTooLarge:
		return fmt.Sprintf("%s is far bigger than any certificate or key (a few KB): give tlscheck the certificate or key file itself", name)
	case facts.FileEmpty:
		return fmt.Sprintf("%s is empty (an interrupted copy or a failed `openssl ... -out`): copy the certificate or key into it again, e.g. `cp /etc/letsencrypt/live/example.com/fullchain.pem %s`", name, name)
	case facts.FileJavaKeyStore:
		return fmt.Sprintf("convert it to PKCS#12 and then to PEM: `keytool -importkeystore -srckeystore %s -destkeystore %s -deststoretype pkcs12` then `openssl pkcs12 -in %s -nodes -out %s`", name, checks.ShellQuote(sibling(f.Path, ".p12")), checks.ShellQuote(sibling(f.Path, ".p12")), checks.ShellQuote(sibling(f.Path, ".pem")))
	case facts.FileNotPEMOrDER:
		return fmt.Sprintf("%s is not a certificate or key: leave it out of the tlscheck arguments, or point --cert/--key at the right file", name)
	case facts.FilePKCS7:
		return fmt.Sprintf("convert the bundle to PEM certificates: `openssl pkcs7 -inform %s -print_certs%s -out %s`", pkcs7Form(f), inArg(f.Path), checks.ShellQuote(sibling(f.Path, ".pem")))
	case facts.FilePKCS12:
		return fmt.Sprintf("split it with OpenSSL (add -legacy for old RC2 bundles): `openssl pkcs12%s -nodes -out %s`", inArg(f.Path), checks.ShellQuote(sibling(f.Path, ".pem")))
	case facts.FileBadCSR:
		return fmt.Sprintf("make the request again: `openssl req -new -key key.pem -out %s -subj /CN=host.example.com`", name)
	case facts.FileBadKey:
		return fmt.Sprintf("the key block is damaged: copy the key again from where it was made (`openssl pkey -in original.key -out %s`), or make a new key and certificate", name)
	case facts.FileBadCRL:
		return fmt.Sprintf("download the CRL again from its distribution point and convert it: `openssl crl -inform der -in crl.der -out %s`", name)
	case facts.FileBadDH:
		return fmt.Sprintf("generate fresh parameters: `openssl dhparam -out %s 2048`", name)
	case facts.FileBadPublicKey:
		return fmt.Sprintf("extract the public key again: `openssl pkey -in key.pem -pubout -out %s`", name)
	case facts.FileUnknownBlock:
		return fmt.Sprintf("remove that block from %s: servers load only CERTIFICATE and PRIVATE KEY blocks (nginx ssl_certificate / ssl_certificate_key)", name)
	case facts.FileBadCert:
		return fmt.Sprintf("the certificate does not parse (`openssl x509 -in %s -noout -text` shows the same): obtain it again from the CA, or re-export it with `openssl x509 -in original.crt -out %s`", name, name)
	}
	// FileBadDER, FileEmptyPEMBlock, FileNoPEMBlock, FileStreamTooLarge,
	// FileOther: nothing more specific to say than "get it again".
	return fmt.Sprintf("replace %s with a PEM copy from its source: `openssl x509 -in original.crt -out %s` for a certificate, `openssl pkey -in original.key -out %s` for a key", name, name, name)
}

// reexport is the command that writes a clean PEM copy of what f was
// meant to hold: `openssl pkey` for a key (openssl x509 cannot read one),
// `openssl x509` for a certificate.
func reexport(f *facts.File) string {
	name := checks.ShellQuote(f.Path)
	if meantAsKey(f) {
		return fmt.Sprintf("`openssl pkey -in original.key -out %s`", name)
	}
	return fmt.Sprintf("`openssl x509 -in original.crt -out %s`", name)
}

// meantAsKey reports whether f was given as a key (--key) or is named like
// one (server.key, privkey.pem, tls-key.pem).
func meantAsKey(f *facts.File) bool {
	if f.Role == facts.RoleKey {
		return true
	}
	base := strings.ToLower(filepath.Base(f.Path))
	return strings.HasSuffix(base, ".key") || strings.Contains(base, "key")
}

func pkcs7Form(f *facts.File) string {
	if f.Encoding == facts.EncodingPEM {
		return "pem"
	}
	return "der"
}
