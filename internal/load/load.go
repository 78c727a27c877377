// Package load reads certificate, key, chain, CA, CSR, DH parameter and CRL
// files (PEM, DER, PKCS#7, PKCS#12, any mix) into facts.Facts. It is, with
// internal/probe, the only code that touches files and the network.
package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Config says what to load and how.
type Config struct {
	Paths []string // positional files or directories; "-" is standard input
	Cert  []string // --cert
	Key   []string // --key
	Chain []string // --chain
	// Untrusted are candidate intermediates in no particular order
	// (--untrusted, like openssl verify -untrusted): RolePool.
	Untrusted []string
	CA        []string // --ca; when empty the system roots (or the embedded Mozilla bundle) are used
	ClientCA  []string // --client-ca
	// Password opens PKCS#12 bundles (and encrypted keys, to report their
	// type). Never logged, never stored in Facts.
	Password string
	// Stdin is read for "-". It is the caller's: when ctx ends during a
	// blocked read, LoadInputs returns at once but cannot close it, so the
	// read goes on in the background until Stdin yields data or an error
	// (for os.Stdin, at the latest when the process exits).
	Stdin io.Reader
	// NoSystemRoots skips the system store and bundle (x509-limbo, tests).
	NoSystemRoots bool
	FetchAIA      bool
	AIATimeout    time.Duration // default 5s
	// MaxFileSize bounds what is read of one file (default 16 MiB); larger
	// files are reported as a problem, not read into memory.
	MaxFileSize int64
	// StallTimeout bounds how long a FIFO or device may wait for a writer
	// or go without data (default DefaultStallTimeout); then it is
	// reported as a problem (facts.FileStalled), not waited for.
	StallTimeout time.Duration
	Now          time.Time
	Options      facts.Options
}

// Input is one in-memory input, for callers that have bytes rather than
// paths (the x509-limbo harness, tests).
type Input struct {
	Name string
	Role facts.Role
	Data []byte
}

// DefaultMaxFileSize is the largest file read when Config.MaxFileSize is 0.
const DefaultMaxFileSize = 16 << 20

// sniffSize is how much of an oversized file is read to describe it.
const sniffSize = 512

// Load reads everything cfg names. It returns an error only when tlscheck
// cannot run at all (a path that does not exist, ctx done); content problems
// are recorded in Facts for the file.* checks. A cancelled ctx ends the load,
// also one blocked reading standard input or a FIFO.
func Load(ctx context.Context, cfg Config) (*facts.Facts, error) { return LoadInputs(ctx, nil, cfg) }

