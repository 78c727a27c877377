package all

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

// commandChecks lists the registered checks whose findings' fixes can carry
// a backquoted shell command, found in the source: a check's file (outside
// its Check value, whose Doc and Fix only explain shows) holds a string
// with a backquote, or uses a function, constant or variable of its
// package or of package checks that does.
func commandChecks(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	parse := func(path string) *ast.File {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// sources: "pkg.Name" of declarations whose code holds a command.
	sources := map[string]bool{}
	type decl struct {
		key  string
		node ast.Node
		pkg  string
	}
	var decls []decl
	files := map[string]*ast.File{} // check file path -> AST
	pkgFiles := func(dir, pkg string) {
		paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f := parse(p)
			files[p] = f
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						decls = append(decls, decl{pkg + "." + d.Name.Name, d, pkg})
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if vs, ok := s.(*ast.ValueSpec); ok {
							for _, n := range vs.Names {
								decls = append(decls, decl{pkg + "." + n.Name, vs, pkg})
							}
						}
					}
				}
			}
		}
	}
	pkgFiles("..", "checks")
	fams := map[string]bool{}
	for _, c := range checks.All() {
		fams[c.Family()] = true
	}
	for fam := range fams {
		pkgFiles(filepath.Join("..", fam), fam)
	}
	// holds reports whether n, outside any checks.Check literal, has a
	// string with a backquote or uses a source of package pkg or checks.
	holds := func(n ast.Node, pkg string) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Check" {
					return false
				}
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "Check" && pkg == "checks" {
					return false
				}
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if s, err := strconv.Unquote(n.Value); err == nil && strings.Contains(s, "`") {
						found = true
					}
				}
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "checks" && sources["checks."+n.Sel.Name] {
					found = true
				}
			case *ast.Ident:
				if sources[pkg+"."+n.Name] {
					found = true
				}
			}
			return true
		})
		return found
	}
	for changed := true; changed; {
		changed = false
		for _, d := range decls {
			if !sources[d.key] && holds(d.node, d.pkg) {
				sources[d.key] = true
				changed = true
			}
		}
	}
	var out []string
	for _, c := range checks.All() {
		fam, name, _ := strings.Cut(c.ID, ".")
		f := files[filepath.Join("..", fam, strings.ReplaceAll(name, "-", "_")+".go")]
		if f != nil && holds(f, fam) {
			out = append(out, c.ID)
		}
	}
	sort.Strings(out)
	return out
}

