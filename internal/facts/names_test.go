package facts

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// TestHugeNameRenderedBounded: a subject with thousands of attributes (a
// hostile certificate) is rendered as its first RDNs and a count, not with
// pkix.Name.String's quadratic concatenation; ordinary names are untouched.
func TestHugeNameRenderedBounded(t *testing.T) {
	var subj pkix.Name
	for i := range 3000 {
		subj.ExtraNames = append(subj.ExtraNames, pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{2, 5, 4, 11}, Value: fmt.Sprintf("unit-%d", i)})
	}
	huge := certgen.Root("ignored", certgen.Subject(subj))
	c := &Cert{Raw: huge.DER, X509: huge.X509}
	s := c.SubjectString()
	if !strings.Contains(s, "OU=unit-0") || !strings.Contains(s, "(2984 more attributes)") || len(s) > 1000 {
		t.Errorf("huge subject rendered as %d bytes: %.200q", len(s), s)
	}
	plain := certgen.Root("Plain Root")
	if got, want := (&Cert{X509: plain.X509}).SubjectString(), plain.X509.Subject.String(); got != want {
		t.Errorf("plain subject %q, want %q", got, want)
	}
}
