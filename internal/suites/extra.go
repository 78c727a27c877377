package suites

// extraRow completes or corrects what zcrypto names. Without override a row
// only sets IANA and Source on zcrypto's entry (or adds it when zcrypto has
// none); with override it also replaces zcrypto's name.
type extraRow struct {
	ID       uint16
	Name     string
	IANA     bool
	Source   string
	override bool
}

// skipped are code points zcrypto names that no specification we know
// defines; the scan does not offer them.
var skipped = map[uint16]string{
	0xFF03: "zcrypto's SSL_EN_RC2_128_CBC_WITH_MD5: no defining document found",
}

var extra = []extraRow{
	// Registry entries this zcrypto does not name.
	{ID: 0x00C6, Name: "TLS_SM4_GCM_SM3", IANA: true, Source: "RFC 8998"},
	{ID: 0x00C7, Name: "TLS_SM4_CCM_SM3", IANA: true, Source: "RFC 8998"},
	{ID: 0x1304, Name: "TLS_AES_128_CCM_SHA256", IANA: true, Source: "RFC 8446"},
	{ID: 0x1305, Name: "TLS_AES_128_CCM_8_SHA256", IANA: true, Source: "RFC 8446"},
	{ID: 0xC0B0, Name: "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", IANA: true, Source: "RFC 8492"},
	{ID: 0xC0B1, Name: "TLS_ECCPWD_WITH_AES_256_GCM_SHA384", IANA: true, Source: "RFC 8492"},
	{ID: 0xC0B2, Name: "TLS_ECCPWD_WITH_AES_128_CCM_SHA256", IANA: true, Source: "RFC 8492"},
	{ID: 0xC0B3, Name: "TLS_ECCPWD_WITH_AES_256_CCM_SHA384", IANA: true, Source: "RFC 8492"},
	{ID: 0xC0B4, Name: "TLS_SHA256_SHA256", IANA: true, Source: "RFC 9150"},
	{ID: 0xC0B5, Name: "TLS_SHA384_SHA384", IANA: true, Source: "RFC 9150"},
	{ID: 0xC100, Name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", IANA: true, Source: "RFC 9189"},
	{ID: 0xC101, Name: "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", IANA: true, Source: "RFC 9189"},
	{ID: 0xC102, Name: "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", IANA: true, Source: "RFC 9189"},
	{ID: 0xC103, Name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", IANA: true, Source: "RFC 9367"},
	{ID: 0xC104, Name: "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", IANA: true, Source: "RFC 9367"},
	{ID: 0xC105, Name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S", IANA: true, Source: "RFC 9367"},
	{ID: 0xC106, Name: "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", IANA: true, Source: "RFC 9367"},
	{ID: 0xCCAB, Name: "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", IANA: true, Source: "RFC 7905"},
	{ID: 0xCCAC, Name: "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", IANA: true, Source: "RFC 7905"},
	{ID: 0xCCAD, Name: "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", IANA: true, Source: "RFC 7905"},
	{ID: 0xCCAE, Name: "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", IANA: true, Source: "RFC 7905"},
	{ID: 0xD002, Name: "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", IANA: true, Source: "RFC 8442"},
	{ID: 0xD003, Name: "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", IANA: true, Source: "RFC 8442"},
	{ID: 0xD005, Name: "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", IANA: true, Source: "RFC 8442"},

	// Non-IANA legacy suites (the registry marks these code points
	// reserved or leaves them unassigned).
	{ID: 0x001C, Source: "RFC 6101 (SSL 3.0 Fortezza; IANA reserves the code point)"},
	{ID: 0x001D, Source: "RFC 6101 (SSL 3.0 Fortezza; IANA reserves the code point)"},
	{ID: 0x0047, Source: "draft-ietf-tls-ecc-01 (pre-RFC 4492 code points; IANA reserves them)"},
	{ID: 0x0048, Source: "draft-ietf-tls-ecc-01 (pre-RFC 4492 code points; IANA reserves them)"},
	{ID: 0x0049, Source: "draft-ietf-tls-ecc-01 (pre-RFC 4492 code points; IANA reserves them)"},
	{ID: 0x004A, Source: "draft-ietf-tls-ecc-01 (pre-RFC 4492 code points; IANA reserves them)"},
	{ID: 0x004B, Source: "draft-ietf-tls-ecc-01 (pre-RFC 4492 code points; IANA reserves them)"},
	{ID: 0x004C, Source: "draft-ietf-tls-ecc-01 (pre-RFC 4492 code points; IANA reserves them)"},
	{ID: 0x0060, Source: "draft-ietf-tls-56-bit-ciphersuites-01 (EXPORT1024)"},
	{ID: 0x0061, Source: "draft-ietf-tls-56-bit-ciphersuites-01 (EXPORT1024)"},
	{ID: 0x0062, Source: "draft-ietf-tls-56-bit-ciphersuites-01 (EXPORT1024)"},
	{ID: 0x0063, Source: "draft-ietf-tls-56-bit-ciphersuites-01 (EXPORT1024)"},
	{ID: 0x0064, Source: "draft-ietf-tls-56-bit-ciphersuites-01 (EXPORT1024)"},
	{ID: 0x0065, Source: "draft-ietf-tls-56-bit-ciphersuites-01 (EXPORT1024)"},
	{ID: 0x0066, Source: "draft-ietf-tls-56-bit-ciphersuites-01"},
	{ID: 0x0080, Source: "draft-chudov-cryptopro-cptls-04 (GOST R 34.10-94)"},
	{ID: 0x0081, Source: "draft-chudov-cryptopro-cptls-04 (GOST R 34.10-2001)"},
	{ID: 0x0082, Source: "draft-chudov-cryptopro-cptls-04 (GOST R 34.10-94)"},
	{ID: 0x0083, Source: "draft-chudov-cryptopro-cptls-04 (GOST R 34.10-2001)"},
	{ID: 0xCC13, Source: "draft-agl-tls-chacha20poly1305-04"},
	{ID: 0xCC14, Source: "draft-agl-tls-chacha20poly1305-04"},
	{ID: 0xCC15, Source: "draft-agl-tls-chacha20poly1305-04"},
	{ID: 0xFEFE, Source: "Netscape SSL 3.0 FIPS suites (NSS)"},
	{ID: 0xFEFF, Source: "Netscape SSL 3.0 FIPS suites (NSS)"},
	{ID: 0xFFE0, Source: "Netscape SSL 3.0 FIPS suites, later code points (NSS)"},
	{ID: 0xFFE1, Source: "Netscape SSL 3.0 FIPS suites, later code points (NSS)"},
	{ID: 0xFF80, Source: "zcrypto (SSL 2.0 kinds in SSL 3.0 form; no defining document found)"},
	{ID: 0xFF81, Source: "zcrypto (SSL 2.0 kinds in SSL 3.0 form; no defining document found)"},
	{ID: 0xFF82, Source: "zcrypto (SSL 2.0 kinds in SSL 3.0 form; no defining document found)"},
	{ID: 0xFF83, Source: "zcrypto (SSL 2.0 kinds in SSL 3.0 form; no defining document found)"},
	// zcrypto calls 0xFF85 OP_PCL_TLS10_AES_128_CBC_SHA512 (a hardware
	// driver constant); the deployed use of the code point is the OpenSSL
	// GOST engine's GOST2012-GOST8912-GOST8912, standardised later as 0xC102.
	{ID: 0xFF85, Name: "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", Source: "OpenSSL GOST engine (pre-RFC 9189 code point)", override: true},
}

// SSL2Kind is an SSL 2.0 cipher kind: a 3-byte code in an SSL 2.0
// CLIENT-HELLO (draft-hickman-netscape-ssl-00, appendix C).
type SSL2Kind struct {
	ID      uint32 // 0x010080
	Name    string // SSL_CK_RC4_128_WITH_MD5
	OpenSSL string // RC4-MD5
	Enc     string // RC4, RC2, IDEA, DES, 3DES
	Bits    int    // effective key bits (40 for EXPORT40)
	Export  bool
}

var ssl2Kinds = []SSL2Kind{
	{0x010080, "SSL_CK_RC4_128_WITH_MD5", "RC4-MD5", "RC4", 128, false},
	{0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", "EXP-RC4-MD5", "RC4", 40, true},
	{0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5", "RC2-CBC-MD5", "RC2", 128, false},
	{0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", "EXP-RC2-CBC-MD5", "RC2", 40, true},
	{0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5", "IDEA-CBC-MD5", "IDEA", 128, false},
	{0x060040, "SSL_CK_DES_64_CBC_WITH_MD5", "DES-CBC-MD5", "DES", 56, false},
	{0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "DES-CBC3-MD5", "3DES", 168, false},
}

// SSL2Kinds returns the SSL 2.0 cipher kinds, sorted by code. Every one is
// weak (MD5 MAC, and SSL 2.0 itself: DROWN).
func SSL2Kinds() []SSL2Kind { return append([]SSL2Kind(nil), ssl2Kinds...) }
