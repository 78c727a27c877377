package scantest

// Real servers beside openssl s_server (nginx, mosquitto, nats-server,
// gnutls-serv), and the oracles that turn a server's configuration into the
// (version, suite) pairs it accepts: `openssl ciphers -V -s` for OpenSSL
// cipher strings and `gnutls-cli -l --priority` for GnuTLS priority strings.
// The tests compare the scan with these, never with its own output.

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// aptPackage names the Debian package of each program the tests run.
var aptPackage = map[string]string{
	"openssl":     "openssl",
	"gnutls-serv": "gnutls-bin",
	"gnutls-cli":  "gnutls-bin",
	"nginx":       "nginx",
	"mosquitto":   "mosquitto",
	"nats-server": "nats-server",
	"unshare":     "util-linux",
	"ip":          "iproute2",
}

// Binary finds a program on PATH or in the Debian sbin directories, and
// fails the test naming the package to install when it is missing.
func Binary(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin"} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	pkg := aptPackage[name]
	if pkg == "" {
		pkg = name
	}
	t.Fatalf("%s is not installed; the scan's server tests need it: apt-get install %s", name, pkg)
	return ""
}

// LockedBuffer collects a process's output (its stdout and stderr from
// two goroutines) for a failure message: safe to write and read at once.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// Reset empties the buffer.
func (l *LockedBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Process runs argv in dir in a process group of its own, waits until
// 127.0.0.1:port accepts connections (at most 10 s) and kills the group when
// the test ends. A server that exits first fails the test with its output.
func Process(t testing.TB, dir string, port int, argv ...string) {
	t.Helper()
	out := &LockedBuffer{}
	cmd := exec.Command(Binary(t, argv[0]), argv[1:]...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", argv[0], err)
	}
	exited := make(chan struct{})
	pid := cmd.Process.Pid
	go func() { WaitExit(pid); close(exited) }()
	t.Cleanup(func() {
		// The server is not reaped before this kill: its pid, which names
		// its process group, cannot have gone to another process.
		syscall.Kill(-pid, syscall.SIGKILL)
		<-exited
		cmd.Wait()
	})
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for range 200 {
		select {
		case <-exited:
			t.Fatalf("%s exited before listening on %s:\n%s", argv[0], addr, out)
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s does not listen on %s after 10 s:\n%s", argv[0], addr, out)
}

// shared caches SharedLeaf's certificates, one pair per key type: key
// generation is most of a server test's set-up time.
var shared sync.Map // keyType → *[2]*certgen.Cert

// SharedLeaf is NewLeaf with certificates made once per key type for the
// whole test binary (the files are written into dir each time).
func SharedLeaf(t testing.TB, dir, keyType string) *Leaf {
	t.Helper()
	c, ok := shared.Load(keyType)
	if !ok {
		root := certgen.Root("Scantest Root " + keyType)
		leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.IP("127.0.0.1"), certgen.KeyType(keyType))
		c, _ = shared.LoadOrStore(keyType, &[2]*certgen.Cert{root, leaf})
	}
	root, leaf := c.(*[2]*certgen.Cert)[0], c.(*[2]*certgen.Cert)[1]
	return &Leaf{Root: root, Cert: leaf,
		CertFile: WriteFile(t, dir, keyType+".crt", leaf.PEM()),
		KeyFile:  WriteFile(t, dir, keyType+".key", leaf.KeyPEM()),
		RootFile: WriteFile(t, dir, keyType+"-root.crt", root.PEM())}
}

// Nginx runs nginx with one TLS server block on a free port; directives
// go inside the server block (ssl_protocols, ssl_ciphers, ...).
func Nginx(t testing.TB, leaf *Leaf, directives string) int {
	t.Helper()
	return NginxHTTP(t, fmt.Sprintf(`	server {
		listen 127.0.0.1:%%PORT%% ssl;
		ssl_certificate %s;
		ssl_certificate_key %s;
		%s
		location / { return 200 "ok\n"; }
	}`, leaf.CertFile, leaf.KeyFile, directives))
}

// NginxHTTP runs nginx with the given server blocks in its http block, on a
// free port that replaces %PORT% in them, and returns the port. Its prefix,
// logs and temporary files are in a directory of the test's.
func NginxHTTP(t testing.TB, servers string) int {
	t.Helper()
	port := FreePort(t)
	prefix := t.TempDir()
	for _, d := range []string{"logs", "tmp"} {
		os.MkdirAll(filepath.Join(prefix, d), 0o755)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := fmt.Sprintf(`%s
worker_processes 1;
error_log %[2]s/logs/error.log info;
pid %[2]s/nginx.pid;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %[2]s/tmp/body;
	proxy_temp_path %[2]s/tmp/proxy;
	fastcgi_temp_path %[2]s/tmp/fastcgi;
	uwsgi_temp_path %[2]s/tmp/uwsgi;
	scgi_temp_path %[2]s/tmp/scgi;
%[3]s
}
`, user, prefix, strings.ReplaceAll(servers, "%PORT%", strconv.Itoa(port)))
	p := WriteFile(t, prefix, "nginx.conf", []byte(conf))
	Process(t, prefix, port, "nginx", "-p", prefix, "-c", p, "-g", "daemon off;")
	return port
}

// Mosquitto runs mosquitto with one TLS listener on a free port; lines are
// added to the listener (tls_version, ciphers, ...).
func Mosquitto(t testing.TB, leaf *Leaf, lines string) int {
	t.Helper()
	return MosquittoConf(t, fmt.Sprintf("listener %%PORT%% 127.0.0.1\ncertfile %s\nkeyfile %s\n%s\n", leaf.CertFile, leaf.KeyFile, lines))
}

// MosquittoConf runs mosquitto with the given listeners, on a free port
// that replaces %PORT% in them, and returns the port.
func MosquittoConf(t testing.TB, listeners string) int {
	t.Helper()
	port := FreePort(t)
	dir := t.TempDir()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root\n"
	}
	conf := user + "persistence false\nlog_dest stdout\nallow_anonymous true\n" + strings.ReplaceAll(listeners, "%PORT%", strconv.Itoa(port))
	p := WriteFile(t, dir, "mosquitto.conf", []byte(conf))
	Process(t, dir, port, "mosquitto", "-c", p)
	return port
}

// NATS runs nats-server on a free port with the leaf and extra lines in
// its tls block (cipher_suites, curve_preferences, ...).
func NATS(t testing.TB, leaf *Leaf, tlsLines string) int {
	t.Helper()
	return NATSConf(t, fmt.Sprintf("tls {\n  cert_file: %q\n  key_file: %q\n%s\n}\n", leaf.CertFile, leaf.KeyFile, tlsLines))
}

// NATSConf runs nats-server on a free port of 127.0.0.1 with the rest of
// its configuration (a tls block, authorization...), and returns the port.
func NATSConf(t testing.TB, rest string) int {
	t.Helper()
	port := FreePort(t)
	dir := t.TempDir()
	conf := fmt.Sprintf("listen: \"127.0.0.1:%d\"\npid_file: %q\n%s\n", port, filepath.Join(dir, "nats.pid"), rest)
	p := WriteFile(t, dir, "nats.conf", []byte(conf))
	Process(t, dir, port, "nats-server", "-c", p)
	return port
}

// GnuTLS runs gnutls-serv with the leaf and a priority string on port.
// gnutls-serv listens on every address: call it only inside a private
// network namespace (see the scan's TestGnuTLS).
// dhparams, when not empty, is a PKCS#3 DH parameters file for DHE suites.
func GnuTLS(t testing.TB, leaf *Leaf, port int, priority, dhparams string) {
	t.Helper()
	if !InsidePrivateNetwork() {
		t.Fatal("gnutls-serv listens on every address: start it inside InPrivateNetwork")
	}
	argv := []string{"gnutls-serv", "--port", strconv.Itoa(port),
		"--x509certfile", leaf.CertFile, "--x509keyfile", leaf.KeyFile, "--priority", priority, "--echo"}
	if dhparams != "" {
		argv = append(argv, "--dhparams", dhparams)
	}
	Process(t, t.TempDir(), port, argv...)
}

// Suite is one line of `openssl ciphers -V` or `gnutls-cli -l`.
type Suite struct {
	ID   uint16
	Name string
	Kx   string // OpenSSL's Kx= (RSA, DH, ECDH, PSK, ...); GnuTLS's name prefix
	Au   string // OpenSSL's Au= (RSA, ECDSA, DSS, None, PSK, ...)
}

// OpenSSLSuites expands an OpenSSL cipher string (and, when not empty, a
// TLS 1.3 -ciphersuites list) into the suites an OpenSSL endpoint of this
// build accepts at version v, in the string's order: `openssl ciphers -V -s
// -tls1_2 STRING`. For TLS 1.3 only the TLS 1.3 suites are returned, for
// older versions only the others.
func OpenSSLSuites(t testing.TB, v facts.TLSVersion, cipherString, ciphersuites string) []Suite {
	t.Helper()
	list, err := openSSLSuites(Binary(t, "openssl"), v, cipherString, ciphersuites)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// OpenSSLSuitesPerVersion is OpenSSLSuites for several versions at once
// (each `openssl ciphers` takes a tenth of a second), keyed by version.
func OpenSSLSuitesPerVersion(t testing.TB, versions []facts.TLSVersion, cipherString, ciphersuites string) map[facts.TLSVersion][]Suite {
	t.Helper()
	bin := Binary(t, "openssl")
	lists := make([][]Suite, len(versions))
	errs := make([]error, len(versions))
	var wg sync.WaitGroup
	for i, v := range versions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lists[i], errs[i] = openSSLSuites(bin, v, cipherString, ciphersuites)
		}()
	}
	wg.Wait()
	out := map[facts.TLSVersion][]Suite{}
	for i, v := range versions {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		out[v] = lists[i]
	}
	return out
}

func openSSLSuites(bin string, v facts.TLSVersion, cipherString, ciphersuites string) ([]Suite, error) {
	flag := map[facts.TLSVersion]string{facts.VersionTLS10: "-tls1", facts.VersionTLS11: "-tls1_1",
		facts.VersionTLS12: "-tls1_2", facts.VersionTLS13: "-tls1_3"}[v]
	if flag == "" {
		return nil, fmt.Errorf("OpenSSLSuites: no openssl flag for %v", v)
	}
	args := []string{"ciphers", "-V", "-s", flag}
	if ciphersuites != "" {
		args = append(args, "-ciphersuites", ciphersuites)
	}
	if cipherString != "" {
		args = append(args, cipherString)
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	var list []Suite
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || !strings.HasPrefix(f[0], "0x") {
			continue
		}
		id, err := parseHexPair(f[0])
		if err != nil {
			return nil, err
		}
		if (id>>8 == 0x13) != (v == facts.VersionTLS13) {
			continue
		}
		s := Suite{ID: id, Name: f[2]}
		for _, kv := range f[4:] {
			if k, val, ok := strings.Cut(kv, "="); ok && k == "Kx" {
				s.Kx = val
			} else if ok && k == "Au" {
				s.Au = val
			}
		}
		list = append(list, s)
	}
	return list, nil
}

// parseHexPair reads "0xC0,0x2F".
func parseHexPair(s string) (uint16, error) {
	hi, lo, ok := strings.Cut(s, ",")
	a, err1 := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(hi), "0x"), 16, 8)
	b, err2 := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(lo), "0x"), 16, 8)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad code point %q", s)
	}
	return uint16(a)<<8 | uint16(b), nil
}

