// Package scanrule is what the checks of `tlscheck scan` results share: the
// server software a fix is written for, the suites of a scan described with
// their IANA and OpenSSL names, the fix lines for versions, suites and DH
// groups, and the reasons a part of the scan was not tested.
package scanrule

import (
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// Software is the server program a fix speaks to.
type Software int

const (
	// Web is nginx, and Crossbar.io where it has the setting (https:// and
	// anything not recognised).
	Web Software = iota
	// Crossbar is Crossbar.io, the WAMP router of wss:// targets, or the
	// nginx in front of it.
	Crossbar
	// Mosquitto is mosquitto, and EMQX where it has the setting (mqtts://).
	Mosquitto
	// NATS is nats-server (nats://, a NATS INFO line).
	NATS
)

// Of recognises the server software from what the probe saw: a NATS INFO
// line, else the target's scheme (or its well-known port).
func Of(f *facts.Facts) Software {
	c := f.Connection
	if c == nil {
		return Web
	}
	switch {
	case c.NATS != nil || c.Scheme == facts.SchemeNATS || c.StartTLS == facts.StartTLSNATS || c.Port == 4222:
		return NATS
	case c.Scheme == facts.SchemeMQTTS || c.Scheme == facts.SchemeMQTT || c.Port == 8883:
		return Mosquitto
	case c.Scheme == facts.SchemeWSS:
		return Crossbar
	}
	return Web
}

// Subject is the scanned server as host:port (the target as written when
// the host is unknown).
func Subject(f *facts.Facts) string {
	c := f.Connection
	switch {
	case c == nil:
		return "the server"
	case c.Host != "":
		return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	case c.Target != "":
		return c.Target
	}
	return "the server"
}

// Version returns the scan's result for version v.
func Version(s *facts.Scan, v facts.TLSVersion) (facts.VersionResult, bool) {
	for _, r := range s.Versions {
		if r.Version == v {
			return r, true
		}
	}
	return facts.VersionResult{}, false
}

// UntestedReason is why the scan did not test what (an entry of
// Scan.Untested named exactly so), or def.
func UntestedReason(s *facts.Scan, def string, what ...string) string {
	for _, u := range s.Untested {
		for _, w := range what {
			if u.What == w && u.Reason != "" {
				return u.Reason
			}
		}
	}
	return def
}

// Lookup describes an accepted suite from the suite table; an SSL 2.0
// cipher kind is described in the same terms (every one has an MD5 MAC).
func Lookup(a facts.AcceptedSuite) (suites.Suite, bool) {
	if a.Version == facts.VersionSSL20 {
		for _, k := range suites.SSL2Kinds() {
			if k.ID == a.ID24 {
				return suites.Suite{Name: k.Name, OpenSSL: k.OpenSSL, Enc: k.Enc, Bits: k.Bits, Export: k.Export,
					RC4: k.Enc == "RC4", DES: k.Enc == "DES", TripleDES: k.Enc == "3DES", CBC: k.Enc != "RC4",
					MD5MAC: true, MAC: "MD5", Kx: "RSA", Auth: "RSA"}, true
			}
		}
		return suites.Suite{}, false
	}
	return suites.ByID(a.ID)
}

// Label names an accepted suite by its IANA and OpenSSL names:
// "TLS_RSA_WITH_RC4_128_SHA (RC4-SHA)"; a suite the table lacks by its code.
func Label(a facts.AcceptedSuite) string {
	s, ok := Lookup(a)
	switch {
	case !ok && a.Version == facts.VersionSSL20:
		return fmt.Sprintf("SSL 2.0 kind 0x%06X", a.ID24)
	case !ok:
		return fmt.Sprintf("0x%04X", a.ID)
	case s.OpenSSL == "" || s.OpenSSL == s.Name:
		return s.Name
	}
	return s.Name + " (" + s.OpenSSL + ")"
}

// Labels joins the labels of as.
func Labels(as []facts.AcceptedSuite) string {
	var out []string
	for _, a := range as {
		out = append(out, Label(a))
	}
	return strings.Join(out, ", ")
}

// legacyVersions are the versions whose suites a cipher list configures
// (TLS 1.3 suites are set apart: ssl_conf_command Ciphersuites), newest first.
var legacyVersions = []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS11, facts.VersionTLS10, facts.VersionSSL30}

