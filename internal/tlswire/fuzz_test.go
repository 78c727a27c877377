package tlswire

import (
	"bytes"
	"testing"
)

// FuzzReadFlight: whatever a server sends, reading it ends without a
// panic. `go test` runs the seeds; `go test -fuzz FuzzReadFlight` explores.
func FuzzReadFlight(f *testing.F) {
	f.Add([]byte{22, 3, 3, 0, 4, 2, 0, 0, 0})
	f.Add([]byte{22, 3, 3, 0, 8, 11, 0, 0, 4, 0, 0, 9, 0})
	f.Add([]byte{21, 3, 3, 0, 2, 2, 40})
	f.Add([]byte{0x80, 0x0b, 4, 0, 1, 0, 2, 0, 0, 0, 3, 0, 0, 1, 0, 0x80})
	f.Add([]byte("HTTP/1.1 400 Bad Request\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadFlight(bytes.NewReader(b))
		ParseServerHello(b)
		parseCertificate13(b)
		parseCertificateList(b)
		ECDHEParams(b)
		DHEParams(b)
		RSAParams(b)
		(&TLS13Flight{}).message13(8, b)
		(&TLS13Flight{}).message13(MsgNewSessionTicket, b)
		ParseClientHello(b)
	})
}