// GnuTLSSuites lists the suites a GnuTLS priority string enables, in
// priority order, with the lowest version each needs: `gnutls-cli -l
// --priority STRING`.
func GnuTLSSuites(t testing.TB, priority string) (list []Suite, minVersion map[uint16]facts.TLSVersion, groups []uint16) {
	t.Helper()
	out, err := exec.Command(Binary(t, "gnutls-cli"), "-l", "--priority", priority).CombinedOutput()
	if err != nil {
		t.Fatalf("gnutls-cli -l --priority %s: %v\n%s", priority, err, out)
	}
	minVersion = map[uint16]facts.TLSVersion{}
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "Groups: "); ok {
			for _, name := range strings.Split(rest, ", ") {
				id, ok := gnutlsGroups[strings.TrimSpace(name)]
				if !ok {
					t.Fatalf("gnutls-cli -l: unknown group %q", name)
				}
				groups = append(groups, id)
			}
			continue
		}
		// TLS_RSA_AES_128_CBC_SHA1  \t0x00, 0x2f\tTLS1.0
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || !strings.HasPrefix(cols[0], "TLS_") {
			continue
		}
		id, err := parseHexPair(cols[1])
		if err != nil {
			t.Fatal(err)
		}
		v, ok := facts.ParseTLSVersion(strings.Replace(strings.TrimSpace(cols[2]), "TLS1", "TLS 1", 1))
		if !ok {
			t.Fatalf("gnutls-cli -l: bad version in %q", line)
		}
		name := strings.TrimSpace(cols[0])
		list = append(list, Suite{ID: id, Name: name, Kx: gnutlsKx(name)})
		minVersion[id] = v
	}
	if len(list) == 0 {
		t.Fatalf("gnutls-cli -l --priority %s lists no suites:\n%s", priority, out)
	}
	return list, minVersion, groups
}

