// Package tlswire builds ClientHellos byte by byte and reads what a server
// answers, without completing a handshake: the scan offers any version,
// suite, group or extension (SSL 2.0 and 3.0, export and legacy suites,
// chosen TLS 1.3 suites, post-quantum key shares), which no TLS library
// lets a client do, and stops as soon as the answer is known.
//
// Nothing here keeps state between connections except the key shares,
// which are generated once per process: a scan never finishes a key
// exchange, so one share per group serves every hello.
package tlswire

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
)

// Record content types (RFC 8446 5.1).
const (
	RecordChangeCipherSpec uint8 = 20
	RecordAlert            uint8 = 21
	RecordHandshake        uint8 = 22
	RecordApplicationData  uint8 = 23
	RecordHeartbeat        uint8 = 24
)

// Handshake message types.
const (
	MsgClientHello        uint8 = 1
	MsgServerHello        uint8 = 2
	MsgNewSessionTicket   uint8 = 4
	MsgCertificate        uint8 = 11
	MsgServerKeyExchange  uint8 = 12
	MsgCertificateRequest uint8 = 13
	MsgServerHelloDone    uint8 = 14
	MsgClientKeyExchange  uint8 = 16
	MsgFinished           uint8 = 20
	MsgCertificateStatus  uint8 = 22
)

// Extension code points.
const (
	ExtServerName           uint16 = 0
	ExtStatusRequest        uint16 = 5
	ExtSupportedGroups      uint16 = 10
	ExtECPointFormats       uint16 = 11
	ExtSignatureAlgorithms  uint16 = 13
	ExtHeartbeat            uint16 = 15
	ExtALPN                 uint16 = 16
	ExtSCT                  uint16 = 18
	ExtPadding              uint16 = 21
	ExtEncryptThenMAC       uint16 = 22
	ExtExtendedMasterSecret uint16 = 23
	ExtSessionTicket        uint16 = 35
	ExtEarlyData            uint16 = 42
	ExtSupportedVersions    uint16 = 43
	ExtPSKKeyExchangeModes  uint16 = 45
	ExtKeyShare             uint16 = 51
	ExtRenegotiationInfo    uint16 = 0xff01
)

// Signalling suite values (not suites).
const (
	SuiteEmptyRenegotiationInfoSCSV uint16 = 0x00ff // RFC 5746 3.3
	SuiteFallbackSCSV               uint16 = 0x5600 // RFC 7507
)

// Protocol versions on the wire.
const (
	VersionSSL20 uint16 = 0x0002
	VersionSSL30 uint16 = 0x0300
	VersionTLS10 uint16 = 0x0301
	VersionTLS11 uint16 = 0x0302
	VersionTLS12 uint16 = 0x0303
	VersionTLS13 uint16 = 0x0304
)

// DefaultSigAlgs is the signature_algorithms list a hello carries when
// Hello.SigAlgs is nil: every scheme a server may sign with, so that the
// offer itself never decides which certificate a server picks.
var DefaultSigAlgs = []uint16{
	0x0403, 0x0503, 0x0603, // ecdsa_secp256r1_sha256, secp384r1_sha384, secp521r1_sha512
	0x0807, 0x0808, // ed25519, ed448
	0x0804, 0x0805, 0x0806, // rsa_pss_rsae_sha256/384/512
	0x0809, 0x080a, 0x080b, // rsa_pss_pss_sha256/384/512
	0x0401, 0x0501, 0x0601, // rsa_pkcs1_sha256/384/512
	0x081a, 0x081b, 0x081c, // ecdsa_brainpoolP256r1tls13_sha256, P384, P512
	0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202, // sha224 and sha1 forms (ecdsa, rsa, dsa)
	0x0402, 0x0502, 0x0602, // dsa_sha256/384/512
	0x0101, 0x0102, 0x0103, // md5 forms
}

