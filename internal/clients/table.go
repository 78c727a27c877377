package clients

import "github.com/tlscheck/tlscheck/internal/facts"

// The rows below are written by us from published facts: vendor
// documentation, release notes, RFCs and the libraries' documented default
// cipher lists. Each row's Source says which. Nothing is transcribed from
// another scanner's client data. Where a vendor's list is longer than what a
// server can reach (static ECDH, Camellia, ARIA, PSK, SCSVs), the row keeps
// the suites this package classifies and says so in its source; those
// omissions never change which suite a real server picks from a client that
// also offers the common ones ahead of them. (A server that accepts only
// such suites, Camellia alone say, shows those clients as not connecting.)

var (
	ssl3toTLS10 = []facts.TLSVersion{facts.VersionSSL30, facts.VersionTLS10}
	tls10to12   = []facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12}
	ssl3toTLS12 = []facts.TLSVersion{facts.VersionSSL30, facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12}
	tls10to13   = []facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13}
	tls12only   = []facts.TLSVersion{facts.VersionTLS12}
	tls12to13   = []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS13}

	rsaECDSA    = []string{"RSA", "ECDSA"}
	rsaDSA      = []string{"RSA", "DSA"}
	allKeyTypes = []string{"RSA", "ECDSA", "Ed25519", "DSA"}
)

// BoringSSL's TLS 1.3 and TLS 1.2 order as Chrome sends it.
var chromeSuites = []uint16{
	0x1301, 0x1302, 0x1303,
	0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8,
	0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035,
}

var chromeSigAlgs = []uint16{
	sigECDSAP256, sigRSAPSSRSAE256, sigRSAPKCS1SHA256, sigECDSAP384,
	sigRSAPSSRSAE384, sigRSAPKCS1SHA384, sigRSAPSSRSAE512, sigRSAPKCS1SHA512,
}

// OpenSSL 1.1.1's and 3.x's DEFAULT cipher list, in `openssl ciphers -s`
// order (TLS 1.3 first, then the "ALL:!COMPLEMENTOFDEFAULT:!eNULL" sort:
// AEAD before CBC, ephemeral before RSA key transport, AES-256 first).
var openssl111Suites = []uint16{
	0x1302, 0x1303, 0x1301,
	0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8, 0xCCAA,
	0xC02B, 0xC02F, 0x009E,
	0xC024, 0xC028, 0x006B, 0xC023, 0xC027, 0x0067,
	0xC00A, 0xC014, 0x0039, 0xC009, 0xC013, 0x0033,
	0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F,
}

// OpenSSL 1.1.1+ default signature_algorithms (ssl/t1_lib.c order).
var openssl111SigAlgs = []uint16{
	sigECDSAP256, sigECDSAP384, sigECDSAP521, sigEd25519, sigEd448,
	sigRSAPSSPSS256, sigRSAPSSPSS384, sigRSAPSSPSS512,
	sigRSAPSSRSAE256, sigRSAPSSRSAE384, sigRSAPSSRSAE512,
	sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512,
	sigECDSASHA224, sigECDSASHA1, sigRSAPKCS1SHA224, sigRSAPKCS1SHA1,
	sigDSASHA224, sigDSASHA1, sigDSASHA256,
}

// The same without SHA-1 and SHA-224, which OpenSSL 3.x's security level 1
// no longer admits (SHA-1 counts as less than 80 bits since 3.0).
var openssl3SigAlgs = []uint16{
	sigECDSAP256, sigECDSAP384, sigECDSAP521, sigEd25519, sigEd448,
	sigRSAPSSPSS256, sigRSAPSSPSS384, sigRSAPSSPSS512,
	sigRSAPSSRSAE256, sigRSAPSSRSAE384, sigRSAPSSRSAE512,
	sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512,
	sigDSASHA256,
}

// OpenSSL 1.0.1/1.0.2 "ALL:!aNULL:!eNULL:!SSLv2" sorted by @STRENGTH (the
// compiled-in default), the suites this package classifies.
var openssl10Suites = []uint16{
	0xC030, 0xC02C, 0xC028, 0xC024, 0xC014, 0xC00A, 0x00A3, 0x009F, 0x006B, 0x006A, 0x0039, 0x0038,
	0x009D, 0x003D, 0x0035,
	0xC02F, 0xC02B, 0xC027, 0xC023, 0xC013, 0xC009, 0x00A2, 0x009E, 0x0067, 0x0040, 0x0033, 0x0032,
	0x009C, 0x003C, 0x002F,
	0xC011, 0xC007, 0x0005, 0x0004,
	0xC012, 0xC008, 0x0016, 0x0013, 0x000A,
	0x0015, 0x0012, 0x0009,
}

