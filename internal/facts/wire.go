package facts

import "strconv"

// Wire is what the server sent, read at the TLS record layer before any
// decryption: enough to say how far a failed handshake got without
// guessing. Encrypted records (TLS 1.3 after the ServerHello, TLS 1.2 after
// the server's ChangeCipherSpec) count as records only.
type Wire struct {
	Bytes   int `json:"bytes"`   // bytes received from the server after the preamble
	Records int `json:"records"` // TLS records begun
	// LastRecord is the content type of the last record begun.
	LastRecord RecordType `json:"last_record,omitempty"`
	// Handshake lists the unencrypted handshake messages begun, in order.
	Handshake []HandshakeType `json:"handshake,omitempty"`
	// Partial is a handshake message whose header arrived but whose body
	// did not all arrive.
	Partial *PartialMessage `json:"partial,omitempty"`
	// CloseNotify: the server sent a close_notify alert (RFC 8446 6.1).
	CloseNotify bool `json:"close_notify,omitempty"`
	// Warnings are the warning-level alerts the server sent (TLS 1.2 and
	// earlier), which do not end a handshake by themselves.
	Warnings []AlertCode `json:"warnings,omitempty"`
	// PeerClosed: the server closed the TCP connection (FIN).
	PeerClosed bool `json:"peer_closed,omitempty"`
}

// Saw reports whether the handshake message type was begun.
func (w *Wire) Saw(t HandshakeType) bool {
	if w == nil {
		return false
	}
	for _, h := range w.Handshake {
		if h == t {
			return true
		}
	}
	return false
}

// PartialMessage is a handshake message begun and not finished.
type PartialMessage struct {
	Type     HandshakeType `json:"type"`
	Claimed  int           `json:"claimed"`  // length its header claims
	Received int           `json:"received"` // body bytes that arrived
}

// RecordType is a TLS record content type (RFC 8446 5.1). In JSON a number.
type RecordType uint8

// Record content types.
const (
	RecordChangeCipherSpec RecordType = 20
	RecordAlert            RecordType = 21
	RecordHandshake        RecordType = 22
	RecordApplicationData  RecordType = 23
)

func (r RecordType) String() string {
	switch r {
	case RecordChangeCipherSpec:
		return "change_cipher_spec"
	case RecordAlert:
		return "alert"
	case RecordHandshake:
		return "handshake"
	case RecordApplicationData:
		return "application_data"
	}
	return "record type " + strconv.Itoa(int(r))
}

// HandshakeType is a handshake message type (RFC 8446 4, RFC 5246 7.4). In
// JSON a number.
type HandshakeType uint8

// Handshake message types.
const (
	HandshakeServerHello        HandshakeType = 2
	HandshakeNewSessionTicket   HandshakeType = 4
	HandshakeEncryptedExts      HandshakeType = 8
	HandshakeCertificate        HandshakeType = 11
	HandshakeServerKeyExchange  HandshakeType = 12
	HandshakeCertificateRequest HandshakeType = 13
	HandshakeServerHelloDone    HandshakeType = 14
	HandshakeCertificateStatus  HandshakeType = 22
)

var handshakeNames = map[HandshakeType]string{
	HandshakeServerHello: "ServerHello", HandshakeNewSessionTicket: "NewSessionTicket",
	HandshakeEncryptedExts: "EncryptedExtensions", HandshakeCertificate: "Certificate",
	HandshakeServerKeyExchange: "ServerKeyExchange", HandshakeCertificateRequest: "CertificateRequest",
	HandshakeServerHelloDone: "ServerHelloDone", HandshakeCertificateStatus: "CertificateStatus",
	0: "HelloRequest", 15: "CertificateVerify", 20: "Finished",
}

func (h HandshakeType) String() string {
	if n, ok := handshakeNames[h]; ok {
		return n
	}
	return "handshake message type " + strconv.Itoa(int(h))
}
