package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// UnusablePathError says why a path named on the command line cannot be
// read at all, before anything is loaded: it does not exist, it is a
// symbolic link to nothing, or it may not be opened.
type UnusablePathError struct {
	Path string
	// LinkTarget is where Path points when it is a symbolic link that
	// cannot be followed; "" otherwise.
	LinkTarget string
	Err        error // the underlying error, fs.ErrNotExist, fs.ErrPermission, ...
}

func (e *UnusablePathError) Error() string {
	if e.LinkTarget != "" {
		return fmt.Sprintf("%s is a symbolic link to %s, which cannot be read: %v", e.Path, e.LinkTarget, e.Err)
	}
	if errors.Is(e.Err, fs.ErrNotExist) {
		return e.Path + ": no such file or directory"
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *UnusablePathError) Unwrap() error { return e.Err }

// CheckPath returns nil when path can be looked at (it exists, a link
// leads somewhere), else an *UnusablePathError. "-" (standard input) is
// always usable.
func CheckPath(path string) error {
	if path == "-" {
		return nil
	}
	_, err := os.Stat(path)
	if err == nil {
		return nil
	}
	uerr := &UnusablePathError{Path: path, Err: err}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		uerr.Err = pe.Err
	}
	if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
		uerr.LinkTarget, _ = os.Readlink(path)
	}
	return uerr
}

// Siblings lists the names in the directory that holds path, so that a
// misspelt path can be answered with the name it was probably meant to be.
func Siblings(path string) (dir string, names []string) {
	dir, _ = filepath.Split(filepath.Clean(path))
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return dir, nil
	}
	for _, en := range entries {
		names = append(names, en.Name())
	}
	return dir, names
}

// ReadRegularFile reads a configuration file (audit.yaml, exporter.yaml, a
// server's configuration): a regular file of at most max bytes. A device,
// FIFO, socket or directory is refused before it is opened (/dev/zero
// would never end, and opening a FIFO waits for a writer); a larger file is
// an error naming the limit.
func ReadRegularFile(path string, max int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("not a regular file (%s)", fileKind(fi.Mode()))}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return data, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("larger than %d bytes", max)}
	}
	return data, nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}
