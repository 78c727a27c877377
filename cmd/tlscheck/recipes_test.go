package main

// Recipe tests: the openssl commands of the TLS set-up guides (Crossbar.io's
// self-signed certificate, the own-CA recipes of EMQX and Eclipse Amlen, a
// Let's Encrypt live directory) run with the real openssl binary, then
// `tlscheck files --format json`; the finding IDs, severities and exit codes
// must be those of the catalogue (docs/checks.md). CI installs openssl (.ci/run).

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// shell runs openssl recipes in one directory.
type shell struct {
	t   *testing.T
	dir string
}

func newShell(t *testing.T) *shell {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatalf("the recipe tests need the openssl binary (apt-get install openssl): %v", err)
	}
	return &shell{t: t, dir: t.TempDir()}
}

// on returns the shell for a subtest, so that failures are reported there.
func (s *shell) on(t *testing.T) *shell { return &shell{t: t, dir: s.dir} }

func (s *shell) path(name string) string { return filepath.Join(s.dir, name) }

// openssl runs one openssl command in the shell's directory. The guides'
// plain `openssl genrsa -out FILE 2048` takes the next key of rsaKeys
// instead of making a new one: the file is what that command wrote, and a
// 2048-bit key costs more than everything else a recipe does.
func (s *shell) openssl(args ...string) {
	s.t.Helper()
	if len(args) == 4 && args[0] == "genrsa" && args[1] == "-out" && args[3] == "2048" {
		writeFile(s.t, s.path(args[2]), rsaKeys.next(s.t), 0o600) // as openssl 3 creates it
		return
	}
	cmd := exec.Command("openssl", args...)
	cmd.Dir = s.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// keyPool hands out keys made by `openssl genrsa 2048`, made once per test
// binary and reused in turn. Any len(keys) keys handed out one after another
// are distinct, which is more than one recipe uses (the most, mutual TLS
// with a second CA, takes four); the recipe subtests do not run in parallel.
type keyPool struct {
	mu   sync.Mutex
	keys [][]byte
	n    int
}

var rsaKeys = &keyPool{}

const rsaPoolSize = 6

func (p *keyPool) next(t *testing.T) []byte {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.keys == nil {
		made := make([][]byte, rsaPoolSize)
		errs := make([]error, rsaPoolSize)
		var wg sync.WaitGroup
		for i := range made {
			wg.Add(1)
			go func() {
				defer wg.Done()
				made[i], errs[i] = exec.Command("openssl", "genrsa", "2048").Output()
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("openssl genrsa 2048: %v", err)
			}
		}
		p.keys = made
	}
	k := p.keys[p.n%len(p.keys)]
	p.n++
	return k
}

func (s *shell) write(name, content string) string {
	s.t.Helper()
	return writeFile(s.t, s.path(name), []byte(content), 0o644)
}

// cat concatenates files, like `cat a b > out`.
func (s *shell) cat(out string, names ...string) string {
	s.t.Helper()
	var all []byte
	for _, n := range names {
		b, err := os.ReadFile(s.path(n))
		if err != nil {
			s.t.Fatal(err)
		}
		all = append(all, b...)
	}
	return writeFile(s.t, s.path(out), all, 0o644)
}

func (s *shell) chmod(name string, mode os.FileMode) {
	s.t.Helper()
	if err := os.Chmod(s.path(name), mode); err != nil {
		s.t.Fatal(err)
	}
}

// check runs `tlscheck files --format json ARGS...` in the shell's directory
// on the real clock (openssl dates its certificates from now).
func (s *shell) check(args ...string) (result, *jsonReport) {
	s.t.Helper()
	old, err := os.Getwd()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := os.Chdir(s.dir); err != nil {
		s.t.Fatal(err)
	}
	defer os.Chdir(old)
	r := tlscheckWith(s.t, invocation{}, append([]string{"files", "--format", "json"}, args...)...)
	if r.code == exitCannot {
		s.t.Fatalf("tlscheck could not run: %s", r)
	}
	return r, parseReport(s.t, r)
}

func wantExit(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Errorf("want exit %d, got %d\n%s", code, r.code, r.stderr)
	}
}

