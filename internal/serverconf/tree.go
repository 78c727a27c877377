package serverconf

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// cnode is a generic positioned tree for the map-shaped formats (Crossbar.io
// JSON/YAML, EMQX HOCON): a map (ordered keys), a list, or a scalar.
type cnode struct {
	file   string // set where the format has includes
	line   int
	keys   []string
	m      map[string]*cnode
	list   []*cnode
	scalar string
	isMap  bool
	isList bool
}

func newMap(line int) *cnode { return &cnode{line: line, isMap: true, m: map[string]*cnode{}} }

func (n *cnode) get(key string) *cnode {
	if n == nil || !n.isMap {
		return nil
	}
	return n.m[key]
}

// set stores v under key; maps merge as HOCON objects do.
func (n *cnode) set(key string, v *cnode) {
	if old, ok := n.m[key]; ok {
		if old.isMap && v.isMap {
			for _, k := range v.keys {
				old.set(k, v.m[k])
			}
			return
		}
	} else {
		n.keys = append(n.keys, key)
	}
	n.m[key] = v
}

func (n *cnode) str() string {
	if n == nil {
		return ""
	}
	if n.isList {
		var parts []string
		for _, e := range n.list {
			parts = append(parts, e.str())
		}
		return strings.Join(parts, " ")
	}
	return n.scalar
}

// strs is a list's scalars, or a scalar as a one-element list.
func (n *cnode) strs() []string {
	if n == nil {
		return nil
	}
	if n.isList {
		var out []string
		for _, e := range n.list {
			out = append(out, e.str())
		}
		return out
	}
	if n.isMap {
		return nil
	}
	return []string{n.scalar}
}

// fromYAML converts a go-yaml AST node.
func fromYAML(node ast.Node, depth int) *cnode {
	if node == nil {
		return &cnode{}
	}
	line := 0
	if t := node.GetToken(); t != nil && t.Position != nil {
		line = t.Position.Line
	}
	if depth > 200 {
		return &cnode{line: line}
	}
	switch n := node.(type) {
	case *ast.DocumentNode:
		return fromYAML(n.Body, depth+1)
	case *ast.MappingNode:
		out := newMap(line)
		for _, kv := range n.Values {
			addYAMLPair(out, kv, depth)
		}
		return out
	case *ast.MappingValueNode:
		out := newMap(line)
		addYAMLPair(out, n, depth)
		return out
	case *ast.SequenceNode:
		out := &cnode{line: line, isList: true}
		for _, v := range n.Values {
			out.list = append(out.list, fromYAML(v, depth+1))
		}
		return out
	case *ast.TagNode:
		return fromYAML(n.Value, depth+1)
	case *ast.AnchorNode:
		return fromYAML(n.Value, depth+1)
	case *ast.AliasNode:
		return &cnode{line: line, scalar: "*" + n.Value.String()}
	case *ast.NullNode:
		return &cnode{line: line}
	case ast.ScalarNode:
		return &cnode{line: line, scalar: fmt.Sprint(n.GetValue())}
	}
	return &cnode{line: line, scalar: node.String()}
}

func addYAMLPair(out *cnode, kv *ast.MappingValueNode, depth int) {
	key := ""
	if kv.Key != nil {
		if s, ok := kv.Key.(ast.ScalarNode); ok {
			key = fmt.Sprint(s.GetValue())
		} else {
			key = kv.Key.String()
		}
	}
	v := fromYAML(kv.Value, depth+1)
	if t := kv.Key.GetToken(); t != nil && t.Position != nil {
		v.line = t.Position.Line // the key's line: where the setting is written
	}
	out.set(key, v)
}

// pos is where n was written; file is the default when n has none.
func (n *cnode) pos(file string) Position {
	if n.file != "" {
		file = n.file
	}
	return Position{File: file, Line: n.line}
}
