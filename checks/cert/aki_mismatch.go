package cert

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// AKIMismatch reports self-signed certificates whose authority key
// identifier describes some other certificate.
var AKIMismatch = &checks.Check{
	ID:       "cert.aki-mismatch",
	Title:    "a self-signed certificate's authority key identifier does not describe itself",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 4.2.1.1", "OpenSSL X509_check_akid (crypto/x509/v3_purp.c)"},
	Doc: "The authority key identifier (AKI) names the key, and optionally the issuer name and " +
		"serial number, of the certificate's issuer. For a self-signed certificate (a root) the " +
		"issuer is the certificate itself, so its AKI, when present, must carry its own subject " +
		"key identifier, its own name and its own serial number. OpenSSL decides whether a " +
		"certificate is self-signed by comparing exactly these fields (X509_check_akid): when " +
		"they disagree it looks for another issuer, finds none, and every OpenSSL-based program " +
		"(nginx, mosquitto, curl, `openssl verify`, Python's ssl) fails with \"unable to get " +
		"issuer certificate\" even though the root is in its CA file. Go and GnuTLS do not look, " +
		"so the same root works there. Usually the root was made by copying an extension " +
		"section meant for issued certificates, or re-keyed without regenerating the AKI.",
	Fix: "Re-issue the root with the same key and subject and `authorityKeyIdentifier = keyid:always` (or no AKI) in its extension section; what it signed stays valid, and clients get the new root file.",
	Run: akiMismatch,
}

func init() { checks.Register(AKIMismatch) }

func akiMismatch(p *checks.Pass) {
	f := p.Facts
	seen := 0
	for _, it := range inputCerts(f, true) {
		c := it.cert
		x := c.X509
		if !bytes.Equal(x.RawSubject, x.RawIssuer) || !selfSigned(c) {
			continue
		}
		aki, ok := paths.ParseAKI(x)
		if !ok || !aki.Present {
			continue // absent, or malformed (crypto/x509 would not have parsed the certificate)
		}
		seen++
		why := paths.AKIMismatch(aki, x, true)
		if len(why) == 0 {
			continue
		}
		ev := it.evidence()
		if len(aki.KeyID) > 0 {
			ev["aki_keyid"] = facts.ColonHex(aki.KeyID)
		}
		if len(x.SubjectKeyId) > 0 {
			ev["ski"] = facts.ColonHex(x.SubjectKeyId)
		}
		if aki.Serial != nil {
			ev["aki_serial"] = "0x" + aki.Serial.Text(16)
		}
		if aki.Issuer != nil {
			ev["aki_issuer"] = describeName(aki.Issuer)
		}
		for i := range why {
			why[i] = "its AKI " + why[i]
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s is self-signed, but %s: OpenSSL therefore does not treat it as self-signed, and OpenSSL-based programs (nginx, mosquitto, curl, openssl verify) fail with \"unable to get issuer certificate\" even with it in their CA file; expected the authority key identifier of a self-signed certificate to be absent or to describe the certificate itself",
				checks.Name(c), it.where(), strings.Join(why, ", and ")),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix: fmt.Sprintf("re-issue %s with the same key and subject and its own AKI: `openssl req -x509 -new -key %s -subj %s -days 3650 -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' -addext %s -addext 'authorityKeyIdentifier=keyid:always' -out %s`; the certificates it signed stay valid (it keeps its subject key identifier, which their AKI names), and clients need the new file",
				checks.Name(c), checks.KeyFile(f, c), checks.ShellQuote(opensslSubj(x.RawSubject)), checks.ShellQuote("subjectKeyIdentifier="+keepSKI(x)), certFile(c, "ca.pem")),
		})
	}
	if seen == 0 {
		p.NotApplicable("no self-signed certificate with an authority key identifier among the inputs")
	}
}

// describeName renders a raw Name the way DN does.
func describeName(raw []byte) string {
	if s := facts.RawNameString(raw); s != "" {
		return s
	}
	return "(empty)"
}

var shortNames = map[string]string{
	"2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O",
	"2.5.4.11": "OU", "2.5.4.5": "serialNumber", "2.5.4.9": "street", "2.5.4.17": "postalCode",
	"1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "DC",
}

// opensslSubj is a raw Name in `openssl req -subj` form, "/O=Example/CN=Root",
// in the certificate's own attribute order.
func opensslSubj(raw []byte) string {
	var rdns pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &rdns); err != nil || len(rest) > 0 {
		return "/CN=Root CA"
	}
	var b strings.Builder
	for _, rdn := range rdns {
		for i, atv := range rdn {
			if i == 0 {
				b.WriteByte('/')
			} else {
				b.WriteByte('+')
			}
			name, ok := shortNames[atv.Type.String()]
			if !ok {
				name = atv.Type.String()
			}
			v := fmt.Sprint(atv.Value)
			v = strings.NewReplacer(`\`, `\\`, "/", `\/`, "+", `\+`).Replace(v)
			b.WriteString(name + "=" + v)
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// keepSKI is the openssl subjectKeyIdentifier value that keeps x's: the
// certificates x signed name it in their AKI, and a new one computed by
// another method (openssl hashes the key bits, Go and others the whole
// SubjectPublicKeyInfo) would no longer match it. "hash" when x has none.
func keepSKI(x *x509.Certificate) string {
	if len(x.SubjectKeyId) == 0 {
		return "hash"
	}
	return facts.ColonHex(x.SubjectKeyId)
}