// TestRecipeCrossbarSelfSigned is Crossbar.io's recipe: `openssl x509 -req
// -signkey` makes an X.509 v1 certificate with no extensions at all.
func TestRecipeCrossbarSelfSigned(t *testing.T) {
	s := newShell(t)
	s.openssl("genrsa", "-out", "server.key", "2048")
	s.openssl("req", "-new", "-key", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
	s.openssl("x509", "-req", "-days", "365", "-in", "server.csr", "-signkey", "server.key", "-out", "server.crt")
	s.chmod("server.key", 0o600)

	t.Run("cert and key", func(t *testing.T) {
		s := s.on(t)
		r, rep := s.check("server.crt", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{
			"cert.version":         "error",
			"cert.cn-only":         "error",
			"cert.self-signed":     "warning",
			"chain.untrusted-root": "error",
		})
		wantNoFindings(t, rep, "key.mismatch", "key.no-certificate", "chain.order", "file.format-unknown", "host.mismatch")
	})
	t.Run("with --host 127.0.0.1", func(t *testing.T) {
		s := s.on(t)
		r, rep := s.check("--host", "127.0.0.1", "server.crt", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{
			"cert.version":         "error",
			"cert.cn-only":         "error",
			"cert.self-signed":     "warning",
			"chain.untrusted-root": "error",
			"host.mismatch":        "error",
		})
	})
	t.Run("the whole ~/.crossbar directory", func(t *testing.T) {
		s := s.on(t)
		// The guide leaves server.csr beside the certificate and key.
		r, rep := s.check(".")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{
			"cert.version": "error",
			"cert.cn-only": "error",
			"csr.no-san":   "warning",
		})
		wantNoFindings(t, rep, "key.mismatch", "file.format-unknown")
	})
}

// ownCA is the own-CA recipe of the EMQX and Eclipse Amlen guides: a root
// made with `openssl req -x509`, and certificates signed with `openssl x509
// -req -CA ca.pem -CAkey ca.key -CAcreateserial -extfile ...`.
type ownCA struct {
	*shell
}

func newOwnCA(t *testing.T) *ownCA {
	s := newShell(t)
	s.openssl("genrsa", "-out", "ca.key", "2048")
	s.openssl("req", "-x509", "-new", "-nodes", "-key", "ca.key", "-sha256", "-days", "3650", "-out", "ca.pem", "-subj", "/CN=MyCA")
	return &ownCA{s}
}

// issue makes NAME.key (unless it exists), NAME.csr and NAME.pem signed by
// the CA key caName, with the extensions given (openssl extfile syntax).
func (c *ownCA) issue(name, cn, caName, extensions string, keyArgs ...string) {
	c.t.Helper()
	key := name + ".key"
	if _, err := os.Stat(c.path(key)); err != nil {
		c.openssl(append([]string{"genrsa", "-out", key}, append(keyArgs, "2048")...)...)
		c.chmod(key, 0o600)
	}
	reqArgs := []string{"req", "-new", "-key", key, "-out", name + ".csr", "-subj", "/CN=" + cn}
	if len(keyArgs) > 0 { // an encrypted key: the recipes pass its passphrase
		reqArgs = append(reqArgs, "-passin", "pass:x")
	}
	c.openssl(reqArgs...)
	ext := c.write(name+".ext", extensions)
	c.openssl("x509", "-req", "-in", name+".csr", "-CA", caName+".pem", "-CAkey", caName+".key",
		"-CAcreateserial", "-out", name+".pem", "-days", "825", "-sha256", "-extfile", ext)
}

const (
	serverExt = "subjectAltName = DNS:broker.example.test, DNS:localhost, IP:127.0.0.1\n" +
		"extendedKeyUsage = serverAuth\n"
	clientExt = "extendedKeyUsage = clientAuth\n"
	caExt     = "basicConstraints = critical, CA:TRUE, pathlen:0\n" +
		"keyUsage = critical, keyCertSign, cRLSign\n" +
		"subjectKeyIdentifier = hash\n" +
		"authorityKeyIdentifier = keyid:always\n"
)

