package policy

import "github.com/tlscheck/tlscheck/checks"

// MozillaModernCheck is policy.mozilla-modern.
var MozillaModernCheck = newCheck(MozillaModern,
	"Mozilla's modern configuration (guidelines 5.7) is for servers whose clients are all current: "+
		"TLS 1.3 only with its three AEAD suites, the groups X25519, P-256 and P-384, an ECDSA "+
		"certificate on P-256 or P-384 signed with ECDSA, certificates of at most 90 days, HSTS for "+
		"two years and OCSP stapling. The oldest clients it serves are Firefox 63, Chrome 70, Safari "+
		"12.1, Android 10, Java 11 and OpenSSL 1.1.1.")

func init() { checks.Register(MozillaModernCheck) }
