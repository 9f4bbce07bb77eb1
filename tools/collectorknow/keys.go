package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Node is the keys accepted at one level of a component's config: "*"
// stands for any key (a map), "[]" for a list's items; nil means "not
// checked below" (a scalar, an interface, or a type that decodes itself
// in a way this walk does not follow).
type Node map[string]Node

// pkg is one parsed Go package of a module version.
type pkg struct {
	path  string
	types map[string]*typeDecl
	// methods by receiver type name.
	methods map[string][]*ast.FuncDecl
	files   []*ast.File
}

type typeDecl struct {
	spec    *ast.TypeSpec
	imports map[string]string // the declaring file's imports: name -> path
}

// sourceTree resolves packages of one component module version and of
// the modules its go.mod requires (at the versions it requires: go.mod
// lists every module of the build since Go 1.17).
type sourceTree struct {
	ctx      context.Context
	f        *fetcher
	root     string            // the component's module path
	requires map[string]string // module path -> version, the root included
	warn     func(string)
}

func newSourceTree(ctx context.Context, f *fetcher, mod, version, dir string, warn func(string)) (*sourceTree, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return nil, err
	}
	t := &sourceTree{ctx: ctx, f: f, root: mod, requires: parseRequires(data), warn: warn}
	t.requires[mod] = version
	return t, nil
}

// parseRequires reads the require lines of a go.mod.
func parseRequires(data []byte) map[string]string {
	out := map[string]string{}
	inBlock := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		}
		if rest, ok := strings.CutPrefix(line, "require "); ok {
			line = rest
		} else if !inBlock {
			continue
		}
		if f := strings.Fields(line); len(f) >= 2 {
			out[f[0]] = f[1]
		}
	}
	return out
}

// load parses the package at an import path; nil when it is the standard
// library's or no required module holds it.
func (t *sourceTree) load(importPath string) *pkg {
	if first, _, _ := strings.Cut(importPath, "/"); !strings.Contains(first, ".") {
		return nil // the standard library
	}
	mod := ""
	for m := range t.requires {
		if (importPath == m || strings.HasPrefix(importPath, m+"/")) && len(m) > len(mod) {
			mod = m
		}
	}
	if mod == "" {
		t.warn(fmt.Sprintf("%s: no required module holds it", importPath))
		return nil
	}
	// Packages are parsed once per module version, for every component
	// and release that uses them.
	key := importPath + "@" + t.requires[mod]
	parsedMu.Lock()
	e, ok := parsed[key]
	if !ok {
		e = &parsedPkg{}
		parsed[key] = e
	}
	parsedMu.Unlock()
	e.once.Do(func() { e.p = t.parse(importPath, mod) })
	return e.p
}

type parsedPkg struct {
	once sync.Once
	p    *pkg
}

var (
	parsedMu sync.Mutex
	parsed   = map[string]*parsedPkg{}
)

func (t *sourceTree) parse(importPath, mod string) *pkg {
	dir, err := t.f.dir(t.ctx, mod, t.requires[mod])
	if err != nil {
		t.warn(fmt.Sprintf("%s: %v", importPath, err))
		return nil
	}
	dir = filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(importPath, mod)))
	p := &pkg{path: importPath, types: map[string]*typeDecl{}, methods: map[string][]*ast.FuncDecl{}}
	fset := token.NewFileSet()
	names := make([]string, 0)
	for n := range goSources(dir) {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		p.files = append(p.files, f)
		imports := map[string]string{}
		for _, im := range f.Imports {
			path := strings.Trim(im.Path.Value, `"`)
			name := pathBase(path)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = path
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					p.types[ts.Name.Name] = &typeDecl{spec: ts, imports: imports}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 {
					if name := recvName(d.Recv.List[0].Type); name != "" {
						p.methods[name] = append(p.methods[name], d)
					}
				}
			}
		}
	}
	return p
}

// pathBase is the package name an import path is known by without a
// name: its last element, without a major version suffix or a "go-" prefix.
func pathBase(path string) string {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = parts[len(parts)-2]
	}
	last = strings.TrimPrefix(last, "go-")
	return strings.ReplaceAll(last, "-", "_")
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	}
	return ""
}

