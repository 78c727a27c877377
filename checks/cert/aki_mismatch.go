package cert

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/tlscheck/tlscheck/checks"
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
		raw := extension(x.Extensions, oidAKI)
		if raw == nil {
			continue
		}
		seen++
		aki, ok := parseAKI(raw)
		if !ok {
			continue // malformed: crypto/x509 would not have parsed the certificate
		}
		var why []string
		ev := it.evidence()
		if len(aki.keyID) > 0 && len(x.SubjectKeyId) > 0 && !bytes.Equal(aki.keyID, x.SubjectKeyId) {
			why = append(why, fmt.Sprintf("its AKI key identifier %s is not its own subject key identifier %s", colonHex(aki.keyID), colonHex(x.SubjectKeyId)))
			ev["aki_keyid"] = colonHex(aki.keyID)
			ev["ski"] = colonHex(x.SubjectKeyId)
		}
		if aki.serial != nil && aki.serial.Cmp(x.SerialNumber) != 0 {
			why = append(why, fmt.Sprintf("its AKI serial number %s is not its own serial number %s", hexInt(aki.serial), hexInt(x.SerialNumber)))
			ev["aki_serial"] = hexInt(aki.serial)
		}
		if aki.issuer != nil && !bytes.Equal(aki.issuer, x.RawIssuer) {
			ev["aki_issuer"] = describeName(aki.issuer)
			why = append(why, fmt.Sprintf("its AKI issuer name %q is not its own name %q", ev["aki_issuer"], checks.DN(x.Issuer)))
		}
		if len(why) == 0 {
			continue
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s is self-signed, but %s: OpenSSL therefore does not treat it as self-signed, and OpenSSL-based programs (nginx, mosquitto, curl, openssl verify) fail with \"unable to get issuer certificate\" even with it in their CA file; expected the authority key identifier of a self-signed certificate to be absent or to describe the certificate itself",
				checks.Name(c), it.where(), strings.Join(why, ", and ")),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix: fmt.Sprintf("re-issue %s with the same key and subject and its own AKI: `openssl req -x509 -new -key %s -subj %s -days 3650 -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' -addext 'subjectKeyIdentifier=hash' -addext 'authorityKeyIdentifier=keyid:always' -out %s`; the certificates it signed stay valid, and clients need the new file",
				checks.Name(c), keyFileFor(f, c), checks.ShellQuote(opensslSubj(x.RawSubject)), certFile(c, "ca.pem")),
		})
	}
	if seen == 0 {
		p.NotApplicable("no self-signed certificate with an authority key identifier among the inputs")
	}
}

var oidAKI = asn1.ObjectIdentifier{2, 5, 29, 35}

// akiFields is an AuthorityKeyIdentifier (RFC 5280 4.2.1.1): the key id,
// the first directoryName of authorityCertIssuer (raw Name DER, the one
// OpenSSL compares), and authorityCertSerialNumber.
type akiFields struct {
	keyID  []byte
	issuer []byte
	serial *big.Int
}

func parseAKI(der []byte) (akiFields, bool) {
	var out akiFields
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return out, false
	}
	if seq.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()) {
		var id cryptobyte.String
		if !seq.ReadASN1(&id, cbasn1.Tag(0).ContextSpecific()) {
			return out, false
		}
		out.keyID = append([]byte(nil), id...)
	}
	if seq.PeekASN1Tag(cbasn1.Tag(1).ContextSpecific().Constructed()) {
		var names cryptobyte.String
		if !seq.ReadASN1(&names, cbasn1.Tag(1).ContextSpecific().Constructed()) {
			return out, false
		}
		for !names.Empty() {
			var gn cryptobyte.String
			var tag cbasn1.Tag
			if !names.ReadAnyASN1(&gn, &tag) {
				return out, false
			}
			if tag == cbasn1.Tag(4).ContextSpecific().Constructed() && out.issuer == nil {
				// directoryName [4] is EXPLICIT: gn holds the Name SEQUENCE.
				out.issuer = append([]byte(nil), gn...)
			}
		}
	}
	if seq.PeekASN1Tag(cbasn1.Tag(2).ContextSpecific()) {
		var serial cryptobyte.String
		if !seq.ReadASN1(&serial, cbasn1.Tag(2).ContextSpecific()) || len(serial) == 0 {
			return out, false
		}
		n := new(big.Int).SetBytes(serial)
		if serial[0]&0x80 != 0 {
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(len(serial))*8))
		}
		out.serial = n
	}
	return out, seq.Empty()
}

func colonHex(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}

func hexInt(n *big.Int) string {
	if n.Sign() < 0 {
		return "-0x" + new(big.Int).Neg(n).Text(16)
	}
	return "0x" + n.Text(16)
}

// extension is the value of the extension with the given OID, or nil.
func extension(exts []pkix.Extension, oid asn1.ObjectIdentifier) []byte {
	for _, e := range exts {
		if e.Id.Equal(oid) {
			return e.Value
		}
	}
	return nil
}

// describeName renders a raw Name the way DN does, or "(unparsable)".
func describeName(raw []byte) string {
	var rdns pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &rdns); err != nil || len(rest) > 0 {
		return "(unparsable)"
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdns)
	return checks.DN(n)
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
