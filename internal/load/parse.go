package load

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// fileParser classifies one file's content and adds what it finds to Facts.
type fileParser struct {
	l    *loader
	file *facts.File
	// per-kind positions within this file (Source.Index)
	certIdx, keyIdx, csrIdx, dhIdx, crlIdx int
	pemBlocks, pkcs7Blocks                 int
	// bundle is the kind of problem a damaged certificate or CRL is while a
	// bundle is unpacked (FilePKCS7, FilePKCS12: the remedy is to convert
	// the bundle); FileOther reports it as a damaged certificate or CRL.
	bundle facts.FileProblemKind
}

func (l *loader) parse(file *facts.File, data []byte) {
	fp := &fileParser{l: l, file: file}
	fp.parseContent(data)
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

func (fp *fileParser) parseContent(data []byte) {
	if len(data) == 0 {
		fp.problem(facts.FileEmpty, "file is empty")
		return
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if bytes.Contains(data, []byte("-----BEGIN")) || bytes.Contains(data, []byte("-----END ")) {
		fp.file.Encoding = facts.EncodingPEM
		fp.parsePEM(data)
		if fp.pemBlocks > 0 && fp.pemBlocks == fp.pkcs7Blocks {
			fp.file.Encoding = facts.EncodingPKCS7
		}
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		fp.problem(facts.FileEmpty, "file contains only whitespace")
		return
	}
	if data[0] == 0x30 {
		if fp.parseDER(data) {
			return
		}
		// parseDER recorded a problem when the structure was recognised.
		if len(fp.file.Problems) > 0 {
			return
		}
	}
	if der, ok := bareBase64DER(data); ok {
		what, label := describeDER(der)
		fp.file.Problems = append(fp.file.Problems, facts.FileProblem{Kind: facts.FileBareBase64, PEMType: label,
			Detail: fmt.Sprintf("base64 text without PEM header lines: it decodes to %s; add the \"-----BEGIN ...-----\" and \"-----END ...-----\" lines around it", what)})
		return
	}
	start, kind := describeStart(data)
	fp.problem(kind, "not PEM, DER, PKCS#7 or PKCS#12: "+start)
}

// problem records a content problem for file.format-unknown.
func (fp *fileParser) problem(kind facts.FileProblemKind, detail string) {
	fp.file.Problems = append(fp.file.Problems, facts.FileProblem{Kind: kind, Detail: detail})
}

// inBundle is kind, or the bundle's kind while one is unpacked.
func (fp *fileParser) inBundle(kind facts.FileProblemKind) facts.FileProblemKind {
	if fp.bundle != facts.FileOther {
		return fp.bundle
	}
	return kind
}

func (fp *fileParser) addKind(kind string) {
	for _, k := range fp.file.Kinds {
		if k == kind {
			return
		}
	}
	fp.file.Kinds = append(fp.file.Kinds, kind)
}

func (fp *fileParser) source(idx *int) facts.Source {
	s := facts.Source{File: fp.file.Path, Index: *idx, Role: fp.file.Role}
	*idx++
	return s
}

// addCertDER parses one certificate; where says which block or position it
// came from, for the problem message.
func (fp *fileParser) addCertDER(der []byte, where string) {
	src := fp.source(&fp.certIdx)
	c, err := x509.ParseCertificate(der)
	if err != nil {
		fp.problem(fp.inBundle(facts.FileBadCert), fmt.Sprintf("%s is not a valid certificate: %v", where, err))
		return
	}
	fp.addCert(&facts.Cert{Raw: der, X509: c, Source: src})
}

func (fp *fileParser) addCert(c *facts.Cert) {
	fp.addKind(facts.KindCertificate)
	f := fp.l.f
	switch fp.file.Role {
	case facts.RoleCA:
		f.Roots = append(f.Roots, c)
	case facts.RoleClientCA:
		f.ClientCAs = append(f.ClientCAs, c)
	default:
		f.Certs = append(f.Certs, c)
	}
}

func (fp *fileParser) addKey(k *facts.Key) {
	k.Source = fp.source(&fp.keyIdx)
	fp.addKind(facts.KindPrivateKey)
	fp.l.f.Keys = append(fp.l.f.Keys, k)
}

func (fp *fileParser) addCSR(der []byte, where string) {
	src := fp.source(&fp.csrIdx)
	csr, err := x509.ParseCertificateRequest(der)
	if err != nil {
		fp.problem(facts.FileBadCSR, fmt.Sprintf("%s is not a valid certificate request: %v", where, err))
		return
	}
	c := &facts.CSR{Raw: der, X509: csr, Source: src}
	if err := csr.CheckSignature(); err != nil {
		c.SignatureError = err.Error()
	}
	fp.addKind(facts.KindCSR)
	fp.l.f.CSRs = append(fp.l.f.CSRs, c)
}

func (fp *fileParser) addCRL(der []byte, where string) {
	src := fp.source(&fp.crlIdx)
	crl, err := x509.ParseRevocationList(der)
	if err != nil {
		fp.problem(fp.inBundle(facts.FileBadCRL), fmt.Sprintf("%s is not a valid CRL: %v", where, err))
		return
	}
	fp.addKind(facts.KindCRL)
	fp.l.f.CRLs = append(fp.l.f.CRLs, &facts.CRL{Raw: der, X509: crl, Source: src})
}

func (fp *fileParser) addDH(der []byte, x942 bool, where string) {
	src := fp.source(&fp.dhIdx)
	p, g, err := parseDHParams(der, x942)
	if err != nil {
		fp.problem(facts.FileBadDH, fmt.Sprintf("%s is not valid DH parameters: %v", where, err))
		return
	}
	fp.addKind(facts.KindDHParams)
	fp.l.f.DHParams = append(fp.l.f.DHParams, &facts.DHParams{Source: src, Bits: p.BitLen(), P: p, G: g})
}

func (fp *fileParser) addPublicKey(der []byte, pkcs1 bool, where string) {
	var err error
	if pkcs1 {
		_, err = x509.ParsePKCS1PublicKey(der)
	} else {
		_, err = x509.ParsePKIXPublicKey(der)
	}
	if err != nil && !pkcs1 {
		// Keys Go does not parse (DSA params variants, Ed448) are still
		// public keys; only a structure that is not SPKI is a problem.
		var spki struct {
			Algo      asn1.RawValue
			PublicKey asn1.BitString
		}
		if _, e2 := asn1.Unmarshal(der, &spki); e2 == nil {
			err = nil
		}
	}
	if err != nil {
		fp.problem(facts.FileBadPublicKey, fmt.Sprintf("%s is not a valid public key: %v", where, err))
		return
	}
	fp.addKind(facts.KindPublicKey)
}

// parsePEM walks the file line by line so that problems can name the line
// where a block starts; text around the blocks (openssl x509 -text output,
// comments) is ignored.
func (fp *fileParser) parsePEM(data []byte) {
	lines := strings.Split(string(data), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i]) // also drops CR of CRLF
	}
	for i := 0; i < len(lines); i++ {
		typ, ok := pemMarker(lines[i], "BEGIN")
		if !ok && strings.HasPrefix(lines[i], "-----BEGIN ") && strings.Contains(lines[i], "-----END ") {
			fp.problem(facts.FileOneLinePEM, fmt.Sprintf("line %d holds a whole PEM block on one line; OpenSSL needs the BEGIN line, the base64 lines and the END line each on a line of their own", i+1))
			continue
		}
		if !ok {
			if endTyp, isEnd := pemMarker(lines[i], "END"); isEnd {
				fp.problem(facts.FileTruncatedPEM, fmt.Sprintf("line %d has \"-----END %s-----\" without a BEGIN line before it (the start of the file is missing?)", i+1, endTyp))
			}
			continue
		}
		start := i + 1 // 1-based line of BEGIN
		j := i + 1
		for ; j < len(lines); j++ {
			if _, isEnd := pemMarker(lines[j], "END"); isEnd {
				break
			}
			if _, isBegin := pemMarker(lines[j], "BEGIN"); isBegin {
				break
			}
		}
		if j == len(lines) {
			fp.problem(facts.FileTruncatedPEM, fmt.Sprintf("PEM block %q starting at line %d has no END line (truncated?)", typ, start))
			return
		}
		if _, isBegin := pemMarker(lines[j], "BEGIN"); isBegin {
			fp.problem(facts.FileTruncatedPEM, fmt.Sprintf("PEM block %q starting at line %d has no END line before the next BEGIN at line %d (truncated?)", typ, start, j+1))
			i = j - 1
			continue
		}
		endTyp, _ := pemMarker(lines[j], "END")
		i = j
		if endTyp != typ {
			fp.problem(facts.FileTruncatedPEM, fmt.Sprintf("PEM block %q starting at line %d ends with \"-----END %s-----\" at line %d", typ, start, endTyp, j+1))
			continue
		}
		headers, der, kind, err := decodePEMBody(lines[start:j])
		where := fmt.Sprintf("PEM block %q at line %d", typ, start)
		if err != nil {
			fp.problem(kind, fmt.Sprintf("%s: %v", where, err))
			continue
		}
		fp.pemBlocks++
		fp.block(typ, headers, der, where)
	}
	if fp.pemBlocks == 0 && len(fp.file.Problems) == 0 {
		fp.problem(facts.FileNoPEMBlock, "has PEM-like \"-----BEGIN\" text but no complete PEM block")
	}
}

