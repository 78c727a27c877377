package report

import (
	"encoding/json"
	"time"
)

// Target is what a report is about: the JSON "target". A files run fills
// Files and Purpose; a probe fills Target, Host, Port, SNI and the fields
// after them. Hosts and At belong to both.
type Target struct {
	// Files are the inputs as given, each with the role it was given.
	Files   []TargetFile
	Purpose string // server, client, both or any

	Target   string // the probe target as the user wrote it
	Scheme   string // URL scheme, when the target was a URL
	StartTLS string // the STARTTLS or preamble protocol
	Host     string
	Port     int
	SNI      string // server_name sent; "" for none
	Address  string // the address connected to

	Hosts []string  // the names the certificate must cover
	At    time.Time // the time the certificates were judged at

	// Listener and Config name the server configuration listener whose
	// files these are (`tlscheck config`), and its configuration file.
	Listener string
	Config   string
}

// TargetFile is one input named on the command line. Role is empty for a
// file whose role is recognised from its content.
type TargetFile struct {
	Path string `json:"path"`
	Role string `json:"role,omitempty"`
}

// IsProbe says whether the target is a live server rather than files.
func (t Target) IsProbe() bool { return t.Target != "" || t.Host != "" }

func (t Target) isZero() bool {
	return t.Files == nil && t.Purpose == "" && t.Hosts == nil && t.At.IsZero() && !t.IsProbe() && t.Listener == ""
}

// The JSON shapes of a target (docs/json.md). Their fields are in alphabetical
// order, the order the schema has always had.
type filesTargetJSON struct {
	At       string       `json:"at,omitempty"`
	Config   string       `json:"config,omitempty"`
	Files    []TargetFile `json:"files"`
	Hosts    []string     `json:"hosts"`
	Listener string       `json:"listener,omitempty"`
	Purpose  string       `json:"purpose,omitempty"`
}

type probeTargetJSON struct {
	Address  string   `json:"address,omitempty"`
	At       string   `json:"at,omitempty"`
	Host     string   `json:"host"`
	Hosts    []string `json:"hosts"`
	Port     int      `json:"port"`
	Scheme   string   `json:"scheme,omitempty"`
	SNI      string   `json:"sni"`
	StartTLS string   `json:"starttls,omitempty"`
	Target   string   `json:"target"`
}

// MarshalJSON writes the files or the probe shape; a zero Target is {}.
func (t Target) MarshalJSON() ([]byte, error) {
	var at string
	if !t.At.IsZero() {
		at = t.At.UTC().Format(time.RFC3339)
	}
	hosts := t.Hosts
	if hosts == nil {
		hosts = []string{}
	}
	switch {
	case t.IsProbe():
		return json.Marshal(probeTargetJSON{Address: t.Address, At: at, Host: t.Host, Hosts: hosts, Port: t.Port,
			Scheme: t.Scheme, SNI: t.SNI, StartTLS: t.StartTLS, Target: t.Target})
	case t.isZero():
		return []byte("{}"), nil
	}
	files := t.Files
	if files == nil {
		files = []TargetFile{}
	}
	return json.Marshal(filesTargetJSON{At: at, Config: t.Config, Files: files, Hosts: hosts, Listener: t.Listener, Purpose: t.Purpose})
}
