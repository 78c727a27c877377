package facts

// Scheme is the URL scheme a probe target was written with ("" for a bare
// host:port). In JSON it is the name. internal/probe owns which schemes it
// accepts (TLS from the first byte, or a STARTTLS protocol's); checks
// compare against these constants.
type Scheme string

// Schemes of TLS from the first byte.
const (
	SchemeHTTPS Scheme = "https"
	SchemeWSS   Scheme = "wss"
	SchemeMQTTS Scheme = "mqtts"
	SchemeTLS   Scheme = "tls" // any protocol, the port is required
	SchemeSMTPS Scheme = "smtps"
	SchemeIMAPS Scheme = "imaps"
	SchemePOP3S Scheme = "pop3s"
	SchemeFTPS  Scheme = "ftps"
	SchemeLDAPS Scheme = "ldaps"
)

// Schemes of the STARTTLS protocols (the protocol's plaintext, then TLS).
const (
	SchemeSMTP       Scheme = "smtp"
	SchemeSubmission Scheme = "submission"
	SchemeIMAP       Scheme = "imap"
	SchemePOP3       Scheme = "pop3"
	SchemeFTP        Scheme = "ftp"
	SchemeXMPP       Scheme = "xmpp"
	SchemeLDAP       Scheme = "ldap"
	SchemePostgres   Scheme = "postgres"
	SchemePostgreSQL Scheme = "postgresql"
	SchemeMySQL      Scheme = "mysql"
	SchemeNATS       Scheme = "nats"
)

// SchemeMQTT is plain MQTT, which a probe refuses (it hints mqtts://);
// checks still recognise it in facts written by hand.
const SchemeMQTT Scheme = "mqtt"

func (s Scheme) String() string { return string(s) }

// StartTLSProtocol names the plaintext protocol spoken before TLS
// (--starttls, Connection.StartTLS); "" is TLS from the first byte. In
// JSON it is the name. internal/probe's STARTTLS table has one entry for
// each.
type StartTLSProtocol string

// STARTTLS protocols, in the order --starttls lists them.
const (
	StartTLSSMTP     StartTLSProtocol = "smtp"
	StartTLSIMAP     StartTLSProtocol = "imap"
	StartTLSPOP3     StartTLSProtocol = "pop3"
	StartTLSFTP      StartTLSProtocol = "ftp"
	StartTLSXMPP     StartTLSProtocol = "xmpp"
	StartTLSLDAP     StartTLSProtocol = "ldap"
	StartTLSPostgres StartTLSProtocol = "postgres"
	StartTLSMySQL    StartTLSProtocol = "mysql"
	StartTLSNATS     StartTLSProtocol = "nats" // the NATS INFO line before TLS
)

func (p StartTLSProtocol) String() string { return string(p) }
