package key

import (
	"context"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestMismatchExplicitRoles(t *testing.T) {
	root := certgen.Root("R")
	leaf := certgen.Leaf("example.com", root)
	other := certgen.NewKey("p256")
	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{keyFact(other, "key.pem", facts.RoleKey)}
	got := wantN(t, f, "key.mismatch", 1)
	wantContains(t, got[0].Message, "key.pem", "ECDSA P-256", f.Keys[0].SPKIPin[:16], "CN=example.com", leaf.X509.PublicKeyAlgorithm.String(), "no input certificate matches")
	wantContains(t, got[0].Fix, "openssl x509 -noout -pubkey -in cert.pem | openssl pkey -pubin -outform DER | openssl dgst -sha256", "openssl pkey -in key.pem -pubout -outform DER | openssl dgst -sha256", "CSR")

	f.Keys = []*facts.Key{keyFact(leaf.Key, "key.pem", facts.RoleKey)}
	wantN(t, f, "key.mismatch", 0)
}

func TestMismatchNamesTheRightCertificate(t *testing.T) {
	root := certgen.Root("R")
	a := certgen.Leaf("a.example", root)
	b := certgen.Leaf("b.example", root)
	certs := append(bundle("a.pem", facts.RoleCert, a), bundle("b.pem", facts.RoleAuto, b)...)
	f := newFacts(certs...)
	f.Keys = []*facts.Key{keyFact(b.Key, "key.pem", facts.RoleKey)}
	got := wantN(t, f, "key.mismatch", 1)
	wantContains(t, got[0].Message, "does not belong to CN=a.example", "this key belongs to CN=b.example in b.pem #1")
	wantContains(t, got[0].Fix, "pair key.pem with b.pem")
}

func TestMismatchSameFile(t *testing.T) {
	leaf := certgen.Leaf("combined.example", nil)
	wrong := certgen.NewKey("rsa2048")
	f := newFacts(bundle("server.pem", facts.RoleAuto, leaf)...)
	f.Keys = []*facts.Key{keyFact(wrong, "server.pem", facts.RoleAuto)}
	wantN(t, f, "key.mismatch", 1)
}

func TestMismatchOnlyKeyOnlyLeaf(t *testing.T) {
	root := certgen.Root("R")
	leaf := certgen.Leaf("one.example", root)
	f := newFacts(bundle("fullchain.pem", facts.RoleAuto, leaf, root)...)
	f.Keys = []*facts.Key{keyFact(certgen.NewKey("p256"), "private.pem", facts.RoleAuto)}
	wantN(t, f, "key.mismatch", 1)

	// Two leaves and two keys in separate files with no roles: nothing is paired.
	leaf2 := certgen.Leaf("two.example", root)
	f = newFacts(append(bundle("one.pem", facts.RoleAuto, leaf), bundle("two.pem", facts.RoleAuto, leaf2)...)...)
	f.Keys = []*facts.Key{keyFact(certgen.NewKey("p256"), "k1.pem", facts.RoleAuto), keyFact(leaf2.Key, "k2.pem", facts.RoleAuto)}
	_, na := run(t, f, "key.mismatch")
	if na == "" {
		t.Error("want not applicable when no key is paired")
	}
	wantN(t, f, "key.mismatch", 0)
}

func TestMismatchLetsEncrypt(t *testing.T) {
	root := certgen.Root("ISRG Root X1")
	inter := certgen.Intermediate("R11", root)
	leaf := certgen.Leaf("example.com", inter)
	other := certgen.Leaf("other.example", inter)
	dir := "/etc/letsencrypt/live/example.com/"
	certs := append(bundle(dir+"cert.pem", facts.RoleCert, leaf), bundle(dir+"fullchain.pem", facts.RoleFullchain, leaf, inter)...)
	certs = append(certs, bundle("/srv/other.pem", facts.RoleAuto, other)...)
	f := newFacts(certs...)
	for _, name := range []string{"cert.pem", "fullchain.pem", "privkey.pem", "chain.pem"} {
		f.Files = append(f.Files, &facts.File{Path: dir + name, LetsEncrypt: true})
	}
	f.Keys = []*facts.Key{keyFact(leaf.Key, dir+"privkey.pem", facts.RoleKey), keyFact(other.Key, "/srv/other-key.pem", facts.RoleAuto)}
	wantN(t, f, "key.mismatch", 0)

	f.Keys[0] = keyFact(certgen.NewKey("p384"), dir+"privkey.pem", facts.RoleKey)
	got := wantN(t, f, "key.mismatch", 1)
	wantContains(t, got[0].Message, "privkey.pem", "ECDSA P-384")
}

func TestMismatchSkipsEncrypted(t *testing.T) {
	leaf := certgen.Leaf("enc.example", nil)
	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{{Source: facts.Source{File: "key.pem", Role: facts.RoleKey}, Type: "RSA", Encrypted: true}}
	wantN(t, f, "key.mismatch", 0)
}

func TestMismatchByPinOnly(t *testing.T) {
	// Saved facts have no Public: compare pins.
	leaf := certgen.Leaf("pin.example", nil)
	k := keyFact(leaf.Key, "key.pem", facts.RoleKey)
	k.Public = nil
	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{k}
	wantN(t, f, "key.mismatch", 0)
	k.SPKIPin = "00" + k.SPKIPin[2:]
	wantN(t, f, "key.mismatch", 1)
}

func TestMismatchCAKeyIsNotGuessedAsServerKey(t *testing.T) {
	ca := certgen.Root("Own CA")
	leaf := certgen.Leaf("server.example", ca)
	certs := append(bundle("ca.pem", facts.RoleAuto, ca), bundle("server.pem", facts.RoleAuto, leaf)...)
	f := newFacts(certs...)
	f.Keys = []*facts.Key{keyFact(ca.Key, "ca.key", facts.RoleAuto)}
	wantN(t, f, "key.mismatch", 0)

	// Said explicitly, it is a mismatch, and the message says whose key it is.
	f.Keys[0].Source.Role = facts.RoleKey
	got := wantN(t, f, "key.mismatch", 1)
	wantContains(t, got[0].Message, "this key belongs to CN=Own CA in ca.pem #1")
}

func TestPairStem(t *testing.T) {
	same := [][2]string{{"server.key", "server.crt"}, {"tls.key", "tls.crt"}, {"key.pem", "cert.pem"},
		{"server-key.pem", "server.pem"}, {"nats_key.pem", "nats_cert.pem"}, {"broker.key.pem", "broker.crt.pem"}}
	for _, p := range same {
		if checks.PairStem(p[0]) != checks.PairStem(p[1]) {
			t.Errorf("%s and %s should pair (%q vs %q)", p[0], p[1], checks.PairStem(p[0]), checks.PairStem(p[1]))
		}
	}
	for _, p := range [][2]string{{"server.key", "websockets.crt"}, {"a.key", "b.crt"}} {
		if checks.PairStem(p[0]) == checks.PairStem(p[1]) {
			t.Errorf("%s and %s should not pair", p[0], p[1])
		}
	}
}

func TestMismatchPairedByFileName(t *testing.T) {
	root := certgen.Root("R")
	server := certgen.Leaf("mqtt.example", root)
	ws := certgen.Leaf("ws.example", root)
	// server.key is a leftover from an earlier attempt; websockets.key is right.
	f := newFacts(append(bundle("conf/server.crt", facts.RoleAuto, server), bundle("conf/websockets.crt", facts.RoleAuto, ws)...)...)
	f.Keys = []*facts.Key{keyFact(certgen.NewKey("p384"), "conf/server.key", facts.RoleAuto), keyFact(ws.Key, "conf/websockets.key", facts.RoleAuto)}
	got := wantN(t, f, "key.mismatch", 1)
	wantContains(t, got[0].Message, "conf/server.key")
	// Same names in different directories do not pair.
	f = newFacts(bundle("a/server.crt", facts.RoleAuto, server)...)
	f.Keys = []*facts.Key{keyFact(certgen.NewKey("p384"), "b/server.key", facts.RoleAuto), keyFact(ws.Key, "b/other.key", facts.RoleAuto)}
	wantN(t, f, "key.mismatch", 0)
}

// An encrypted key whose passphrase was not given leaves the pairing
// unchecked: key.mismatch says so as a typed gap (Result.NotChecked), which
// the report's verdict line shows (issue 9 item 8).
func TestMismatchEncryptedIsNotChecked(t *testing.T) {
	leaf := certgen.Leaf("enc.example", nil)
	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{{Source: facts.Source{File: "websockets.key", Role: facts.RoleKey}, Type: "RSA", Encrypted: true}}
	sel, _ := checks.ParseSelector("key.mismatch")
	gaps := checks.NotChecked(checks.Run(context.Background(), f, sel))
	if len(gaps) != 1 || gaps[0].Check != "key.mismatch" || gaps[0].What != "key pairing" ||
		!strings.Contains(gaps[0].Reason, "websockets.key is encrypted") || !strings.Contains(gaps[0].Reason, "--password") {
		t.Fatalf("not checked: %+v", gaps)
	}

	// Opened with --password, the key has its public half and is compared.
	other := keyFact(certgen.NewKey("p256"), "websockets.key", facts.RoleKey)
	other.Encrypted = true
	f.Keys = []*facts.Key{other}
	wantN(t, f, "key.mismatch", 1)
	if gaps := checks.NotChecked(checks.Run(context.Background(), f, sel)); len(gaps) != 0 {
		t.Errorf("an opened encrypted key is no gap: %+v", gaps)
	}
}
