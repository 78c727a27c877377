package grade

import (
	"crypto/dsa" //nolint:staticcheck // DSA server keys exist and are graded
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// input is what the rules look at, derived once from the facts.
type input struct {
	facts    *facts.Facts
	scan     *facts.Scan
	findings map[string]int // check ID -> number of findings
	versions []facts.TLSVersion
	suites   []acceptedSuite
	keys     []serverKey
	groups   []group
}

type acceptedSuite struct {
	version facts.TLSVersion
	suite   suites.Suite
	// bits is the cipher's effective strength: 3DES counts 112 bits, its
	// strength against meet-in-the-middle, as SSL Labs rates it.
	bits   int
	dhBits int
	weak64 bool // a 64-bit block cipher (SWEET32)
}

type serverKey struct {
	kind     string // RSA, ECDSA, Ed25519, DSA
	bits     int
	elliptic bool
}

type group struct {
	name  string
	bits  int
	ffdhe bool
}

func newInput(f *facts.Facts, findings []checks.Finding) *input {
	s := f.Scan
	in := &input{facts: f, scan: s, findings: map[string]int{}}
	for _, fd := range findings {
		in.findings[fd.ID]++
	}
	for _, r := range s.Versions {
		if r.Offered {
			in.versions = append(in.versions, r.Version)
		}
	}
	ssl2 := map[uint32]suites.SSL2Kind{}
	for _, k := range suites.SSL2Kinds() {
		ssl2[k.ID] = k
	}
	for _, a := range s.Ciphers {
		var st suites.Suite
		if a.Version == facts.VersionSSL20 {
			k, ok := ssl2[a.ID24]
			if !ok {
				continue
			}
			st = suites.Suite{Name: k.Name, OpenSSL: k.OpenSSL, Enc: k.Enc, Bits: k.Bits,
				RC4: k.Enc == "RC4", Export: k.Bits < 56, TripleDES: k.Enc == "3DES"}
		} else {
			var ok bool
			if st, ok = suites.ByID(a.ID); !ok || st.Signalling {
				continue
			}
		}
		bits := st.Bits
		if st.TripleDES {
			bits = 112
		}
		if st.Null {
			bits = 0
		}
		in.suites = append(in.suites, acceptedSuite{version: a.Version, suite: st, bits: bits, dhBits: a.DHBits,
			weak64: st.BlockBits == 64 || st.TripleDES})
	}
	for _, c := range s.Certs {
		if len(c.Raw) == 0 {
			continue
		}
		leaf, err := x509.ParseCertificate(c.Raw[0])
		if err != nil {
			continue
		}
		switch k := leaf.PublicKey.(type) {
		case *rsa.PublicKey:
			in.keys = append(in.keys, serverKey{kind: "RSA", bits: k.N.BitLen()})
		case *ecdsa.PublicKey:
			in.keys = append(in.keys, serverKey{kind: "ECDSA", bits: k.Curve.Params().BitSize, elliptic: true})
		case ed25519.PublicKey:
			in.keys = append(in.keys, serverKey{kind: "Ed25519", bits: 256, elliptic: true})
		case *dsa.PublicKey:
			in.keys = append(in.keys, serverKey{kind: "DSA", bits: k.P.BitLen()})
		}
	}
	for _, g := range s.Groups {
		info, ok := suites.GroupByID(g.ID)
		if !ok {
			continue
		}
		bits := g.Bits
		if bits == 0 {
			bits = info.Bits
		}
		in.groups = append(in.groups, group{name: info.Name, bits: bits, ffdhe: info.FFDHE})
	}
	return in
}

// accepts reports whether the server accepts version v.
func (in *input) accepts(v facts.TLSVersion) bool {
	for _, x := range in.versions {
		if x == v {
			return true
		}
	}
	return false
}

// has reports whether any check reported one of ids.
func (in *input) has(ids []string) (string, bool) {
	for _, id := range ids {
		if in.findings[id] > 0 {
			return id, true
		}
	}
	return "", false
}
