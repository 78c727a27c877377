package serverconf

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

const mosquittoMain = `# tlscheck test configuration
user root
per_listener_settings false
allow_anonymous true
persistence false
log_dest stderr

# the default listener
bind_address 127.0.0.1
port @PORT3@

listener @PORT0@ 127.0.0.1
certfile @DIR@/ec.crt
keyfile @DIR@/ec.key
cafile @DIR@/ec.crt
require_certificate true
use_identity_as_username true
tls_version tlsv1.2
ciphers ECDHE-ECDSA-AES128-GCM-SHA256
ciphers_tls1.3 TLS_AES_128_GCM_SHA256
dhparamfile @DIR@/dh.pem

include_dir @DIR@/conf.d
`

// mosquittoRun starts mosquitto on the configuration and waits until every
// port accepts connections (ok) or mosquitto exits (its output is returned).
// It always stops the process before returning.
func mosquittoRun(t *testing.T, conf string, ports ...int) (string, bool) {
	t.Helper()
	return scantest.TryStart(t, filepath.Dir(conf), ports, "mosquitto", "-c", conf)
}

func mosquittoSetup(t *testing.T) (dir, conf string, ports []int) {
	dir = t.TempDir()
	writeCerts(t, dir)
	ports = []int{freePort(t), freePort(t), freePort(t), freePort(t)}
	conf = writeFile(t, dir, "mosquitto.conf", expand(mosquittoMain, dir, ports...))
	writeFile(t, dir, "conf.d/b.conf", expand("listener @PORT1@ 127.0.0.1\ncertfile @DIR@/rsa.crt\nkeyfile @DIR@/rsa.key\n", dir, ports...))
	writeFile(t, dir, "conf.d/a.conf", expand("# plain MQTT\nlistener @PORT2@ localhost\n", dir, ports...))
	writeFile(t, dir, "conf.d/notes.txt", "listener 1\n")
	return dir, conf, ports
}

func TestMosquittoAcceptedByMosquitto(t *testing.T) {
	t.Parallel()
	dir, conf, ports := mosquittoSetup(t)
	if out, ok := mosquittoRun(t, conf, ports...); !ok {
		t.Fatalf("mosquitto did not start on the configuration:\n%s", out)
	}
	data, _ := os.ReadFile(conf)
	eq(t, "Detect", Detect(data, "config"), Mosquitto)
	c := mustLoad(t, conf, Unknown)
	eq(t, "Type", c.Type, Mosquitto)
	noProblems(t, c)
	eqList(t, "Files", c.Files, []string{conf, filepath.Join(dir, "conf.d/a.conf"), filepath.Join(dir, "conf.d/b.conf")})
	eq(t, "ServiceUser", c.ServiceUser, "root")
	eq(t, "per_listener_settings", c.Globals["per_listener_settings"][0].Value, "false")
	if len(c.Listeners) != 4 {
		t.Fatalf("got %d listeners, want 4: %+v", len(c.Listeners), c.Listeners)
	}
	def := c.Listeners[0]
	eq(t, "default.Name", def.Name, "mosquitto default listener (port "+strconv.Itoa(ports[3])+")")
	eq(t, "default.TLS", def.TLS, false)
	eq(t, "default.Address", def.Address, "127.0.0.1")

	tls := listener(t, c, "mosquitto listener "+strconv.Itoa(ports[0])+" 127.0.0.1")
	eq(t, "Where", tls.Where.String(), conf+":12")
	eq(t, "TLS", tls.TLS, true)
	eq(t, "Port", tls.Port, ports[0])
	eqList(t, "Cert", values(tls.Cert), []string{filepath.Join(dir, "ec.crt")})
	eqList(t, "Key", values(tls.Key), []string{filepath.Join(dir, "ec.key")})
	eqList(t, "CA", values(tls.CA), []string{filepath.Join(dir, "ec.crt")})
	eqList(t, "DHParam", values(tls.DHParam), []string{filepath.Join(dir, "dh.pem")})
	eq(t, "Verify", tls.Verify, VerifyRequired)
	eq(t, "VerifyBy", tls.VerifyBy.Where.String(), conf+":16")
	eq(t, "UseIdentityAsUsername", tls.UseIdentityAsUsername, true)
	eq(t, "Protocols", tls.Protocols.Value, "tlsv1.2")
	eq(t, "Ciphers", tls.Ciphers.Value, "ECDHE-ECDSA-AES128-GCM-SHA256")
	eq(t, "Ciphersuites", tls.Ciphersuites.Value, "TLS_AES_128_GCM_SHA256")

	plain := listener(t, c, "mosquitto listener "+strconv.Itoa(ports[2])+" localhost")
	eq(t, "plain.TLS", plain.TLS, false)
	eqList(t, "plain.Hosts", plain.Hosts, []string{"localhost"})
	rsa := listener(t, c, "mosquitto listener "+strconv.Itoa(ports[1])+" 127.0.0.1")
	eq(t, "rsa.Where", rsa.Where.String(), filepath.Join(dir, "conf.d/b.conf")+":1")
	eq(t, "rsa.Verify", rsa.Verify, VerifyNone)
	eqList(t, "rsa.Cert", values(rsa.Cert), []string{filepath.Join(dir, "rsa.crt")})
}