// Hello describes a ClientHello.
type Hello struct {
	// Version is the highest version offered. For TLS 1.3 the hello says
	// TLS 1.2 in legacy_version and lists the versions in
	// supported_versions.
	Version uint16
	// SupportedVersions, when set, is sent as the supported_versions
	// extension instead of the list derived from Version (TLS 1.3 only).
	SupportedVersions []uint16
	Suites            []uint16
	// Compression methods; nil means {0} (null). DEFLATE is 1.
	Compression []uint8
	ServerName  string
	// Groups is supported_groups; nil means none sent.
	Groups []uint16
	// KeyShares lists the groups to send a key share for (TLS 1.3). An
	// empty list with Version TLS 1.3 sends an empty key_share, asking
	// the server to pick a group by HelloRetryRequest.
	KeyShares []uint16
	// SigAlgs is signature_algorithms; nil means DefaultSigAlgs (TLS 1.2+).
	SigAlgs []uint16
	ALPN    []string
	// Extensions to announce; each sent empty or with its usual body.
	StatusRequest        bool
	SessionTicket        bool
	SCT                  bool
	ExtendedMasterSecret bool
	EncryptThenMAC       bool
	// Heartbeat sends heartbeat mode peer_allowed_to_send.
	Heartbeat bool
	// SecureRenegotiation sends an empty renegotiation_info extension
	// (TLS) or the SCSV (SSL 3.0, which takes no extensions).
	SecureRenegotiation bool
	// NoExtensions sends none at all (an SSL 3.0-style hello).
	NoExtensions bool
	// SessionID to send (resumption); nil sends 32 random bytes for TLS
	// 1.3 middlebox compatibility, else none.
	SessionID []byte
	// Extra extensions appended as given.
	Extra []Extension
	// PadTo pads the handshake message with RFC 7685 padding so it is at
	// least this long; 0 applies the usual rule (pad hellos of 256-511
	// bytes to 512, which some servers cannot parse).
	PadTo int
	// NoPadding disables padding.
	NoPadding bool
	// RecordVersion is the record layer version; 0 means TLS 1.0 (SSL 3.0
	// for an SSL 3.0 hello).
	RecordVersion uint16
}

// Extension is one raw extension.
type Extension struct {
	Type uint16
	Data []byte
}

// builder appends big-endian fields and length-prefixed blocks.
type builder struct{ b []byte }

func (w *builder) u8(v uint8)   { w.b = append(w.b, v) }
func (w *builder) u16(v uint16) { w.b = binary.BigEndian.AppendUint16(w.b, v) }
func (w *builder) u24(v int)    { w.b = append(w.b, byte(v>>16), byte(v>>8), byte(v)) }
func (w *builder) bytes(p []byte) {
	w.b = append(w.b, p...)
}

// block writes a length prefix of n bytes (1, 2 or 3) around what f adds.
func (w *builder) block(n int, f func()) {
	at := len(w.b)
	w.b = append(w.b, make([]byte, n)...)
	f()
	l := len(w.b) - at - n
	for i := n - 1; i >= 0; i-- {
		w.b[at+i] = byte(l)
		l >>= 8
	}
}

// ErrTooLong is returned for a hello whose parts exceed their length fields.
var ErrTooLong = errors.New("tlswire: ClientHello field too long")

// Message returns the ClientHello handshake message (type, length, body).
func (h *Hello) Message() ([]byte, error) {
	if len(h.Suites) > 32767 || len(h.ServerName) > 255 || len(h.SessionID) > 32 {
		return nil, ErrTooLong
	}
	legacy := h.Version
	if legacy > VersionTLS12 {
		legacy = VersionTLS12
	}
	var w builder
	w.u8(MsgClientHello)
	var bodyErr error
	w.block(3, func() {
		w.u16(legacy)
		var random [32]byte
		rand.Read(random[:])
		w.bytes(random[:])
		sid := h.SessionID
		if sid == nil && h.Version >= VersionTLS13 {
			sid = random[:] // any 32 bytes; the server echoes them
		}
		w.block(1, func() { w.bytes(sid) })
		w.block(2, func() {
			for _, s := range h.Suites {
				w.u16(s)
			}
			if h.SecureRenegotiation && (h.NoExtensions || h.Version == VersionSSL30) {
				w.u16(SuiteEmptyRenegotiationInfoSCSV)
			}
		})
		comp := h.Compression
		if comp == nil {
			comp = []uint8{0}
		}
		w.block(1, func() { w.bytes(comp) })
		if h.NoExtensions || h.Version == VersionSSL30 && len(h.Extra) == 0 && !h.Heartbeat {
			return
		}
		exts, err := h.extensions(len(w.b) - 4)
		if err != nil {
			bodyErr = err
			return
		}
		w.block(2, func() { w.bytes(exts) })
	})
	if bodyErr != nil {
		return nil, bodyErr
	}
	return w.b, nil
}

