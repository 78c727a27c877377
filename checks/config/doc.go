// Package config holds the config.* checks: what a server's own TLS
// configuration (nginx, mosquitto, NATS, Crossbar.io, EMQX) gets wrong
// beyond the files it names. They read facts.Facts.Config, which
// `tlscheck config` fills per listener; each fix names the directive and
// its file:line.
package config
