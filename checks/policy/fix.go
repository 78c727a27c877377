package policy

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// server is the software whose settings a fix names, guessed from the
// target's scheme and port as the proto checks do.
type server int

const (
	nginx server = iota // https://, wss:// and anything unrecognised
	mosquitto
	nats
)

func serverKind(f *facts.Facts) server {
	c := f.Connection
	if c == nil {
		return nginx
	}
	switch {
	case c.Scheme == facts.SchemeMQTTS || c.Scheme == facts.SchemeMQTT || c.Port == 8883:
		return mosquitto
	case c.Scheme == facts.SchemeNATS || c.Port == 4222:
		return nats
	}
	return nginx
}

// nginxProtocols spells the versions as ssl_protocols takes them.
func nginxProtocols(p *Profile) string {
	names := map[facts.TLSVersion]string{facts.VersionTLS10: "TLSv1", facts.VersionTLS11: "TLSv1.1",
		facts.VersionTLS12: "TLSv1.2", facts.VersionTLS13: "TLSv1.3"}
	var out []string
	for _, v := range p.Versions {
		out = append(out, names[v])
	}
	return strings.Join(out, " ")
}

// mosquittoMin is mosquitto's tls_version: the lowest version allowed.
func mosquittoMin(p *Profile) string {
	switch p.Versions[0] {
	case facts.VersionTLS13:
		return "tlsv1.3"
	case facts.VersionTLS12:
		return "tlsv1.2"
	case facts.VersionTLS11:
		return "tlsv1.1"
	}
	return "tlsv1"
}

