package checks

import "testing"

func TestSelector(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		in, out []string
	}{
		{"", []string{"cert.is-ca", "zlint.e_ext_san_missing"}, nil},
		{"all", []string{"cert.is-ca", "tls.compression"}, nil},
		{"-zlint.*", []string{"cert.is-ca", "chain.invalid"}, []string{"zlint.lints", "zlint.w_x"}},
		{"all,-zlint.*", []string{"key.weak"}, []string{"zlint.e_y"}},
		{"cert.*,-cert.is-ca", []string{"cert.expired", "cert.aki-mismatch"}, []string{"cert.is-ca", "chain.order", "certx.y"}},
		{"zlint.e_*_key", []string{"zlint.e_ecdsa_small_private_key", "zlint.e_x_key"}, []string{"zlint.w_small_key", "zlint.e_key_usage"}},
		{"cert.is-ca", []string{"cert.is-ca"}, []string{"cert.is-cab", "xcert.is-ca"}},
		{"!tls.*, +tls.compression", []string{"tls.compression", "cert.is-ca"}, []string{"tls.plaintext"}},
	} {
		sel, err := ParseSelector(tc.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tc.pattern, err)
		}
		for _, id := range tc.in {
			if !sel.Match(id) {
				t.Errorf("%q does not select %s", tc.pattern, id)
			}
		}
		for _, id := range tc.out {
			if sel.Match(id) {
				t.Errorf("%q selects %s", tc.pattern, id)
			}
		}
	}
	if _, err := ParseSelector("cert. is-ca"); err == nil {
		t.Error("a pattern with a space: want an error")
	}
}
