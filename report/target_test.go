package report

import (
	"encoding/json"
	"testing"
	"time"
)

// TestTargetJSONAsBefore: the typed Target encodes byte for byte as the maps
// the commands used to build (JSON objects from maps have sorted keys).
func TestTargetJSONAsBefore(t *testing.T) {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	atText := "2026-05-31T22:00:00Z"
	cases := []struct {
		name  string
		typed Target
		old   map[string]any
	}{
		{"files", Target{
			Files:   []TargetFile{{Path: "dir/"}, {Path: "s.crt", Role: "cert"}, {Path: "crl.pem", Role: "crl"}},
			Purpose: "server", Hosts: []string{"a.example", "::1"}, At: at,
		}, map[string]any{
			"files":   []map[string]string{{"path": "dir/"}, {"path": "s.crt", "role": "cert"}, {"path": "crl.pem", "role": "crl"}},
			"hosts":   []string{"a.example", "::1"},
			"purpose": "server", "at": atText,
		}},
		{"files without hosts", Target{Files: []TargetFile{{Path: "-"}}, Purpose: "any", At: at},
			map[string]any{"files": []map[string]string{{"path": "-"}}, "hosts": []string{}, "purpose": "any", "at": atText}},
		{"probe", Target{Target: "mqtts://b:8883", Scheme: "mqtts", Host: "b", Port: 8883, SNI: "b",
			Address: "127.0.0.1:8883", Hosts: []string{"b"}, At: at},
			map[string]any{"target": "mqtts://b:8883", "host": "b", "port": 8883, "sni": "b", "hosts": []string{"b"}, "at": atText,
				"scheme": "mqtts", "address": "127.0.0.1:8883"}},
		{"probe, STARTTLS, no SNI, not connected", Target{Target: "127.0.0.1:25", StartTLS: "smtp", Host: "127.0.0.1", Port: 25,
			Hosts: []string{"127.0.0.1", "mail.example"}, At: at},
			map[string]any{"target": "127.0.0.1:25", "host": "127.0.0.1", "port": 25, "sni": "", "hosts": []string{"127.0.0.1", "mail.example"},
				"at": atText, "starttls": "smtp"}},
		{"zero", Target{}, map[string]any{}},
	}
	for _, c := range cases {
		got, err := json.Marshal(c.typed)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(c.old)
		if string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, want)
		}
	}
}
