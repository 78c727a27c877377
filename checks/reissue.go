package checks

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"net"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// SANSpec is the subjectAltName of x in openssl -addext syntax
// ("DNS:a.example,IP:127.0.0.1"), so that a CSR made to re-issue x keeps
// its names. A certificate without SANs names its host in the CN: that
// name is kept as the SAN. "" when there is no name to keep.
func SANSpec(x *x509.Certificate) string {
	parts := facts.SANEntries(x)
	if len(parts) == 0 {
		cn := x.Subject.CommonName
		if ip := net.ParseIP(cn); ip != nil {
			parts = append(parts, "IP:"+ip.String())
		} else if cn != "" && !strings.ContainsAny(cn, " /=:,") {
			parts = append(parts, "DNS:"+cn)
		}
	}
	return strings.Join(parts, ",")
}

// CSRFile is the input CSR file made with the key whose SPKI SHA-256 pin
// is pin, shell-quoted, or "" when the user gave none: a fix about that
// key's request names the user's file rather than a made-up server.csr.
func CSRFile(f *facts.Facts, pin string) string {
	for _, r := range f.CSRs {
		if r.X509 == nil || r.Source.File == "" || r.Source.File == "-" {
			continue
		}
		if sum := sha256.Sum256(r.X509.RawSubjectPublicKeyInfo); hex.EncodeToString(sum[:]) == pin {
			return ShellQuote(r.Source.File)
		}
	}
	return ""
}

// NewCSR is the step that writes the request for re-issuing a certificate
// whose key has SPKI SHA-256 pin, and the CSR file a signing command then
// reads. req is the openssl req command without -out; it should carry the
// names to keep (SANSpec). When the user gave a CSR made with that key, it
// is made again in place (the one given asked for what is being fixed);
// otherwise the request goes to server.csr.
func NewCSR(f *facts.Facts, pin, req string) (step, csr string) {
	if csr := CSRFile(f, pin); csr != "" {
		return fmt.Sprintf("`%s -out %s` (%s was made with this key: this makes it again in place)", req, csr, csr), csr
	}
	return fmt.Sprintf("`%s -out server.csr`", req), "server.csr"
}

// SignCSR is the own-CA command that signs the request csr with ca.pem and
// ca.key into out, keeping the extensions the request asks for (SANs,
// basicConstraints, extendedKeyUsage), with SHA-256, for 365 days. csr and
// out are shell-quoted file names; the CSR is one a step before made or the
// user gave (NewCSR, CSRFile), never one assumed to exist.
func SignCSR(csr, out string) string {
	return fmt.Sprintf("`openssl x509 -req -sha256 -in %s -CA ca.pem -CAkey ca.key -copy_extensions copy -days 365 -out %s`", csr, out)
}

// ReqCommand is the openssl req command (without -out) that makes a
// request to re-issue x with the key in keyFile (shell-quoted): x's CN, or
// its first SAN when it has no CN, as the subject, and its names as
// subjectAltName (SANSpec). Give it to NewCSR.
func ReqCommand(x *x509.Certificate, keyFile string) string {
	cn := x.Subject.CommonName
	if cn == "" && len(x.DNSNames) > 0 {
		cn = x.DNSNames[0]
	} else if cn == "" && len(x.IPAddresses) > 0 {
		cn = x.IPAddresses[0].String()
	}
	cmd := fmt.Sprintf("openssl req -new -key %s -subj %s", keyFile, ShellQuote("/CN="+cn))
	if san := SANSpec(x); san != "" {
		cmd += " -addext " + ShellQuote("subjectAltName="+san)
	}
	return cmd
}