// Keep is the list a fix should set: the suites the server already accepts
// on TLS 1.2 and older, in its order, without the weak ones (cipher.weak),
// those without forward secrecy and those drop rejects. It is empty when
// nothing would be left; the fix then sets Recommended.
func Keep(s *facts.Scan, drop func(suites.Suite) bool) []suites.Suite {
	var out []suites.Suite
	seen := map[uint16]bool{}
	for _, v := range legacyVersions {
		for _, a := range s.SuitesFor(v) {
			st, ok := suites.ByID(a.ID)
			if !ok || seen[a.ID] || st.OpenSSL == "" || !st.ForwardSecrecy || st.Anonymous || (drop != nil && drop(st)) {
				continue
			}
			if weak, _ := st.Weak(); weak {
				continue
			}
			seen[a.ID] = true
			out = append(out, st)
		}
	}
	return out
}

// Recommended is the suite list of Mozilla's "intermediate" configuration
// for TLS 1.2 without DHE: ECDHE with AES-GCM or ChaCha20-Poly1305, which
// every client of the last ten years has.
var Recommended = []string{
	"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
	"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
	"ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
}

func recommendedSuites() []suites.Suite {
	var out []suites.Suite
	for _, n := range Recommended {
		if s, ok := suites.ByOpenSSLName(n); ok {
			out = append(out, s)
		}
	}
	return out
}

// OpenSSLString is the OpenSSL cipher string of keep (Recommended when empty).
func OpenSSLString(keep []suites.Suite) string {
	if len(keep) == 0 {
		return strings.Join(Recommended, ":")
	}
	var names []string
	for _, s := range keep {
		names = append(names, s.OpenSSL)
	}
	return strings.Join(names, ":")
}

// GoNames is the NATS cipher_suites list of keep: crypto/tls names of the
// suites Go implements (Recommended's when none of keep is).
func GoNames(keep []suites.Suite) string {
	var names []string
	for _, s := range keep {
		if n := s.GoName(); n != "" {
			names = append(names, strconv.Quote(n))
		}
	}
	if len(names) == 0 {
		for _, s := range recommendedSuites() {
			if n := s.GoName(); n != "" {
				names = append(names, strconv.Quote(n))
			}
		}
	}
	return strings.Join(names, ", ")
}

// maxKeep is the longest list a fix spells out; beyond it the fix keeps
// the AEAD suites of the list (when there are at least two), which every
// client of the last ten years has.
const maxKeep = 10

// CiphersFix is the setting that makes the server accept only keep on
// TLS 1.2 and older, for sw.
func CiphersFix(sw Software, keep []suites.Suite) string {
	if len(keep) > maxKeep {
		var aead []suites.Suite
		for _, s := range keep {
			if s.AEAD {
				aead = append(aead, s)
			}
		}
		if len(aead) >= 2 {
			keep = aead
		}
	}
	list := OpenSSLString(keep)
	switch sw {
	case Mosquitto:
		return fmt.Sprintf("mosquitto.conf, under the TLS listener: `ciphers %s` (EMQX: the same names in `ssl_options.ciphers`), then restart the broker", list)
	case NATS:
		return fmt.Sprintf("nats-server.conf, in the tls block: `cipher_suites: [%s]`, then reload (`nats-server --signal reload`)", GoNames(keep))
	case Crossbar:
		return fmt.Sprintf("Crossbar.io: `\"ciphers\": \"%s\"` in the transport endpoint's \"tls\", then restart the router (nginx in front of it: the same string in `ssl_ciphers`)", list)
	}
	return fmt.Sprintf("nginx: `ssl_ciphers %s;` and `ssl_prefer_server_ciphers on;` in the server block, then `nginx -s reload` "+
		"(Crossbar.io: the same OpenSSL cipher string as `\"ciphers\"` in the endpoint's \"tls\"; other OpenSSL servers: the same string, e.g. `-cipher`)", list)
}