// pemMarker recognises "-----BEGIN TYPE-----" / "-----END TYPE-----".
func pemMarker(line, word string) (string, bool) {
	prefix := "-----" + word + " "
	if !strings.HasPrefix(line, prefix) || !strings.HasSuffix(line, "-----") || len(line) < len(prefix)+5 {
		return "", false
	}
	typ := line[len(prefix) : len(line)-5]
	if strings.Contains(typ, "-----") {
		return "", false // a whole block on one line
	}
	return typ, true
}

// decodePEMBody reads RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") and the
// base64 body; on error, kind says what is wrong with the block.
func decodePEMBody(body []string) (headers map[string]string, der []byte, kind facts.FileProblemKind, err error) {
	headers = map[string]string{}
	i := 0
	if len(body) > 0 && strings.Contains(body[0], ":") {
		last := ""
		for ; i < len(body) && body[i] != ""; i++ {
			if k, v, ok := strings.Cut(body[i], ":"); ok && !strings.HasPrefix(body[i], " ") {
				last = strings.TrimSpace(k)
				headers[last] = strings.TrimSpace(v)
			} else if last != "" {
				headers[last] += body[i]
			}
		}
	}
	var b64 strings.Builder
	for _, line := range body[i:] {
		b64.WriteString(line)
	}
	text := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' {
			return -1
		}
		return r
	}, b64.String())
	if text == "" {
		return headers, nil, facts.FileEmptyPEMBlock, errors.New("block is empty")
	}
	der, err = base64.StdEncoding.DecodeString(text)
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return nil, nil, facts.FileBadBase64, fmt.Errorf("bad base64 at character %d of the body (damaged or edited?)", int64(ce)+1)
		}
		return nil, nil, facts.FileBadBase64, fmt.Errorf("bad base64: %v", err)
	}
	return headers, der, 0, nil
}

