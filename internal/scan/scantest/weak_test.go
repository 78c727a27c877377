package scantest

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// hello sends h to the server on port and reads its flight.
func hello(t *testing.T, port int, h *tlswire.Hello) (*tlswire.Flight, error) {
	t.Helper()
	c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	rec, err := h.Record()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write(rec); err != nil {
		return nil, err
	}
	return tlswire.ReadFlight(c)
}

func TestWeakResetsLargeHellos(t *testing.T) {
	srv := StartWeak(t, Weak{ResetAbove: 512, Suites: []uint16{0x002f}})
	small := &tlswire.Hello{Version: tlswire.VersionTLS12, Suites: []uint16{0x002f}, NoPadding: true}
	f, err := hello(t, srv.Port, small)
	if err != nil || f.Hello == nil || f.Hello.Suite != 0x002f || !f.HelloDone {
		t.Fatalf("small hello: %+v, %v; want a ServerHello and a whole flight", f, err)
	}
	large := &tlswire.Hello{Version: tlswire.VersionTLS12, Suites: []uint16{0x002f}, PadTo: 600}
	f, err = hello(t, srv.Port, large)
	if err == nil || f.Hello != nil || f.Alert != nil {
		t.Fatalf("large hello: %+v, %v; want a reset without an answer", f, err)
	}
}

func TestWeakVersionsAndFallback(t *testing.T) {
	srv := StartWeak(t, Weak{MinVersion: tlswire.VersionTLS11, Suites: []uint16{0x002f}})
	for _, tc := range []struct {
		h     tlswire.Hello
		alert uint8 // 0: a ServerHello of version
		ver   uint16
	}{
		{tlswire.Hello{Version: tlswire.VersionTLS12, Suites: []uint16{0x002f}}, 0, tlswire.VersionTLS12},
		{tlswire.Hello{Version: tlswire.VersionTLS11, Suites: []uint16{0x002f}}, 0, tlswire.VersionTLS11},
		{tlswire.Hello{Version: tlswire.VersionTLS10, Suites: []uint16{0x002f}}, tlswire.AlertProtocolVersion, 0},
		{tlswire.Hello{Version: tlswire.VersionTLS11, Suites: []uint16{0x002f, tlswire.SuiteFallbackSCSV}}, tlswire.AlertInappropriateFallback, 0},
		{tlswire.Hello{Version: tlswire.VersionTLS12, Suites: []uint16{0x0035}}, tlswire.AlertHandshakeFailure, 0},
	} {
		f, err := hello(t, srv.Port, &tc.h)
		switch {
		case tc.alert != 0 && (f == nil || f.Alert == nil || f.Alert.Description != tc.alert):
			t.Errorf("%x %x: %+v, %v; want alert %d", tc.h.Version, tc.h.Suites, f, err, tc.alert)
		case tc.alert == 0 && (f == nil || f.Hello == nil || f.Hello.Version != tc.ver):
			t.Errorf("%x %x: %+v, %v; want a ServerHello for %x", tc.h.Version, tc.h.Suites, f, err, tc.ver)
		}
	}
}
