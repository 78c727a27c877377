package chain

import (
	"regexp"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// pathScope is the scope of the checks that judge a leaf's path: the chains of chainsOf.
var pathScope = &checks.Scope{Name: "certification paths", Reason: "no leaf certificate to build a path for",
	Has: func(f *facts.Facts) bool { return len(chainsOf(f)) > 0 }}

// chainsOf returns the chains worth reporting on. facts.Leaves counts the
// first certificate of a --cert or fullchain file as the server certificate
// even when it is a CA; when that CA is in fact an issuer on another leaf's
// path (a misordered fullchain.pem), its own "chain" would only repeat the
// findings of the real one.
func chainsOf(f *facts.Facts) []*facts.Chain {
	all := paths.Chains(f)
	issuers := map[string]bool{}
	for _, ch := range all {
		for _, c := range ch.Path[1:] {
			issuers[c.Fingerprint()] = true
		}
	}
	var out []*facts.Chain
	for _, ch := range all {
		if ch.Leaf.IsCA() && issuers[ch.Leaf.Fingerprint()] {
			continue
		}
		out = append(out, ch)
	}
	return out
}

// identity is what makes two certificates the same CA for a path: subject
// and public key. A cross-signed copy of an intermediate has the same
// identity as the one on the path and is not "unrelated".
func identity(c *facts.Cert) string {
	if c.X509 == nil {
		return string(c.Raw)
	}
	return string(c.X509.RawSubject) + "\x00" + string(c.X509.RawSubjectPublicKeyInfo)
}

// servedFiles lists the files of a served chain in order.
func servedFiles(served []*facts.Cert) []string {
	var files []string
	seen := map[string]bool{}
	for _, c := range served {
		if !seen[c.Source.File] {
			seen[c.Source.File] = true
			files = append(files, c.Source.File)
		}
	}
	return files
}

// appendTarget is the file where intermediates belong: the explicit chain
// file when the server is configured with one, else the leaf's own file.
func appendTarget(ch *facts.Chain) string {
	for _, c := range ch.Served {
		if c.Source.Role == facts.RoleChain {
			return c.Source.File
		}
	}
	if len(ch.Served) > 0 {
		return ch.Served[0].Source.File
	}
	return ch.Leaf.Source.File
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// pemName suggests a file name for one certificate: "CN=Intermediate R11" ->
// "intermediate-r11.pem".
func pemName(c *facts.Cert) string {
	n := ""
	if c.X509 != nil {
		n = c.X509.Subject.CommonName
	}
	n = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(n), "-"), "-")
	if n == "" {
		n = "cert"
	}
	return n + ".pem"
}

func nameList(cs []*facts.Cert) string {
	var s []string
	for _, c := range cs {
		s = append(s, checks.Name(c))
	}
	return strings.Join(s, ", ")
}
