package engine

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/serverconf"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// cipherResolver turns cipher settings into the suites a server offers:
// OpenSSL strings through the local `openssl ciphers -V -s` (the library
// the server links, with its security level), NATS's Go names through
// internal/suites. It remembers what openssl said, so 200 listeners with
// one cipher string run openssl once.
type cipherResolver struct {
	mu      sync.Mutex
	openssl string // path, "" when absent
	version string
	cache   map[string]opensslAnswer
}

type opensslAnswer struct {
	suites []uint16
	ok     bool
}

// opensslTimeout bounds one openssl run.
const opensslTimeout = 5 * time.Second

func newCipherResolver() *cipherResolver {
	r := &cipherResolver{cache: map[string]opensslAnswer{}}
	if p, err := exec.LookPath("openssl"); err == nil {
		r.openssl = p
		ctx, cancel := context.WithTimeout(context.Background(), opensslTimeout)
		defer cancel()
		if out, err := exec.CommandContext(ctx, p, "version").Output(); err == nil {
			r.version = strings.TrimSpace(string(out))
		}
	}
	return r
}

// resolve resolves l's cipher settings; nil when it sets none.
func (r *cipherResolver) resolve(ctx context.Context, typ serverconf.ServerType, l *serverconf.Listener) *facts.ResolvedCiphers {
	if l.Ciphers == nil && l.Ciphersuites == nil {
		return nil
	}
	if typ == serverconf.NATS {
		return goNames(l.Ciphers)
	}
	res := &facts.ResolvedCiphers{}
	if r.openssl == "" {
		res.NotChecked = "openssl is not installed here, so the cipher string was not resolved to suites"
		return res
	}
	res.By = "openssl ciphers -V -s (" + r.version + ")"
	cipherStr, suitesStr := "", ""
	if l.Ciphers != nil {
		cipherStr = l.Ciphers.Value
		res.Unknown = r.unknownNames(ctx, splitCipherList(cipherStr), false)
	}
	if l.Ciphersuites != nil {
		suitesStr = l.Ciphersuites.Value
		res.Unknown = append(res.Unknown, r.unknownNames(ctx, splitCipherList(suitesStr), true)...)
	}
	args := []string{"ciphers", "-V", "-s"}
	if suitesStr != "" {
		args = append(args, "-ciphersuites", suitesStr)
	}
	if cipherStr != "" {
		args = append(args, cipherStr)
	}
	ans := r.run(ctx, args)
	if !ans.ok {
		res.FailsToStart = true // "no cipher match": the server refuses the string
		return res
	}
	res.Suites = ans.suites
	return res
}

// unknownNames are the elements of a cipher list that OpenSSL does not
// know (it skips them silently when others match).
func (r *cipherResolver) unknownNames(ctx context.Context, elems []string, tls13 bool) []string {
	var unknown []string
	for _, e := range elems {
		name := strings.TrimLeft(e, "!-+")
		if name == "" || strings.HasPrefix(name, "@") {
			continue
		}
		if _, ok := suites.ByOpenSSLName(name); ok {
			continue
		}
		args := []string{"ciphers", "-V", name}
		if tls13 {
			args = []string{"ciphers", "-V", "-ciphersuites", name, "eNULL:!eNULL"}
		}
		ans := r.run(ctx, args)
		if !ans.ok || (tls13 && len(ans.suites) == 0) {
			unknown = append(unknown, name)
		}
	}
	return unknown
}

// run runs openssl once per argument list.
func (r *cipherResolver) run(ctx context.Context, args []string) opensslAnswer {
	key := strings.Join(args, "\x00")
	r.mu.Lock()
	if a, ok := r.cache[key]; ok {
		r.mu.Unlock()
		return a
	}
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, opensslTimeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, r.openssl, args...)
	cmd.Stdout = &out
	a := opensslAnswer{}
	if err := cmd.Run(); err == nil {
		a.ok = true
		a.suites = parseOpenSSLCiphers(out.String())
	}
	r.mu.Lock()
	r.cache[key] = a
	r.mu.Unlock()
	return a
}

// parseOpenSSLCiphers reads `openssl ciphers -V` lines:
// "0xC0,0x2F - ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH ...".
func parseOpenSSLCiphers(out string) []uint16 {
	var ids []uint16
	for _, line := range strings.Split(out, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		hi, lo, ok := strings.Cut(fields[0], ",")
		if !ok {
			continue
		}
		h, err1 := strconv.ParseUint(strings.TrimPrefix(hi, "0x"), 16, 8)
		l, err2 := strconv.ParseUint(strings.TrimPrefix(lo, "0x"), 16, 8)
		if err1 == nil && err2 == nil {
			ids = append(ids, uint16(h<<8|l))
		}
	}
	return ids
}

// splitCipherList splits an OpenSSL cipher string at its separators
// (colon, comma, space).
func splitCipherList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == ',' || r == ' ' })
}

// goNames resolves NATS cipher_suites (Go's crypto/tls names).
func goNames(s *serverconf.Setting) *facts.ResolvedCiphers {
	res := &facts.ResolvedCiphers{By: "Go crypto/tls names (internal/suites)"}
	if s == nil {
		return res
	}
	names := s.Args
	if len(names) == 0 {
		names = strings.FieldsFunc(s.Value, func(r rune) bool { return r == ':' || r == ',' || r == ' ' })
	}
	byGo := map[string]uint16{}
	for _, st := range suites.All() {
		if g := st.GoName(); g != "" {
			byGo[g] = st.ID
		}
	}
	for _, n := range names {
		if id, ok := byGo[strings.TrimSpace(n)]; ok {
			res.Suites = append(res.Suites, id)
		} else {
			res.Unknown = append(res.Unknown, n)
			res.FailsToStart = true
		}
	}
	return res
}
