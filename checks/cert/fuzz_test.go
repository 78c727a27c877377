package cert

import "testing"

// FuzzParseAKI: parseAKI never panics, whatever the bytes.
func FuzzParseAKI(f *testing.F) {
	f.Add([]byte{0x30, 0x00})
	f.Add([]byte{0x30, 0x06, 0x80, 0x04, 1, 2, 3, 4})
	f.Add([]byte{0x30, 0x03, 0x82, 0x01, 0x80})
	f.Fuzz(func(t *testing.T, raw []byte) {
		if a, ok := parseAKI(raw); ok && a.issuer != nil {
			describeName(a.issuer)
			opensslSubj(a.issuer)
		}
	})
}
