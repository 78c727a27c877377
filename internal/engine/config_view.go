package engine

import (
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/internal/serverconf"
)

// configView turns what serverconf read into the facts the config.* checks
// read, and looks at every file the listener names (stat, owner, whether
// the service user can read it). l nil: the configuration-wide view.
func configView(c *serverconf.Config, l *serverconf.Listener, serviceUserFlag string) *facts.ServerConfig {
	v := &facts.ServerConfig{Type: c.Type, Path: c.Path}
	v.ServiceUser = c.ServiceUser
	if c.ServiceUserBy != nil {
		v.ServiceUserBy = c.ServiceUserBy.Directive + " at " + c.ServiceUserBy.Where.String()
	} else if c.ServiceUser != "" {
		v.ServiceUserBy = string(c.Type) + "'s default"
	}
	if c.ServiceUserBy == nil && serviceUserFlag != "" {
		v.ServiceUser, v.ServiceUserBy = serviceUserFlag, "--service-user"
	}
	if l == nil {
		for _, p := range c.Problems {
			v.Problems = append(v.Problems, facts.ConfigProblem{Kind: p.Kind.Fact(), Where: p.Where.String(), Message: p.Message})
		}
		return v
	}
	v.Listener, v.Kind, v.Outgoing, v.Where = l.Name, l.Kind, l.Outgoing, l.Where.String()
	v.Address, v.Port, v.TLS, v.Hosts = l.Address, l.Port, l.TLS, l.Hosts
	for _, u := range c.Users {
		v.Users = append(v.Users, u.Value)
	}
	v.Ciphers, v.Ciphersuites, v.Protocols, v.Curves = setting(l.Ciphers), setting(l.Ciphersuites), setting(l.Protocols), setting(l.Curves)
	v.Verify, v.VerifyBy = l.Verify.Fact(), setting(l.VerifyBy)
	v.Timeout, v.KeyPassword = setting(l.Timeout), setting(l.KeyPassword)
	v.UseIdentityAsUsername = flagSetting(l, l.UseIdentityAsUsername, "use_identity_as_username", "use_subject_as_username")
	v.VerifyAndMap = flagSetting(l, l.VerifyAndMap, "tls.verify_and_map", "verify_and_map")
	v.Insecure = flagSetting(l, l.Insecure, "tls.insecure", "insecure")
	for _, p := range l.PinnedCerts {
		v.PinnedCerts = append(v.PinnedCerts, *setting(&p))
	}
	reader := load.LookupReader(v.ServiceUser)
	if c.Type == serverconf.Nginx && serviceUserFlag == "" {
		// The nginx master reads certificates and keys as root before its
		// workers drop to `user`; only files named with variables are read
		// by the workers, and those cannot be looked at before run time.
		reader = reader.AsMaster()
	}
	add := func(role string, ss []serverconf.Setting) {
		for _, s := range ss {
			v.Files = append(v.Files, inspectFile(role, s, reader))
		}
	}
	add(facts.ConfigCert, l.Cert)
	add(facts.ConfigKey, l.Key)
	add(facts.ConfigChain, l.Chain)
	add(facts.ConfigCA, l.CA)
	add(facts.ConfigClientCA, l.ClientCA)
	add(facts.ConfigDHParam, l.DHParam)
	add(facts.ConfigCRL, l.CRL)
	if l.KeyPassword != nil && c.Type == serverconf.Nginx {
		add(facts.ConfigPassword, []serverconf.Setting{*l.KeyPassword})
	}
	return v
}

func setting(s *serverconf.Setting) *facts.ConfigSetting {
	if s == nil {
		return nil
	}
	return &facts.ConfigSetting{Directive: s.Directive, Value: s.Value, Args: s.Args, Where: s.Where.String()}
}

// flagSetting finds the directive that set a boolean, for its position.
func flagSetting(l *serverconf.Listener, on bool, names ...string) *facts.ConfigSetting {
	if !on {
		return nil
	}
	for _, n := range names {
		if ss := l.Directives[n]; len(ss) > 0 {
			return setting(&ss[len(ss)-1])
		}
	}
	for name, ss := range l.Directives {
		for _, n := range names {
			if len(name) >= len(n) && name[len(name)-len(n):] == n && len(ss) > 0 {
				return setting(&ss[len(ss)-1])
			}
		}
	}
	return &facts.ConfigSetting{Directive: names[len(names)-1], Value: "true", Where: l.Where.String()}
}

// inspectFile describes a file a directive names: the setting, and what
// load.InspectAccess found of the file and the reader's access to it.
func inspectFile(role string, s serverconf.Setting, r load.Reader) facts.ConfigFile {
	f := facts.ConfigFile{Role: role, Setting: *setting(&s), Path: s.Value, Dynamic: s.Dynamic}
	if s.Dynamic || s.Value == "" {
		return f
	}
	load.InspectAccess(&f, s.Value, r)
	return f
}
