// Package cipher holds the cipher.* checks: the cipher suites a scanned
// server accepts (facts.Scan), judged suite by suite from the suite table
// (internal/suites).
package cipher
