package load

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

const (
	// aiaMaxSize caps one caIssuers response; an issuer certificate (or a
	// PKCS#7 bundle of a few) is a few kilobytes.
	aiaMaxSize = 1 << 20
	// aiaMaxRounds bounds how many levels of missing issuers are fetched
	// (leaf -> intermediate -> cross-signed intermediate -> ...).
	aiaMaxRounds = 4
)

// fetchAIA completes paths that stop at a missing issuer by fetching it from
// the caIssuers URL, adding what it finds to f.Certs with RoleAIA, then
// invalidating the memoised chains. Chains still missing their issuer
// afterwards have Missing.Fetched set. moreRoots, when not nil, is called
// after each round that fetched something, before the chains are rebuilt
// (Load adds the system store's roots that issued the fetched certificates).
// When ctx ends, fetching stops (the caller reports ctx's error).
func fetchAIA(ctx context.Context, f *facts.Facts, timeout time.Duration, moreRoots func()) {
	client := &http.Client{Timeout: timeout}
	have := map[string]bool{}
	for _, c := range f.Certs {
		have[string(c.Raw)] = true
	}
	tried := map[string]bool{}
	for round := 0; round < aiaMaxRounds && ctx.Err() == nil; round++ {
		added := false
		for _, ch := range paths.Chains(f) {
			if ch.Status != facts.ChainMissingIssuer || ch.Missing == nil {
				continue
			}
			for _, u := range ch.Missing.AIA {
				if tried[u] {
					continue
				}
				tried[u] = true
				ders, err := fetchIssuers(ctx, client, u)
				if err != nil {
					continue
				}
				n := 0
				for _, der := range ders {
					x, err := x509.ParseCertificate(der)
					if err != nil || have[string(der)] || !(x.IsCA || x.Version < 3) {
						continue
					}
					have[string(der)] = true
					f.Certs = append(f.Certs, &facts.Cert{Raw: der, X509: x, Source: facts.Source{File: u, Index: n, Role: facts.RoleAIA}})
					n++
				}
				if n == 0 {
					continue
				}
				added = true
				break // one issuer per chain and round; the next round goes on from it
			}
		}
		if !added {
			break
		}
		if moreRoots != nil {
			moreRoots() // the store's roots that issued what was fetched
		}
		f.Invalidate()
	}
	for _, ch := range paths.Chains(f) {
		if ch.Status != facts.ChainMissingIssuer || ch.Missing == nil {
			continue
		}
		for _, u := range ch.Missing.AIA {
			if tried[u] {
				ch.Missing.Fetched = true
			}
		}
	}
}

// fetchIssuers GETs one caIssuers URL and returns the certificates in the
// response: DER (RFC 5280 4.2.2.1 "application/pkix-cert"), a PKCS#7
// certs-only bundle ("application/pkcs7-mime"), or PEM, which some CAs serve.
func fetchIssuers(ctx context.Context, client *http.Client, rawURL string) ([][]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("unsupported URL scheme %q", u.Scheme)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, aiaMaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > aiaMaxSize {
		return nil, fmt.Errorf("response larger than %d bytes", aiaMaxSize)
	}
	return issuerCerts(data)
}

func issuerCerts(data []byte) ([][]byte, error) {
	if bytes.Contains(data, []byte("-----BEGIN")) {
		var out [][]byte
		rest := data
		for {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				break
			}
			switch block.Type {
			case "CERTIFICATE", "X509 CERTIFICATE":
				out = append(out, block.Bytes)
			case "PKCS7", "CMS":
				certs, _, err := parsePKCS7(block.Bytes)
				if err == nil {
					out = append(out, certs...)
				}
			}
		}
		if len(out) == 0 {
			return nil, errors.New("no certificate in the PEM response")
		}
		return out, nil
	}
	if _, err := x509.ParseCertificate(data); err == nil {
		return [][]byte{data}, nil
	}
	certs, _, err := parsePKCS7(data)
	if err != nil {
		return nil, fmt.Errorf("neither a DER certificate nor PKCS#7: %v", err)
	}
	if len(certs) == 0 {
		return nil, errors.New("PKCS#7 response holds no certificate")
	}
	return certs, nil
}
