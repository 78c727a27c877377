// Reading the server's bytes at the TLS record layer, as they pass through
// the recording connection: record types, unencrypted handshake message
// headers, unencrypted alerts. The facts a failed handshake is explained from.

package probe

import (
	"github.com/tlscheck/tlscheck/internal/facts"
)

// maxKeptCertificate bounds the unencrypted Certificate message kept for
// reading a chain zcrypto refused (the protocol allows 16 MiB).
const maxKeptCertificate = 1 << 20

// wireLog follows the server's byte stream record by record.
type wireLog struct {
	notTLS bool // the first byte was no record type: stop parsing

	hdr       [5]byte
	hdrN      int
	recType   byte
	recLen    int
	recGot    int
	alertBody []byte

	records   int
	lastType  byte
	encrypted bool // the server's ChangeCipherSpec came (TLS 1.2): later handshake records are encrypted

	msgHdr  [4]byte
	msgHdrN int
	msgType byte
	msgLen  int
	msgGot  int
	msgBody []byte

	messages    []facts.HandshakeType
	certificate []byte // the body of a complete unencrypted Certificate message
	closeNotify bool
	warnings    []facts.AlertCode
}

func (w *wireLog) feed(b []byte) {
	for len(b) > 0 && !w.notTLS {
		if w.hdrN < len(w.hdr) {
			if w.hdrN == 0 && !isTLSRecordType(b[0]) {
				w.notTLS = true
				return
			}
			k := copy(w.hdr[w.hdrN:], b)
			w.hdrN += k
			b = b[k:]
			if w.hdrN == len(w.hdr) {
				w.recType, w.recLen, w.recGot = w.hdr[0], int(w.hdr[3])<<8|int(w.hdr[4]), 0
				w.records++
				w.lastType = w.recType
				w.alertBody = w.alertBody[:0]
				if w.recLen == 0 {
					w.endRecord()
				}
			}
			continue
		}
		k := min(w.recLen-w.recGot, len(b))
		payload := b[:k]
		switch w.recType {
		case 22:
			if !w.encrypted {
				w.handshake(payload)
			}
		case 21:
			if w.recLen == 2 { // an encrypted alert is longer
				w.alertBody = append(w.alertBody, payload...)
			}
		}
		w.recGot += k
		b = b[k:]
		if w.recGot == w.recLen {
			w.endRecord()
		}
	}
}

func (w *wireLog) endRecord() {
	switch w.recType {
	case 20:
		w.encrypted = true
	case 21:
		if len(w.alertBody) == 2 {
			if w.alertBody[1] == 0 {
				w.closeNotify = true
			} else if w.alertBody[0] == 1 {
				w.warnings = append(w.warnings, facts.AlertCode(w.alertBody[1]))
			}
		}
	}
	w.hdrN = 0
}

// handshake follows unencrypted handshake messages, which may span records.
func (w *wireLog) handshake(b []byte) {
	for len(b) > 0 {
		if w.msgHdrN < len(w.msgHdr) {
			k := copy(w.msgHdr[w.msgHdrN:], b)
			w.msgHdrN += k
			b = b[k:]
			if w.msgHdrN < len(w.msgHdr) {
				return
			}
			w.msgType = w.msgHdr[0]
			w.msgLen = int(w.msgHdr[1])<<16 | int(w.msgHdr[2])<<8 | int(w.msgHdr[3])
			w.msgGot = 0
			w.msgBody = nil
			w.messages = append(w.messages, facts.HandshakeType(w.msgType))
			if w.msgLen == 0 {
				w.msgHdrN = 0
			}
			continue
		}
		k := min(w.msgLen-w.msgGot, len(b))
		if facts.HandshakeType(w.msgType) == facts.HandshakeCertificate && w.msgLen <= maxKeptCertificate {
			w.msgBody = append(w.msgBody, b[:k]...)
		}
		w.msgGot += k
		b = b[k:]
		if w.msgGot == w.msgLen {
			if facts.HandshakeType(w.msgType) == facts.HandshakeCertificate && w.msgLen <= maxKeptCertificate {
				w.certificate = w.msgBody
			}
			w.msgBody = nil
			w.msgHdrN = 0
		}
	}
}

// partial is the handshake message begun and not finished, if any.
func (w *wireLog) partial() *facts.PartialMessage {
	if w.msgHdrN < len(w.msgHdr) || w.msgGot >= w.msgLen {
		return nil
	}
	return &facts.PartialMessage{Type: facts.HandshakeType(w.msgType), Claimed: w.msgLen, Received: w.msgGot}
}