var openssl10SigAlgs = []uint16{
	sigRSAPKCS1SHA512, 0x0602, sigECDSAP521, sigRSAPKCS1SHA384, 0x0502, sigECDSAP384,
	sigRSAPKCS1SHA256, sigDSASHA256, sigECDSAP256, sigRSAPKCS1SHA224, sigDSASHA224, sigECDSASHA224,
	sigRSAPKCS1SHA1, sigDSASHA1, sigECDSASHA1,
}

// Java 8's SunJSSE default order: CBC before GCM, AES-256 first.
var java8Suites = []uint16{
	0xC024, 0xC028, 0x003D, 0x006B, 0x006A,
	0xC00A, 0xC014, 0x0035, 0x0039, 0x0038,
	0xC023, 0xC027, 0x003C, 0x0067, 0x0040,
	0xC009, 0xC013, 0x002F, 0x0033, 0x0032,
	0xC02C, 0xC02B, 0xC030, 0x009D, 0x009F, 0x00A3,
	0xC02F, 0x009C, 0x009E, 0x00A2,
	0xC008, 0xC012, 0x000A, 0x0016, 0x0013,
}

// Java 8's signature_algorithms: SHA-512 down to MD5, ECDSA then RSA then DSA.
var javaLegacySigAlgs = []uint16{
	sigECDSAP521, sigRSAPKCS1SHA512, sigECDSAP384, sigRSAPKCS1SHA384,
	sigECDSAP256, sigRSAPKCS1SHA256, sigDSASHA256, sigECDSASHA224, sigRSAPKCS1SHA224, sigDSASHA224,
	sigECDSASHA1, sigRSAPKCS1SHA1, sigDSASHA1, 0x0101,
}

// Java 11's TLS 1.2 order after JDK-8163326 (GCM and ECDHE first).
var java11TLS12Suites = []uint16{
	0xC02C, 0xC02B, 0xC030, 0x009F, 0x00A3, 0xC02F, 0x009E, 0x00A2,
	0xC024, 0xC028, 0x006B, 0x006A, 0xC023, 0xC027, 0x0067, 0x0040,
	0xC00A, 0xC014, 0x0039, 0x0038, 0xC009, 0xC013, 0x0033, 0x0032,
	0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F,
}

// Java 12+ (and so 17 and 21) with ChaCha20-Poly1305.
var java17Suites = []uint16{
	0x1302, 0x1301, 0x1303,
	0xC02C, 0xC02B, 0xCCA9, 0xC030, 0xCCA8, 0xC02F, 0x009F, 0xCCAA, 0x00A3, 0x009E, 0x00A2,
	0xC024, 0xC028, 0xC023, 0xC027, 0x006B, 0x006A, 0x0067, 0x0040,
	0xC00A, 0xC014, 0xC009, 0xC013, 0x0039, 0x0038, 0x0033, 0x0032,
	0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F,
}

var java11SigAlgs = []uint16{
	sigECDSAP256, sigECDSAP384, sigECDSAP521,
	sigRSAPSSRSAE256, sigRSAPSSRSAE384, sigRSAPSSRSAE512,
	sigRSAPSSPSS256, sigRSAPSSPSS384, sigRSAPSSPSS512,
	sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512, sigDSASHA256,
	sigECDSASHA224, sigRSAPKCS1SHA224, sigDSASHA224,
	sigECDSASHA1, sigRSAPKCS1SHA1, sigDSASHA1,
}

var java17SigAlgs = []uint16{
	sigECDSAP256, sigECDSAP384, sigECDSAP521, sigEd25519, sigEd448,
	sigRSAPSSRSAE256, sigRSAPSSRSAE384, sigRSAPSSRSAE512,
	sigRSAPSSPSS256, sigRSAPSSPSS384, sigRSAPSSPSS512,
	sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512, sigDSASHA256,
	sigECDSASHA224, sigRSAPKCS1SHA224, sigDSASHA224,
	sigECDSASHA1, sigRSAPKCS1SHA1, sigDSASHA1,
}

var javaGroups = []uint16{
	groupX25519, groupP256, groupP384, groupP521, groupX448,
	groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192,
}

