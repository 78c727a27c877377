// Package all registers every check family; import it for its side effects.
package all

import (
	_ "github.com/tlscheck/tlscheck/checks/cert"
	_ "github.com/tlscheck/tlscheck/checks/chain"
	_ "github.com/tlscheck/tlscheck/checks/cipher"
	_ "github.com/tlscheck/tlscheck/checks/client"
	_ "github.com/tlscheck/tlscheck/checks/compat"
	_ "github.com/tlscheck/tlscheck/checks/config"
	_ "github.com/tlscheck/tlscheck/checks/crl"
	_ "github.com/tlscheck/tlscheck/checks/csr"
	_ "github.com/tlscheck/tlscheck/checks/dh"
	_ "github.com/tlscheck/tlscheck/checks/file"
	_ "github.com/tlscheck/tlscheck/checks/host"
	_ "github.com/tlscheck/tlscheck/checks/key"
	_ "github.com/tlscheck/tlscheck/checks/policy"
	_ "github.com/tlscheck/tlscheck/checks/proto"
	_ "github.com/tlscheck/tlscheck/checks/tls"
	_ "github.com/tlscheck/tlscheck/checks/vuln"
	_ "github.com/tlscheck/tlscheck/checks/zlint"
)
