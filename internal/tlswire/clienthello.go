package tlswire

import (
	"encoding/binary"
	"errors"
	"slices"
)

// ClientHello is a parsed ClientHello, as the in-process test servers see
// it.
type ClientHello struct {
	Version     uint16 // legacy_version
	Random      []byte
	SessionID   []byte
	Suites      []uint16
	Compression []uint8
	Extensions  map[uint16][]byte
}

// Has reports whether the hello carries extension t.
func (h *ClientHello) Has(t uint16) bool {
	_, ok := h.Extensions[t]
	return ok
}

// Offers reports whether the hello offers suite (or signalling value) s.
func (h *ClientHello) Offers(s uint16) bool { return slices.Contains(h.Suites, s) }

// SupportedVersions returns the supported_versions list, nil when absent.
func (h *ClientHello) SupportedVersions() []uint16 {
	d := h.Extensions[ExtSupportedVersions]
	if len(d) < 1 {
		return nil
	}
	n := int(d[0])
	d = d[1:]
	if n > len(d) {
		return nil
	}
	var out []uint16
	for i := 0; i+1 < n; i += 2 {
		out = append(out, binary.BigEndian.Uint16(d[i:]))
	}
	return out
}

// Groups returns the supported_groups list, nil when absent.
func (h *ClientHello) Groups() []uint16 {
	d := h.Extensions[ExtSupportedGroups]
	if len(d) < 2 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(d))
	d = d[2:]
	if n > len(d) {
		return nil
	}
	var out []uint16
	for i := 0; i+1 < n; i += 2 {
		out = append(out, binary.BigEndian.Uint16(d[i:]))
	}
	return out
}

var errShortHello = errors.New("tlswire: ClientHello truncated")

// ParseClientHello reads a ClientHello body (without the 4-byte handshake
// header).
func ParseClientHello(b []byte) (*ClientHello, error) {
	if len(b) < 35 {
		return nil, errShortHello
	}
	h := &ClientHello{Version: binary.BigEndian.Uint16(b), Random: b[2:34], Extensions: map[uint16][]byte{}}
	p := b[34:]
	n := int(p[0])
	if len(p) < 1+n+2 {
		return nil, errShortHello
	}
	h.SessionID, p = p[1:1+n], p[1+n:]
	n = int(binary.BigEndian.Uint16(p))
	if len(p) < 2+n+1 || n%2 != 0 {
		return nil, errShortHello
	}
	for i := 0; i < n; i += 2 {
		h.Suites = append(h.Suites, binary.BigEndian.Uint16(p[2+i:]))
	}
	p = p[2+n:]
	n = int(p[0])
	if len(p) < 1+n {
		return nil, errShortHello
	}
	h.Compression, p = p[1:1+n], p[1+n:]
	if len(p) < 2 {
		return h, nil
	}
	n = int(binary.BigEndian.Uint16(p))
	p = p[2:]
	if n > len(p) {
		return nil, errShortHello
	}
	p = p[:n]
	for len(p) >= 4 {
		t, l := binary.BigEndian.Uint16(p), int(binary.BigEndian.Uint16(p[2:]))
		if 4+l > len(p) {
			return nil, errShortHello
		}
		h.Extensions[t] = p[4 : 4+l]
		p = p[4+l:]
	}
	return h, nil
}
