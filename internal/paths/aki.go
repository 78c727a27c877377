package paths

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/tlscheck/tlscheck/internal/facts"
)

var oidAKI = asn1.ObjectIdentifier{2, 5, 29, 35}

// AKI is a certificate's authority key identifier extension (RFC 5280
// 4.2.1.1): the key id, the first directoryName of authorityCertIssuer (raw
// Name DER, the one OpenSSL compares) and authorityCertSerialNumber.
type AKI struct {
	Present bool
	KeyID   []byte
	Issuer  []byte
	Serial  *big.Int
}

// ParseAKI reads x's authority key identifier. ok is false when the
// extension is present but malformed.
func ParseAKI(x *x509.Certificate) (aki AKI, ok bool) {
	for _, e := range x.Extensions {
		if e.Id.Equal(oidAKI) {
			aki, ok = parseAKIValue(e.Value)
			aki.Present = ok
			return aki, ok
		}
	}
	return AKI{}, true
}

func parseAKIValue(der []byte) (AKI, bool) {
	var out AKI
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
		out.KeyID = append([]byte(nil), id...)
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
			if tag == cbasn1.Tag(4).ContextSpecific().Constructed() && out.Issuer == nil {
				// directoryName [4] is EXPLICIT: gn holds the Name SEQUENCE.
				out.Issuer = append([]byte(nil), gn...)
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
		out.Serial = n
	}
	return out, seq.Empty()
}

// AKIMismatch says how a's fields disagree with the certificate they name
// as the issuer, compared the way OpenSSL's X509_check_akid does (and
// GnuTLS agrees on the key id): the key id against the issuer's subject key
// identifier when both are present, the serial number against the issuer's,
// and the directory name against the issuer's own issuer name. Empty when
// they agree, or when there is nothing to compare. self words them for a
// self-signed certificate compared with itself ("its own ...").
func AKIMismatch(a AKI, issuer *x509.Certificate, self bool) []string {
	if !a.Present || issuer == nil {
		return nil
	}
	whose, issuerName := "the issuer's", "the name of the issuer's issuer"
	if self {
		whose, issuerName = "its own", "its own name"
	}
	var why []string
	if len(a.KeyID) > 0 && len(issuer.SubjectKeyId) > 0 && !bytes.Equal(a.KeyID, issuer.SubjectKeyId) {
		why = append(why, fmt.Sprintf("key identifier %s is not %s subject key identifier %s", facts.ColonHex(a.KeyID), whose, facts.ColonHex(issuer.SubjectKeyId)))
	}
	if a.Serial != nil && issuer.SerialNumber != nil && a.Serial.Cmp(issuer.SerialNumber) != 0 {
		why = append(why, fmt.Sprintf("serial number %s is not %s serial number %s", hexInt(a.Serial), whose, hexInt(issuer.SerialNumber)))
	}
	if a.Issuer != nil && !bytes.Equal(a.Issuer, issuer.RawIssuer) {
		why = append(why, fmt.Sprintf("issuer name %q is not %s %q", facts.RawNameString(a.Issuer), issuerName, issuer.Issuer.String()))
	}
	return why
}

func hexInt(n *big.Int) string {
	if n.Sign() < 0 {
		return "-0x" + new(big.Int).Neg(n).Text(16)
	}
	return "0x" + n.Text(16)
}
