package facts

// ChainStatus says how path building from a leaf ended.
type ChainStatus string

const (
	// ChainTrusted: the path ends at a trust anchor (f.Roots).
	ChainTrusted ChainStatus = "trusted"
	// ChainUntrustedRoot: the path ends at a self-signed certificate that is
	// not a trust anchor (a private root, or a self-signed leaf).
	ChainUntrustedRoot ChainStatus = "untrusted-root"
	// ChainMissingIssuer: the path stops at a certificate that is not
	// self-signed and whose issuer is neither in the inputs nor the roots.
	ChainMissingIssuer ChainStatus = "missing-issuer"
	// ChainBudgetExhausted: path building gave up after its work budget.
	ChainBudgetExhausted ChainStatus = "budget-exhausted"
)

// Chain is the certification path built for one leaf, with the reasons it
// fails validation, if any.
type Chain struct {
	Leaf *Cert `json:"leaf"`
	// Path is leaf first, each certificate followed by its issuer. When
	// Status is ChainTrusted the last element is a trust anchor from Roots.
	Path   []*Cert     `json:"path"`
	Status ChainStatus `json:"status"`
	// Missing describes the issuer of the last certificate of Path when
	// Status is ChainMissingIssuer.
	Missing *MissingIssuer `json:"missing,omitempty"`
	// DepthLimited: with ChainBudgetExhausted, the search stopped because
	// every path was longer than MaxPathDepth, not for lack of budget.
	DepthLimited bool `json:"depth_limited,omitempty"`
	// Problems are validation failures of the built path other than the
	// status above: bad signature, expired intermediate, CA without
	// keyCertSign, name constraints, path length, ... (chain.invalid).
	Problems []ChainProblem `json:"problems,omitempty"`
	// Served is the chain as the server would send it: the leaf's own bundle
	// file in file order, followed by an explicit chain file's certificates
	// (--chain / chain.pem) when the leaf came from a separate cert file.
	Served []*Cert `json:"served,omitempty"`
}

// MissingIssuer names a certificate the path needs but nobody supplied.
type MissingIssuer struct {
	Subject string   `json:"subject"`           // issuer DN of the last certificate in the path
	AKI     string   `json:"aki,omitempty"`     // authority key id, hex
	AIA     []string `json:"aia,omitempty"`     // caIssuers URLs
	Fetched bool     `json:"fetched,omitempty"` // --fetch-aia tried and failed
}

// ChainProblem is one reason a path does not validate; Index is the position
// in Path of the certificate at fault.
type ChainProblem struct {
	Index  int    `json:"index"`
	Reason string `json:"reason"`
}

// Chains returns one chain per leaf (see Leaves), built once and shared by
// every check.
func (f *Facts) Chains() []*Chain {
	f.memo.chainsOnce.Do(func() { f.memo.chains = buildChains(f) })
	return f.memo.chains
}
