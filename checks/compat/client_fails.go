package compat

import (
	"fmt"
	"strconv"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ClientFails is compat.client-fails: a simulated client cannot connect.
var ClientFails = &checks.Check{
	ID:       checks.IDCompatClientFails,
	Title:    "a simulated client cannot connect",
	Severity: checks.Warning,
	Refs:     []string{"SSL Labs handshake simulation", "Mozilla Server Side TLS (client compatibility)", "RFC 8446 4.1.1", "RFC 5246 7.4.1.4.1"},
	Doc: "The scan replays the ClientHellos of real clients (browsers, Java, OpenSSL, Python, Go, " +
		"Android, Windows, and the mbedTLS, wolfSSL and ESP-IDF stacks of MQTT and NATS devices) " +
		"against what the server accepts, and reports each client that cannot connect with the " +
		"reason: no common version, suite, group or signature algorithm, or a certificate or DH " +
		"group the client refuses. A current client that fails is a warning (real users will " +
		"fail); a client past its vendor's support is info: often the right answer is to let it " +
		"fail rather than weaken the server.",
	Fix:     "Follow the finding's fix: it names the server setting that lets that client in (the protocol list, the cipher list, the groups, a second certificate), or says why not to.",
	Applies: []*checks.Scope{checks.ScanResults},
	Run:     clientFails,
}

// onlyLeafWithoutSAN is the one served leaf with neither a DNS nor an IP
// subjectAltName, or nil when there is none or more than one.
func onlyLeafWithoutSAN(f *facts.Facts) *facts.Cert {
	var found *facts.Cert
	for _, c := range f.Certs {
		if c.Source.Role != facts.RoleServed || c.Source.Index != 0 || c.X509 == nil {
			continue
		}
		if len(c.X509.DNSNames) > 0 || len(c.X509.IPAddresses) > 0 {
			continue
		}
		if found != nil && found.Fingerprint() != c.Fingerprint() {
			return nil
		}
		found = c
	}
	return found
}

func init() { checks.Register(ClientFails) }

func clientFails(p *checks.Pass) {
	f := p.Facts
	if len(f.Scan.Clients) == 0 {
		p.NotChecked("simulated clients", scanrule.UntestedReason(f.Scan, "the scan simulated no client", "clients", "client simulation"))
		return
	}
	sw := scanrule.Of(f)
	for _, c := range f.Scan.Clients {
		if c.Connects {
			continue
		}
		sev := checks.Warning
		age := "a current client"
		if c.Old {
			sev, age = checks.Info, "a client past its vendor's support"
		}
		msg := fmt.Sprintf("%s cannot connect: %s", c.Name, reasonWords(c.Reason))
		if c.Detail != "" {
			msg += " (" + c.Detail + ")"
		}
		msg += fmt.Sprintf("; expected %s to connect", age)
		ev := map[string]string{"client": c.Name, checks.EvidenceReason: string(c.Reason), "old": strconv.FormatBool(c.Old)}
		if c.Detail != "" {
			ev["detail"] = c.Detail
		}
		if c.Reason == facts.ClientCertNoSAN {
			// The leaf it refuses, when only one served leaf lacks a SAN:
			// the finding then shows under that certificate's cert.cn-only,
			// whose fix (a SAN) lets this client connect too.
			if leaf := onlyLeafWithoutSAN(f); leaf != nil {
				ev[checks.EvidenceSHA256] = leaf.Fingerprint()
			}
		}
		p.Report(checks.Finding{Severity: sev, Subject: c.Name, Message: msg, Evidence: ev, Fix: fix(f, sw, c)})
	}
}

// reasonWords says a typed failure in words.
func reasonWords(r facts.ClientFailure) string {
	switch r {
	case facts.ClientNoVersion:
		return "it has no protocol version in common with the server"
	case facts.ClientNoSuite:
		return "it has no cipher suite in common with the server"
	case facts.ClientNoGroup:
		return "it has no key exchange group (curve) in common with the server"
	case facts.ClientNoSigAlg:
		return "it accepts none of the signature algorithms the server's certificate and key can give"
	case facts.ClientCertKeyType:
		return "it does not accept the type of the server certificate's key"
	case facts.ClientCertSHA1:
		return "it refuses the server certificate's SHA-1 signature"
	case facts.ClientCertNoSAN:
		return "it refuses a server certificate without subjectAltName"
	case facts.ClientCertKeySize:
		return "it refuses the size of the server certificate's key"
	case facts.ClientDHTooSmall:
		return "it refuses the server's DHE group as too small"
	case facts.ClientDHTooLarge:
		return "the server's DHE group is larger than it can handle"
	case facts.ClientCertValidity:
		return "it refuses the server certificate's validity period"
	case facts.ClientOK:
		return "the simulation gave no reason"
	}
	return "the handshake fails (" + string(r) + ")"
}

// fix is the server setting that lets client c in, for sw.
func fix(f *facts.Facts, sw scanrule.Software, c facts.ClientResult) string {
	host := "server.example.com"
	if f.Connection != nil && f.Connection.SNI != "" {
		host = f.Connection.SNI
	} else if f.Connection != nil && f.Connection.Host != "" {
		host = f.Connection.Host
	}
	reissue := func(what, req string) string {
		return fmt.Sprintf("%s: `%s`, have the CA sign server.csr, and serve the new certificate", what, req)
	}
	newKey := "openssl req -new -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj \"/CN=" + host + "\" -addext \"subjectAltName=DNS:" + host + "\""
	switch c.Reason {
	case facts.ClientNoVersion:
		if c.Old {
			return "upgrade " + c.Name + " to a release with TLS 1.2; re-enabling the old version it needs would bring proto.tls10/proto.tls11 back for every client (if you must: " + scanrule.ProtocolsFix(sw) + ", with that version added)"
		}
		return scanrule.ProtocolsFix(sw)
	case facts.ClientNoSuite, facts.ClientDHTooLarge:
		return scanrule.CiphersFix(sw, nil)
	case facts.ClientNoGroup:
		switch sw {
		case scanrule.Mosquitto:
			return "mosquitto has no groups setting: in the OpenSSL configuration it loads (OPENSSL_CONF), set `Groups = X25519:P-256:P-384` in the system_default section, then restart the broker"
		case scanrule.NATS:
			return "nats-server.conf, in the tls block: `curve_preferences: [\"X25519\", \"CurveP256\", \"CurveP384\"]`, then reload"
		}
		return "nginx: `ssl_ecdh_curve X25519:prime256v1:secp384r1;` in the server block, then `nginx -s reload` (OpenSSL servers: -groups X25519:P-256:P-384)"
	case facts.ClientNoSigAlg, facts.ClientCertKeyType:
		second := "add an RSA certificate beside the current one (nginx takes several: a second `ssl_certificate server-rsa.pem;` and `ssl_certificate_key server-rsa.key;`)"
		if sw == scanrule.Mosquitto || sw == scanrule.NATS {
			second = "serve an RSA certificate (one certificate per listener: a second listener on another port keeps the current one)"
		}
		return reissue(second+"; make its key and request with", newKey)
	case facts.ClientCertSHA1:
		return reissue("request a certificate signed with SHA-256", "openssl req -new -sha256 -key server.key -out server.csr -subj \"/CN="+host+"\" -addext \"subjectAltName=DNS:"+host+"\"")
	case facts.ClientCertNoSAN:
		return reissue("request a certificate with a subjectAltName", "openssl req -new -key server.key -out server.csr -subj \"/CN="+host+"\" -addext \"subjectAltName=DNS:"+host+"\"")
	case facts.ClientCertKeySize:
		return reissue("request a certificate with a 2048-bit RSA key", newKey)
	case facts.ClientDHTooSmall:
		return scanrule.DHFix(sw)
	case facts.ClientCertValidity:
		return "request a certificate valid for at most 397 days (own CA: `openssl x509 -req -days 397 -in server.csr -CA ca.pem -CAkey ca.key -out server.pem`) and serve it"
	}
	return scanrule.CiphersFix(sw, nil) + "; and " + scanrule.ProtocolsFix(sw)
}
