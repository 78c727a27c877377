package clients

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// TestTableCoversIssue checks the rows the issue names are all there.
func TestTableCoversIssue(t *testing.T) {
	table := Table()
	if len(table) < 25 {
		t.Errorf("Table has %d clients, want at least 25", len(table))
	}
	for _, want := range []string{
		"Chrome 131", "Firefox", "Safari", "Windows XP", "Windows 7",
		"Android 4.4", "Android 7", "Android 14",
		"Java 8", "Java 11", "Java 17", "Java 21",
		"OpenSSL 1.0.1", "OpenSSL 1.0.2", "OpenSSL 1.1.1", "OpenSSL 3",
		"Python", "Go ", "Node.js", "curl",
		"mbedTLS", "wolfSSL", "ESP32", "paho",
	} {
		if !slices.ContainsFunc(table, func(c Client) bool { return strings.Contains(c.Name, want) }) {
			t.Errorf("no client named like %q", want)
		}
	}
}

// TestTableRows checks every row is well formed: a source, known suites
// without repeats, and TLS 1.3 rows that can actually do TLS 1.3.
func TestTableRows(t *testing.T) {
	names := map[string]bool{}
	for _, c := range Table() {
		if names[c.Name] {
			t.Errorf("%s: duplicate name", c.Name)
		}
		names[c.Name] = true
		if c.Source == "" {
			t.Errorf("%s: no source", c.Name)
		}
		if len(c.Versions) == 0 || len(c.Suites) == 0 || len(c.KeyTypes) == 0 {
			t.Errorf("%s: missing versions, suites or key types", c.Name)
		}
		seen := map[uint16]bool{}
		var has13, hasECDHE bool
		for _, id := range c.Suites {
			cls, ok := suiteInfo(id)
			if !ok {
				t.Errorf("%s: suite 0x%04X is not in the classification", c.Name, id)
			}
			if seen[id] {
				t.Errorf("%s: suite %s listed twice", c.Name, suiteName(id))
			}
			seen[id] = true
			has13 = has13 || cls.kx == kxTLS13
			hasECDHE = hasECDHE || cls.kx == kxECDHE
		}
		speaks13 := slices.Contains(c.Versions, facts.VersionTLS13)
		if speaks13 != has13 {
			t.Errorf("%s: speaks TLS 1.3 %v but has TLS 1.3 suites %v", c.Name, speaks13, has13)
		}
		if speaks13 && !slices.ContainsFunc(c.SigAlgs, func(s uint16) bool { return sigFits(s, "RSA", 0, true) }) {
			t.Errorf("%s: TLS 1.3 without an RSA-PSS signature algorithm", c.Name)
		}
		if (hasECDHE || speaks13) && len(c.Groups) == 0 {
			t.Errorf("%s: ECDHE or TLS 1.3 without groups", c.Name)
		}
		for _, g := range c.Groups {
			if _, ok := suites.GroupByID(g); !ok {
				t.Errorf("%s: group 0x%04X has no name", c.Name, g)
			}
		}
		for _, kt := range c.KeyTypes {
			if !slices.Contains([]string{"RSA", "ECDSA", "Ed25519", "DSA"}, kt) {
				t.Errorf("%s: unknown key type %q", c.Name, kt)
			}
		}
		if !slices.IsSortedFunc(c.Versions, func(a, b facts.TLSVersion) int { return rank(a) - rank(b) }) {
			t.Errorf("%s: versions not lowest first", c.Name)
		}
	}
}
