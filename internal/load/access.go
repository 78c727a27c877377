package load

import (
	"errors"
	"os"
	"os/user"
	"strconv"
	"syscall"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Reader is who reads a server's files: a user of this system, or (uid < 0)
// tlscheck's own process, which can only try.
type Reader struct {
	name    string
	uid     int
	groups  map[int]bool
	unknown string // why the user could not be looked up
	master  bool   // the server's master process (root) reads the files
}

// AsMaster is the reader of files read by a server's root master process.
func (r Reader) AsMaster() Reader {
	return Reader{name: "root", uid: 0, master: true}
}

// LookupReader is the reader for a user name; "" is tlscheck's own user.
func LookupReader(name string) Reader {
	if name == "" {
		return Reader{uid: -1}
	}
	u, err := user.Lookup(name)
	if err != nil {
		return Reader{name: name, uid: -1, unknown: "no user " + name + " on this system"}
	}
	r := Reader{name: name, groups: map[int]bool{}}
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

// InspectAccess fills in f what a stat of path shows (existence, type,
// mode, owner and group) and whether r can read the file; tlscheck's own
// user also tries to open it.
func InspectAccess(f *facts.ConfigFile, path string, r Reader) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return
		}
		f.Exists, f.StatError = true, pathErr(err)
		f.ReadError = f.StatError
		return
	}
	f.Exists, f.IsDir, f.Mode = true, fi.IsDir(), uint32(fi.Mode().Perm())
	if !fi.IsDir() {
		if fh, err := os.Open(path); err != nil {
			f.ReadError = pathErr(err)
		} else {
			fh.Close()
		}
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		f.Readable = f.ReadError == ""
		return
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
