package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/scan/scantest"
	"github.com/tlscheck/tlscheck/internal/testport"
)

func TestExporterCannotStart(t *testing.T) {
	dir := t.TempDir()
	badConfig := filepath.Join(dir, "exporter.yaml")
	os.WriteFile(badConfig, []byte("modules:\n  probe:\n    servrname: x\n"), 0o600)
	badWeb := filepath.Join(dir, "web.yml")
	os.WriteFile(badWeb, []byte("tls_server_config:\n  cert_file: /nonexistent.pem\n  key_file: /nonexistent.key\n"), 0o600)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", badConfig}, `[3:5] unknown field "servrname"`},
		{[]string{"--config", filepath.Join(dir, "missing.yaml")}, "no such file"},
		{[]string{"--allowed-targets", "re:("}, "--allowed-targets"},
		{[]string{"--web.config.file", badWeb}, "--web.config.file"},
		{[]string{"--listen", busy.Addr().String()}, "--listen"},
		{[]string{"example.com:443"}, "takes no arguments"},
		{[]string{"--max-concurrent", "0"}, "--max-concurrent"},
		{[]string{"--log-level", "loud"}, "--log-level"},
		{[]string{"--lisen", ":1"}, "did you mean --listen?"},
	} {
		r := tlscheck(t, append([]string{"exporter"}, tc.args...)...)
		if r.code != exitCannot || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("exporter %q: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if r := tlscheck(t, "help", "exporter"); r.code != exitOK || !strings.Contains(r.stdout, "--allowed-targets") {
		t.Errorf("help exporter: %d %q", r.code, r.stdout)
	}
}

// `tlscheck exporter --listen 127.0.0.1:PORT` works as it is, and ends
// cleanly (exit 0) when its context does, as on SIGTERM.
func TestExporterServesAndShutsDown(t *testing.T) {
	addr, refusedAddr := testport.Addr(t), testport.Addr(t)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr scantest.LockedBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- runWith([]string{"exporter", "--listen", addr, "--allowed-targets", "127.0.0.1"},
			env{ctx: ctx, stdout: io.Discard, stderr: &stderr, now: time.Now})
	}()
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path string) (int, string) {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	var code int
	var body string
	for range 100 { // until it listens
		if code, body = get("/probe?target=" + refusedAddr); code != 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code != http.StatusOK || !strings.Contains(body, "tlscheck_probe_success 0") {
		t.Fatalf("/probe: %d %s\nstderr: %s", code, body, stderr.String())
	}
	if code, _ := get("/probe?target=10.1.2.3:443"); code != http.StatusForbidden {
		t.Errorf("/probe of a host not allowed: %d, want 403", code)
	}
	if code, body := get("/metrics"); code != http.StatusOK || !strings.Contains(body, `tlscheck_exporter_probes_total{module="probe",result="failure"} 1`) {
		t.Errorf("/metrics: %d %s", code, body)
	}
	if code, body := get("/"); code != http.StatusOK || !strings.Contains(body, refusedAddr) {
		t.Errorf("/: %d %s", code, body)
	}
	cancel()
	if got := <-exited; got != exitOK {
		t.Errorf("exit %d after the context ended, want 0; stderr:\n%s", got, stderr.String())
	}
}

// TestExporterHelperProcess is tlscheck's main for TestExporterSIGTERM,
// run as a child process of the test binary (the os/exec tests' pattern).
func TestExporterHelperProcess(t *testing.T) {
	if os.Getenv("TLSCHECK_HELPER_PROCESS") != "1" {
		return
	}
	args := os.Args
	for len(args) > 0 && args[0] != "--" {
		args = args[1:]
	}
	ctx, stop := interruptible(context.Background())
	code := run(ctx, args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// A service manager's SIGTERM ends the exporter cleanly: exit 0.
func TestExporterSIGTERM(t *testing.T) {
	addr := testport.Addr(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestExporterHelperProcess$", "--", "exporter", "--listen", addr)
	cmd.Env = append(os.Environ(), "TLSCHECK_HELPER_PROCESS=1")
	var stderr scantest.LockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	}()
	up := false
	for range 200 { // until it answers
		if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
			resp.Body.Close()
			up = true
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if !up {
		t.Fatalf("the exporter did not answer on %s; stderr:\n%s", addr, stderr.String())
	}
	// The signal handler is installed once a run has gone on for armAfter;
	// the run had started when the exporter answered.
	time.Sleep(armAfter + 200*time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("after SIGTERM: %v; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("still running 20s after SIGTERM; stderr:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "shut down") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}
