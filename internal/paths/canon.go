package paths

import (
	"encoding/asn1"
	"encoding/binary"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Name matching beyond byte equality. RFC 5280 7.1 compares names after
// RFC 4518 preparation: string types converted, case folded, white space
// collapsed. OpenSSL does a form of that (X509_NAME_cmp on the canonical
// encoding x509_name_canon makes: UTF-8, ASCII lower case, leading and
// trailing white space removed, inner runs collapsed); Go's crypto/x509
// compares the DER bytes. A path that needs the canonical match is built,
// and reported (ProblemIssuerName) as the split it is.

type canonATV struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue
}

// canonRDNSET is one RelativeDistinguishedName (the SET suffix makes
// encoding/asn1 read a SET).
type canonRDNSET []canonATV

// canonicalName is the canonical form of a DER Name, or "" when it does
// not parse.
func canonicalName(der []byte) string {
	var rdns []canonRDNSET
	rest, err := asn1.Unmarshal(der, &rdns)
	if err != nil || len(rest) > 0 {
		return ""
	}
	var b strings.Builder
	for _, rdn := range rdns {
		b.WriteString("/")
		for j, atv := range rdn {
			if j > 0 {
				b.WriteString("+")
			}
			b.WriteString(atv.Type.String())
			b.WriteString("=")
			if s, ok := nameString(atv.Value); ok {
				b.WriteString("s:")
				b.WriteString(canonString(s))
			} else {
				// Not a string type: compared as encoded.
				b.WriteString("r:")
				b.WriteString(string(atv.Value.FullBytes))
			}
			b.WriteString("\x00")
		}
	}
	return b.String()
}

// nameString decodes the directory string types to UTF-8.
func nameString(v asn1.RawValue) (string, bool) {
	if v.Class != asn1.ClassUniversal {
		return "", false
	}
	switch v.Tag {
	case asn1.TagUTF8String, asn1.TagPrintableString, asn1.TagIA5String, asn1.TagNumericString, 26 /* VisibleString */ :
		if !utf8.Valid(v.Bytes) {
			return "", false
		}
		return string(v.Bytes), true
	case asn1.TagT61String: // read as Latin-1, as OpenSSL does
		r := make([]rune, len(v.Bytes))
		for i, c := range v.Bytes {
			r[i] = rune(c)
		}
		return string(r), true
	case asn1.TagBMPString:
		if len(v.Bytes)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(v.Bytes)/2)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(v.Bytes[2*i:])
		}
		return string(utf16.Decode(u)), true
	case 28: // UniversalString, UTF-32BE
		if len(v.Bytes)%4 != 0 {
			return "", false
		}
		r := make([]rune, len(v.Bytes)/4)
		for i := range r {
			r[i] = rune(binary.BigEndian.Uint32(v.Bytes[4*i:]))
		}
		return string(r), true
	}
	return "", false
}

// canonString lower-cases ASCII letters, trims white space and collapses
// inner runs of it to one space (OpenSSL's asn1_string_canon).
func canonString(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimFunc(s, isCanonSpace) {
		if isCanonSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isCanonSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}
