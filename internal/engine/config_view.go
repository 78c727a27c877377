package engine

import (
	"errors"
	"os"
	"os/user"
	"strconv"
	"syscall"

	"github.com/tlscheck/tlscheck/internal/facts"
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
	reader := lookupReader(v.ServiceUser)
	if c.Type == serverconf.Nginx && serviceUserFlag == "" {
		// The nginx master reads certificates and keys as root before its
		// workers drop to `user`; only files named with variables are read
		// by the workers, and those cannot be looked at before run time.
		reader = reader.asMaster()
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

// reader is who reads the files: a user of this system, or (uid < 0)
// tlscheck's own process, which can only try.
type reader struct {
	name    string
	uid     int
	groups  map[int]bool
	unknown string // why the user could not be looked up
	master  bool   // the server's master process (root) reads the files
}

// asMaster is r for files read by a server's root master process.
func (r reader) asMaster() reader {
	return reader{name: "root", uid: 0, master: true}
}

func lookupReader(name string) reader {
	if name == "" {
		return reader{uid: -1}
	}
	u, err := user.Lookup(name)
	if err != nil {
		return reader{name: name, uid: -1, unknown: "no user " + name + " on this system"}
	}
	r := reader{name: name, groups: map[int]bool{}}
	r.uid, _ = strconv.Atoi(u.Uid)
	if gid, err := strconv.Atoi(u.Gid); err == nil {
		r.groups[gid] = true
	}
	if ids, err := u.GroupIds(); err == nil {
		for _, id := range ids {
			if gid, err := strconv.Atoi(id); err == nil {
				r.groups[gid] = true
			}
		}
	}
	return r
}

// inspectFile stats a file a directive names and decides whether the
// reader can read it.
func inspectFile(role string, s serverconf.Setting, r reader) facts.ConfigFile {
	f := facts.ConfigFile{Role: role, Setting: *setting(&s), Path: s.Value, Dynamic: s.Dynamic}
	if s.Dynamic || s.Value == "" {
		return f
	}
	fi, err := os.Stat(s.Value)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return f
		}
		f.Exists, f.StatError = true, pathErr(err)
		f.ReadError = f.StatError
		return f
	}
	f.Exists, f.IsDir, f.Mode = true, fi.IsDir(), uint32(fi.Mode().Perm())
	if !fi.IsDir() {
		if fh, err := os.Open(s.Value); err != nil {
			f.ReadError = pathErr(err)
		} else {
			fh.Close()
		}
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		f.Readable = f.ReadError == ""
		return f
	}
	f.Owner, f.Group = userName(int(st.Uid)), groupName(int(st.Gid))
	switch {
	case r.uid < 0 && r.name != "":
		f.Readable, f.ReadableHow = true, "not checked: "+r.unknown
	case r.uid < 0:
		f.Readable, f.ReadableHow = f.ReadError == "", "tlscheck's own user"
	case r.uid == 0 && r.master:
		f.Readable, f.ReadableHow = true, "root (the master process reads it before dropping privileges)"
	case r.uid == 0:
		f.Readable, f.ReadableHow = true, "root"
	case int(st.Uid) == r.uid:
		f.Readable, f.ReadableHow = f.Mode&0o400 != 0, "owner"
	case r.groups[int(st.Gid)]:
		f.Readable, f.ReadableHow = f.Mode&0o040 != 0, "group"
	default:
		f.Readable, f.ReadableHow = f.Mode&0o004 != 0, "other"
	}
	return f
}

func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return u.Username
	}
	return strconv.Itoa(uid)
}

func groupName(gid int) string {
	if g, err := user.LookupGroupId(strconv.Itoa(gid)); err == nil {
		return g.Name
	}
	return strconv.Itoa(gid)
}