// gnutlsGroups are GnuTLS's group names and their code points.
var gnutlsGroups = map[string]uint16{
	"GROUP-SECP192R1": 19, "GROUP-SECP224R1": 21, "GROUP-SECP256R1": 23, "GROUP-SECP384R1": 24, "GROUP-SECP521R1": 25,
	"GROUP-X25519": 29, "GROUP-X448": 30,
	"GROUP-FFDHE2048": 256, "GROUP-FFDHE3072": 257, "GROUP-FFDHE4096": 258, "GROUP-FFDHE6144": 259, "GROUP-FFDHE8192": 260,
}

// gnutlsKx is the key exchange in a GnuTLS suite name
// (TLS_ECDHE_RSA_AES_128_GCM_SHA256 → ECDHE_RSA).
func gnutlsKx(name string) string {
	for _, kx := range []string{"ECDHE_ECDSA", "ECDHE_RSA", "DHE_RSA", "DHE_DSS", "ECDHE_PSK", "DHE_PSK", "RSA_PSK", "PSK", "SRP", "RSA"} {
		if strings.HasPrefix(name, "TLS_"+kx+"_") {
			return kx
		}
	}
	return "" // TLS 1.3
}

// TryStart runs argv in dir to see whether the server comes up on every
// port (ok) or exits first (its output says why), waiting 5 s at most. It
// always stops the server before returning: for tests of whether a server
// accepts a configuration.
func TryStart(t testing.TB, dir string, ports []int, argv ...string) (output string, ok bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var out LockedBuffer
	cmd := exec.CommandContext(ctx, Binary(t, argv[0]), argv[1:]...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", argv[0], err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}()
	for range 100 {
		select {
		case <-exited:
			return out.String(), false
		case <-time.After(50 * time.Millisecond):
		}
		up := 0
		for _, p := range ports {
			if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p), time.Second); err == nil {
				c.Close()
				up++
			}
		}
		if up == len(ports) {
			return out.String(), true
		}
	}
	return out.String(), false
}

// WaitExit waits until the process pid has exited, without reaping it. Until
// it is reaped (cmd.Wait) its pid stays taken, so the process group it leads
// can still be killed by that number without hitting another test's server
// that was given the same number: pids wrap at 32768 here, and a test run
// starts thousands of processes.
func WaitExit(pid int) {
	var info unix.Siginfo
	for {
		if err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil); err != unix.EINTR {
			return
		}
	}
}