// mbedTLS's ciphersuite_preference (ssl_ciphersuites.c): ChaCha20 first,
// then AES-256 ephemeral, AES-128 ephemeral, then RSA key transport.
var mbedtls2Suites = []uint16{
	0xCCA9, 0xCCA8, 0xCCAA,
	0xC02C, 0xC030, 0x009F, 0xC0AD, 0xC09F, 0xC024, 0xC028, 0x006B, 0xC00A, 0xC014, 0x0039,
	0xC02B, 0xC02F, 0x009E, 0xC0AC, 0xC09E, 0xC023, 0xC027, 0x0067, 0xC009, 0xC013, 0x0033,
	0x009D, 0xC09D, 0x003D, 0x0035, 0x009C, 0xC09C, 0x003C, 0x002F,
}

var mbedtls2SigAlgs = []uint16{
	sigECDSAP521, sigRSAPKCS1SHA512, sigECDSAP384, sigRSAPKCS1SHA384,
	sigECDSAP256, sigRSAPKCS1SHA256, sigECDSASHA224, sigRSAPKCS1SHA224,
}

var mbedtls3SigAlgs = []uint16{
	sigECDSAP256, sigECDSAP384, sigECDSAP521,
	sigRSAPSSRSAE256, sigRSAPSSRSAE384, sigRSAPSSRSAE512,
	sigRSAPKCS1SHA512, sigRSAPKCS1SHA384, sigRSAPKCS1SHA256,
}

var mbedtls3Groups = []uint16{
	groupX25519, groupP256, groupP384, groupP521, groupX448,
	groupBP256, groupBP384, groupBP512,
	groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192,
}

func with13(tls13 []uint16, rest []uint16) []uint16 {
	return append(append([]uint16{}, tls13...), rest...)
}

