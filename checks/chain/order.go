package chain

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Order is chain.order: the served chain must be the leaf, then its issuer,
// then that one's issuer.
var Order = &checks.Check{
	ID:       "chain.order",
	Title:    "certificates are not served leaf first, each followed by its issuer",
	Severity: checks.Error,
	Refs:     []string{"RFC 8446 4.4.2", "RFC 5246 7.4.2", "nginx ssl_certificate: the server certificate must come first"},
	Doc: "A TLS server sends its certificate_list exactly as the file lists it. RFC 5246 requires the " +
		"sender's certificate first and every following certificate to certify the one before it; " +
		"RFC 8446 relaxes this for clients, but OpenSSL-based servers (nginx, mosquitto, EMQX) take the " +
		"first certificate of the file as the server certificate and fail to match it with the key, and " +
		"many embedded clients (MQTT devices, older Java and OpenSSL 1.0) reject an out-of-order list. " +
		"The check looks at every served bundle: a file holding a leaf and its issuers, a fullchain.pem, " +
		"and a --cert file followed by its --chain file. Certificates that are not on the path are " +
		"left to chain.unrelated-cert and repeats to chain.duplicate. A file holding only CA " +
		"certificates given positionally is a CA bundle, not a served chain, and is not checked.",
	Fix:     "Put the server certificate first, then its issuing intermediate, then that intermediate's issuer.",
	Applies: []*checks.Scope{checks.OrderedInputs},
	Run:     order,
}

func init() { checks.Register(Order) }

func order(p *checks.Pass) {
	f := p.Facts
	done := map[string]bool{}
	checked := 0
	for _, ch := range chainsOf(f) {
		served := ch.Served
		if len(served) < 2 {
			continue
		}
		key := strings.Join(servedFiles(served), "\x00")
		if done[key] {
			continue
		}
		done[key] = true
		checked++
		checkOrder(p, ch)
	}
	if checked == 0 {
		p.NotApplicable("no served bundle with more than one certificate")
	}
}

func checkOrder(p *checks.Pass, ch *facts.Chain) {
	served := ch.Served
	pathIndex := map[string]int{}
	for i, c := range ch.Path {
		if _, ok := pathIndex[identity(c)]; !ok {
			pathIndex[identity(c)] = i
		}
	}
	// actual: the served certificates on the path, in served order, each
	// identity once; expected: the same certificates in path order.
	var actual []*facts.Cert
	seen := map[string]bool{}
	for _, c := range served {
		if _, on := pathIndex[identity(c)]; !on || seen[identity(c)] {
			continue
		}
		seen[identity(c)] = true
		actual = append(actual, c)
	}
	expected := append([]*facts.Cert(nil), actual...)
	sortByPath(expected, pathIndex)

	var bad *facts.Cert
	var want *facts.Cert
	if string(served[0].Raw) != string(ch.Leaf.Raw) {
		bad, want = served[0], ch.Leaf
	} else {
		for i := range actual {
			if identity(actual[i]) != identity(expected[i]) {
				bad, want = actual[i], expected[i]
				break
			}
		}
	}
	if bad == nil {
		return
	}
	file := bad.Source.File
	var inFile []*facts.Cert
	for _, c := range expected {
		if c.Source.File == file {
			inFile = append(inFile, c)
		}
	}
	if string(want.Raw) == string(ch.Leaf.Raw) && want.Source.File != file {
		inFile = append([]*facts.Cert{want}, inFile...)
	}
	var parts []string
	for _, c := range inFile {
		parts = append(parts, pemName(c))
	}
	ev := checks.CertEvidence(bad)
	ev["served order"] = nameList(served)
	ev["expected order"] = nameList(expected)
	what := "the issuer of the certificate before it"
	if string(want.Raw) == string(ch.Leaf.Raw) {
		what = "the server certificate"
	}
	if live(bad) {
		var files []string
		for _, c := range expected {
			files = append(files, pemName(c))
		}
		p.Report(checks.Finding{
			Subject: file,
			Message: fmt.Sprintf("%s sends '%s' at position %d, but %s, '%s', belongs there; served order: %s",
				serverName(bad), checks.Name(bad), bad.Source.Index+1, what, checks.Name(want), nameList(served)),
			Evidence: ev,
			Fix: fmt.Sprintf("rebuild %s in the order %s (`cat %s > fullchain.pem`), then reload the server",
				serverChainFile(p.Facts), nameList(expected), strings.Join(files, " ")),
		})
		return
	}
	fix := fmt.Sprintf("reorder %s as: %s (split it into one file per certificate, then `cat %s > %s`)",
		file, nameList(inFile), strings.Join(parts, " "), file)
	if split := reorderPEM(p.Facts, file, inFile); split != "" {
		fix = fmt.Sprintf("reorder %s as: %s: %s", file, nameList(inFile), split)
	}
	p.Report(checks.Finding{
		Subject: file,
		Message: fmt.Sprintf("%s position %d holds '%s', but %s, '%s', belongs there; served order: %s",
			file, bad.Source.Index+1, checks.Name(bad), what, checks.Name(want), nameList(served)),
		Evidence: ev,
		Fix:      fix,
	})
}

func sortByPath(cs []*facts.Cert, pathIndex map[string]int) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && pathIndex[identity(cs[j])] < pathIndex[identity(cs[j-1])]; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// reorderPEM is the command that rewrites the PEM file with the
// certificates in order, each taken from its position in the file (awk
// writes the N-th to tlscheck-part-N.pem), or "" when the file is not PEM or a
// certificate in order comes from elsewhere.
func reorderPEM(f *facts.Facts, file string, order []*facts.Cert) string {
	pemFile := false
	for _, fl := range f.Files {
		pemFile = pemFile || fl.Path == file && fl.Encoding == facts.EncodingPEM
	}
	if !pemFile || file == "-" {
		return ""
	}
	var parts []string
	for _, c := range order {
		if c.Source.File != file {
			return ""
		}
		parts = append(parts, fmt.Sprintf("tlscheck-part-%d.pem", c.Source.Index+1))
	}
	q := checks.ShellQuote(file)
	return fmt.Sprintf("`awk '/-----BEGIN CERTIFICATE-----/{n++} n{print > (\"tlscheck-part-\" n \".pem\")}' %s && cat %s > %s && rm tlscheck-part-*.pem`",
		q, strings.Join(parts, " "), q)
}
