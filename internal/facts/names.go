package facts

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"strings"
)

// ColonHex is b as upper-case hex bytes joined by colons, as openssl prints
// key identifiers.
func ColonHex(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}

// RawNameString renders a raw Name DER as pkix.Name.String does, or
// "(unparsable name)".
func RawNameString(raw []byte) string {
	var rdns pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &rdns); err != nil || len(rest) > 0 {
		return "(unparsable name)"
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdns)
	return n.String()
}