// Table returns the simulated clients, browsers first, then platforms,
// libraries and language runtimes, then embedded stacks.
func Table() []Client {
	return []Client{
		{
			Name:     "Chrome 131 (Windows 11, macOS, Android)",
			Source:   "BoringSSL default cipher order (ssl_cipher.cc; no DHE since Chrome 53, no 3DES since Chrome 93); X25519MLKEM768 default since Chrome 131 (chromestatus); SHA-1 removed Chrome 57; commonName fallback removed Chrome 58",
			Versions: tls12to13, Suites: chromeSuites,
			Groups:  []uint16{groupX25519MLKEM768, groupX25519, groupP256, groupP384},
			SigAlgs: chromeSigAlgs, SNI: true, MinRSABits: 1024, RequiresSAN: true, KeyTypes: rsaECDSA,
		},
		{
			Name:     "Edge 131 (Windows 11)",
			Source:   "Chromium-based since Edge 79: the same BoringSSL ClientHello as Chrome 131",
			Versions: tls12to13, Suites: chromeSuites,
			Groups:  []uint16{groupX25519MLKEM768, groupX25519, groupP256, groupP384},
			SigAlgs: chromeSigAlgs, SNI: true, MinRSABits: 1024, RequiresSAN: true, KeyTypes: rsaECDSA,
		},
		{
			Name:     "Firefox 128 ESR",
			Source:   "NSS defaults as shipped in Firefox (security.ssl3.* prefs: DHE suites off since Firefox 78, TLS 1.0/1.1 off since 78); groups x25519, P-256/384/521, ffdhe2048/3072; SHA-1 refused for public roots since Firefox 52; no commonName fallback for current certificates (security.pki.name_matching_mode)",
			Versions: tls12to13,
			Suites: []uint16{0x1301, 0x1303, 0x1302, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8, 0xC02C, 0xC030,
				0xC00A, 0xC009, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035},
			Groups: []uint16{groupX25519, groupP256, groupP384, groupP521, groupFFDHE2048, groupFFDHE3072},
			SigAlgs: []uint16{sigECDSAP256, sigECDSAP384, sigECDSAP521, sigRSAPSSRSAE256, sigRSAPSSRSAE384, sigRSAPSSRSAE512,
				sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512, sigECDSASHA1, sigRSAPKCS1SHA1},
			SNI: true, MinRSABits: 1024, RequiresSAN: true, KeyTypes: rsaECDSA,
		},
		{
			Name:     "Safari 18 (macOS 15, iOS 18)",
			Source:   "Apple Network.framework/Secure Transport ClientHello defaults (AES-256 before AES-128, 3DES kept last); Apple's 'Requirements for trusted certificates in iOS 13 and macOS 10.15' (HT210176): RSA >= 2048, SHA-2 signatures, names in subjectAltName only, validity <= 825 days",
			Versions: tls12to13,
			Suites: []uint16{0x1301, 0x1302, 0x1303, 0xC02C, 0xC02B, 0xCCA9, 0xC030, 0xC02F, 0xCCA8,
				0xC00A, 0xC009, 0xC014, 0xC013, 0x009D, 0x009C, 0x0035, 0x002F, 0xC008, 0xC012, 0x000A},
			Groups: []uint16{groupX25519, groupP256, groupP384, groupP521},
			SigAlgs: []uint16{sigECDSAP256, sigRSAPSSRSAE256, sigRSAPKCS1SHA256, sigECDSAP384, sigRSAPSSRSAE384,
				sigRSAPKCS1SHA384, sigRSAPSSRSAE512, sigRSAPKCS1SHA512, sigRSAPKCS1SHA1},
			SNI: true, MinRSABits: 2048, RequiresSAN: true, KeyTypes: rsaECDSA, MaxValidityDays: 825,
		},
		{
			Name:     "Chrome 49 (Windows XP SP3)",
			Source:   "last Chrome for Windows XP (2016): BoringSSL with TLS 1.0-1.2, AES-GCM and ECDHE over NSS-era curves P-256/384/521, before X25519 (Chrome 50); SHA-1 still accepted (removed Chrome 57)",
			Versions: tls10to12,
			Suites:   []uint16{0xC02B, 0xC02F, 0xC00A, 0xC009, 0xC013, 0xC014, 0x009E, 0x0033, 0x0039, 0x009C, 0x002F, 0x0035, 0x000A},
			Groups:   []uint16{groupP256, groupP384, groupP521},
			SigAlgs:  []uint16{sigRSAPKCS1SHA512, sigECDSAP521, sigRSAPKCS1SHA384, sigECDSAP384, sigRSAPKCS1SHA256, sigECDSAP256, sigRSAPKCS1SHA1, sigECDSASHA1},
			SNI:      true, AcceptsSHA1Certs: true, KeyTypes: rsaECDSA, Old: true,
		},
		{
			Name:             "Internet Explorer 8 (Windows XP SP3)",
			Source:           "Windows XP SP3 SChannel (Microsoft 'Cipher Suites in Schannel', Windows XP list): SSL 3.0/TLS 1.0, RC4/3DES/DES/export with RSA key transport and DHE-DSS, no AES, no ECC, no SNI",
			Versions:         ssl3toTLS10,
			Suites:           []uint16{0x0004, 0x0005, 0x000A, 0x0009, 0x0064, 0x0062, 0x0003, 0x0006, 0x0013, 0x0012, 0x0063, 0x0011},
			AcceptsSHA1Certs: true, KeyTypes: rsaDSA, Old: true,
		},
		{
			Name:     "Internet Explorer 11 (Windows 7)",
			Source:   "Windows 7 SP1 SChannel default order with KB3042058 (adds DHE-RSA-AES-GCM; ECDHE-RSA only with CBC before Windows 8.1), TLS 1.1/1.2 on by default in IE 11; DHE below 1024 bits refused since MS15-055; SHA-1 blocked for public roots since May 2017",
			Versions: tls10to12,
			Suites: []uint16{0xC028, 0xC027, 0xC014, 0xC013, 0x009F, 0x009E, 0x0039, 0x0033, 0x009D, 0x009C, 0x003D, 0x003C,
				0x0035, 0x002F, 0xC02C, 0xC02B, 0xC024, 0xC023, 0xC00A, 0xC009, 0x006A, 0x0040, 0x0038, 0x0032, 0x000A, 0x0013},
			Groups: []uint16{groupP256, groupP384},
			SigAlgs: []uint16{sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512, sigRSAPKCS1SHA1,
				sigECDSAP256, sigECDSAP384, sigECDSAP521, sigECDSASHA1, sigDSASHA256, sigDSASHA1},
			SNI: true, MinDHBits: 1024, KeyTypes: []string{"RSA", "ECDSA", "DSA"}, Old: true,
		},
		{
			Name:     "Android 4.4 (KitKat)",
			Source:   "Android SSLSocket documentation, protocols and cipher suites by API level: API 19 enables SSLv3 and TLSv1 by default (TLS 1.1/1.2 supported, enabled only from API 20), so no GCM; ECDHE-ECDSA first",
			Versions: ssl3toTLS10,
			Suites: []uint16{0xC009, 0xC00A, 0xC013, 0xC014, 0x0033, 0x0039, 0x0032, 0x0038, 0x002F, 0x0035,
				0xC007, 0xC011, 0x0005, 0x0004, 0xC008, 0xC012, 0x0016, 0x0013, 0x000A},
			Groups: []uint16{groupP256, groupP384, groupP521},
			SNI:    true, AcceptsSHA1Certs: true, KeyTypes: []string{"RSA", "ECDSA", "DSA"}, Old: true,
		},
		{
			Name:     "Android 7.0 (Nougat)",
			Source:   "Android SSLSocket documentation for API 24 (TLS 1.0-1.2; DHE dropped from defaults in API 23); API 24's BoringSSL offers only X25519 and P-256, so servers on secp384r1 alone fail it",
			Versions: tls10to12,
			Suites: []uint16{0xC02B, 0xC02C, 0xCCA9, 0xC02F, 0xC030, 0xCCA8, 0xC009, 0xC00A, 0xC013, 0xC014,
				0x009C, 0x009D, 0x002F, 0x0035},
			Groups:  []uint16{groupX25519, groupP256},
			SigAlgs: []uint16{sigRSAPKCS1SHA512, sigECDSAP521, sigRSAPKCS1SHA384, sigECDSAP384, sigRSAPKCS1SHA256, sigECDSAP256, sigRSAPKCS1SHA1, sigECDSASHA1},
			SNI:     true, AcceptsSHA1Certs: true, KeyTypes: rsaECDSA, Old: true,
		},
		{
			Name:     "Android 14",
			Source:   "Android SSLSocket documentation for API 34 (Conscrypt/BoringSSL; TLS 1.3 since API 29, TLS 1.0-1.3 enabled); BoringSSL default order and verify signature algorithms",
			Versions: tls10to13,
			Suites: []uint16{0x1301, 0x1302, 0x1303, 0xC02B, 0xC02C, 0xCCA9, 0xC02F, 0xC030, 0xCCA8,
				0xC009, 0xC00A, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035},
			Groups:  []uint16{groupX25519, groupP256, groupP384},
			SigAlgs: append(append([]uint16{}, chromeSigAlgs...), sigRSAPKCS1SHA1),
			SNI:     true, AcceptsSHA1Certs: true, KeyTypes: rsaECDSA,
		},
		{
			Name:     "Java 6u45",
			Source:   "Java 6 JSSE Reference Guide, default enabled cipher suites (RC4 first, AES-128 only without the unlimited policy, no ECC provider by default, no SNI); SunJCE DH limited to 1024 bits",
			Versions: ssl3toTLS10,
			Suites: []uint16{0x0004, 0x0005, 0x002F, 0x0033, 0x0032, 0x000A, 0x0016, 0x0013,
				0x0009, 0x0015, 0x0012, 0x0003, 0x0008, 0x0014, 0x0011},
			MaxDHBits: 1024, AcceptsSHA1Certs: true, KeyTypes: rsaDSA, Old: true,
		},
		{
			Name:     "Java 7u25",
			Source:   "Java 7 SunJSSE provider documentation: client enables TLS 1.0 by default (1.1/1.2 supported, off), ECC via SunEC, SNI since Java 7; DH above 1024 bits unsupported ('Prime size must be multiple of 64, and can only range from 512 to 1024'); static ECDH suites left out",
			Versions: ssl3toTLS10,
			Suites: []uint16{0xC009, 0xC013, 0x002F, 0x0033, 0x0032, 0xC007, 0xC011, 0x0005,
				0xC008, 0xC012, 0x000A, 0x0016, 0x0013, 0x0004},
			Groups: []uint16{groupP256, groupP384, groupP521, groupSecp256k1},
			SNI:    true, MaxDHBits: 1024, AcceptsSHA1Certs: true, KeyTypes: []string{"RSA", "ECDSA", "DSA"}, Old: true,
		},
		{
			Name:     "Java 8u161",
			Source:   "Java 8 SunJSSE provider documentation, default cipher order (static ECDH left out); SSLv3 off since 8u31; jdk.tls.disabledAlgorithms 'DH keySize < 1024'; DH up to 2048 bits in this update (raised to 8192 later, JDK-8072452); 'SHA1 jdkCA & usage TLSServer' in jdk.certpath.disabledAlgorithms",
			Versions: tls10to12, Suites: java8Suites,
			Groups:  []uint16{groupP256, groupP384, groupP521, groupSecp256k1},
			SigAlgs: javaLegacySigAlgs,
			SNI:     true, MinDHBits: 1024, MaxDHBits: 2048, MinRSABits: 1024, KeyTypes: []string{"RSA", "ECDSA", "DSA"}, Old: true,
		},
		{
			Name:     "Java 11 (11.0.11+)",
			Source:   "Java 11 Security Developer's Guide, SunJSSE default cipher order (JDK-8163326); TLS 1.3 (JEP 332) with AES-GCM only; TLS 1.0/1.1 disabled in 11.0.11; named groups secp256r1..ffdhe8192; DH >= 1024",
			Versions: tls12to13,
			Suites:   with13([]uint16{0x1301, 0x1302}, java11TLS12Suites),
			Groups: []uint16{groupP256, groupP384, groupP521,
				groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192},
			SigAlgs: java11SigAlgs,
			SNI:     true, MinDHBits: 1024, MinRSABits: 1024, KeyTypes: []string{"RSA", "ECDSA", "DSA"},
		},
		{
			Name:     "Java 17",
			Source:   "Java 17 Security Developer's Guide, SunJSSE default cipher order (TLS_AES_256_GCM_SHA384 first, ChaCha20 since JDK 12); x25519/x448 groups (JDK 13, JDK-8171279); EdDSA certificates (JDK 15); TLS 1.0/1.1 disabled (JDK 16)",
			Versions: tls12to13, Suites: java17Suites, Groups: javaGroups, SigAlgs: java17SigAlgs,
			SNI: true, MinDHBits: 1024, MinRSABits: 1024, KeyTypes: allKeyTypes,
		},
		{
			Name:     "Java 21",
			Source:   "Java 21 Security Developer's Guide: same SunJSSE defaults as 17 (TLS_ECDH_* disabled in JDK 20 do not appear in this table)",
			Versions: tls12to13, Suites: java17Suites, Groups: javaGroups, SigAlgs: java17SigAlgs,
			SNI: true, MinDHBits: 1024, MinRSABits: 1024, KeyTypes: allKeyTypes,
		},
		{
			Name:     "OpenSSL 1.0.1 (Ubuntu 14.04)",
			Source:   "OpenSSL 1.0.1 ciphers(1): default 'ALL:!aNULL:!eNULL:!SSLv2' sorted by strength; curves sent strongest first (prime curves shown); DH below 768 bits refused since 1.0.1n (Logjam)",
			Versions: ssl3toTLS12, Suites: openssl10Suites,
			Groups:  []uint16{groupP521, groupP384, groupSecp256k1, groupP256},
			SigAlgs: openssl10SigAlgs,
			SNI:     true, MinDHBits: 768, AcceptsSHA1Certs: true, KeyTypes: []string{"RSA", "ECDSA", "DSA"}, Old: true,
		},
		{
			Name:     "OpenSSL 1.0.2 (RHEL 7, Debian 9)",
			Source:   "OpenSSL 1.0.2 ciphers(1): same default list and order as 1.0.1; DH below 768 bits refused since 1.0.2b",
			Versions: ssl3toTLS12, Suites: openssl10Suites,
			Groups:  []uint16{groupP521, groupP384, groupSecp256k1, groupP256},
			SigAlgs: openssl10SigAlgs,
			SNI:     true, MinDHBits: 768, AcceptsSHA1Certs: true, KeyTypes: []string{"RSA", "ECDSA", "DSA"}, Old: true,
		},
		{
			Name:     "OpenSSL 1.1.1",
			Source:   "OpenSSL 1.1.1 ciphers(1) DEFAULT and SSL_CTX_set1_groups(3) default groups (x25519, P-256, x448, P-521, P-384); SSL_CTX_set_security_level(3) level 1: RSA and DH >= 1024 bits, SHA-1 allowed",
			Versions: tls10to13, Suites: openssl111Suites,
			Groups:  []uint16{groupX25519, groupP256, groupX448, groupP521, groupP384},
			SigAlgs: openssl111SigAlgs,
			SNI:     true, MinRSABits: 1024, MinDHBits: 1024, AcceptsSHA1Certs: true, KeyTypes: allKeyTypes, Old: true,
		},
		{
			Name:     "OpenSSL 3.0",
			Source:   "OpenSSL 3.0 migration guide: at security level 1 SHA-1 counts as 64 bits, so TLS 1.0/1.1 and SHA-1 certificate signatures stop working; DEFAULT cipher list as 1.1.1; ffdhe groups added to the default group list",
			Versions: tls12to13, Suites: openssl111Suites,
			Groups: []uint16{groupX25519, groupP256, groupX448, groupP521, groupP384,
				groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192},
			SigAlgs: openssl3SigAlgs,
			SNI:     true, MinRSABits: 1024, MinDHBits: 1024, KeyTypes: allKeyTypes,
		},
		{
			Name:     "OpenSSL 3.5",
			Source:   "OpenSSL 3.5 release notes: default groups start with X25519MLKEM768 (key shares X25519MLKEM768 and x25519); otherwise as 3.0",
			Versions: tls12to13, Suites: openssl111Suites,
			Groups: []uint16{groupX25519MLKEM768, groupX25519, groupP256, groupX448, groupP384, groupP521,
				groupFFDHE2048, groupFFDHE3072},
			SigAlgs: openssl3SigAlgs,
			SNI:     true, MinRSABits: 1024, MinDHBits: 1024, KeyTypes: allKeyTypes,
		},
		{
			Name:     "Python 3.12 (ssl.create_default_context)",
			Source:   "Python ssl module docs and PEP 644: TLS 1.2 minimum, cipher string '@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM' (3.10+); level 2: RSA and DH >= 2048 bits, no SHA-1",
			Versions: tls12to13,
			Suites: []uint16{0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8,
				0xC024, 0xC028, 0xC023, 0xC027, 0x009F, 0x009E, 0x006B, 0x0067},
			Groups:  []uint16{groupX25519, groupP256, groupX448, groupP521, groupP384, groupFFDHE2048, groupFFDHE3072},
			SigAlgs: openssl3SigAlgs,
			SNI:     true, MinRSABits: 2048, MinDHBits: 2048, KeyTypes: allKeyTypes,
		},
		{
			Name:     "Go 1.24 crypto/tls (NATS Go clients)",
			Source:   "Go 1.24 crypto/tls documentation and release notes: TLS 1.2 minimum (1.18), RSA key exchange out of the defaults (1.22, tlsrsakex), 3DES out (1.23), X25519MLKEM768 first (1.24), RSA keys below 1024 bits refused (1.24); crypto/x509: no commonName fallback (1.15), no SHA-1 (1.18)",
			Versions: tls12to13,
			Suites: []uint16{0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8,
				0xC009, 0xC013, 0xC00A, 0xC014},
			Groups: []uint16{groupX25519MLKEM768, groupX25519, groupP256, groupP384, groupP521},
			SigAlgs: []uint16{sigRSAPSSRSAE256, sigECDSAP256, sigEd25519, sigRSAPSSRSAE384, sigRSAPSSRSAE512,
				sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512, sigECDSAP384, sigECDSAP521, sigRSAPKCS1SHA1, sigECDSASHA1},
			SNI: true, MinRSABits: 1024, RequiresSAN: true, KeyTypes: []string{"RSA", "ECDSA", "Ed25519"},
		},
		{
			Name:     "Node.js 22 (MQTT.js)",
			Source:   "Node.js tls documentation: tls.DEFAULT_CIPHERS (TLS 1.3 suites, then ECDHE-RSA-AES128-GCM-SHA256 first, then HIGH), tls.DEFAULT_MIN_VERSION TLSv1.2, minDHSize 1024; bundled OpenSSL 3 at security level 1",
			Versions: tls12to13,
			Suites: []uint16{0x1302, 0x1303, 0x1301, 0xC02F, 0xC02B, 0xC030, 0xC02C, 0x009E, 0xC027, 0x0067, 0xC028, 0x006B,
				0xCCA9, 0xCCA8, 0xCCAA, 0x009F, 0xC024, 0xC023, 0xC00A, 0xC014, 0xC009, 0xC013, 0x0039, 0x0033,
				0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F},
			Groups:  []uint16{groupX25519, groupP256, groupX448, groupP521, groupP384},
			SigAlgs: openssl3SigAlgs,
			SNI:     true, MinRSABits: 1024, MinDHBits: 1024, KeyTypes: allKeyTypes,
		},
		{
			Name:     "curl 8 (OpenSSL 3)",
			Source:   "curl with CURL_SSLVERSION_DEFAULT and no --ciphers/--curves leaves versions, suites and groups to OpenSSL 3's defaults (TLS 1.2 and up at security level 1)",
			Versions: tls12to13, Suites: openssl111Suites,
			Groups:  []uint16{groupX25519, groupP256, groupX448, groupP521, groupP384},
			SigAlgs: openssl3SigAlgs,
			SNI:     true, MinRSABits: 1024, MinDHBits: 1024, KeyTypes: allKeyTypes,
		},
		{
			Name:     "paho.mqtt.c / mosquitto_pub on Debian 10 (OpenSSL 1.1.1)",
			Source:   "Debian 10 /etc/ssl/openssl.cnf sets MinProtocol = TLSv1.2 and CipherString = DEFAULT@SECLEVEL=2 for every OpenSSL client (Debian openssl 1.1.1 NEWS); paho.mqtt.c and mosquitto use the OpenSSL defaults; level 2: RSA and DH >= 2048 bits, no SHA-1",
			Versions: tls12to13, Suites: openssl111Suites,
			Groups:  []uint16{groupX25519, groupP256, groupX448, groupP521, groupP384},
			SigAlgs: openssl111SigAlgs,
			SNI:     true, MinRSABits: 2048, MinDHBits: 2048, KeyTypes: allKeyTypes, Old: true,
		},
		{
			Name:     "mbedTLS 2.28 defaults",
			Source:   "mbedTLS 2.28 LTS: ciphersuite_preference order (ssl_ciphersuites.c), ecp_supported_curves order (strongest first), mbedtls_ssl_config_defaults TLS 1.2, dhm_min_bitlen 1024, mbedtls_x509_crt_profile_default (RSA >= 2048, no SHA-1); LTS ended 2024",
			Versions: tls12only, Suites: mbedtls2Suites,
			Groups:  []uint16{groupP521, groupBP512, groupP384, groupBP384, groupP256, groupSecp256k1, groupBP256, groupX25519},
			SigAlgs: mbedtls2SigAlgs,
			SNI:     true, MinRSABits: 2048, MinDHBits: 1024, KeyTypes: rsaECDSA, Old: true,
		},
		{
			Name:     "mbedTLS 3.6 defaults",
			Source:   "mbedTLS 3.6 LTS: TLS 1.3 on by default (MBEDTLS_SSL_PROTO_TLS1_3), TLS 1.3 suites AES-256-GCM, ChaCha20, AES-128-GCM; ssl_preset_default_groups and sig_algs; x509 default profile (RSA >= 2048, no SHA-1)",
			Versions: tls12to13,
			Suites:   with13([]uint16{0x1302, 0x1303, 0x1301}, mbedtls2Suites),
			Groups:   mbedtls3Groups, SigAlgs: mbedtls3SigAlgs,
			SNI: true, MinRSABits: 2048, MinDHBits: 1024, KeyTypes: rsaECDSA,
		},
		{
			Name:     "ESP32 ESP-IDF 5 (esp-tls, mbedTLS 3)",
			Source:   "ESP-IDF v5 mbedTLS Kconfig defaults: TLS 1.2 on, TLS 1.3 off (CONFIG_MBEDTLS_SSL_PROTO_TLS1_3), RSA, DHE-RSA, ECDHE-RSA and ECDHE-ECDSA key exchanges on; mbedTLS 3 preference order and default certificate profile",
			Versions: tls12only, Suites: mbedtls2Suites,
			Groups: mbedtls3Groups[:8], SigAlgs: mbedtls3SigAlgs,
			SNI: true, MinRSABits: 2048, MinDHBits: 1024, KeyTypes: rsaECDSA,
		},
		{
			Name:     "wolfSSL 5 defaults",
			Source:   "wolfSSL 5 manual, default ./configure build: TLS 1.2 and 1.3, static RSA key exchange off (WOLFSSL_STATIC_RSA), ECDHE/DHE with AES-GCM, ChaCha20-Poly1305, AES-CBC in the order InitSuites() adds them (our reading, approximate within a family); WOLFSSL_MIN_RSA_BITS and WOLFSSL_MIN_DHKEY_BITS 1024; commonName checked when no SAN",
			Versions: tls12to13,
			Suites: []uint16{0x1301, 0x1302, 0x1303, 0xC02C, 0xC02B, 0xC030, 0xC02F, 0xCCA9, 0xCCA8, 0x009F, 0x009E, 0xCCAA,
				0xC024, 0xC023, 0xC028, 0xC027, 0xC00A, 0xC009, 0xC014, 0xC013, 0x006B, 0x0067, 0x0039, 0x0033},
			Groups: []uint16{groupX25519, groupP256, groupP384, groupP521, groupFFDHE2048},
			SigAlgs: []uint16{sigECDSAP256, sigECDSAP384, sigECDSAP521, sigEd25519, sigRSAPSSRSAE256, sigRSAPSSRSAE384,
				sigRSAPSSRSAE512, sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512, sigECDSASHA1, sigRSAPKCS1SHA1},
			SNI: true, MinRSABits: 1024, MinDHBits: 1024, AcceptsSHA1Certs: true, KeyTypes: []string{"RSA", "ECDSA", "Ed25519"},
		},
	}
}