// fixRuns names, for each check whose fixes carry commands, the test that
// runs them with openssl (checktest.RunFix) on generated files and checks
// they do what the finding says: "family/file_test.go:TestName".
var fixRuns = map[string]string{
	"compat.client-fails":    "compat/client_fails_test.go:TestClientFailsFixRuns",
	"chain.certbot-mismatch": "chain/fixrun_test.go:TestCertbotMismatchFixRelinks",
	"chain.order":            "chain/fixrun_test.go:TestOrderFixReordersThePEMFile",
	"chain.anchor-not-root":  "chain/fixrun_test.go:TestAnchorNotRootFixAddsTheRoot",
	"chain.roles-swapped":    "chain/fixrun_test.go:TestRolesSwappedFixBuildsTheBundle",
	"file.mixed-content":     "file/fixrun_test.go:TestMixedContentFixSplits",
	"cert.self-signed":       "cert/fixrun_table_test.go:TestSelfSignedFixIssuesFromTheCA",
	"cert.aki-mismatch":      "cert/fixrun_table_test.go:TestAKIMismatchFixKeepsWhatTheRootSigned",
	"csr.signature-invalid":  "csr/fixrun_test.go:TestCSRFixesRun",
	"csr.cn-port":            "csr/fixrun_test.go:TestCSRFixesRun",
	"csr.no-san":             "csr/fixrun_test.go:TestCSRFixesRun",
	"key.permissions":        "key/fixrun_test.go:TestPermissionsFixRuns",
	"file.der-not-pem":       "file/fixrun_test.go:TestDerNotPEMFixConverts",
	"host.mismatch":          "host/fixrun_test.go:TestMismatchFixRuns",
	"cert.cn-not-in-san":     "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.cn-port":           "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.not-yet-valid":     "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.expires-soon":      "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.expired":           "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.key-usage":         "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.eku":               "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.apple-validity":    "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.cn-only":           "cert/fixrun_test.go:TestCNOnlyFixRunsOnTheGivenCSR",
	"cert.eku-missing":       "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.is-ca":             "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.sig-weak":          "cert/fixrun_table_test.go:TestReissueFixesRun",
	"cert.version":           "cert/fixrun_table_test.go:TestReissueFixesRun",
	"chain.invalid":          "chain/fixrun_test.go:TestInvalidNonCAIssuerFixRuns",
	"file.format-unknown":    "file/fixrun_test.go:TestFormatUnknownDamagedKeyFixWritesAKey",
	"file.pkcs12":            "file/fixrun_test.go:TestPKCS12FixSplitsTheBundle",
	"key.mismatch":           "key/fixrun_test.go:TestMismatchFixCommandsPrintThePinsAndKeepTheSANs",
	"key.no-certificate":     "key/fixrun_test.go:TestNoCertificateFixSignsTheCSR",
	"key.weak":               "key/fixrun_test.go:TestWeakLeafFixSignsTheGivenCSR",
	"config.pinned-certs":    "config/pinned_certs_test.go:TestPinnedCertsFixPrintsThePin",
	"policy.emqx-cloud":      "policy/emqx_cloud_test.go:TestEMQXCloudBundleSplitFixRuns",
}

// notRunYet lists the checks whose fixes carry backquoted commands or
// settings that no test runs yet, and what they are (what a run test
// needs). It only shrinks: a new check with commands in its
// fixes goes into fixRuns with its run test.
var notRunYet = map[string]string{
	"proto.no-tls13":                      "server settings (ssl_protocols, tls_version) in backquotes",
	"vuln.beast":                          "server settings (ssl_protocols, ciphers) in backquotes",
	"vuln.ccs-injection":                  "upgrade the server's OpenSSL; `nginx -V`, `openssl version` only print versions",
	"vuln.client-renegotiation":           "an openssl.cnf line (Options = NoRenegotiation) in backquotes",
	"vuln.crime":                          "an openssl.cnf line (Options = -Compression) in backquotes",
	"vuln.heartbleed":                     "upgrade the server's OpenSSL; `nginx -V`, `openssl version` only print versions",
	"vuln.insecure-renegotiation":         "upgrade the server's OpenSSL; `nginx -V`, `openssl version` only print versions",
	"vuln.poodle":                         "server settings (ssl_protocols, tls_version) in backquotes",
	"cert.name-constraints-syntax":        "an openssl extension-section line, to run through an own CA",
	"chain.duplicate":                     "backquotes name server settings (server_config.go); deleting a copy has no command yet",
	"chain.missing-intermediate":          "certbot renew, or concatenating the intermediate",
	"chain.root-included":                 "backquotes name server settings (server_config.go); removing a certificate has no command yet",
	"chain.unrelated-cert":                "backquotes name server settings (server_config.go); removing a certificate has no command yet",
	"crl.invalid":                         "openssl ca -gencrl with a CA database and ca.cnf, openssl verify -crl_check_all",
	"crl.missing":                         "openssl ca -gencrl with a CA database and ca.cnf, cat of CRLs",
	"dh.weak":                             "openssl dhparam 2048 (seconds of CPU) and server settings",
	"file.pkcs12-password":                "runs tlscheck itself (a built binary)",
	"file.unreadable":                     "chown <service user>, ln -sfn, certbot renew",
	"host.no-certificate":                 "runs tlscheck itself (a built binary)",
	"key.encrypted":                       "openssl pkey asks for the passphrase on the terminal",
	"proto.no-tls12":                      "server settings (nginx, mosquitto) and a reload",
	"tls.app-auth-refused":                "a live server and its settings",
	"tls.app-check-failed":                "server settings (mosquitto, nginx)",
	"tls.client-cert-rejected":            "a live server and its settings",
	"tls.client-cert-required":            "a live server and its settings",
	"tls.client-cert-unusable":            "a live server and its settings",
	"tls.connect-failed":                  "the network (dig, ip route, ss)",
	"tls.handshake-failed":                "a live server and its settings",
	"tls.ocsp-stapling-missing":           "a live server and its settings",
	"tls.plaintext":                       "server settings, tlscheck probe",
	"tls.slow-handshake":                  "a new key and request, server settings",
	"tls.sni-mismatch":                    "a live server and its settings",
	"zlint.lints":                         "one fix per lint",
	"config.client-cert-not-pinned":       "a pinned_certs entry (server setting) to add",
	"config.dh-without-dhparam":           "an nginx/Crossbar.io setting; openssl dhparam is dh.weak's, run there",
	"config.identity-without-certificate": "a mosquitto setting in backquotes",
	"config.insecure":                     "a NATS setting in backquotes",
	"config.key-passphrase":               "an nginx setting in backquotes (the openssl pkey command is not backquoted)",
	"config.no-forward-secrecy":           "a server setting (cipher string)",
	"config.old-protocol":                 "server settings (ssl_protocols, tls_version) in backquotes",
	"config.probe-failed":                 "tlscheck probe against a live server",
	"config.route-eku":                    "an openssl -addext option to add to the CA's own command",
	"config.syntax":                       "the server's own configuration test (nginx -t, nats-server -t) on the user's file",
	"config.timeout-too-long":             "a NATS setting in backquotes",
	"config.timeout-too-short":            "a NATS setting in backquotes",
	"config.unknown-cipher":               "openssl ciphers on a name from the user's configuration",
	"config.unknown-curve":                "server settings (curve lists)",
	"config.verify-and-map-no-users":      "a NATS authorization block in backquotes",
	"config.verify-system-roots":          "a NATS setting in backquotes",
	"config.verify-without-ca":            "server settings (ssl_client_certificate, cafile) in backquotes",
	"config.weak-cipher":                  "a server setting (cipher string)",
}