// ProtocolsFix is the setting that makes the server accept TLS 1.2 and 1.3
// only, for sw.
func ProtocolsFix(sw Software) string {
	switch sw {
	case Mosquitto:
		return "mosquitto.conf, under the TLS listener: `tls_version tlsv1.2` (mosquitto 2.0 then accepts TLS 1.2 and 1.3; EMQX: `ssl_options.versions = [\"tlsv1.3\", \"tlsv1.2\"]`), then restart the broker"
	case NATS:
		return "nats-server (Go crypto/tls) accepts TLS 1.2 and 1.3 only by itself: the older versions come from a TLS-terminating proxy in front of it; set that proxy to TLS 1.2 and 1.3 (nginx stream: `ssl_protocols TLSv1.2 TLSv1.3;`) or remove it"
	case Crossbar:
		return "Crossbar.io's endpoint \"tls\" has no protocol option (it sets TLS 1.1 as its own minimum): set `MinProtocol = TLSv1.2` in the system_default section of that openssl.cnf and restart the router, or terminate TLS in nginx with `ssl_protocols TLSv1.2 TLSv1.3;`"
	}
	return "nginx: `ssl_protocols TLSv1.2 TLSv1.3;` in the server block (OpenSSL 1.1.1 or later for TLS 1.3), then `nginx -s reload` (OpenSSL servers: `-no_ssl3 -no_tls1 -no_tls1_1`, or MinProtocol = TLSv1.2 in openssl.cnf)"
}

// DHParamCommand makes a 2048-bit RFC 7919 group (ffdhe2048) in
// dhparam.pem; it runs in a moment, unlike `openssl dhparam 2048`.
const DHParamCommand = "openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out dhparam.pem"

// DHFix replaces a weak DHE group for sw: the command that makes a 2048-bit
// group, and the setting that loads it.
func DHFix(sw Software) string {
	switch sw {
	case Mosquitto:
		return "`" + DHParamCommand + "`, move dhparam.pem to /etc/mosquitto/ and set \"dhparamfile /etc/mosquitto/dhparam.pem\" under the TLS listener in mosquitto.conf (EMQX: ssl_options.dhfile), or drop DHE suites with \"ciphers " + OpenSSLString(nil) + "\""
	case NATS:
		return "nats-server (Go crypto/tls) has no DHE suites: the group comes from a TLS-terminating proxy in front of it. There: `" + DHParamCommand + "` and load dhparam.pem (nginx: \"ssl_dhparam /etc/nginx/dhparam.pem;\"), or drop DHE suites"
	case Crossbar:
		return "`" + DHParamCommand + "`, then set \"dhparam\": \"dhparam.pem\" in the Crossbar.io endpoint's \"tls\" (a path relative to the node directory) and restart the router, or drop DHE suites with \"ciphers\": \"" + OpenSSLString(nil) + "\""
	}
	return "`" + DHParamCommand + "`, move dhparam.pem to /etc/nginx/ and set \"ssl_dhparam /etc/nginx/dhparam.pem;\" in nginx (Crossbar.io: \"dhparam\": \"dhparam.pem\" in the endpoint's \"tls\"), or drop DHE suites: \"ssl_ciphers " + OpenSSLString(nil) + ";\""
}

// maxEvidence bounds one evidence value: a Heartbleed leak can be 64 KiB.
const maxEvidence = 256

// Evidence turns a vulnerability test's typed evidence into labelled
// strings, each cut to maxEvidence characters.
func Evidence(in map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		var s string
		switch x := v.(type) {
		case []byte:
			s = fmt.Sprintf("%x", x)
			if len(s) > maxEvidence {
				s = fmt.Sprintf("%s... (%d bytes)", s[:maxEvidence], len(x))
			}
		case []string:
			s = strings.Join(x, ", ")
		case string, bool, int, int64, uint16, uint32, float64, fmt.Stringer:
			s = fmt.Sprint(x)
		default:
			// Lists and records (the suites per version) as JSON, which
			// keeps their field names.
			if b, err := json.Marshal(x); err == nil {
				s = string(b)
			} else {
				s = fmt.Sprint(x)
			}
		}
		if len(s) > maxEvidence+32 {
			s = s[:maxEvidence] + "..."
		}
		out[k] = s
	}
	return out
}
