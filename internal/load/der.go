package load

import (
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/tlscheck/tlscheck/internal/facts"
)

var (
	oidData       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
)

// parseDER classifies binary content. It returns false when nothing was
// recognised and no problem was recorded.
func (fp *fileParser) parseDER(data []byte) bool {
	if len(data) >= 2 && data[1] == 0x80 {
		fp.problem(facts.FilePKCS7, "BER with indefinite lengths (a PKCS#7 export from Windows?): convert it with `openssl pkcs7 -inform der -print_certs -in FILE -out FILE.pem`")
		return true
	}
	// Certificates, one or several concatenated.
	if certs, err := x509.ParseCertificates(data); err == nil && len(certs) > 0 {
		fp.file.Encoding = facts.EncodingDER
		for _, c := range certs {
			fp.addCert(&facts.Cert{Raw: c.Raw, X509: c, Source: fp.source(&fp.certIdx)})
		}
		return true
	}
	var outer asn1.RawValue
	rest, err := asn1.Unmarshal(data, &outer)
	if err != nil {
		fp.problem(facts.FileBadDER, fmt.Sprintf("starts like DER (byte 0x30) but is not valid DER: %v", err))
		return true
	}
	if len(rest) > 0 && !isPadding(rest) {
		fp.problem(facts.FileBadDER, fmt.Sprintf("DER structure of %d bytes followed by %d bytes of other data", len(data)-len(rest), len(rest)))
		return true
	}
	if isPKCS7(data) {
		fp.file.Encoding = facts.EncodingPKCS7
		fp.pkcs7(data, "PKCS#7 structure", facts.FilePKCS7)
		return true
	}
	if isPKCS12(data) {
		fp.file.Encoding = facts.EncodingPKCS12
		fp.pkcs12(data)
		return true
	}
	setDER := func() { fp.file.Encoding = facts.EncodingDER }
	if k, err := parsePKCS8(data); err == nil {
		setDER()
		fp.addKey(k)
		return true
	}
	if rk, err := x509.ParsePKCS1PrivateKey(data); err == nil {
		setDER()
		k, _ := keyFacts(rk)
		fp.addKey(k)
		return true
	}
	if ek, err := x509.ParseECPrivateKey(data); err == nil {
		setDER()
		k, _ := keyFacts(ek)
		fp.addKey(k)
		return true
	}
	var epki encryptedPrivateKeyInfo
	if rest, err := asn1.Unmarshal(data, &epki); err == nil && len(rest) == 0 && len(epki.Algo.Algorithm) > 0 && len(epki.EncryptedData) > 0 {
		setDER()
		fp.addKey(fp.describeEncryptedPKCS8(&epki))
		return true
	}
	if _, err := x509.ParseCertificateRequest(data); err == nil {
		setDER()
		fp.addCSR(data, "DER certificate request")
		return true
	}
	if _, err := x509.ParseRevocationList(data); err == nil {
		setDER()
		fp.addCRL(data, "DER CRL")
		return true
	}
	if _, err := x509.ParsePKIXPublicKey(data); err == nil {
		setDER()
		fp.addKind(facts.KindPublicKey)
		return true
	}
	if p, g, err := parseDHParams(data, false); err == nil && g.BitLen() <= 32 && g.Cmp(p) < 0 && p.BitLen() >= 256 {
		setDER()
		fp.addDH(data, false, "DER DH parameters")
		return true
	}
	if p, g, err := parseDHParams(data, true); err == nil && g.Cmp(p) < 0 && p.BitLen() >= 256 {
		setDER()
		fp.addDH(data, true, "DER DH parameters")
		return true
	}
	if signedShape(data) {
		_, certErr := x509.ParseCertificate(data)
		fp.problem(facts.FileBadCert, fmt.Sprintf("DER signed structure (certificate, CSR or CRL) that does not parse; as a certificate: %v", certErr))
		return true
	}
	return false
}

// isPadding accepts trailing zero bytes or whitespace some tools append.
func isPadding(b []byte) bool {
	for _, c := range b {
		if c != 0 && c != '\n' && c != '\r' && c != ' ' {
			return false
		}
	}
	return true
}

