package config

import (
	"bytes"
	"crypto/x509"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// configuredChains are the chains the configuration says the listener
// serves: per certificate file (nginx allows an RSA and an ECDSA one), its
// certificates, then those of the chain files.
func configuredChains(f *facts.Facts) (chains [][]*facts.Cert) {
	byFile := map[string][]*facts.Cert{}
	var order []string
	var chainFiles []*facts.Cert
	for _, c := range f.Certs {
		switch c.Source.Role {
		case facts.RoleCert, facts.RoleFullchain:
			if _, ok := byFile[c.Source.File]; !ok {
				order = append(order, c.Source.File)
			}
			byFile[c.Source.File] = append(byFile[c.Source.File], c)
		case facts.RoleChain:
			chainFiles = append(chainFiles, c)
		}
	}
	for _, file := range order {
		chains = append(chains, append(append([]*facts.Cert(nil), byFile[file]...), chainFiles...))
	}
	return chains
}

// servedChain parses what the probe saw.
func servedChain(s *facts.ConfigServed) []*x509.Certificate {
	var out []*x509.Certificate
	for _, der := range s.Chain {
		if c, err := x509.ParseCertificate(der); err == nil {
			out = append(out, c)
		}
	}
	return out
}

func sameDER(a, b []byte) bool { return bytes.Equal(a, b) }
