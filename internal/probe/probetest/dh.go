package probetest

import (
	"encoding/asn1"
	"encoding/pem"
	"math/big"
)

// DH1024PEM is the 1024-bit MODP group of RFC 2409 6.2 as PKCS#3 "DH
// PARAMETERS", for servers that must offer a weak DHE group. OpenSSL 3
// ignores a 1024-bit X9.42 file from `openssl dhparam -dsaparam` and falls
// back to ffdhe2048, so tests need this form.
func DH1024PEM() []byte {
	p, _ := new(big.Int).SetString("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16)
	der, err := asn1.Marshal(struct{ P, G *big.Int }{p, big.NewInt(2)})
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "DH PARAMETERS", Bytes: der})
}
