package certgen

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
)

// Certificate policy extensions (RFC 5280 4.2.1.4, 4.2.1.5, 4.2.1.11,
// 4.2.1.14). crypto/x509 marshals certificatePolicies but not the other
// three, so they go in as extra extensions.
var (
	oidPolicyMappings    = asn1.ObjectIdentifier{2, 5, 29, 33}
	oidPolicyConstraints = asn1.ObjectIdentifier{2, 5, 29, 36}
	oidInhibitAnyPolicy  = asn1.ObjectIdentifier{2, 5, 29, 54}
)

// AnyPolicy is the anyPolicy OID, for Policies.
const AnyPolicy = "2.5.29.32.0"

// Policies sets certificatePolicies to the given dotted OIDs.
func Policies(oids ...string) Option {
	return func(s *spec) {
		s.tmpl.Policies = nil
		for _, o := range oids {
			oid, err := x509.ParseOID(o)
			if err != nil {
				panic(err)
			}
			s.tmpl.Policies = append(s.tmpl.Policies, oid)
		}
	}
}

// PolicyConstraints adds a critical policyConstraints extension;
// a negative value leaves that field out.
func PolicyConstraints(requireExplicitPolicy, inhibitPolicyMapping int) Option {
	return func(s *spec) {
		var fields []asn1.RawValue
		for tag, v := range []int{requireExplicitPolicy, inhibitPolicyMapping} {
			if v < 0 {
				continue
			}
			fields = append(fields, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: tag, Bytes: intContent(v)})
		}
		s.tmpl.ExtraExtensions = append(s.tmpl.ExtraExtensions, pkix.Extension{Id: oidPolicyConstraints, Critical: true, Value: mustMarshal(fields)})
	}
}

// InhibitAnyPolicy adds a critical inhibitAnyPolicy extension.
func InhibitAnyPolicy(skipCerts int) Option {
	return func(s *spec) {
		s.tmpl.ExtraExtensions = append(s.tmpl.ExtraExtensions, pkix.Extension{Id: oidInhibitAnyPolicy, Critical: true, Value: mustMarshal(skipCerts)})
	}
}

// PolicyMappings adds a critical policyMappings extension from pairs of
// dotted OIDs: issuerDomainPolicy, subjectDomainPolicy, ...
func PolicyMappings(pairs ...string) Option {
	return func(s *spec) {
		type mapping struct{ Issuer, Subject asn1.ObjectIdentifier }
		var ms []mapping
		for i := 0; i+1 < len(pairs); i += 2 {
			ms = append(ms, mapping{parseOID(pairs[i]), parseOID(pairs[i+1])})
		}
		s.tmpl.ExtraExtensions = append(s.tmpl.ExtraExtensions, pkix.Extension{Id: oidPolicyMappings, Critical: true, Value: mustMarshal(ms)})
	}
}

func parseOID(s string) asn1.ObjectIdentifier {
	oid, err := x509.ParseOID(s)
	if err != nil {
		panic(err)
	}
	der, err := oid.MarshalBinary()
	if err != nil {
		panic(err)
	}
	var out asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(append([]byte{0x06, byte(len(der))}, der...), &out); err != nil {
		panic(err)
	}
	return out
}

func intContent(v int) []byte {
	var raw asn1.RawValue
	if _, err := asn1.Unmarshal(mustMarshal(v), &raw); err != nil {
		panic(err)
	}
	return raw.Bytes
}

func mustMarshal(v any) []byte {
	der, err := asn1.Marshal(v)
	if err != nil {
		panic(err)
	}
	return der
}