// LoadInputs is Load for in-memory inputs (plus cfg's paths, roots and options).
func LoadInputs(ctx context.Context, inputs []Input, cfg Config) (*facts.Facts, error) {
	if cfg.MaxFileSize <= 0 {
		cfg.MaxFileSize = DefaultMaxFileSize
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l := &loader{
		ctx: ctx,
		cfg: cfg,
		// Certificate times have one-second granularity (RFC 5280
		// 4.1.2.5), so they are compared with the clock at that
		// granularity: at 00:00:00.005 a certificate whose notAfter is
		// 00:00:00 is still in its (inclusive) validity period.
		f:       &facts.Facts{Now: cfg.Now.Truncate(time.Second), Options: cfg.Options},
		byPath:  map[string]int{},
		visited: map[devIno]bool{},
	}
	for _, in := range inputs {
		l.add(&pending{path: in.Name, role: in.Role, data: in.Data, inMemory: true})
	}
	groups := []struct {
		paths []string
		role  facts.Role
	}{
		{cfg.Paths, facts.RoleAuto},
		{cfg.Cert, facts.RoleCert},
		{cfg.Chain, facts.RoleChain},
		{cfg.Untrusted, facts.RolePool},
		{cfg.Key, facts.RoleKey},
		{cfg.CA, facts.RoleCA},
		{cfg.ClientCA, facts.RoleClientCA},
	}
	for _, g := range groups {
		for _, p := range g.paths {
			if err := l.collect(p, g.role); err != nil {
				return nil, l.scrubErr(err)
			}
		}
	}
	markLetsEncrypt(l.pending)
	haveCA := false
	for _, p := range l.pending {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		l.loadOne(p)
		if p.role == facts.RoleCA {
			haveCA = true
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err // a read abandoned when ctx ended
	}
	useStore := !haveCA && !cfg.NoSystemRoots
	addStoreRoots := func() {
		if useStore {
			l.f.Roots = append(l.f.Roots, SystemRootsFor(append(append([]*facts.Cert(nil), l.f.Certs...), l.f.ClientCAs...), l.f.Roots)...)
		}
	}
	addStoreRoots()
	if cfg.FetchAIA {
		timeout := cfg.AIATimeout
		if timeout <= 0 {
			timeout = 5 * time.Second
		}
		fetchAIA(ctx, l.f, timeout, addStoreRoots)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	l.scrub()
	return l.f, nil
}

// pending is an input found but not yet parsed.
type pending struct {
	path     string
	role     facts.Role
	data     []byte // in-memory input or standard input
	inMemory bool
	stdin    bool
	walked   bool // found by walking a directory, not named by the user
	le       bool
	// readErr is set when the entry could not be read before it was
	// queued (a dangling symlink met while walking, standard input).
	readErr *facts.FileProblem
}

type devIno struct{ dev, ino uint64 }

type loader struct {
	ctx     context.Context
	cfg     Config
	f       *facts.Facts
	pending []*pending
	byPath  map[string]int
	visited map[devIno]bool
	stdinOK bool
}

// add queues an input, once per path; an explicit role given later wins over
// the automatic one, except that the trust roles (--ca, --client-ca) are
// queued beside an input role rather than replacing it.
func (l *loader) add(p *pending) {
	if p.inMemory {
		// In-memory inputs are distinct even when their names repeat.
		l.pending = append(l.pending, p)
		return
	}
	key := p.path
	if !p.stdin {
		key = filepath.Clean(p.path)
	}
	if p.role == facts.RoleCA || p.role == facts.RoleClientCA {
		// Trusting a file does not stop it being an input: `--ca cert.pem .`
		// with a self-signed cert.pem in . checks cert.pem as the server
		// certificate and trusts it.
		key = string(p.role) + "\x00" + key
	}
	if i, ok := l.byPath[key]; ok {
		if l.pending[i].role == facts.RoleAuto && p.role != facts.RoleAuto {
			l.pending[i].role = p.role
			l.pending[i].walked = false
		}
		return
	}
	l.byPath[key] = len(l.pending)
	l.pending = append(l.pending, p)
}

// collect resolves one user-given path: standard input, a file or a
// directory to walk.
func (l *loader) collect(path string, role facts.Role) error {
	if err := l.ctx.Err(); err != nil {
		return err
	}
	if path == "-" {
		if l.stdinOK {
			return nil // standard input can be read once
		}
		l.stdinOK = true
		p := &pending{path: "-", role: role, stdin: true}
		if l.cfg.Stdin == nil {
			p.readErr = &facts.FileProblem{Kind: facts.FileNoStdin, Detail: "no standard input available"}
		} else {
			var data []byte
			var tooBig bool
			err := untilDone(l.ctx, func() error {
				var err error
				data, tooBig, err = readLimited(l.cfg.Stdin, l.cfg.MaxFileSize)
				return err
			})
			if ctxErr := l.ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			switch {
			case err != nil:
				p.readErr = readProblem(facts.FileNoStdin, "reading standard input: ", err)
			case tooBig:
				p.readErr = &facts.FileProblem{Kind: facts.FileTooLarge,
					Detail: fmt.Sprintf("standard input is larger than the %s limit; not read", humanBytes(l.cfg.MaxFileSize))}
				p.data = data[:min(len(data), sniffSize)]
			default:
				p.data = data
			}
		}
		l.add(p)
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		if lfi, lerr := os.Lstat(path); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return fmt.Errorf("%s: symbolic link to %q, which does not exist", path, target)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: no such file or directory", path)
		}
		if errors.Is(err, fs.ErrPermission) {
			// The path exists but cannot be examined: a finding, not a crash.
			l.add(&pending{path: path, role: role, readErr: &facts.FileProblem{Kind: facts.FileDenied, Detail: "permission denied"}})
			return nil
		}
		return fmt.Errorf("%s: %s", path, errText(err))
	}
	if fi.IsDir() {
		l.walk(path, role, fi)
		return nil
	}
	l.add(&pending{path: path, role: role})
	return nil
}

// walk adds every regular file under dir, following symbolic links (Let's
// Encrypt's live/ directory is made of them) but never entering a directory
// twice, so a link loop ends. Hidden directories (.git) are skipped.
func (l *loader) walk(dir string, role facts.Role, fi fs.FileInfo) {
	if id, ok := fileID(fi); ok {
		if l.visited[id] {
			return
		}
		l.visited[id] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		l.add(&pending{path: dir, role: role, walked: true, readErr: readProblem(facts.FileUnreadable, "cannot list directory: ", err)})
		return
	}
	for _, e := range entries {
		if l.ctx.Err() != nil {
			return // LoadInputs reports ctx's error
		}
		name := e.Name()
		path := filepath.Join(dir, name)
		if e.Type()&fs.ModeSymlink != 0 {
			sfi, err := os.Stat(path)
			if err != nil {
				target, _ := os.Readlink(path)
				l.add(&pending{path: path, role: role, walked: true,
					readErr: readProblem(facts.FileDanglingLink, fmt.Sprintf("dangling symbolic link to %q: ", target), err)})
				continue
			}
			if sfi.IsDir() {
				if !hidden(name) {
					l.walk(path, role, sfi)
				}
				continue
			}
			if sfi.Mode().IsRegular() {
				l.add(&pending{path: path, role: role, walked: true})
			}
			continue
		}
		if e.IsDir() {
			if hidden(name) {
				continue
			}
			sfi, err := e.Info()
			if err != nil {
				continue // removed while walking
			}
			l.walk(path, role, sfi)
			continue
		}
		if e.Type().IsRegular() {
			l.add(&pending{path: path, role: role, walked: true})
		}
		// Sockets, FIFOs and devices inside a directory are not inputs:
		// opening a FIFO would block.
	}
}

// tlsExtensions are the file name extensions of certificates, keys, CSRs,
// CRLs and PKCS#12 bundles.
var tlsExtensions = map[string]bool{
	".crt": true, ".pem": true, ".cer": true, ".der": true, ".key": true,
	".p12": true, ".pfx": true, ".csr": true, ".crl": true,
}

// MeantAsTLSFile reports whether a file's name says it is meant as a
// certificate, key, CSR, CRL or PKCS#12 bundle: a walked file so named is
// an input whatever its content, so garbage in it is a finding rather than
// silently skipped.
func MeantAsTLSFile(path string) bool {
	return tlsExtensions[strings.ToLower(filepath.Ext(path))]
}

func hidden(name string) bool { return strings.HasPrefix(name, ".") && name != "." && name != ".." }

func fileID(fi fs.FileInfo) (devIno, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return devIno{}, false
	}
	return devIno{uint64(st.Dev), uint64(st.Ino)}, true
}

// Let's Encrypt's live directory: certbot writes these four side by side.
var letsEncryptRoles = map[string]facts.Role{
	"cert.pem":      facts.RoleCert,
	"chain.pem":     facts.RoleChain,
	"fullchain.pem": facts.RoleFullchain,
	"privkey.pem":   facts.RoleKey,
}

// markLetsEncrypt gives the files of a Let's Encrypt live directory their
// roles, unless the user gave one explicitly.
func markLetsEncrypt(ps []*pending) {
	byDir := map[string][]*pending{}
	for _, p := range ps {
		if p.stdin {
			continue
		}
		if _, ok := letsEncryptRoles[filepath.Base(p.path)]; ok {
			dir := filepath.Dir(filepath.Clean(p.path))
			byDir[dir] = append(byDir[dir], p)
		}
	}
	for _, group := range byDir {
		names := map[string]bool{}
		for _, p := range group {
			names[filepath.Base(p.path)] = true
		}
		if len(names) != len(letsEncryptRoles) {
			continue
		}
		for _, p := range group {
			p.le = true
			if p.role == facts.RoleAuto {
				p.role = letsEncryptRoles[filepath.Base(p.path)]
			}
		}
	}
}

// loadOne reads and parses one queued input into l.f.
func (l *loader) loadOne(p *pending) {
	file := &facts.File{Path: p.path, Role: p.role, LetsEncrypt: p.le}
	if p.le {
		if target, err := os.Readlink(p.path); err == nil {
			file.LinkTarget = target
		}
	}
	if p.readErr != nil {
		file.Problems = append(file.Problems, *p.readErr)
		file.Size = int64(len(p.data))
		l.f.Files = append(l.f.Files, file)
		return
	}
	data := p.data
	if !p.inMemory && !p.stdin {
		var skip bool
		data, skip = l.readFile(p, file)
		if skip {
			return
		}
		if len(file.Problems) > 0 {
			l.f.Files = append(l.f.Files, file)
			return
		}
	} else {
		file.Size = int64(len(data))
	}
	if p.walked && !looksLikeTLSMaterial(data) && !MeantAsTLSFile(p.path) {
		// A README or config next to the certificates in a directory the
		// user pointed at: not an input, not a problem. A server.crt that
		// is an HTML error page is both: its name says what it is meant
		// to be, so it is parsed and its content reported.
		l.f.Skipped = append(l.f.Skipped, p.path)
		return
	}
	l.parse(file, data)
	l.f.Files = append(l.f.Files, file)
}

// readFile reads a file from disk within the size limit, recording mode and
// size. skip is true for a walked file that is not worth reporting. A file
// that is not a regular one (a FIFO, a device, /dev/stdin) may block in open
// or read, so it is read aside and abandoned when ctx ends; LoadInputs then
// returns ctx's error. The file is ours, so cancelling also closes it, which
// ends a read blocked on a FIFO or terminal; one still blocked in open (a
// FIFO that no writer ever opens) is released by openInput. Without ctx
// ending, a FIFO with no writer, or one whose writer stays silent, is given
// Config.StallTimeout and then reported (facts.FileStalled).
func (l *loader) readFile(p *pending, file *facts.File) (data []byte, skip bool) {
	if fi, err := os.Stat(p.path); err == nil && !fi.Mode().IsRegular() {
		aside := *file
		var asideData []byte
		var asideSkip bool
		if untilDone(l.ctx, func() error {
			asideData, asideSkip = l.readFileNow(p, &aside, true)
			return nil
		}) != nil {
			return nil, true
		}
		*file = aside
		return asideData, asideSkip
	}
	return l.readFileNow(p, file, false)
}

// untilDone runs read and returns its error, or ctx's as soon as ctx ends;
// the read is then left to finish on its own, its results unused. Ending it
// is read's business: readFileNow closes the file it opened, while a
// caller's Stdin cannot be closed (Config.Stdin).
func untilDone(ctx context.Context, read func() error) error {
	if ctx.Done() == nil {
		return read()
	}
	done := make(chan error, 1)
	go func() { done <- read() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// readFileNow reads p's file. With closeOnCancel the file is closed as soon
// as ctx ends, so that a read blocked on a FIFO or device returns (os.File
// Close wakes a read the runtime poller waits on). Close may wait for a
// read that the poller does not handle, so it runs on AfterFunc's
// goroutine, never on the one that returns ctx's error.
func (l *loader) readFileNow(p *pending, file *facts.File, closeOnCancel bool) (data []byte, skip bool) {
	fh, err := openInput(l.ctx, p.path, l.cfg.StallTimeout)
	if err != nil {
		file.Problems = append(file.Problems, *readProblem(facts.FileUnreadable, "", err))
		return nil, false
	}
	defer fh.Close()
	if closeOnCancel {
		stop := context.AfterFunc(l.ctx, func() { fh.Close() })
		defer stop()
	}
	fi, err := fh.Stat()
	if err != nil {
		file.Problems = append(file.Problems, *readProblem(facts.FileUnreadable, "", err))
		return nil, false
	}
	if fi.Mode().IsRegular() {
		file.Mode = uint32(fi.Mode().Perm())
		file.HasMode = true
		file.Size = fi.Size()
		if fi.Size() > l.cfg.MaxFileSize {
			head := make([]byte, sniffSize)
			n, _ := io.ReadFull(fh, head)
			head = head[:n]
			if p.walked && !looksLikeTLSMaterial(head) && !MeantAsTLSFile(p.path) {
				l.f.Skipped = append(l.f.Skipped, p.path)
				return nil, true
			}
			start, guess := describeStart(head)
			kind := facts.FileTooLarge
			if guess == facts.FileSSHKey {
				kind = guess // an authorized_keys file: the SSH remedy applies
			}
			file.Problems = append(file.Problems, facts.FileProblem{Kind: kind,
				Detail: fmt.Sprintf("file is %d bytes, larger than the %s limit for a certificate, key or bundle; not read (starts with %s)",
					fi.Size(), humanBytes(l.cfg.MaxFileSize), start)})
			return nil, false
		}
	}
	data, err = readInput(l.ctx, fh, l.cfg.MaxFileSize, l.cfg.StallTimeout)
	var tooBig *TooLargeError
	if err != nil && !errors.As(err, &tooBig) {
		file.Problems = append(file.Problems, *readProblem(facts.FileUnreadable, "", err))
		return nil, false
	}
	if !file.HasMode {
		file.Size = int64(len(data))
	}
	if tooBig != nil {
		file.Problems = append(file.Problems, facts.FileProblem{Kind: facts.FileStreamTooLarge,
			Detail: fmt.Sprintf("more than %s could be read from it; not read further", humanBytes(l.cfg.MaxFileSize))})
		return nil, false
	}
	return data, false
}

// readLimited reads at most max bytes; tooBig reports that there was more.
func readLimited(r io.Reader, max int64) (data []byte, tooBig bool, err error) {
	data, err = io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(data)) > max {
		return data[:max], true, nil
	}
	return data, false, nil
}

// readProblem is a read failure: FileDenied when the system refused access
// (EACCES, EPERM), else kind; its detail is context then the error's text.
func readProblem(kind facts.FileProblemKind, context string, err error) *facts.FileProblem {
	var stalled *StalledError
	switch {
	case errors.Is(err, fs.ErrPermission):
		kind = facts.FileDenied
	case errors.As(err, &stalled):
		kind = facts.FileStalled
	}
	return &facts.FileProblem{Kind: kind, Detail: context + errText(err)}
}

// errText is an error's text without the path (the finding names the file).
func errText(err error) string {
	var stalled *StalledError
	if errors.As(err, &stalled) {
		if stalled.NoWriter {
			return fmt.Sprintf("nobody writes to this FIFO (waited %s for a writer)", stalled.Waited)
		}
		return fmt.Sprintf("no data came for %s (a FIFO or device whose writer went silent)", stalled.Waited)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, syscall.EIO):
		return "input/output error"
	case errors.Is(err, syscall.EISDIR):
		return "is a directory"
	}
	return err.Error()
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// scrub removes the password from everything the loader wrote, as a last
// line of defence: no library error should echo it, but none may.
func (l *loader) scrub() {
	pw := l.cfg.Password
	if len(pw) < minScrubLen {
		return
	}
	for _, file := range l.f.Files {
		for i := range file.Problems {
			file.Problems[i].Detail = strings.ReplaceAll(file.Problems[i].Detail, pw, "***")
		}
		file.PKCS12Error = strings.ReplaceAll(file.PKCS12Error, pw, "***")
	}
	for _, c := range l.f.CSRs {
		c.SignatureError = strings.ReplaceAll(c.SignatureError, pw, "***")
	}
}

// minScrubLen: a one- or two-character password would match ordinary text
// and mangle every message; such passwords are kept out by construction.
const minScrubLen = 3

func (l *loader) scrubErr(err error) error {
	if len(l.cfg.Password) < minScrubLen || !strings.Contains(err.Error(), l.cfg.Password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), l.cfg.Password, "***"))
}
