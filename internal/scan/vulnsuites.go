package scan

import "strings"

// suiteClass is what the vulnerability tests need to know of a suite.
//
// TODO(suites): swap for internal/suites (branch h-suites) when it lands
// on main; this private classifier reads zcrypto's IANA names and is the
// only place that does.
type suiteClass struct {
	cbc       bool // a block cipher in CBC mode (POODLE, BEAST, LUCKY13)
	block64   bool // a 64-bit block cipher: 3DES, DES, IDEA, RC2 (SWEET32)
	rc4       bool
	export    bool
	rsaKx     bool // RSA key transport: PKCS#1 v1.5 encrypted premaster (ROBOT, FREAK)
	finiteDH  bool // finite-field Diffie-Hellman (Logjam)
	ecdheGCM  bool // what the renegotiation client implements
	gcmSHA384 bool
}

func classifySuite(id uint16) suiteClass {
	n := strings.ToUpper(suiteName(id))
	c := suiteClass{
		cbc:     strings.Contains(n, "_CBC"),
		block64: strings.Contains(n, "3DES") || strings.Contains(n, "_DES") || strings.Contains(n, "IDEA") || strings.Contains(n, "RC2"),
		rc4:     strings.Contains(n, "_RC4_"),
		export:  strings.Contains(n, "EXPORT"),
		rsaKx: (strings.HasPrefix(n, "TLS_RSA_") || strings.HasPrefix(n, "SSL_RSA_")) &&
			!strings.HasPrefix(n, "TLS_RSA_PSK_"),
		finiteDH: strings.Contains(n, "_DH") && !strings.Contains(n, "ECDH"),
	}
	switch id {
	case 0xc02f, 0xc02b:
		c.ecdheGCM = true
	case 0xc030, 0xc02c:
		c.ecdheGCM, c.gcmSHA384 = true, true
	}
	return c
}

// classifySSL2 classifies an SSL 2.0 cipher kind by its first byte.
func classifySSL2(kind uint32) suiteClass {
	switch kind >> 16 {
	case 1:
		return suiteClass{rc4: true, rsaKx: true}
	case 2:
		return suiteClass{rc4: true, rsaKx: true, export: true}
	case 3:
		return suiteClass{cbc: true, block64: true, rsaKx: true}
	case 4:
		return suiteClass{cbc: true, block64: true, rsaKx: true, export: true}
	case 5, 6, 7:
		return suiteClass{cbc: true, block64: true, rsaKx: true}
	}
	return suiteClass{}
}
