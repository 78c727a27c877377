package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// KeyPassphrase is config.key-passphrase.
var KeyPassphrase = &checks.Check{
	ID:       "config.key-passphrase",
	Title:    "the key is passphrase-protected and the configuration gives no passphrase",
	Severity: checks.Error,
	Refs:     []string{"nginx ssl_password_file", "EMQX ssl_options.password", ref},
	Doc: "The private key the listener names is encrypted, and the configuration gives the server no " +
		"way to decrypt it (nginx ssl_password_file, EMQX ssl_options.password). A server started by a " +
		"service manager cannot ask for the passphrase: it fails to start (mosquitto, NATS, Crossbar.io " +
		"cannot take one at all).",
	Fix:     "Decrypt the key (openssl pkey -in key.pem -out key.pem, then chmod 600) or give the passphrase directive.",
	Applies: []*checks.Scope{Listener},
	Run:     keyPassphrase,
}

func init() { checks.Register(KeyPassphrase) }

func keyPassphrase(p *checks.Pass) {
	c := p.Facts.Config
	if c.KeyPassword != nil {
		return
	}
	for _, k := range p.Facts.Keys {
		if !k.Encrypted {
			continue
		}
		s := keySetting(c, k.Source.File)
		alt := ""
		switch c.Type {
		case facts.ServerNginx:
			alt = "; or add `ssl_password_file /etc/nginx/ssl.pass;`"
		case facts.ServerEMQX:
			alt = "; or set ssl_options.password"
		}
		p.Report(checks.Finding{Subject: k.Source.File,
			Message:  fmt.Sprintf("%s names %s, an encrypted key (%s), and the configuration gives no passphrase: the server cannot load it unattended", at(s), k.Source.File, k.EncryptionFormat),
			Evidence: evidence(s, "path", k.Source.File, "encryption", k.EncryptionFormat),
			Fix:      fmt.Sprintf("openssl pkey -in %s -out %s.plain && mv %s.plain %s && chmod 600 %s%s", k.Source.File, k.Source.File, k.Source.File, k.Source.File, k.Source.File, alt)})
	}
}

func keySetting(c *facts.ServerConfig, file string) *facts.ConfigSetting {
	for _, f := range c.Files {
		if f.Path == file && f.Role == facts.ConfigKey {
			s := f.Setting
			return &s
		}
	}
	return &facts.ConfigSetting{Directive: "key", Value: file, Where: c.Where}
}
