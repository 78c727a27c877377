package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadRegularFile: configuration files are read only when regular and
// small enough; a device, FIFO or directory is refused without being
// opened (so without waiting).
func TestReadRegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"/dev/zero": "a device", fifo: "a FIFO", dir: "a directory"} {
		if _, err := ReadRegularFile(p, 1<<20); err == nil || !strings.Contains(err.Error(), "not a regular file ("+want+")") {
			t.Errorf("%s: err %v, want not a regular file (%s)", p, err, want)
		}
	}
	big := filepath.Join(dir, "big")
	os.WriteFile(big, make([]byte, 100), 0o600)
	if _, err := ReadRegularFile(big, 99); err == nil || !strings.Contains(err.Error(), "larger than 99 bytes") {
		t.Errorf("100 bytes with a limit of 99: err %v", err)
	}
	if data, err := ReadRegularFile(big, 100); err != nil || len(data) != 100 {
		t.Errorf("100 bytes with a limit of 100: %d bytes, err %v", len(data), err)
	}
}