// block dispatches one decoded PEM block on its type.
func (fp *fileParser) block(typ string, headers map[string]string, der []byte, where string) {
	switch typ {
	case "CERTIFICATE", "X509 CERTIFICATE":
		fp.addCertDER(der, where)
	case "TRUSTED CERTIFICATE":
		// OpenSSL's trusted form: the certificate, then its trust settings.
		var first asn1.RawValue
		if _, err := asn1.Unmarshal(der, &first); err != nil {
			fp.source(&fp.certIdx)
			fp.problem(facts.FileBadCert, fmt.Sprintf("%s is not a valid certificate: %v", where, err))
			return
		}
		fp.addCertDER(first.FullBytes, where)
	case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
		fp.addCSR(der, where)
	case "PRIVATE KEY":
		fp.pkcs8Key(der, where)
	case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
		if strings.Contains(headers["Proc-Type"], "ENCRYPTED") {
			fp.legacyEncryptedKey(typ, headers, der, where)
			return
		}
		fp.traditionalKey(typ, der, where)
	case "ENCRYPTED PRIVATE KEY":
		fp.encryptedPKCS8Key(der, where)
	case "EC PARAMETERS":
		// `openssl ecparam -genkey` writes the curve before the key: nothing to check.
	case "PUBLIC KEY":
		fp.addPublicKey(der, false, where)
	case "RSA PUBLIC KEY":
		fp.addPublicKey(der, true, where)
	case "DH PARAMETERS":
		fp.addDH(der, false, where)
	case "X9.42 DH PARAMETERS":
		fp.addDH(der, true, where)
	case "X509 CRL":
		fp.addCRL(der, where)
	case "PKCS7", "PKCS #7 SIGNED DATA", "CMS":
		fp.pkcs7Blocks++
		fp.pkcs7(der, where, facts.FileOther)
	case "OPENSSH PRIVATE KEY":
		fp.problem(facts.FileOpenSSHKey, fmt.Sprintf("%s is an OpenSSH private key (ssh-keygen's own format): TLS servers cannot load it; they need a PEM key (PKCS#8 \"PRIVATE KEY\", or \"RSA/EC PRIVATE KEY\")", where))
	case "SSH2 ENCRYPTED PRIVATE KEY", "SSH2 PUBLIC KEY":
		fp.problem(facts.FileSSHKey, fmt.Sprintf("%s is an SSH key, not a TLS certificate or key", where))
	default:
		if strings.HasPrefix(typ, "PGP ") {
			fp.problem(facts.FileUnknownBlock, fmt.Sprintf("%s is OpenPGP data, not a TLS certificate or key", where))
			return
		}
		fp.problem(facts.FileUnknownBlock, fmt.Sprintf("%s has a block type tlscheck does not know (expected CERTIFICATE, PRIVATE KEY, CERTIFICATE REQUEST, DH PARAMETERS, X509 CRL, PKCS7, ...)", where))
	}
}