func TestRecipeOwnCA(t *testing.T) {
	t.Run("clean", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "broker.example.test", "ca", serverExt)
		for _, host := range []string{"broker.example.test", "localhost", "127.0.0.1"} {
			r, rep := ca.check("--ca", "ca.pem", "--host", host, "server.pem", "server.key")
			wantExit(t, r, exitOK)
			wantClean(t, rep)
		}
	})
	t.Run("without --ca", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "broker.example.test", "ca", serverExt)
		// The whole certs directory, CA included, but the CA not named as
		// the trust anchor: the path ends at an untrusted root.
		r, rep := ca.check("--host", "broker.example.test", "ca.pem", "server.pem", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"chain.untrusted-root": "error"})
		wantNoFindings(t, rep, "key.mismatch", "host.mismatch", "chain.missing-intermediate")

		// Without the CA at all, its issuer is in neither the inputs nor
		// the trust store (docs/checks.md: chain.missing-intermediate).
		r, rep = ca.check("--host", "broker.example.test", "server.pem", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"chain.missing-intermediate": "error"})
		wantNoFindings(t, rep, "key.mismatch", "host.mismatch")
	})
	t.Run("SAN localhost only, --host 127.0.0.1", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "localhost", "ca", "subjectAltName = DNS:localhost\nextendedKeyUsage = serverAuth\n")
		r, rep := ca.check("--ca", "ca.pem", "--host", "127.0.0.1", "server.pem", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"host.mismatch": "error"})
		wantNoFindings(t, rep, "chain.untrusted-root", "key.mismatch")
	})
	t.Run("clientAuth only", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "broker.example.test", "ca", "subjectAltName = DNS:broker.example.test\n"+clientExt)
		r, rep := ca.check("--ca", "ca.pem", "--host", "broker.example.test", "server.pem", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"cert.eku": "error"})
	})
	t.Run("key from another run", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "broker.example.test", "ca", serverExt)
		ca.openssl("genrsa", "-out", "server.key", "2048") // overwrites the key the certificate was made for
		ca.chmod("server.key", 0o600)
		r, rep := ca.check("--ca", "ca.pem", "--host", "broker.example.test", "server.pem", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"key.mismatch": "error"})
	})
	t.Run("encrypted key", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "broker.example.test", "ca", serverExt, "-aes256", "-passout", "pass:x")
		r, rep := ca.check("--ca", "ca.pem", "--host", "broker.example.test", "server.pem", "server.key")
		wantExit(t, r, exitOK) // a warning only
		wantFindings(t, rep, map[string]string{"key.encrypted": "warning"})
		wantNoFindings(t, rep, "key.mismatch", "file.format-unknown")
		r, _ = ca.check("--fail-on", "warning", "--ca", "ca.pem", "--host", "broker.example.test", "server.pem", "server.key")
		wantExit(t, r, exitFindings)
	})
	t.Run("CA first in the chain file", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "broker.example.test", "ca", serverExt)
		ca.cat("bundle.pem", "ca.pem", "server.pem")
		r, rep := ca.check("--ca", "ca.pem", "--host", "broker.example.test", "bundle.pem", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"chain.order": "error"})
		wantNoFindings(t, rep, "key.mismatch", "chain.untrusted-root")
	})
	t.Run("intermediate", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("intermediate", "MyCA Issuing", "ca", caExt)
		ca.issue("server", "broker.example.test", "intermediate", serverExt)

		// The guides' usual mistake: only the leaf is deployed.
		r, rep := ca.check("--ca", "ca.pem", "--host", "broker.example.test", "server.pem", "server.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"chain.missing-intermediate": "error"})
		wantNoFindings(t, rep, "chain.untrusted-root", "key.mismatch")

		// Leaf then intermediate: right.
		ca.cat("fullchain.pem", "server.pem", "intermediate.pem")
		r, rep = ca.check("--ca", "ca.pem", "--host", "broker.example.test", "fullchain.pem", "server.key")
		wantExit(t, r, exitOK)
		wantClean(t, rep)

		// Explicit roles, as Crossbar.io's certificate + chain_certificates.
		r, rep = ca.check("--ca", "ca.pem", "--host", "broker.example.test",
			"--cert", "server.pem", "--chain", "intermediate.pem", "--key", "server.key")
		wantExit(t, r, exitOK)
		wantClean(t, rep)
	})
	t.Run("mutual TLS", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("client", "device-17", "ca", clientExt)
		r, rep := ca.check("--purpose", "client", "--client-ca", "ca.pem", "client.pem", "client.key")
		wantExit(t, r, exitOK)
		wantClean(t, rep)

		// A client certificate from another CA.
		other := newOwnCA(t)
		other.issue("client", "device-18", "ca", clientExt)
		r, rep = ca.check("--purpose", "client", "--client-ca", "ca.pem", other.path("client.pem"), other.path("client.key"))
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"client.not-issued-by-ca": "error"})
	})
	t.Run("server certificate as client-ca", func(t *testing.T) {
		ca := newOwnCA(t)
		ca.issue("server", "broker.example.test", "ca", serverExt)
		ca.issue("client", "device-17", "ca", clientExt)
		r, rep := ca.check("--purpose", "client", "--client-ca", "server.pem", "client.pem", "client.key")
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"client.ca-not-ca": "error"})
	})
}

