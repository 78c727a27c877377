// Package baseline compares an audit with a previous one (`audit --format
// json`): each finding is new or unchanged, and what the previous audit
// found on a target audited again but this one did not is resolved. A
// finding is identified by its target, check ID, subject and, when it is
// about a certificate, the certificate's SHA-256: a re-issued certificate
// with the same problem is a new finding.
package baseline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Key identifies a finding across audits.
type Key struct {
	Target  string // TargetKey of its target
	ID      string
	Subject string
	SHA256  string
}

// Baseline is the findings of a previous audit, and what this audit has
// seen of them so far.
type Baseline struct {
	keys    map[Key]bool
	seen    map[Key]bool
	audited map[string]bool // targets of this audit
}

// TargetKey names a target the same way in both audits: a probe's target
// as written (credentials redacted, as the report has it), or a file
// deployment's paths joined by commas.
func TargetKey(probeTarget string, files []string) string {
	if probeTarget != "" {
		return probeTarget
	}
	return strings.Join(files, ",")
}

// Read loads the findings of a previous `audit --format json` from path.
func Read(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// previousReport is what a baseline needs of one report in targets[].
type previousReport struct {
	Target struct {
		Target string `json:"target"`
		Files  []struct {
			Path string `json:"path"`
		} `json:"files"`
	} `json:"target"`
	Findings []struct {
		ID       string            `json:"id"`
		Subject  string            `json:"subject"`
		Evidence map[string]string `json:"evidence"`
	} `json:"findings"`
}

// ErrNotAudit is returned for JSON that is not an audit document (no
// "targets" array, e.g. the report of one probe).
var ErrNotAudit = errors.New("not the JSON of `tlscheck audit --format json` (no \"targets\" array)")

// Decode reads an audit document, one target at a time: memory holds the
// keys, never the previous reports.
func Decode(r io.Reader) (*Baseline, error) {
	b := New()
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		if name != "targets" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		found = true
		if err := expectDelim(dec, '['); err != nil {
			return nil, err
		}
		for dec.More() {
			var rep previousReport
			if err := dec.Decode(&rep); err != nil {
				return nil, err
			}
			var files []string
			for _, f := range rep.Target.Files {
				files = append(files, f.Path)
			}
			target := TargetKey(rep.Target.Target, files)
			for _, f := range rep.Findings {
				b.keys[Key{Target: target, ID: f.ID, Subject: f.Subject, SHA256: f.Evidence["sha256"]}] = true
			}
		}
		if err := expectDelim(dec, ']'); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, ErrNotAudit
	}
	return b, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return ErrNotAudit
	}
	return nil
}

// New is an empty baseline: every finding is new.
func New() *Baseline {
	return &Baseline{keys: map[Key]bool{}, seen: map[Key]bool{}, audited: map[string]bool{}}
}

// Add records a finding as part of the baseline.
func (b *Baseline) Add(k Key) { b.keys[k] = true }

// Audited records that this audit checked target, so that the baseline's
// findings on it that Mark never sees are resolved.
func (b *Baseline) Audited(target string) { b.audited[target] = true }

// Mark says whether the finding is new or unchanged ("new", "unchanged"),
// and records it as seen.
func (b *Baseline) Mark(k Key) string {
	b.audited[k.Target] = true
	if b.keys[k] {
		b.seen[k] = true
		return "unchanged"
	}
	return "new"
}

// Resolved are the baseline's findings on the targets this audit checked
// that it did not find again, sorted. Targets the audit no longer checks
// are left out: not looked at is not resolved.
func (b *Baseline) Resolved() []Key {
	out := []Key{}
	for k := range b.keys {
		if b.audited[k.Target] && !b.seen[k] {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Target != y.Target {
			return x.Target < y.Target
		}
		if x.ID != y.ID {
			return x.ID < y.ID
		}
		if x.Subject != y.Subject {
			return x.Subject < y.Subject
		}
		return x.SHA256 < y.SHA256
	})
	return out
}