// Record returns the hello as one or more handshake records, ready to write.
func (h *Hello) Record() ([]byte, error) {
	msg, err := h.Message()
	if err != nil {
		return nil, err
	}
	rv := h.RecordVersion
	if rv == 0 {
		rv = VersionTLS10
		if h.Version == VersionSSL30 {
			rv = VersionSSL30
		}
	}
	return Records(RecordHandshake, rv, msg), nil
}

// Records splits payload into records of at most 2^14 bytes.
func Records(typ uint8, version uint16, payload []byte) []byte {
	var out []byte
	for len(payload) > 0 || out == nil {
		n := min(len(payload), 1<<14)
		out = append(out, typ, byte(version>>8), byte(version), byte(n>>8), byte(n))
		out = append(out, payload[:n]...)
		payload = payload[n:]
	}
	return out
}

// extensions encodes the extension block; before is the length of the
// hello body so far (for the padding rule).
func (h *Hello) extensions(before int) ([]byte, error) {
	var w builder
	ext := func(t uint16, f func()) {
		w.u16(t)
		w.block(2, f)
	}
	if h.ServerName != "" {
		ext(ExtServerName, func() {
			w.block(2, func() {
				w.u8(0)
				w.block(2, func() { w.bytes([]byte(h.ServerName)) })
			})
		})
	}
	if h.SecureRenegotiation {
		ext(ExtRenegotiationInfo, func() { w.u8(0) })
	}
	if len(h.Groups) > 0 {
		ext(ExtSupportedGroups, func() {
			w.block(2, func() {
				for _, g := range h.Groups {
					w.u16(g)
				}
			})
		})
		ext(ExtECPointFormats, func() { w.block(1, func() { w.u8(0) }) })
	}
	if h.SessionTicket {
		ext(ExtSessionTicket, func() {})
	}
	if h.Version >= VersionTLS12 {
		algs := h.SigAlgs
		if algs == nil {
			algs = DefaultSigAlgs
		}
		ext(ExtSignatureAlgorithms, func() {
			w.block(2, func() {
				for _, a := range algs {
					w.u16(a)
				}
			})
		})
	}
	if h.StatusRequest {
		ext(ExtStatusRequest, func() { w.u8(1); w.u16(0); w.u16(0) })
	}
	if h.SCT {
		ext(ExtSCT, func() {})
	}
	if len(h.ALPN) > 0 {
		ext(ExtALPN, func() {
			w.block(2, func() {
				for _, p := range h.ALPN {
					w.block(1, func() { w.bytes([]byte(p)) })
				}
			})
		})
	}
	if h.ExtendedMasterSecret {
		ext(ExtExtendedMasterSecret, func() {})
	}
	if h.EncryptThenMAC {
		ext(ExtEncryptThenMAC, func() {})
	}
	if h.Heartbeat {
		ext(ExtHeartbeat, func() { w.u8(1) })
	}
	if h.Version >= VersionTLS13 || len(h.SupportedVersions) > 0 {
		vs := h.SupportedVersions
		if vs == nil {
			for v := h.Version; v >= VersionTLS10; v-- {
				vs = append(vs, v)
			}
		}
		ext(ExtSupportedVersions, func() {
			w.block(1, func() {
				for _, v := range vs {
					w.u16(v)
				}
			})
		})
		ext(ExtPSKKeyExchangeModes, func() { w.block(1, func() { w.u8(1) }) })
		var shareErr error
		ext(ExtKeyShare, func() {
			w.block(2, func() {
				for _, g := range h.KeyShares {
					share, ok := KeyShare(g)
					if !ok {
						shareErr = errors.New("tlswire: no key share for group")
						continue
					}
					w.u16(g)
					w.block(2, func() { w.bytes(share) })
				}
			})
		})
		if shareErr != nil {
			return nil, shareErr
		}
	}
	for _, e := range h.Extra {
		ext(e.Type, func() { w.bytes(e.Data) })
	}
	if !h.NoPadding {
		// The length the body will have: what came before, the two-byte
		// extensions length, the extensions.
		total := before + 2 + len(w.b)
		target := h.PadTo
		if target == 0 && total >= 256-4 && total < 512-4 {
			target = 512 - 4
		}
		if target > 0 && total+4 <= target {
			pad := target - total - 4
			ext(ExtPadding, func() { w.bytes(make([]byte, pad)) })
		} else if target > 0 && total < target {
			ext(ExtPadding, func() {})
		}
	}
	if len(w.b) > 0xffff {
		return nil, ErrTooLong
	}
	return w.b, nil
}