// signedShape: SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }, the shape of a
// certificate, CSR and CRL.
func signedShape(der []byte) bool {
	var s struct {
		TBS  asn1.RawValue
		Algo asn1.RawValue
		Sig  asn1.BitString
	}
	_, err := asn1.Unmarshal(der, &s)
	return err == nil && s.TBS.Tag == asn1.TagSequence && s.Algo.Tag == asn1.TagSequence
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

func isPKCS7(der []byte) bool {
	var ci contentInfo
	_, err := asn1.Unmarshal(der, &ci)
	return err == nil && ci.ContentType.Equal(oidSignedData)
}

// isPKCS12: PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }
func isPKCS12(der []byte) bool {
	var pfx struct {
		Version  int
		AuthSafe contentInfo
		MacData  asn1.RawValue `asn1:"optional"`
	}
	_, err := asn1.Unmarshal(der, &pfx)
	return err == nil && pfx.Version == 3 && (pfx.AuthSafe.ContentType.Equal(oidData) || pfx.AuthSafe.ContentType.Equal(oidSignedData))
}

// pkcs7 extracts certificates and CRLs from a certs-only SignedData
// (RFC 5652 5.1; what `openssl crl2pkcs7 -nocrl` and .p7b exports hold).
// bundle is what a damaged certificate or CRL inside is reported as: the
// bundle (FilePKCS7) for a DER file, which the remedy converts as a whole;
// FileOther for a PEM block, reported as the damaged certificate or CRL.
func (fp *fileParser) pkcs7(der []byte, where string, bundle facts.FileProblemKind) {
	certs, crls, err := parsePKCS7(der)
	if err != nil {
		fp.problem(facts.FilePKCS7, fmt.Sprintf("%s is not a valid PKCS#7 bundle: %v", where, err))
		return
	}
	if len(certs) == 0 && len(crls) == 0 {
		fp.problem(facts.FilePKCS7, fmt.Sprintf("%s is a PKCS#7 bundle with no certificates", where))
		return
	}
	fp.bundle = bundle
	defer func() { fp.bundle = facts.FileOther }()
	for i, c := range certs {
		fp.addCertDER(c, fmt.Sprintf("certificate %d of %s", i+1, where))
	}
	for i, c := range crls {
		fp.addCRL(c, fmt.Sprintf("CRL %d of %s", i+1, where))
	}
}

func parsePKCS7(der []byte) (certs, crls [][]byte, err error) {
	var ci contentInfo
	if _, err := asn1.Unmarshal(der, &ci); err != nil {
		return nil, nil, err
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, nil, fmt.Errorf("content type %v is not signedData", ci.ContentType)
	}
	var sd asn1.RawValue
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, nil, fmt.Errorf("signedData: %v", err)
	}
	if sd.Tag != asn1.TagSequence {
		return nil, nil, errors.New("signedData is not a SEQUENCE")
	}
	body := sd.Bytes
	for len(body) > 0 {
		var field asn1.RawValue
		body, err = asn1.Unmarshal(body, &field)
		if err != nil {
			return nil, nil, fmt.Errorf("signedData: %v", err)
		}
		if field.Class != asn1.ClassContextSpecific {
			continue // version, digestAlgorithms, encapContentInfo, signerInfos
		}
		items := field.Bytes
		for len(items) > 0 {
			var item asn1.RawValue
			items, err = asn1.Unmarshal(items, &item)
			if err != nil {
				return nil, nil, fmt.Errorf("signedData certificates: %v", err)
			}
			if item.Class != asn1.ClassUniversal || item.Tag != asn1.TagSequence {
				continue // attribute certificates, other revocation formats
			}
			switch field.Tag {
			case 0:
				certs = append(certs, item.FullBytes)
			case 1:
				crls = append(crls, item.FullBytes)
			}
		}
	}
	return certs, crls, nil
}

