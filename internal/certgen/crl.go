package certgen

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"time"
)

// CRL is a built certificate revocation list.
type CRL struct {
	X509 *x509.RevocationList
	DER  []byte
}

// PEM returns the CRL as a PEM block ("X509 CRL").
func (c *CRL) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: c.DER})
}

// CRLOption changes the CRL template before signing.
type CRLOption func(*crlSpec)

type crlSpec struct {
	tmpl       *x509.RevocationList
	badSig     bool
	entryExtra []pkix.Extension
}

// Revoke lists serial numbers as revoked an hour after Epoch.
func Revoke(serials ...*big.Int) CRLOption {
	return func(s *crlSpec) {
		for _, n := range serials {
			s.tmpl.RevokedCertificateEntries = append(s.tmpl.RevokedCertificateEntries,
				x509.RevocationListEntry{SerialNumber: n, RevocationTime: Epoch.Add(time.Hour)})
		}
	}
}

// Updates sets thisUpdate and nextUpdate (default: Epoch and Epoch + 30 days).
func Updates(this, next time.Time) CRLOption {
	return func(s *crlSpec) { s.tmpl.ThisUpdate, s.tmpl.NextUpdate = this, next }
}

// Number sets the CRLNumber (default 1).
func Number(n int64) CRLOption { return func(s *crlSpec) { s.tmpl.Number = big.NewInt(n) } }

// BadSignature corrupts the signature after signing.
func BadSignature() CRLOption { return func(s *crlSpec) { s.badSig = true } }

// CRLExtension adds an extension to the CRL (critical or not).
func CRLExtension(oid string, critical bool, value []byte) CRLOption {
	return func(s *crlSpec) {
		s.tmpl.ExtraExtensions = append(s.tmpl.ExtraExtensions, pkix.Extension{Id: parseOID(oid), Critical: critical, Value: value})
	}
}

// EntryExtension adds an extension to every revoked entry.
func EntryExtension(oid string, critical bool, value []byte) CRLOption {
	return func(s *crlSpec) {
		s.entryExtra = append(s.entryExtra, pkix.Extension{Id: parseOID(oid), Critical: critical, Value: value})
	}
}

// IDPScope is the content of an issuingDistributionPoint extension
// (RFC 5280 5.2.5) without a distribution point name.
type IDPScope struct {
	OnlyUserCerts      bool           `asn1:"optional,tag:1"`
	OnlyCACerts        bool           `asn1:"optional,tag:2"`
	OnlySomeReasons    asn1.BitString `asn1:"optional,tag:3"`
	Indirect           bool           `asn1:"optional,tag:4"`
	OnlyAttributeCerts bool           `asn1:"optional,tag:5"`
}

// IDP adds a critical issuingDistributionPoint extension with scope.
func IDP(scope IDPScope) CRLOption {
	return CRLExtension("2.5.29.28", true, mustMarshal(scope))
}

// ReasonKeyCompromise is the onlySomeReasons value {keyCompromise}.
var ReasonKeyCompromise = asn1.BitString{Bytes: []byte{0x40}, BitLength: 2}

// Delta makes the CRL a delta CRL (a critical deltaCRLIndicator, RFC 5280
// 5.2.4) against the complete CRL numbered base.
func Delta(base int64) CRLOption {
	return CRLExtension("2.5.29.27", true, mustMarshal(big.NewInt(base)))
}

// NewCRL signs a CRL with issuer's key: CRLNumber 1, thisUpdate Epoch,
// nextUpdate Epoch + 30 days, unless options say otherwise. An issuer whose
// keyUsage lacks cRLSign still signs one (Go refuses; a CA with such a
// certificate can), so tests can exercise that case.
func NewCRL(issuer *Cert, opts ...CRLOption) *CRL {
	s := &crlSpec{tmpl: &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: Epoch, NextUpdate: Epoch.AddDate(0, 0, 30)}}
	for _, o := range opts {
		o(s)
	}
	for i := range s.tmpl.RevokedCertificateEntries {
		s.tmpl.RevokedCertificateEntries[i].ExtraExtensions = append(s.tmpl.RevokedCertificateEntries[i].ExtraExtensions, s.entryExtra...)
	}
	signer := *issuer.X509
	if signer.KeyUsage != 0 {
		signer.KeyUsage |= x509.KeyUsageCRLSign
	}
	der, err := x509.CreateRevocationList(rand.Reader, s.tmpl, &signer, issuer.Key)
	if err != nil {
		panic(err)
	}
	if s.badSig {
		// The last byte belongs to the signature value: flipping it keeps
		// the DER well formed and the signature wrong.
		der[len(der)-1] ^= 0x01
	}
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		panic(err)
	}
	return &CRL{X509: rl, DER: der}
}
