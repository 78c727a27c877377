package load

import (
	"context"
	"encoding/asn1"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// aiaPKCS7 wraps certificates in a certs-only SignedData, as
// `openssl crl2pkcs7 -nocrl -outform der` writes them.
func aiaPKCS7(t *testing.T, ders ...[]byte) []byte {
	t.Helper()
	var certs []byte
	for _, d := range ders {
		certs = append(certs, d...)
	}
	type signedData struct {
		Version          int
		DigestAlgorithms asn1.RawValue
		EncapContentInfo struct{ ContentType asn1.ObjectIdentifier }
		Certificates     asn1.RawValue
		SignerInfos      asn1.RawValue
	}
	sd := signedData{
		Version:          1,
		DigestAlgorithms: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true},
		Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs},
		SignerInfos:      asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true},
	}
	sd.EncapContentInfo.ContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	inner, err := asn1.Marshal(sd)
	if err != nil {
		t.Fatal(err)
	}
	out, err := asn1.Marshal(struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue
	}{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// aiaServer serves fixed bodies by path on 127.0.0.1.
func aiaServer(t *testing.T, bodies map[string][]byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func aiaFacts(leaf, root *certgen.Cert) *facts.Facts {
	return &facts.Facts{
		Now:   certgen.Epoch.AddDate(0, 0, 10),
		Certs: []*facts.Cert{{Raw: leaf.DER, X509: leaf.X509, Source: facts.Source{File: "server.pem"}}},
		Roots: []*facts.Cert{{Raw: root.DER, X509: root.X509, Source: facts.Source{File: "ca.pem", Role: facts.RoleCA}}},
	}
}

func TestFetchAIATwoLevels(t *testing.T) {
	t.Parallel()
	bodies := map[string][]byte{}
	srv := aiaServer(t, bodies)
	root := certgen.Root("Root")
	upper := certgen.Intermediate("Upper", root)
	lower := certgen.Intermediate("Lower", upper, certgen.AIA(srv.URL+"/upper.p7c"))
	leaf := certgen.Leaf("www.example.com", lower, certgen.AIA(srv.URL+"/lower.der"))
	bodies["/lower.der"] = lower.DER
	bodies["/upper.p7c"] = aiaPKCS7(t, upper.DER)

	f := aiaFacts(leaf, root)
	fetchAIA(context.Background(), f, 5*time.Second, nil)
	ch := paths.Chains(f)[0]
	if ch.Status != facts.ChainTrusted || len(ch.Path) != 4 {
		t.Fatalf("status %s, path length %d", ch.Status, len(ch.Path))
	}
	if ch.Path[1].Source.Role != facts.RoleAIA || ch.Path[1].Source.File != srv.URL+"/lower.der" ||
		ch.Path[2].Source.Role != facts.RoleAIA {
		t.Errorf("sources %+v %+v", ch.Path[1].Source, ch.Path[2].Source)
	}
}

func TestFetchAIAPEM(t *testing.T) {
	t.Parallel()
	bodies := map[string][]byte{}
	srv := aiaServer(t, bodies)
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("www.example.com", inter, certgen.AIA(srv.URL+"/inter.pem"))
	bodies["/inter.pem"] = append([]byte("Intermediate\n"), inter.PEM()...)
	f := aiaFacts(leaf, root)
	fetchAIA(context.Background(), f, 5*time.Second, nil)
	if ch := paths.Chains(f)[0]; ch.Status != facts.ChainTrusted {
		t.Fatalf("status %s", ch.Status)
	}
}

func TestFetchAIAFailures(t *testing.T) {
	bodies := map[string][]byte{"/huge.der": []byte(strings.Repeat("x", aiaMaxSize+10)), "/junk": []byte("not a certificate")}
	srv := aiaServer(t, bodies)
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	for _, path := range []string{"/missing.der", "/huge.der", "/junk"} {
		leaf := certgen.Leaf("www.example.com", inter, certgen.AIA(srv.URL+path))
		f := aiaFacts(leaf, root)
		fetchAIA(context.Background(), f, 5*time.Second, nil)
		ch := paths.Chains(f)[0]
		if ch.Status != facts.ChainMissingIssuer || ch.Missing == nil || !ch.Missing.Fetched || len(f.Certs) != 1 {
			t.Errorf("%s: status %s, missing %+v, %d certificates", path, ch.Status, ch.Missing, len(f.Certs))
		}
	}
	// A scheme other than http(s) is never fetched, but it was tried.
	leaf := certgen.Leaf("www.example.com", inter, certgen.AIA("ldap://ldap.example.com/cn=Inter"))
	f := aiaFacts(leaf, root)
	fetchAIA(context.Background(), f, time.Second, nil)
	if ch := paths.Chains(f)[0]; ch.Missing == nil || !ch.Missing.Fetched || len(f.Certs) != 1 {
		t.Errorf("ldap: missing %+v, %d certificates", ch.Missing, len(f.Certs))
	}
}

// TestFetchAIACancelled: a cancelled context fetches nothing, even from a
// server that would answer.
func TestFetchAIACancelled(t *testing.T) {
	bodies := map[string][]byte{}
	srv := aiaServer(t, bodies)
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("www.example.com", inter, certgen.AIA(srv.URL+"/inter.der"))
	bodies["/inter.der"] = inter.DER
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := aiaFacts(leaf, root)
	fetchAIA(ctx, f, 5*time.Second, nil)
	if len(f.Certs) != 1 {
		t.Errorf("fetched %d certificates with a cancelled context", len(f.Certs)-1)
	}
}

func TestFetchAIANothingMissing(t *testing.T) {
	root := certgen.Root("Root")
	leaf := certgen.Leaf("www.example.com", root, certgen.AIA("http://127.0.0.1:1/never"))
	f := aiaFacts(leaf, root)
	fetchAIA(context.Background(), f, time.Second, nil)
	if len(f.Certs) != 1 {
		t.Errorf("certs %d", len(f.Certs))
	}
}