// configType is the type the factory's default config is: what
// createDefaultConfig returns (&Config{...} in nearly every component).
func configType(p *pkg) string {
	for _, f := range p.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != "createDefaultConfig" || fd.Body == nil {
				continue
			}
			for _, st := range fd.Body.List {
				ret, ok := st.(*ast.ReturnStmt)
				if !ok || len(ret.Results) != 1 {
					continue
				}
				e := ret.Results[0]
				if u, ok := e.(*ast.UnaryExpr); ok {
					e = u.X
				}
				if cl, ok := e.(*ast.CompositeLit); ok {
					if id, ok := cl.Type.(*ast.Ident); ok {
						return id.Name
					}
				}
			}
		}
	}
	return "Config"
}

// walker reads the keys of a type, following named types across packages.
type walker struct {
	t     *sourceTree
	stack []string
	where string
}

const (
	confmapPkg     = "go.opentelemetry.io/collector/confmap"
	configoptional = "go.opentelemetry.io/collector/config/configoptional"
)

// keysOf is the key tree of the component's config type.
func (t *sourceTree) keysOf() (Node, bool) {
	modPath := t.root
	p := t.load(modPath)
	if p == nil {
		return nil, false
	}
	name := configType(p)
	if p.types[name] == nil {
		t.warn(fmt.Sprintf("%s: no type %s", modPath, name))
		return nil, false
	}
	w := &walker{t: t, where: modPath + "." + name}
	return w.named(p, name), true
}

// named is the keys of a named type of a package.
func (w *walker) named(p *pkg, name string) Node {
	key := p.path + "." + name
	for _, s := range w.stack {
		if s == key {
			return nil // recursive type: not followed
		}
	}
	w.stack = append(w.stack, key)
	defer func() { w.stack = w.stack[:len(w.stack)-1] }()
	td := p.types[name]
	if td == nil {
		w.t.warn(fmt.Sprintf("%s: type %s not found", w.where, key))
		return nil
	}
	if td.spec.TypeParams != nil {
		return nil // a generic type: not followed (Optional is handled by its users)
	}
	for _, m := range p.methods[name] {
		switch {
		case m.Name.Name == "UnmarshalText":
			return nil // decoded from a string
		case m.Name.Name == "Unmarshal" && isConfUnmarshal(m, td.imports, p):
			if !keyPreserving(m) {
				w.t.warn(fmt.Sprintf("%s: %s decodes itself: left unchecked", w.where, key))
				return nil
			}
		}
	}
	return w.expr(p, td.imports, td.spec.Type)
}

// isConfUnmarshal says whether a method is confmap.Unmarshaler's
// Unmarshal(*confmap.Conf) error.
func isConfUnmarshal(m *ast.FuncDecl, imports map[string]string, p *pkg) bool {
	params := m.Type.Params.List
	if len(params) != 1 {
		return false
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	switch x := star.X.(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok || x.Sel.Name != "Conf" {
			return false
		}
		// the file of the method may import confmap under its own name
		for _, f := range p.files {
			for _, im := range f.Imports {
				path := strings.Trim(im.Path.Value, `"`)
				name := pathBase(path)
				if im.Name != nil {
					name = im.Name.Name
				}
				if name == id.Name && path == confmapPkg {
					return true
				}
			}
		}
		return imports[id.Name] == confmapPkg
	case *ast.Ident:
		return x.Name == "Conf" && p.path == confmapPkg
	}
	return false
}

// keyPreserving says whether a custom Unmarshal decodes the struct's own
// fields with the Conf's strict Unmarshal (so the keys are the struct's):
// it calls conf.Unmarshal on the receiver, uses nothing of the Conf but Unmarshal, IsSet
// and Get, and does not ask to ignore unused keys. Anything else (Sub,
// ToStringMap, Get, ...) reads keys this walk does not see.
func keyPreserving(m *ast.FuncDecl) bool {
	if m.Body == nil || len(m.Type.Params.List[0].Names) == 0 {
		return false
	}
	conf := m.Type.Params.List[0].Names[0].Name
	recv := ""
	if names := m.Recv.List[0].Names; len(names) == 1 {
		recv = names[0].Name
	}
	unmarshals, other := false, false
	ast.Inspect(m.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok && id.Name == conf {
				switch n.Sel.Name {
				case "Unmarshal":
					unmarshals = true // its argument is checked below
				case "IsSet", "Get":
				default:
					other = true
				}
			}
		case *ast.Ident:
			if n.Name == "WithIgnoreUnused" {
				other = true
			}
		case *ast.CallExpr:
			// conf.Unmarshal into something else than the receiver (a
			// map, a local struct): the keys are not the struct's.
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Unmarshal" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == conf && (len(n.Args) == 0 || recv == "" || !mentions(n.Args[0], recv)) {
					other = true
				}
			}
			// the Conf passed whole to another function: not followed
			for _, a := range n.Args {
				if id, ok := a.(*ast.Ident); ok && id.Name == conf {
					if sel, ok := n.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Unmarshal" {
						other = true
					}
				}
			}
		}
		return true
	})
	return unmarshals && !other
}

