package probe

import (
	"io"
	"net"
	"testing"
)

// TestLDAPIndefiniteLength: RFC 4511 5.1 asks for definite lengths, but a
// reply in the indefinite length form (X.690 8.1.3.6) is well-formed BER and
// must be read as the ExtendedResponse it is, not refused as "too long".
func TestLDAPIndefiniteLength(t *testing.T) {
	t.Parallel()
	diag := "indefinite"
	extended := append([]byte{0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, byte(len(diag))}, diag...)
	tests := []struct {
		name  string
		reply []byte
	}{
		{"message", concat([]byte{0x30, 0x80, 0x02, 0x01, 0x01, 0x78, byte(len(extended))}, extended, []byte{0x00, 0x00})},
		{"message and response", concat([]byte{0x30, 0x80, 0x02, 0x01, 0x01, 0x78, 0x80}, extended, []byte{0x00, 0x00, 0x00, 0x00})},
		{"long form", concat([]byte{0x30, 0x81, byte(6 + len(extended)), 0x02, 0x01, 0x01, 0x78, 0x81, byte(len(extended))}, extended)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, server := net.Pipe()
			defer client.Close()
			go func() {
				defer server.Close()
				if _, err := io.ReadFull(server, make([]byte, len(ldapStartTLS))); err != nil {
					return
				}
				server.Write(tt.reply)
			}()
			a := &attempt{}
			a.preamble = map[string]string{}
			if f := ldapPreamble(nil, &wire{conn: client}, a, attemptSpec{}); f != nil {
				t.Fatalf("ldapPreamble: %s (%s)", f.Message, f.Kind)
			}
			if a.preamble["starttls_result"] != "0" || a.preamble["diagnostic"] != diag {
				t.Errorf("preamble facts %v, want result 0 and diagnostic %q", a.preamble, diag)
			}
		})
	}
}

// An indefinite length on a primitive element is malformed (X.690 8.1.3.2):
// the failure says so rather than "too long".
func TestLDAPIndefinitePrimitive(t *testing.T) {
	t.Parallel()
	client, server := net.Pipe()
	defer client.Close()
	go func() {
		defer server.Close()
		io.ReadFull(server, make([]byte, len(ldapStartTLS)))
		server.Write([]byte{0x30, 0x80, 0x02, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00})
	}()
	a := &attempt{}
	a.preamble = map[string]string{}
	f := ldapPreamble(nil, &wire{conn: client}, a, attemptSpec{})
	if f == nil || f.Message != "the LDAP StartTLS response: "+errIndefinitePrimitive.Error() {
		t.Fatalf("failure %+v, want %q", f, errIndefinitePrimitive)
	}
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
