package serverconf

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		want          ServerType
	}{
		{"nginx.conf", "events {}\nhttp {\n  server { listen 443 ssl; }\n}\n", Nginx},
		{"site", "server {\n    listen 443 ssl;\n    ssl_certificate a.pem;\n}\n", Nginx},
		{"mosquitto.conf", "listener 8883\ncertfile /a\nkeyfile /b\n", Mosquitto},
		{"x.conf", "listener 8883\nrequire_certificate true\ncafile /c\n", Mosquitto},
		{"server.conf", "port: 4222\ntls {\n  cert_file: a\n}\ncluster {\n}\n", NATS},
		{"config.json", `{"version": 2, "controller": {}, "workers": []}`, Crossbar},
		{"config.yaml", "version: 2\nworkers:\n- type: router\n", Crossbar},
		{"emqx.conf", "listeners.ssl.default {\n  bind = 8883\n}\n", EMQX},
		{"x.conf", "node {\n name = a\n}\nlisteners {\n ssl { } }\n", EMQX},
		{"empty", "", Unknown},
		{"binary", "\x00\x01\x02", Unknown},
		{"prose", "hello world\n", Unknown},
	} {
		if got := Detect([]byte(tc.content), tc.name); got != tc.want {
			t.Errorf("Detect(%s %q) = %q, want %q", tc.name, tc.content, got, tc.want)
		}
	}
}

func TestParseType(t *testing.T) {
	for _, typ := range Types {
		if got, err := ParseType(string(typ)); err != nil || got != typ {
			t.Errorf("ParseType(%q) = %q, %v", typ, got, err)
		}
	}
	if _, err := ParseType("apache"); err == nil {
		t.Error("ParseType(apache) accepted")
	}
}

// Each format: the main file or an include too big or binary is a Problem;
// Load never fails on content, only when the main file cannot be read.
func TestHugeAndBinaryFiles(t *testing.T) {
	huge := strings.Repeat("# padding padding padding padding padding padding\n", MaxFileSize/50+10)
	binary := "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	includers := map[ServerType]func(dir, inc string) string{
		Nginx:     func(dir, inc string) string { return "http {\n    include " + inc + ";\n}\n" },
		Mosquitto: func(dir, inc string) string { return "include_dir " + filepath.Dir(inc) + "\n" },
		NATS:      func(dir, inc string) string { return "port: 4222\ninclude \"inc/" + filepath.Base(inc) + "\"\n" },
		EMQX:      func(dir, inc string) string { return "include \"" + inc + "\"\n" },
	}
	for _, typ := range Types {
		for name, content := range map[string]string{"huge": huge, "binary": binary} {
			want := ProblemTooLarge
			if name == "binary" {
				want = ProblemBinary
			}
			t.Run(string(typ)+"/"+name+"/main", func(t *testing.T) {
				dir := t.TempDir()
				f := writeFile(t, dir, "main.conf", content)
				c := mustLoad(t, f, typ)
				eq(t, "problem file", findProblem(t, c, want).Where.File, f)
			})
			inc, ok := includers[typ]
			if !ok {
				continue
			}
			t.Run(string(typ)+"/"+name+"/include", func(t *testing.T) {
				dir := t.TempDir()
				bad := writeFile(t, dir, "inc/bad.conf", content)
				f := writeFile(t, dir, "main.conf", inc(dir, bad))
				c := mustLoad(t, f, typ)
				eq(t, "problem file", findProblem(t, c, want).Where.File, bad)
			})
		}
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(context.Background(), filepath.Join(t.TempDir(), "missing.conf"), Nginx); err == nil {
		t.Error("Load of a missing file: no error")
	}
	f := writeFile(t, t.TempDir(), "prose.txt", "nothing to see\n")
	var ue *UndetectedTypeError
	if _, err := Load(context.Background(), f, Unknown); !errors.As(err, &ue) || ue.Path != f {
		t.Errorf("undetectable format: err = %v, want an *UndetectedTypeError for %s", err, f)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, f, Nginx); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestMissingIncludes(t *testing.T) {
	dir := t.TempDir()
	for typ, content := range map[ServerType]string{
		Nginx:     "http {\n  include nope.conf;\n}\n",
		Mosquitto: "# x\ninclude_dir " + dir + "/nope\n",
		NATS:      "port: 1\ninclude nope.conf\n",
		EMQX:      "a = 1\ninclude \"nope.conf\"\n",
	} {
		f := writeFile(t, dir, string(typ)+".conf", content)
		c := mustLoad(t, f, typ)
		p := findProblem(t, c, ProblemRead)
		eq(t, string(typ)+" missing include at", p.Where.String(), f+":2")
	}
}

// Garbage never panics or hangs any parser.
func TestGarbageDoesNotPanic(t *testing.T) {
	inputs := []string{
		"{", "}", "{{{{{{", "\"", "'", "include", "include ;", "a = ${", "[[[[", "listener",
		"tls {", "- - -\n  : :", "x: [1, {", "\"\"\"", "a.b.c.", "server { listen [::; }",
		strings.Repeat("{", 5000), strings.Repeat("[", 5000), strings.Repeat("a.", 5000) + "b = 1",
		"workers:\n- transports:\n  - endpoint:\n      tls: 3\n", `{"workers": [{"transports": [{"endpoint": {"tls": {"chain_certificates": 5}}}]}]}`,
		"listeners.ssl.x.ssl_options = 3\nlisteners.ssl = 4\n", "cluster: 5\ntls: 3\ngateway { gateways: [1, \"x\"] }\nleafnodes { remotes: 7 }\n",
	}
	dir := t.TempDir()
	for i, in := range inputs {
		f := writeFile(t, dir, "g"+itoa(i)+".conf", in)
		for _, typ := range Types {
			done := make(chan struct{})
			go func() {
				defer close(done)
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s on %q: panic %v", typ, in[:min(len(in), 40)], r)
					}
				}()
				Load(context.Background(), f, typ)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("%s on %q: no return", typ, in[:min(len(in), 40)])
			}
		}
	}
	_ = os.Remove(dir)
}