// describeStart names the first bytes of unrecognised content, with a guess
// of what it is; kind is FileSSHKey or FileJavaKeyStore when the guess has
// a remedy of its own, else FileNotPEMOrDER.
func describeStart(data []byte) (desc string, kind facts.FileProblemKind) {
	if len(data) == 0 {
		return "nothing (empty)", facts.FileNotPEMOrDER
	}
	n := min(len(data), 4)
	hex := make([]string, n)
	for i := range n {
		hex[i] = fmt.Sprintf("%02x", data[i])
	}
	desc = "first bytes " + strings.Join(hex, " ")
	guess, kind := guessFormat(data)
	if guess != "" {
		desc += " (" + guess + ")"
	}
	return desc, kind
}

func guessFormat(data []byte) (string, facts.FileProblemKind) {
	s := string(data[:min(len(data), 64)])
	switch {
	case bytes.HasPrefix(data, []byte("\x7fELF")):
		return "an ELF binary?", facts.FileNotPEMOrDER
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a ZIP archive?", facts.FileNotPEMOrDER
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return "a gzip file?", facts.FileNotPEMOrDER
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "a PDF document?", facts.FileNotPEMOrDER
	case bytes.HasPrefix(data, []byte{0xfe, 0xed, 0xfe, 0xed}):
		return "a Java KeyStore (JKS): convert with keytool -importkeystore -deststoretype pkcs12", facts.FileJavaKeyStore
	case bytes.HasPrefix(data, []byte{0xce, 0xce, 0xce, 0xce}):
		return "a Java JCEKS keystore?", facts.FileNotPEMOrDER
	case strings.HasPrefix(s, "ssh-rsa ") || strings.HasPrefix(s, "ssh-ed25519 ") || strings.HasPrefix(s, "ecdsa-sha2-"):
		return "an OpenSSH public key, not a TLS certificate", facts.FileSSHKey
	case strings.HasPrefix(s, "PuTTY-User-Key-File"):
		return "a PuTTY key, not a TLS key", facts.FileNotPEMOrDER
	case data[0] == 0x30:
		return "DER, but not a certificate, key, CSR, CRL, PKCS#7 or PKCS#12 structure", facts.FileNotPEMOrDER
	case utf8.Valid(data[:min(len(data), 512)]) && printable(data[:min(len(data), 512)]):
		return "text without any \"-----BEGIN\" line", facts.FileNotPEMOrDER
	}
	return "binary data", facts.FileNotPEMOrDER
}

func printable(b []byte) bool {
	for _, r := range string(b) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// looksLikeTLSMaterial decides whether a file met while walking a directory
// is an input at all: PEM armour, or something shaped like DER.
func looksLikeTLSMaterial(data []byte) bool {
	data = bytes.TrimPrefix(data, utf8BOM)
	if bytes.Contains(data, []byte("-----BEGIN")) || bytes.Contains(data, []byte("-----END ")) {
		return true
	}
	if len(data) < 2 || data[0] != 0x30 {
		return false
	}
	switch l := data[1]; {
	case l == 0x80:
		return true // BER indefinite length (some PKCS#7 exports)
	case l < 0x80:
		return int(l)+2 <= len(data)
	case l >= 0x81 && l <= 0x84:
		return true
	}
	return false
}

// bareBase64DER recognises a PEM body without its BEGIN/END lines.
func bareBase64DER(data []byte) ([]byte, bool) {
	text := strings.Join(strings.Fields(string(data)), "")
	if len(text) < 16 {
		return nil, false
	}
	der, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(der) < 2 || der[0] != 0x30 {
		return nil, false
	}
	var rv asn1.RawValue
	if _, err := asn1.Unmarshal(der, &rv); err != nil {
		return nil, false
	}
	return der, true
}

// describeDER says what decoded base64 holds, and the PEM label to put
// around it (CERTIFICATE when it is not recognised).
func describeDER(der []byte) (what, pemType string) {
	if _, err := x509.ParseCertificate(der); err == nil {
		return "a certificate", "CERTIFICATE"
	}
	if _, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return "a private key (PKCS#8)", "PRIVATE KEY"
	}
	if _, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return "an RSA private key (PKCS#1)", "RSA PRIVATE KEY"
	}
	if _, err := x509.ParseECPrivateKey(der); err == nil {
		return "an EC private key (SEC1)", "EC PRIVATE KEY"
	}
	if _, err := x509.ParseCertificateRequest(der); err == nil {
		return "a certificate request", "CERTIFICATE REQUEST"
	}
	return "DER data", "CERTIFICATE"
}