// TestRecipeLetsEncryptLayout builds what certbot leaves in
// /etc/letsencrypt: archive/NAME/{cert1,chain1,fullchain1,privkey1}.pem and
// live/NAME/{cert,chain,fullchain,privkey}.pem symbolic links to them, plus
// the README certbot writes into live/NAME. The root and intermediate are our
// own, trusted with --ca.
func TestRecipeLetsEncryptLayout(t *testing.T) {
	ca := newOwnCA(t)
	ca.issue("intermediate", "Example R11", "ca", caExt)
	ca.issue("server", "example.test", "intermediate",
		"subjectAltName = DNS:example.test, DNS:www.example.test\nextendedKeyUsage = serverAuth\n"+
			"keyUsage = critical, digitalSignature, keyEncipherment\nbasicConstraints = critical, CA:FALSE\n")
	archive := filepath.Join("archive", "example.test")
	live := filepath.Join("live", "example.test")
	ca.cat(filepath.Join(archive, "cert1.pem"), "server.pem")
	ca.cat(filepath.Join(archive, "chain1.pem"), "intermediate.pem")
	ca.cat(filepath.Join(archive, "fullchain1.pem"), "server.pem", "intermediate.pem")
	ca.cat(filepath.Join(archive, "privkey1.pem"), "server.key")
	ca.chmod(filepath.Join(archive, "privkey1.pem"), 0o600)
	if err := os.MkdirAll(ca.path(live), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"cert", "chain", "fullchain", "privkey"} {
		if err := os.Symlink(filepath.Join("..", "..", archive, n+"1.pem"), ca.path(filepath.Join(live, n+".pem"))); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("live directory", func(t *testing.T) {
		ca := &ownCA{ca.on(t)}
		r, rep := ca.check("--ca", "ca.pem", "--host", "example.test", "--host", "www.example.test", live)
		wantExit(t, r, exitOK)
		wantClean(t, rep)
	})
	t.Run("with certbot's README", func(t *testing.T) {
		ca := &ownCA{ca.on(t)}
		ca.write(filepath.Join(live, "README"), "This directory contains your keys and certificates.\n\n"+
			"`privkey.pem`  : the private key for your certificate.\n"+
			"`fullchain.pem`: the certificate file used in most server software.\n"+
			"`chain.pem`    : used for OCSP stapling in Nginx >=1.3.7.\n"+
			"`cert.pem`     : will break many server configurations, and should not be used\n"+
			"                 without reading further documentation (see link below).\n")
		r, rep := ca.check("--ca", "ca.pem", "--host", "example.test", live)
		wantExit(t, r, exitOK)
		wantClean(t, rep)
		os.Remove(ca.path(filepath.Join(live, "README")))
	})
	t.Run("nginx: ssl_certificate cert.pem instead of fullchain.pem", func(t *testing.T) {
		ca := &ownCA{ca.on(t)}
		r, rep := ca.check("--ca", "ca.pem", "--host", "example.test", "--cert", filepath.Join(live, "cert.pem"),
			"--key", filepath.Join(live, "privkey.pem"))
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"chain.missing-intermediate": "error"})
	})
	t.Run("fullchain.pem as the chain file", func(t *testing.T) {
		ca := &ownCA{ca.on(t)}
		r, rep := ca.check("--ca", "ca.pem", "--host", "example.test", "--cert", filepath.Join(live, "cert.pem"),
			"--chain", filepath.Join(live, "fullchain.pem"), "--key", filepath.Join(live, "privkey.pem"))
		wantExit(t, r, exitFindings)
		wantFindings(t, rep, map[string]string{"chain.leaf-in-chain-file": "error"})
	})
}