// TestEveryFixCommandIsRun: every check whose fixes carry a command has a
// test that runs it (fixRuns) or is listed as not run yet (notRunYet); a
// test named in fixRuns exists, names the check's ID and runs a fix.
func TestEveryFixCommandIsRun(t *testing.T) {
	withCommands := map[string]bool{}
	for _, id := range commandChecks(t) {
		withCommands[id] = true
		_, ran := fixRuns[id]
		_, gap := notRunYet[id]
		switch {
		case ran && gap:
			t.Errorf("%s is in both fixRuns and notRunYet: take it out of notRunYet", id)
		case !ran && !gap:
			t.Errorf("%s has commands in its fixes and no test runs them: add one (checktest.RunFix) and name it in fixRuns", id)
		}
	}
	for _, table := range []map[string]string{fixRuns, notRunYet} {
		for id := range table {
			if !withCommands[id] {
				t.Errorf("%s is listed but its fixes carry no command (or it is not registered): take it out", id)
			}
		}
	}
	for id, where := range fixRuns {
		file, name, ok := strings.Cut(where, ":")
		if !ok {
			t.Errorf("%s: %q is not file:TestName", id, where)
			continue
		}
		src, err := os.ReadFile(filepath.Join("..", file))
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		var body string
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == name && fn.Body != nil {
				body = string(src[fn.Body.Pos()-f.FileStart : fn.Body.End()-f.FileStart])
			}
		}
		switch {
		case body == "":
			t.Errorf("%s: no func %s in %s", id, name, file)
		case !strings.Contains(body, strconv.Quote(id)):
			t.Errorf("%s: %s never names the ID", id, where)
		case !strings.Contains(string(src), "checktest.RunFix("):
			t.Errorf("%s: %s runs no fix (checktest.RunFix)", id, file)
		}
	}
}