// goSuites are the policy's TLS 1.2 suites crypto/tls implements, by Go
// name, for NATS cipher_suites (Go has no DHE suites).
func goSuites(p *Profile) []string {
	var out []string
	for _, s := range suiteIDs(p.Ciphers) {
		if n := s.GoName(); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// goCurves are the policy's groups by crypto/tls CurveID name.
func goCurves(p *Profile) []string {
	var out []string
	for _, want := range p.Groups {
		for _, g := range suites.Groups() {
			if g.Name == want && g.GoName != "" {
				out = append(out, g.GoName)
			}
		}
	}
	return out
}

func openSSLGroups(p *Profile) string {
	var out []string
	for _, want := range p.Groups {
		for _, g := range suites.Groups() {
			if g.Name == want {
				out = append(out, g.OpenSSL)
			}
		}
	}
	return strings.Join(out, ":")
}

// fixFor is the configuration that removes a deviation of kind k on the
// server, in Mozilla's own terms (ssl-config.mozilla.org).
func fixFor(k Kind, p *Profile, srv server) string {
	ciphers := strings.Join(p.Ciphers, ":")
	tls13 := strings.Join(p.TLS13, ":")
	switch k {
	case ExtraVersions, MissingVersions:
		switch srv {
		case mosquitto:
			return fmt.Sprintf("mosquitto.conf, in the TLS listener: `tls_version %s` (the lowest version accepted), then restart the broker", mosquittoMin(p))
		case nats:
			if p.Versions[0] < facts.VersionTLS12 {
				return "nats-server (Go crypto/tls) accepts TLS 1.2 and 1.3 only: serve clients that need TLS 1.0/1.1 through a TLS terminator, or judge with --policy mozilla-intermediate"
			}
			if p.Versions[0] == facts.VersionTLS13 {
				return "nats-server.conf: `tls { min_version: \"1.3\" }`, then reload"
			}
			return "nats-server.conf: `tls { min_version: \"1.2\" }`, then reload"
		}
		return fmt.Sprintf("nginx, in the server block: `ssl_protocols %s;`, then `nginx -s reload`", nginxProtocols(p))
	case ExtraSuites, MissingSuites:
		switch srv {
		case mosquitto:
			if ciphers == "" {
				return fmt.Sprintf("mosquitto.conf, in the TLS listener: `tls_version tlsv1.3` and `ciphers_tls1.3 %s`, then restart the broker", tls13)
			}
			return fmt.Sprintf("mosquitto.conf, in the TLS listener: `ciphers %s` and `ciphers_tls1.3 %s`, then restart the broker", ciphers, tls13)
		case nats:
			if len(p.Ciphers) == 0 {
				return "nats-server.conf: `tls { min_version: \"1.3\" }` (TLS 1.3 suites are not configurable in Go; its defaults are the policy's)"
			}
			return fmt.Sprintf("nats-server.conf: `tls { cipher_suites: [%s] }` (Go names; Go has no DHE suites and chooses TLS 1.3 suites itself), then reload",
				strings.Join(goSuites(p), ", "))
		}
		if ciphers == "" {
			return fmt.Sprintf("nginx: `ssl_protocols TLSv1.3;` (TLS 1.3 only: no TLS 1.2 suites), `ssl_conf_command Ciphersuites %s;` and `ssl_prefer_server_ciphers off;`, then `nginx -s reload`", tls13)
		}
		return fmt.Sprintf("nginx: `ssl_ciphers %s;` and `ssl_prefer_server_ciphers %s;`, then `nginx -s reload`", ciphers, onOff(p.ServerPreferredOrder))
	case SuiteOrder:
		switch srv {
		case mosquitto:
			return fmt.Sprintf("mosquitto.conf: `ciphers %s` (OpenSSL's server preference follows the listed order), then restart the broker", ciphers)
		case nats:
			return "nats-server (Go crypto/tls) chooses the order itself: no setting changes it"
		}
		return fmt.Sprintf("nginx: `ssl_prefer_server_ciphers %s;`%s, then `nginx -s reload`", onOff(p.ServerPreferredOrder), orderedList(p))
	case Groups:
		switch srv {
		case mosquitto:
			return fmt.Sprintf("mosquitto has no curve setting: set `Groups = %s` in the system_default section of the OpenSSL configuration mosquitto loads", openSSLGroups(p))
		case nats:
			return fmt.Sprintf("nats-server.conf: `tls { curve_preferences: [%s] }`, then reload", strings.Join(goCurves(p), ", "))
		}
		return fmt.Sprintf("nginx: `ssl_ecdh_curve %s;`, then `nginx -s reload`", openSSLGroups(p))
	case DHSize:
		cmd := fmt.Sprintf("`openssl dhparam -out /etc/ssl/dhparam.pem %d` (or the RFC 7919 ffdhe2048 group Mozilla publishes at https://ssl-config.mozilla.org/ffdhe2048.txt)", max(p.DHMinBits, 2048))
		if srv == mosquitto {
			return "create the group with " + cmd + ", then mosquitto.conf: `dhparamfile /etc/ssl/dhparam.pem` and restart the broker"
		}
		return "create the group with " + cmd + ", then nginx: `ssl_dhparam /etc/ssl/dhparam.pem;` and `nginx -s reload`"
	case CertificateKey, CertLifetime:
		key := "`openssl ecparam -genkey -name prime256v1 -out server.key` (ECDSA P-256)"
		if !containsString(p.CertTypes, "ECDSA") {
			key = fmt.Sprintf("`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:%d -out server.key`", p.RSAMinBits)
		}
		life := fmt.Sprintf(" with a lifetime of at most %d days (ACME CAs such as Let's Encrypt issue 90-day certificates; renew automatically)", p.MaxCertDays)
		if k == CertLifetime {
			return "renew the certificate" + life
		}
		where := "nginx `ssl_certificate`/`ssl_certificate_key`"
		switch srv {
		case mosquitto:
			where = "mosquitto `certfile`/`keyfile`"
		case nats:
			where = "nats-server `tls { cert_file, key_file }`"
		}
		return "generate a new key with " + key + ", have the CA sign it (SHA-256)" + life + ", and point " + where + " at the new files"
	case HSTS:
		return fmt.Sprintf("nginx: `add_header Strict-Transport-Security \"max-age=%d\" always;` in the server block (or the same header from the application), then `nginx -s reload`", p.HSTSMinAge)
	case OCSPStapling:
		switch srv {
		case mosquitto:
			return "mosquitto cannot staple OCSP responses: terminate TLS in front of it (nginx stream with `ssl_stapling on;`) or accept this deviation"
		case nats:
			return "nats-server.conf: `ocsp { mode: always }`, then restart"
		}
		return "nginx: `ssl_stapling on;` and `ssl_stapling_verify on;` with `ssl_trusted_certificate` naming the issuing chain and a `resolver`, then `nginx -s reload`"
	}
	return ""
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func orderedList(p *Profile) string {
	if !p.ServerPreferredOrder || len(p.Ciphers) == 0 {
		return ""
	}
	return " with `ssl_ciphers " + strings.Join(p.Ciphers, ":") + ";` in this order"
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
