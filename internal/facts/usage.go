package facts

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"strings"
)

// ekuNames are the extendedKeyUsage purposes by their RFC 5280 (and
// OpenSSL configuration) names.
var ekuNames = map[x509.ExtKeyUsage]string{
	x509.ExtKeyUsageAny:                            "anyExtendedKeyUsage",
	x509.ExtKeyUsageServerAuth:                     "serverAuth",
	x509.ExtKeyUsageClientAuth:                     "clientAuth",
	x509.ExtKeyUsageCodeSigning:                    "codeSigning",
	x509.ExtKeyUsageEmailProtection:                "emailProtection",
	x509.ExtKeyUsageIPSECEndSystem:                 "ipsecEndSystem",
	x509.ExtKeyUsageIPSECTunnel:                    "ipsecTunnel",
	x509.ExtKeyUsageIPSECUser:                      "ipsecUser",
	x509.ExtKeyUsageTimeStamping:                   "timeStamping",
	x509.ExtKeyUsageOCSPSigning:                    "OCSPSigning",
	x509.ExtKeyUsageMicrosoftServerGatedCrypto:     "msSGC",
	x509.ExtKeyUsageNetscapeServerGatedCrypto:      "nsSGC",
	x509.ExtKeyUsageMicrosoftCommercialCodeSigning: "msCodeCom",
	x509.ExtKeyUsageMicrosoftKernelCodeSigning:     "msKernelCode",
}

// EKUName is the name of one purpose, e.g. "serverAuth".
func EKUName(u x509.ExtKeyUsage) string {
	if n, ok := ekuNames[u]; ok {
		return n
	}
	return fmt.Sprintf("usage#%d", int(u))
}

// EKUList names every purpose x's extendedKeyUsage lists, unknown ones by
// OID: "serverAuth, clientAuth".
func EKUList(x *x509.Certificate) string {
	var names []string
	for _, u := range x.ExtKeyUsage {
		names = append(names, EKUName(u))
	}
	for _, oid := range x.UnknownExtKeyUsage {
		names = append(names, oid.String())
	}
	return strings.Join(names, ", ")
}

// HasEKU reports whether x's extendedKeyUsage allows u (anyExtendedKeyUsage
// allows everything). It does not look at whether the extension is present.
func HasEKU(x *x509.Certificate, u x509.ExtKeyUsage) bool {
	for _, e := range x.ExtKeyUsage {
		if e == u || e == x509.ExtKeyUsageAny {
			return true
		}
	}
	return false
}

// EKUPresent reports whether x carries an extendedKeyUsage extension.
func EKUPresent(x *x509.Certificate) bool {
	return len(x.ExtKeyUsage) > 0 || len(x.UnknownExtKeyUsage) > 0
}

// ClientOnly reports a certificate whose EKU allows TLS clients but not servers.
func ClientOnly(x *x509.Certificate) bool {
	return EKUPresent(x) && HasEKU(x, x509.ExtKeyUsageClientAuth) && !HasEKU(x, x509.ExtKeyUsageServerAuth)
}

// IssuedBy reports whether ca issued c: the names chain and either ca's key
// verifies c's signature or the key identifiers agree.
func IssuedBy(c, ca *x509.Certificate) bool {
	if c == nil || ca == nil || !bytes.Equal(c.RawIssuer, ca.RawSubject) {
		return false
	}
	if ca.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil {
		return true
	}
	return len(c.AuthorityKeyId) > 0 && bytes.Equal(c.AuthorityKeyId, ca.SubjectKeyId)
}

// ClientCAIssuer returns the --client-ca certificate that issued c, or nil.
func (f *Facts) ClientCAIssuer(c *Cert) *Cert {
	for _, ca := range f.ClientCAs {
		if IssuedBy(c.X509, ca.X509) {
			return ca
		}
	}
	return nil
}

// LeafRole says what a leaf is used for (PurposeServer, PurposeClient,
// PurposeBoth or PurposeAny: no EKU constraint): a leaf issued by a --client-ca is a client certificate;
// otherwise --purpose decides, except that under --purpose server a
// clientAuth-only leaf next to a real server leaf (an mTLS deployment
// directory) is taken as the client certificate it is.
func (f *Facts) LeafRole(c *Cert) string {
	if f.ClientCAIssuer(c) != nil {
		return PurposeClient
	}
	switch f.Options.Purpose {
	case PurposeClient:
		return PurposeClient
	case PurposeBoth:
		return PurposeBoth
	case PurposeAny:
		return PurposeAny
	}
	if c.Source.Role != RoleCert && ClientOnly(c.X509) {
		for _, other := range f.Leaves() {
			if other != c && other.X509 != nil && (!EKUPresent(other.X509) || HasEKU(other.X509, x509.ExtKeyUsageServerAuth)) {
				return PurposeClient
			}
		}
	}
	return PurposeServer
}

// ServesTLS reports whether the leaf is used as a server certificate.
func (f *Facts) ServesTLS(c *Cert) bool { return f.LeafRole(c) != PurposeClient }

// SANEntries lists x's subjectAltName in OpenSSL's notation: "DNS:a.example",
// "IP:127.0.0.1", "email:...", "URI:...", in that order.
func SANEntries(x *x509.Certificate) []string {
	var out []string
	for _, d := range x.DNSNames {
		out = append(out, "DNS:"+d)
	}
	for _, ip := range x.IPAddresses {
		out = append(out, "IP:"+ip.String())
	}
	for _, e := range x.EmailAddresses {
		out = append(out, "email:"+e)
	}
	for _, u := range x.URIs {
		out = append(out, "URI:"+u.String())
	}
	return out
}
