package facts

import "fmt"

// FileProblem is one thing wrong with an input file as read: what kind of
// problem, the evidence a fix needs, and the sentence for people. Checks
// switch on Kind; Detail is only ever shown.
type FileProblem struct {
	Kind FileProblemKind `json:"kind"`
	// Detail is the sentence for people: what was found and where (the
	// line, the PEM block), without the file's path.
	Detail string `json:"detail"`
	// PEMType is, for FileBareBase64, the PEM label the decoded content
	// needs around it ("CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", ...).
	PEMType string `json:"pem_type,omitempty"`
}

// String is the problem on one line, for an error message: the detail,
// after "unreadable: " when the file could not be read at all.
func (p FileProblem) String() string {
	if p.Kind.Unreadable() {
		return "unreadable: " + p.Detail
	}
	return p.Detail
}

// FileProblemKind is what is wrong with an input file: either it could not
// be read at all (Unreadable reports which) or its content is not a
// certificate, key or bundle tlscheck can use. There is one kind per remedy.
type FileProblemKind int

const (
	// FileOther: content problem with no more specific kind.
	FileOther FileProblemKind = iota

	// FileUnreadable: the file could not be read (an I/O error, a directory
	// that cannot be listed).
	FileUnreadable
	// FileDenied: reading the file (or examining the path) was refused:
	// EACCES or EPERM.
	FileDenied
	// FileDanglingLink: a symbolic link met while walking a directory
	// points at nothing.
	FileDanglingLink
	// FileNoStdin: "-" was given and standard input is missing or failed.
	FileNoStdin
	// FileStalled: a FIFO or device that gave nothing for the stall
	// timeout: nobody opened the FIFO for writing, or its writer went
	// silent.
	FileStalled

	// FileTooLarge: a file (or standard input) larger than the size limit.
	FileTooLarge
	// FileStreamTooLarge: a file that is not a regular one (a FIFO, a
	// device) gave more than the size limit.
	FileStreamTooLarge
	// FileEmpty: nothing in the file, or only whitespace.
	FileEmpty
	// FileTruncatedPEM: a PEM block without its END line, an END line
	// without its BEGIN line, or BEGIN and END of different types.
	FileTruncatedPEM
	// FileOneLinePEM: BEGIN line, base64 and END line on one line.
	FileOneLinePEM
	// FileBadBase64: a PEM block whose base64 does not decode.
	FileBadBase64
	// FileEmptyPEMBlock: a PEM block with nothing between BEGIN and END.
	FileEmptyPEMBlock
	// FileNoPEMBlock: "-----BEGIN" text but no complete PEM block.
	FileNoPEMBlock
	// FileBareBase64: a PEM body without its BEGIN and END lines;
	// FileProblem.PEMType is the label it needs.
	FileBareBase64
	// FileOpenSSHKey: an OpenSSH private key (ssh-keygen's own format).
	FileOpenSSHKey
	// FileSSHKey: another SSH key (SSH2 blocks, an OpenSSH public key).
	FileSSHKey
	// FileJavaKeyStore: a Java KeyStore (JKS).
	FileJavaKeyStore
	// FileNotPEMOrDER: content that is neither PEM, DER, PKCS#7 nor
	// PKCS#12 (a binary, text without PEM armour).
	FileNotPEMOrDER
	// FileBadDER: starts like DER but is not valid DER, or valid DER
	// followed by other data.
	FileBadDER
	// FilePKCS7: a PKCS#7 bundle that cannot be read (BER with indefinite
	// lengths, damaged, empty, or a damaged certificate or CRL in a DER one).
	FilePKCS7
	// FilePKCS12: a PKCS#12 bundle that cannot be decoded (not a password
	// problem: those are File.PKCS12Error).
	FilePKCS12
	// FileBadCert: a certificate that does not parse.
	FileBadCert
	// FileBadCSR: a certificate request that does not parse.
	FileBadCSR
	// FileBadKey: a private key (plain or encrypted) that does not parse.
	FileBadKey
	// FileBadPublicKey: a public key that does not parse.
	FileBadPublicKey
	// FileBadCRL: a CRL that does not parse.
	FileBadCRL
	// FileBadDH: DH parameters that do not parse.
	FileBadDH
	// FileUnknownBlock: a PEM block of a type TLS servers do not load
	// (OpenPGP, an unknown label).
	FileUnknownBlock
)

var fileProblemNames = [...]string{
	FileOther:          "other",
	FileUnreadable:     "unreadable",
	FileDenied:         "permission-denied",
	FileDanglingLink:   "dangling-link",
	FileNoStdin:        "no-stdin",
	FileStalled:        "stalled",
	FileTooLarge:       "too-large",
	FileStreamTooLarge: "stream-too-large",
	FileEmpty:          "empty",
	FileTruncatedPEM:   "truncated-pem",
	FileOneLinePEM:     "one-line-pem",
	FileBadBase64:      "bad-base64",
	FileEmptyPEMBlock:  "empty-pem-block",
	FileNoPEMBlock:     "no-pem-block",
	FileBareBase64:     "bare-base64",
	FileOpenSSHKey:     "openssh-private-key",
	FileSSHKey:         "ssh-key",
	FileJavaKeyStore:   "java-keystore",
	FileNotPEMOrDER:    "not-pem-or-der",
	FileBadDER:         "bad-der",
	FilePKCS7:          "pkcs7",
	FilePKCS12:         "pkcs12",
	FileBadCert:        "bad-certificate",
	FileBadCSR:         "bad-csr",
	FileBadKey:         "bad-private-key",
	FileBadPublicKey:   "bad-public-key",
	FileBadCRL:         "bad-crl",
	FileBadDH:          "bad-dh-parameters",
	FileUnknownBlock:   "unknown-pem-block",
}

// Unreadable is true for the kinds that say the file could not be read at
// all (file.unreadable reports those, file.format-unknown the others).
func (k FileProblemKind) Unreadable() bool {
	switch k {
	case FileUnreadable, FileDenied, FileDanglingLink, FileNoStdin, FileStalled:
		return true
	}
	return false
}

func (k FileProblemKind) String() string {
	if k >= 0 && int(k) < len(fileProblemNames) {
		return fileProblemNames[k]
	}
	return fmt.Sprintf("FileProblemKind(%d)", int(k))
}

// MarshalText writes the kind's name, so saved facts stay readable.
func (k FileProblemKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (k *FileProblemKind) UnmarshalText(b []byte) error {
	for i, n := range fileProblemNames {
		if n == string(b) {
			*k = FileProblemKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown file problem kind %q", b)
}
