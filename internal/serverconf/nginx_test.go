package serverconf

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

const nginxMain = `# tlscheck test configuration
user www-data;
worker_processes 1;
pid @DIR@/nginx.pid;
error_log @DIR@/error.log;
events { worker_connections 64; }

http {
    access_log off;
    client_body_temp_path @DIR@/tmp/body;
    proxy_temp_path @DIR@/tmp/proxy;
    fastcgi_temp_path @DIR@/tmp/fastcgi;
    uwsgi_temp_path @DIR@/tmp/uwsgi;
    scgi_temp_path @DIR@/tmp/scgi;

    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";
    ssl_dhparam dh.pem;

    include sites/*.conf;

    server {
        listen 127.0.0.1:@PORT0@;
        server_name plain.example;
        set $x "a;b{c}";
    }
}

`

const nginxSite = `server {
    listen 127.0.0.1:@PORT1@ ssl;
    listen [::1]:@PORT1@ ssl;
    server_name example.com www.example.com _ ~^(?<n>.+)\.re$;

    # RSA and ECDSA
    ssl_certificate rsa.crt;
    ssl_certificate_key rsa.key;
    ssl_certificate "ec.crt";
    ssl_certificate_key '@DIR@/conf/ec.key';

    ssl_protocols TLSv1.3;
    ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384;
    ssl_ecdh_curve X25519:prime256v1;
    ssl_verify_client on;
    ssl_trusted_certificate ec.crt;
    ssl_client_certificate ec.crt;
    ssl_stapling on;
    ssl_session_timeout 5m;
}
`

// nginxTest runs nginx -t on the configuration and returns its output and
// whether it accepted the file.
func nginxTest(t *testing.T, dir, conf string) (string, bool) {
	t.Helper()
	bin := scantest.Binary(t, "nginx")
	for _, d := range []string{"tmp", "logs"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-t", "-q", "-e", filepath.Join(dir, "error.log"), "-p", dir+"/", "-c", conf)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err == nil
}

func nginxSetup(t *testing.T) (dir, conf string) {
	dir = t.TempDir()
	confDir := filepath.Join(dir, "conf")
	writeCerts(t, confDir)
	ports := []int{freePort(t), freePort(t), freePort(t)}
	conf = writeFile(t, confDir, "nginx.conf", expand(nginxMain, dir, ports...))
	writeFile(t, confDir, "sites/a.conf", expand(nginxSite, dir, ports...))
	writeFile(t, confDir, "sites/readme.txt", "not included")
	return dir, conf
}

func TestNginxAcceptedByNginx(t *testing.T) {
	t.Parallel()
	dir, conf := nginxSetup(t)
	if out, ok := nginxTest(t, dir, conf); !ok {
		t.Fatalf("nginx -t refused the configuration:\n%s", out)
	}
	confDir := filepath.Join(dir, "conf")
	data, _ := os.ReadFile(conf)
	eq(t, "Detect", Detect(data, conf), Nginx)

	c := mustLoad(t, conf, Unknown)
	eq(t, "Type", c.Type, Nginx)
	// The only Problem is the note that nothing here is dynamic: none.
	noProblems(t, c)
	eqList(t, "Files", c.Files, []string{conf, filepath.Join(confDir, "sites/a.conf")})
	eq(t, "ServiceUser", c.ServiceUser, "www-data")
	eq(t, "ServiceUserBy", c.ServiceUserBy.Where.String(), conf+":2")
	if len(c.Listeners) != 2 {
		t.Fatalf("got %d listeners, want 2: %+v", len(c.Listeners), c.Listeners)
	}

	site := listener(t, c, "nginx server_name example.com, listen 127.0.0.1:"+portOf(t, c, 0)+" ssl")
	eq(t, "site.Kind", site.Kind, "server")
	eq(t, "site.TLS", site.TLS, true)
	eq(t, "site.Where", site.Where.String(), filepath.Join(confDir, "sites/a.conf")+":1")
	eq(t, "site.Address", site.Address, "127.0.0.1")
	eq(t, "endpoints", len(site.Endpoints), 2)
	eq(t, "ipv6", site.Endpoints[1].Address, "::1")
	eqList(t, "Hosts", site.Hosts, []string{"example.com", "www.example.com"})
	eqList(t, "Cert", values(site.Cert), []string{filepath.Join(confDir, "rsa.crt"), filepath.Join(confDir, "ec.crt")})
	eqList(t, "Key", values(site.Key), []string{filepath.Join(confDir, "rsa.key"), filepath.Join(confDir, "ec.key")})
	eq(t, "Cert[1].Where", site.Cert[1].Where.Line, 9)
	eq(t, "Cert[1].Raw", site.Cert[1].Raw, "ec.crt")
	eq(t, "Protocols (server overrides http)", site.Protocols.Value, "TLSv1.3")
	eq(t, "Ciphers (inherited from http)", site.Ciphers.Value, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256")
	eq(t, "Ciphers.Where", site.Ciphers.Where.String(), conf+":17")
	eq(t, "Ciphersuites", site.Ciphersuites.Value, "TLS_AES_256_GCM_SHA384")
	eq(t, "Curves", site.Curves.Value, "X25519:prime256v1")
	eq(t, "Verify", site.Verify, VerifyRequired)
	eqList(t, "CA", values(site.CA), []string{filepath.Join(confDir, "ec.crt")})
	eqList(t, "ClientCA", values(site.ClientCA), []string{filepath.Join(confDir, "ec.crt")})
	eqList(t, "DHParam (inherited)", values(site.DHParam), []string{filepath.Join(confDir, "dh.pem")})
	if site.OCSPStapling == nil || !*site.OCSPStapling {
		t.Errorf("OCSPStapling = %v, want on", site.OCSPStapling)
	}
	eq(t, "Directives[ssl_session_timeout]", site.Directives["ssl_session_timeout"][0].Value, "5m")

	plain := listener(t, c, "nginx server_name plain.example, listen 127.0.0.1:"+strconv.Itoa(c.Listeners[1].Port))
	eq(t, "plain.TLS", plain.TLS, false)

}

func portOf(t *testing.T, c *Config, i int) string {
	return strconv.Itoa(c.Listeners[i].Port)
}

var reNginxWhere = regexp.MustCompile(` in (\S+):(\d+)`)

// The broken sibling: nginx and we agree on the file and line of the error.
func TestNginxSyntaxErrorsMatchNginx(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"unclosed block":   "server {\n    listen 8443 ssl;\n    server_name broken.example;\n",
		"missing ;":        "server {\n    listen 8443 ssl;\n    server_name broken.example\n}\n",
		"extra }":          "server {\n    listen 8443 ssl;\n}\n}\n",
		"unclosed quote":   "server {\n    server_name \"broken;\n}\n",
		"missing include":  "include missing.conf;\n",
		"bad verify value": "server {\n    listen 8443 ssl;\n    ssl_verify_client maybe;\n}\n",
	}
	for name, broken := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, conf := nginxSetup(t)
			bad := writeFile(t, filepath.Join(dir, "conf"), "sites/b.conf", broken)
			out, ok := nginxTest(t, dir, conf)
			if ok {
				t.Fatalf("nginx accepted the broken configuration")
			}
			m := reNginxWhere.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no file:line in nginx's output:\n%s", out)
			}
			c := mustLoad(t, conf, Nginx)
			if len(c.Problems) == 0 {
				t.Fatalf("no problem found; nginx says %s", out)
			}
			p := c.Problems[0]
			eq(t, "problem position (nginx: "+out+")", p.Where.String(), m[1]+":"+m[2])
			eq(t, "problem file", p.Where.File, bad)
			// What was read before the error is still there.
			if name != "missing include" && len(c.Listeners) == 0 {
				t.Errorf("no listeners kept")
			}
		})
	}
}