// TestSpecialFiles: a device, a FIFO or a directory given as the
// configuration is refused at once (os.ReadFile of /dev/zero never ends,
// and opening a FIFO waits for a writer); one named by an include is a
// problem at the include's line.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.conf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/dev/zero", fifo, dir} {
		done := make(chan error, 1)
		go func() {
			_, err := Load(context.Background(), p, Nginx)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s: err %v, want not a regular file", p, err)
			}
		case <-time.After(20 * time.Second): // a hang guard
			t.Fatalf("%s: Load did not return", p)
		}
	}
	main := filepath.Join(dir, "nginx.conf")
	os.WriteFile(main, []byte("events {}\ninclude "+fifo+";\n"), 0o600)
	c, err := Load(context.Background(), main, Nginx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range c.Problems {
		found = found || (p.Kind == ProblemRead && p.Where.Line == 2)
	}
	if !found {
		t.Errorf("problems %+v, want the FIFO include refused at line 2", c.Problems)
	}
}

// TestProblemKindsAreFacts: every problem kind has its facts name, which
// the checks compare with (config.syntax leaves out variables by it).
func TestProblemKindsAreFacts(t *testing.T) {
	seen := map[facts.ConfigProblemKind]bool{}
	for k := ProblemSyntax; k <= ProblemUnknownDirective; k++ {
		f := k.Fact()
		if strings.HasPrefix(string(f), "ProblemKind(") || seen[f] {
			t.Errorf("%d: facts kind %q", int(k), f)
		}
		seen[f] = true
		if k.String() != string(f) {
			t.Errorf("%d: String %q, Fact %q", int(k), k.String(), f)
		}
	}
	if ProblemVariable.Fact() != facts.ConfigProblemVariable {
		t.Errorf("ProblemVariable is %q", ProblemVariable.Fact())
	}
}