// parseDHParams reads PKCS#3 DHParameter ::= SEQUENCE { p, g, privateValueLength OPTIONAL }
// or X9.42 DomainParameters ::= SEQUENCE { p, g, q, j OPTIONAL, validationParms OPTIONAL }.
func parseDHParams(der []byte, x942 bool) (p, g *big.Int, err error) {
	var seq asn1.RawValue
	rest, err := asn1.Unmarshal(der, &seq)
	if err != nil {
		return nil, nil, err
	}
	if len(rest) > 0 || seq.Tag != asn1.TagSequence {
		return nil, nil, errors.New("not a single SEQUENCE")
	}
	var ints []*big.Int
	body := seq.Bytes
	for len(body) > 0 {
		var rv asn1.RawValue
		if body, err = asn1.Unmarshal(body, &rv); err != nil {
			return nil, nil, err
		}
		if rv.Tag != asn1.TagInteger {
			break
		}
		n := new(big.Int)
		if _, err := asn1.Unmarshal(rv.FullBytes, &n); err != nil {
			return nil, nil, err
		}
		ints = append(ints, n)
	}
	switch {
	case !x942 && (len(ints) < 2 || len(ints) > 3):
		return nil, nil, errors.New("want SEQUENCE { p, g [, privateValueLength] }")
	case x942 && len(ints) < 3:
		return nil, nil, errors.New("want SEQUENCE { p, g, q, ... }")
	}
	if ints[0].Sign() <= 0 || ints[1].Sign() <= 0 {
		return nil, nil, errors.New("p and g must be positive")
	}
	return ints[0], ints[1], nil
}

// pkcs12 opens a PKCS#12 bundle with the password given, else with the
// empty password and the legacy default. A failure to open is recorded in
// PKCS12Error without the password.
func (fp *fileParser) pkcs12(der []byte) {
	pw := fp.l.cfg.Password
	tries := []string{pw}
	if pw == "" {
		tries = []string{"", pkcs12.DefaultPassword}
	}
	var lastErr error
	for _, try := range tries {
		priv, leaf, cas, err := pkcs12.DecodeChain(der, try)
		if err != nil {
			lastErr = err
			if errors.Is(err, pkcs12.ErrIncorrectPassword) || errors.Is(err, pkcs12.ErrDecryption) {
				continue
			}
			// Certificates only (a trust store, or `-nokeys`): DecodeChain
			// wants a key; ToPEM does not.
			if blocks, perr := pkcs12.ToPEM(der, try); perr == nil {
				fp.bundle = facts.FilePKCS12
				defer func() { fp.bundle = facts.FileOther }()
				for _, b := range blocks {
					if b.Type == "CERTIFICATE" {
						fp.addCertDER(b.Bytes, "certificate in the PKCS#12 bundle")
					}
				}
				return
			}
			if certs, terr := pkcs12.DecodeTrustStore(der, try); terr == nil {
				for _, c := range certs {
					fp.addCert(&facts.Cert{Raw: c.Raw, X509: c, Source: fp.source(&fp.certIdx)})
				}
				return
			}
			break
		}
		fp.addCert(&facts.Cert{Raw: leaf.Raw, X509: leaf, Source: fp.source(&fp.certIdx)})
		for _, c := range cas {
			fp.addCert(&facts.Cert{Raw: c.Raw, X509: c, Source: fp.source(&fp.certIdx)})
		}
		if k, err := keyFacts(priv); err == nil {
			fp.addKey(k)
		}
		return
	}
	switch {
	case errors.Is(lastErr, pkcs12.ErrIncorrectPassword) || errors.Is(lastErr, pkcs12.ErrDecryption):
		if pw == "" {
			fp.file.PKCS12Error = "the bundle is password-protected and no password was given (tried the empty password and the common default)"
		} else {
			fp.file.PKCS12Error = "the password given does not open the bundle (integrity check failed)"
		}
	default:
		var ni pkcs12.NotImplementedError
		if errors.As(lastErr, &ni) {
			fp.problem(facts.FilePKCS12, "PKCS#12 bundle uses a feature tlscheck cannot read ("+string(ni)+"); split it with openssl pkcs12 and check the PEM files")
			return
		}
		fp.problem(facts.FilePKCS12, "PKCS#12 bundle could not be decoded: "+lastErr.Error())
	}
}