func TestNginxIncludeLoop(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	conf := writeFile(t, dir, "nginx.conf", "events {}\nhttp {\n    include sites/*.conf;\n}\n")
	writeFile(t, dir, "sites/a.conf", "include sites/b.conf;\nserver { listen 443 ssl; server_name a.example; }\n")
	writeFile(t, dir, "sites/b.conf", "include sites/a.conf;\n")
	c := loadWithin(t, conf, Nginx)
	p := findProblem(t, c, ProblemIncludeLoop)
	eq(t, "loop position", p.Where.String(), filepath.Join(dir, "sites/b.conf")+":1")
	if len(c.Listeners) != 2 {
		t.Errorf("got %d listeners, want 2 (a.conf is read by the glob and again by b.conf)", len(c.Listeners))
	}
}

func TestNginxDynamicCertificate(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "nginx.conf", "http { server { listen 443 ssl; ssl_certificate $ssl_server_name.crt; ssl_certificate_key data:$key; } }\n")
	c := mustLoad(t, conf, Nginx)
	l := c.Listeners[0]
	if !l.Cert[0].Dynamic || !l.Key[0].Dynamic || l.Cert[0].Value != "$ssl_server_name.crt" {
		t.Errorf("variables in paths: %+v %+v", l.Cert, l.Key)
	}
	findProblem(t, c, ProblemVariable)
	eq(t, "default port", c.Listeners[0].Port, 443)
}

func TestParseNginxListen(t *testing.T) {
	for in, want := range map[string]Endpoint{
		"443":              {Port: 443},
		"*:8443":           {Port: 8443},
		"[::]:443":         {Address: "::", Port: 443},
		"[::1]":            {Address: "::1", Port: 80},
		"localhost":        {Address: "localhost", Port: 80},
		"10.0.0.1:8443":    {Address: "10.0.0.1", Port: 8443},
		"unix:/run/x.sock": {Address: "unix:/run/x.sock"},
	} {
		got, err := parseNginxListen(&ndir{name: "listen", args: []string{in}})
		if err != nil || got.Address != want.Address || got.Port != want.Port {
			t.Errorf("listen %s = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if _, err := parseNginxListen(&ndir{name: "listen", args: []string{"host:99999"}}); err == nil {
		t.Error("port 99999 accepted")
	}
}

// The stream module is a separate package on Debian (libnginx-mod-stream), so
// stream{} is checked by parsing only.
func TestNginxStream(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "nginx.conf", `http { ssl_ciphers HIGH; }
stream {
    ssl_protocols TLSv1.3;
    server {
        listen 127.0.0.1:5000 ssl;
        ssl_certificate     ec.crt;
        ssl_certificate_key ec.key;
        ssl_verify_client optional;
        ssl_client_certificate ec.crt;
        proxy_pass 127.0.0.1:5001;
    }
}
`)
	c := mustLoad(t, conf, Nginx)
	noProblems(t, c)
	st := c.Listeners[0]
	eq(t, "stream.Name", st.Name, "nginx stream at "+conf+":4, listen 127.0.0.1:5000 ssl")
	eq(t, "stream.Kind", st.Kind, "stream")
	eq(t, "stream.TLS", st.TLS, true)
	eq(t, "stream.Port", st.Port, 5000)
	eq(t, "stream.Verify", st.Verify, VerifyOptional)
	eq(t, "stream.Protocols", st.Protocols.Value, "TLSv1.3")
	if st.Ciphers != nil {
		t.Errorf("stream server inherits http's ssl_ciphers: %v", st.Ciphers)
	}
}
