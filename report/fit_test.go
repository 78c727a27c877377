package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFitLine: connection lines break between phrases, never inside "3.1
// ms"; a word wider than the width is alone on its line.
func TestFitLine(t *testing.T) {
	line := "connection: 192.0.2.10:443 (https, SNI www.example.com): TLS 1.3, TLS_AES_128_GCM_SHA256, X25519; tcp 0.2 ms, handshake 3.1 ms, total 3.9 ms"
	got := fitLine(line, "  ", 40)
	for _, l := range got {
		if utf8.RuneCountInString(l) > 40 {
			t.Errorf("line of %d columns: %q", utf8.RuneCountInString(l), l)
		}
		if strings.HasSuffix(l, " 3.1") || strings.HasPrefix(strings.TrimSpace(l), "ms") {
			t.Errorf("a value is split from its unit: %q", got)
		}
	}
	if strings.Join(strings.Fields(strings.Join(got, " ")), " ") != line {
		t.Errorf("words lost or changed: %q", got)
	}
	long := strings.Repeat("f", 90)
	got = fitLine("connection: a, sent CN="+long+", tcp 1 ms", "  ", 80)
	found := false
	for _, l := range got {
		if strings.Contains(l, long) {
			found = true
			if strings.Contains(strings.TrimSpace(l), " ") {
				t.Errorf("the unbreakable word shares its line: %q", l)
			}
		} else if utf8.RuneCountInString(l) > 80 {
			t.Errorf("line of %d columns: %q", utf8.RuneCountInString(l), l)
		}
	}
	if !found {
		t.Errorf("the long word was split: %q", got)
	}
}
