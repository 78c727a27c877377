package report

import (
	"fmt"

	"github.com/tlscheck/tlscheck/internal/suites"
)

// suiteDescription is what the report says about a cipher suite, from
// internal/suites (the one suite table).
type suiteDescription struct {
	Name, OpenSSL, Kx, Auth, Enc string
	Bits                         int
}

// suiteInfo describes a TLS cipher suite by its code point. TLS 1.3 suites
// fix neither key exchange nor authentication: both are "any", as OpenSSL
// says. A code point the table does not know is named by its number.
func suiteInfo(id uint16) suiteDescription {
	s, ok := suites.ByID(id)
	if !ok {
		return suiteDescription{Name: hexID(id)}
	}
	d := suiteDescription{Name: s.Name, OpenSSL: s.OpenSSL, Kx: s.Kx, Auth: s.Auth, Enc: encryption(s.Enc, s.Mode), Bits: s.Bits}
	if s.TLS13 {
		d.Kx, d.Auth = "any", "any"
	}
	return d
}

// encryption is the bulk cipher and its mode: "AES-GCM",
// "ChaCha20-Poly1305", "3DES-CBC", "RC4", "NULL".
func encryption(enc, mode string) string {
	if mode == "" || mode == "stream" {
		return enc
	}
	return enc + "-" + mode
}

// ssl2Info describes an SSL 2.0 cipher kind.
func ssl2Info(kind uint32) suiteDescription {
	for _, k := range suites.SSL2Kinds() {
		if k.ID == kind {
			kx := "RSA"
			if k.Export {
				kx = "RSA_EXPORT"
			}
			mode := "CBC"
			if k.Enc == "RC4" {
				mode = ""
			}
			return suiteDescription{Name: k.Name, OpenSSL: k.OpenSSL, Kx: kx, Auth: "RSA", Enc: encryption(k.Enc, mode), Bits: k.Bits}
		}
	}
	return suiteDescription{Name: fmt.Sprintf("0x%06X", kind)}
}

// groupName is the IANA name of a group, or its number in hex.
func groupName(id uint16) string {
	if g, ok := suites.GroupByID(id); ok {
		return g.Name
	}
	return hexID(id)
}

// hexID is a 2-byte code point as the JSON report writes it: "0xC02F".
func hexID(id uint16) string { return fmt.Sprintf("0x%04X", id) }
