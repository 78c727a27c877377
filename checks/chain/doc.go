// Package chain holds the chain.* checks: the served chain, its order and its path to a trust anchor.
package chain
