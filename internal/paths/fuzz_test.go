package paths

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"
)

// FuzzNameConstraintParsers: the parsers tlscheck applies to raw
// extension bytes (name constraints and SANs, for the forms crypto/x509
// ignores) never panic, whatever the bytes.
func FuzzNameConstraintParsers(f *testing.F) {
	f.Add([]byte{0x30, 0x00})
	f.Add([]byte{0x30, 0x06, 0xa0, 0x04, 0x30, 0x02, 0xa4, 0x00})
	f.Add([]byte{0x30, 0x08, 0xa1, 0x06, 0x30, 0x04, 0xa0, 0x02, 0x06, 0x00})
	f.Add([]byte{0x30, 0x03, 0x82, 0x01, 'a'})
	f.Fuzz(func(t *testing.T, raw []byte) {
		x := &x509.Certificate{Extensions: []pkix.Extension{{Id: oidNameConstraints, Value: raw}, {Id: oidSAN, Value: raw}}}
		ec, ok := parseExtraConstraints(x)
		sanForms(x)
		if ok {
			for _, dn := range append(ec.permittedDN, ec.excludedDN...) {
				dnWithin(dn, dn)
				_ = dn.String()
			}
		}
	})
}

// FuzzParseAKI: the authority key identifier parser never panics, and what
// it parses can always be compared and rendered.
func FuzzParseAKI(f *testing.F) {
	f.Add([]byte{0x30, 0x00})
	f.Add([]byte{0x30, 0x06, 0x80, 0x04, 1, 2, 3, 4})
	f.Add([]byte{0x30, 0x03, 0x82, 0x01, 0x80})
	f.Fuzz(func(t *testing.T, raw []byte) {
		if a, ok := parseAKIValue(raw); ok {
			a.Present = true
			AKIMismatch(a, &x509.Certificate{}, false)
		}
	})
}
