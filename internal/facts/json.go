package facts

import (
	"crypto/x509"
	"encoding/json"
)

// Facts round-trip through JSON, so that a saved facts file replays to the
// same findings: the parsed forms (X509 fields, a key's public half) are
// not written but rebuilt from what is.

// UnmarshalJSON reads a Cert and parses its DER into X509 (nil when Go
// cannot parse it, as when it was loaded).
func (c *Cert) UnmarshalJSON(b []byte) error {
	var saved struct {
		Raw    []byte `json:"raw"`
		Source Source `json:"source"`
	}
	if err := json.Unmarshal(b, &saved); err != nil {
		return err
	}
	c.Raw, c.Source = saved.Raw, saved.Source
	c.X509, _ = x509.ParseCertificate(saved.Raw)
	return nil
}

// UnmarshalJSON reads a CSR and parses its DER into X509.
func (r *CSR) UnmarshalJSON(b []byte) error {
	type plain CSR
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.X509, _ = x509.ParseCertificateRequest(r.Raw)
	return nil
}

// UnmarshalJSON reads a CRL and parses its DER into X509.
func (l *CRL) UnmarshalJSON(b []byte) error {
	type plain CRL
	if err := json.Unmarshal(b, (*plain)(l)); err != nil {
		return err
	}
	l.X509, _ = x509.ParseRevocationList(l.Raw)
	return nil
}

// keyJSON is Key as saved: its fields plus the public half as a DER
// SubjectPublicKeyInfo (only the public half: the private key is never
// kept in Facts). An RSASSA-PSS key has no SPKIPin, so without it the key
// could not be paired with its certificate after a replay.
type keyJSON struct {
	plainKey
	PublicKey []byte `json:"public_key,omitempty"`
}

type plainKey Key

// MarshalJSON writes a Key with its public half.
func (k Key) MarshalJSON() ([]byte, error) {
	out := keyJSON{plainKey: plainKey(k)}
	if k.Public != nil {
		// Types x509 cannot marshal (DSA) are paired by SPKIPin alone.
		out.PublicKey, _ = x509.MarshalPKIXPublicKey(k.Public)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a Key and parses its public half.
func (k *Key) UnmarshalJSON(b []byte) error {
	var in keyJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*k = Key(in.plainKey)
	if len(in.PublicKey) > 0 {
		k.Public, _ = x509.ParsePKIXPublicKey(in.PublicKey)
	}
	return nil
}