var basic = map[string]bool{
	"string": true, "bool": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true, "byte": true, "rune": true,
	"any": true, "error": true,
}

// expr is the keys of a type expression in a package's file.
func (w *walker) expr(p *pkg, imports map[string]string, e ast.Expr) Node {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return w.expr(p, imports, e.X)
	case *ast.StarExpr:
		return w.expr(p, imports, e.X)
	case *ast.ArrayType:
		if c := w.expr(p, imports, e.Elt); c != nil {
			return Node{"[]": c}
		}
		return nil
	case *ast.MapType:
		return Node{"*": w.expr(p, imports, e.Value)}
	case *ast.Ident:
		if basic[e.Name] {
			return nil
		}
		return w.named(p, e.Name)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil
		}
		path, ok := imports[x.Name]
		if !ok {
			return nil
		}
		q := w.t.load(path)
		if q == nil {
			return nil // the standard library's (time.Duration, ...) or not found: a scalar to us
		}
		return w.named(q, e.Sel.Name)
	case *ast.IndexExpr:
		// configoptional.Optional[T] decodes T and takes an "enabled" key
		// (feature gate configoptional.AddEnabledField): allowing it never
		// flags a key the Collector accepts.
		if sel, ok := e.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Optional" {
			if x, ok := sel.X.(*ast.Ident); ok && imports[x.Name] == configoptional {
				n := w.expr(p, imports, e.Index)
				if n != nil {
					n["enabled"] = nil
				}
				return n
			}
		}
		return nil
	case *ast.StructType:
		n := Node{}
		if !w.fields(p, imports, e, n) {
			return nil
		}
		return n
	}
	return nil // interfaces, funcs, channels, other generics
}

// fields adds a struct's keys to n; false when the struct takes any key
// (",remain") or squashes a part that is not read.
func (w *walker) fields(p *pkg, imports map[string]string, st *ast.StructType, n Node) bool {
	for _, f := range st.Fields.List {
		tag := ""
		if f.Tag != nil {
			tag = structTag(strings.Trim(f.Tag.Value, "`"), "mapstructure")
		}
		parts := strings.Split(tag, ",")
		name, opts := parts[0], parts[1:]
		if name == "-" {
			continue
		}
		if contains(opts, "remain") {
			return false
		}
		if contains(opts, "squash") {
			sub := w.expr(p, imports, f.Type)
			if sub == nil {
				return false
			}
			for k, v := range sub {
				n[k] = v
			}
			continue
		}
		names := f.Names
		if len(names) == 0 { // embedded: its type's name
			names = []*ast.Ident{{Name: recvName(deselect(f.Type))}}
		}
		for _, id := range names {
			if id.Name == "" || !unicode.IsUpper(rune(id.Name[0])) {
				continue // unexported: mapstructure does not set it
			}
			key := name
			if key == "" {
				key = id.Name // mapstructure's default, matched case-sensitively by confmap
			}
			n[key] = w.expr(p, imports, f.Type)
		}
	}
	return true
}

func deselect(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.StarExpr:
		return deselect(x.X)
	case *ast.SelectorExpr:
		return x.Sel
	}
	return e
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// structTag is reflect.StructTag.Get without reflect's type.
func structTag(tag, key string) string {
	for tag != "" {
		i := 0
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		tag = tag[i:]
		i = 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' {
			i++
		}
		if i == 0 || i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			return ""
		}
		name := tag[:i]
		tag = tag[i+1:]
		i = 1
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			return ""
		}
		value := tag[1:i]
		tag = tag[i+1:]
		if name == key {
			return value
		}
	}
	return ""
}

// mentions says whether an expression uses the identifier name.
func mentions(e ast.Expr, name string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}
