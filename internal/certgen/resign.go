package certgen

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
)

// Go refuses to sign with MD5 or SHA-1 and cannot write version 1
// certificates, but the checks must see both, so certgen lets Go build the
// certificate and then rewrites and re-signs the TBSCertificate itself.

type rawCert struct {
	TBS    asn1.RawValue
	SigAlg pkix.AlgorithmIdentifier
	Sig    asn1.BitString
}

type rawTBS struct {
	Version    int `asn1:"optional,explicit,default:0,tag:0"`
	Serial     *big.Int
	SigAlg     pkix.AlgorithmIdentifier
	Issuer     asn1.RawValue
	Validity   asn1.RawValue
	Subject    asn1.RawValue
	PublicKey  asn1.RawValue
	Extensions []pkix.Extension `asn1:"omitempty,optional,explicit,tag:3"`
}

var (
	oidMD5WithRSA    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 4}
	oidSHA1WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidSHA256WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidECDSAWithSHA1 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 1}
	oidECDSAWithS256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidEd25519       = asn1.ObjectIdentifier{1, 3, 101, 112}
)

func weak(a x509.SignatureAlgorithm) bool {
	switch a {
	case x509.MD5WithRSA, x509.SHA1WithRSA, x509.ECDSAWithSHA1:
		return true
	}
	return false
}

func createCertificate(tmpl, issuer *x509.Certificate, pub any, signer crypto.Signer) ([]byte, error) {
	want := tmpl.SignatureAlgorithm
	if weak(want) {
		tmpl.SignatureAlgorithm = 0
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, pub, signer)
	tmpl.SignatureAlgorithm = want
	if err != nil || !weak(want) {
		return der, err
	}
	return resign(der, signer, want, false)
}

func buildV1(tmpl, issuer *x509.Certificate, pub any, signer crypto.Signer) ([]byte, error) {
	want := tmpl.SignatureAlgorithm
	tmpl.SignatureAlgorithm = 0
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, pub, signer)
	tmpl.SignatureAlgorithm = want
	if err != nil {
		return nil, err
	}
	return resign(der, signer, want, true)
}

// resign rewrites der's TBSCertificate (version 1 without extensions when v1
// is set, signature algorithm alg) and signs it again with signer.
func resign(der []byte, signer crypto.Signer, alg x509.SignatureAlgorithm, v1 bool) ([]byte, error) {
	var c rawCert
	if _, err := asn1.Unmarshal(der, &c); err != nil {
		return nil, err
	}
	var t rawTBS
	if _, err := asn1.Unmarshal(c.TBS.FullBytes, &t); err != nil {
		return nil, err
	}
	if v1 {
		t.Version = 0
		t.Extensions = nil
	}
	var oid asn1.ObjectIdentifier
	var h crypto.Hash
	var params asn1.RawValue
	nullParams := asn1.RawValue{Tag: asn1.TagNull}
	switch alg {
	case x509.MD5WithRSA:
		oid, h, params = oidMD5WithRSA, crypto.MD5, nullParams
	case x509.SHA1WithRSA:
		oid, h, params = oidSHA1WithRSA, crypto.SHA1, nullParams
	case x509.ECDSAWithSHA1:
		oid, h = oidECDSAWithSHA1, crypto.SHA1
	case 0, x509.SHA256WithRSA, x509.ECDSAWithSHA256, x509.PureEd25519:
		switch signer.(type) {
		case *rsa.PrivateKey:
			oid, h, params = oidSHA256WithRSA, crypto.SHA256, nullParams
		case *ecdsa.PrivateKey:
			oid, h = oidECDSAWithS256, crypto.SHA256
		case ed25519.PrivateKey:
			oid = oidEd25519
		}
	default:
		return nil, fmt.Errorf("certgen: resign with %v not supported", alg)
	}
	t.SigAlg = pkix.AlgorithmIdentifier{Algorithm: oid, Parameters: params}
	tbs, err := asn1.Marshal(t)
	if err != nil {
		return nil, err
	}
	var digest []byte
	opts := crypto.SignerOpts(h)
	switch h {
	case crypto.MD5:
		d := md5.Sum(tbs)
		digest = d[:]
	case crypto.SHA1:
		d := sha1.Sum(tbs)
		digest = d[:]
	case crypto.SHA256:
		d := sha256.Sum256(tbs)
		digest = d[:]
	default:
		digest, opts = tbs, crypto.Hash(0)
	}
	var sig []byte
	if k, ok := signer.(*rsa.PrivateKey); ok && h == crypto.MD5 {
		sig, err = rsa.SignPKCS1v15(rand.Reader, k, crypto.MD5, digest)
	} else {
		sig, err = signer.Sign(rand.Reader, digest, opts)
	}
	if err != nil {
		return nil, err
	}
	c.TBS = asn1.RawValue{FullBytes: tbs}
	c.SigAlg = t.SigAlg
	c.Sig = asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}
	return asn1.Marshal(c)
}