var reMosquittoWhere = regexp.MustCompile(`Error found at (\S+):(\d+)\.`)

// The broken sibling: mosquitto and we agree on the file and line.
func TestMosquittoErrorsMatchMosquitto(t *testing.T) {
	t.Parallel()
	for name, broken := range map[string]string{
		"bad bool":    "listener @PORT1@ 127.0.0.1\nrequire_certificate maybe\n",
		"empty value": "listener @PORT1@ 127.0.0.1\n\ncertfile\n",
		"bad port":    "# comment\nlistener 70000 127.0.0.1\n",
		"typo":        "listener @PORT1@ 127.0.0.1\ncertfil @DIR@/rsa.crt\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, conf, ports := mosquittoSetup(t)
			bad := writeFile(t, dir, "conf.d/b.conf", expand(broken, dir, ports...))
			out, ok := mosquittoRun(t, conf, ports...)
			if ok {
				t.Fatal("mosquitto started on the broken configuration")
			}
			m := reMosquittoWhere.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no file:line in mosquitto's output:\n%s", out)
			}
			c := mustLoad(t, conf, Mosquitto)
			if len(c.Problems) == 0 {
				t.Fatalf("no problem; mosquitto says:\n%s", out)
			}
			eq(t, "position (mosquitto: "+out+")", c.Problems[0].Where.String(), bad+":"+m[2])
			eq(t, "file", m[1], bad)
		})
	}
}

func TestMosquittoIncludeLoopAndDefaults(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "mosquitto.conf", "certfile server.crt\nkeyfile server.key\ninclude_dir "+dir+"/d\n")
	writeFile(t, dir, "d/self.conf", "include_dir "+dir+"/d\n")
	c := mustLoad(t, conf, Mosquitto)
	findProblem(t, c, ProblemIncludeLoop)
	eq(t, "ServiceUser default", c.ServiceUser, "mosquitto")
	if c.ServiceUserBy != nil {
		t.Errorf("ServiceUserBy = %v for the default", c.ServiceUserBy)
	}
	def := c.Listeners[0]
	eq(t, "default port", def.Port, 1883)
	eq(t, "default TLS", def.TLS, true)
	eq(t, "relative certfile", def.Cert[0].Value, filepath.Join(dir, "server.crt"))
	eq(t, "Raw", def.Cert[0].Raw, "server.crt")
}

func TestMosquittoPortLikeAtoi(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "m.conf", "listener eighty 127.0.0.1\nlistener 0\n")
	c := mustLoad(t, conf, Mosquitto)
	eq(t, "socket listener", c.Listeners[0].Name, "mosquitto listener on socket 127.0.0.1")
	eq(t, "socket address", c.Listeners[0].Address, "unix:127.0.0.1")
	eq(t, "problem", findProblem(t, c, ProblemValue).Where.Line, 2)
}
