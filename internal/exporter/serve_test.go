package exporter

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"golang.org/x/crypto/bcrypt"
)

// The exporter's own endpoint takes exporter-toolkit's web config: TLS and
// basic auth with bcrypt hashes. Cancelling the context shuts it down.
func TestServeWebConfig(t *testing.T) {
	root := certgen.Root("Web Config Root", validFor(3650))
	serverCert := certgen.Leaf("127.0.0.1", root, validFor(30))
	certFile := writeFile(t, "web.pem", serverCert.PEM())
	keyFile := writeFile(t, "web.key", serverCert.KeyPEM())
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	webConfig := writeFile(t, "web.yml", []byte("tls_server_config:\n  cert_file: "+certFile+"\n  key_file: "+keyFile+
		"\nbasic_auth_users:\n  prometheus: "+string(hash)+"\n"))
	if err := ValidateWebConfig(webConfig); err != nil {
		t.Fatal(err)
	}
	if err := ValidateWebConfig(writeFile(t, "bad.yml", []byte("basic_auth_users: [1, 2]\n"))); err == nil {
		t.Error("a bad web config validates")
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, l, New(Options{}).Handler(), webConfig, nil) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()

	pool := x509.NewCertPool()
	pool.AddCert(root.X509)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer client.CloseIdleConnections()
	url := "https://" + l.Addr().String() + "/metrics"
	get := func(user, pass string) int {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		user, pass string
		want       int
	}{
		{"", "", http.StatusUnauthorized},
		{"prometheus", "wrong", http.StatusUnauthorized},
		{"someone", "s3cret", http.StatusUnauthorized},
		{"prometheus", "s3cret", http.StatusOK},
	} {
		if got := get(tc.user, tc.pass); got != tc.want {
			t.Errorf("user %q pass %q: %d, want %d", tc.user, tc.pass, got, tc.want)
		}
	}
	// Plain HTTP to the TLS port does not reach the handler.
	if resp, err := http.Get("http://" + l.Addr().String() + "/metrics"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP served")
		}
	}
}

// A graceful shutdown lets a run in progress finish.
func TestServeShutdownWaitsForRuns(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{})
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, l, e.Handler(), "", nil) }()

	// A probe of a silent server, given one second by its scrape header.
	status := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, "http://"+l.Addr().String()+probePath("", silentServer(t)), nil)
		req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", "1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			status <- -1
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	for range 200 { // until the run has started
		if e.sem != nil && len(e.sem) == 1 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
	if got := <-status; got != http.StatusOK {
		t.Errorf("the run in progress got %d, want 200", got)
	}
}
