package model

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// ConfigLayer is one config source of a Collector, as read.
type ConfigLayer struct {
	// URI is as the command line gives it.
	URI string
	// File is the file a person edits ("" for env: and yaml: layers).
	File string
	Data []byte
}

// UnreadLayer is a config source labctl cannot read, with why.
type UnreadLayer struct {
	URI string
	Err error
}

// CollectorLayers reads the layers a command line names, in order, as the
// Collector's providers would: a path or a file: URI through read (the
// caller knows where a container path is on the host), env:NAME from env
// (the variable's value is YAML), yaml:TEXT inline. Other schemes (http,
// https, a custom provider) and files read cannot give are unread, with why.
func CollectorLayers(uris []string, env map[string]string, read func(path string) (file string, data []byte, err error)) ([]ConfigLayer, []UnreadLayer) {
	var layers []ConfigLayer
	var unread []UnreadLayer
	for _, uri := range uris {
		scheme, rest, hasScheme := cutScheme(uri)
		switch {
		case !hasScheme || scheme == "file":
			p := uri
			if hasScheme {
				p = rest
			}
			file, data, err := read(p)
			if err != nil {
				unread = append(unread, UnreadLayer{uri, err})
				continue
			}
			layers = append(layers, ConfigLayer{URI: uri, File: file, Data: data})
		case scheme == "env":
			v, ok := env[rest]
			if !ok {
				unread = append(unread, UnreadLayer{uri, fmt.Errorf("the Collector's environment has no %s", rest)})
				continue
			}
			layers = append(layers, ConfigLayer{URI: uri, Data: []byte(v)})
		case scheme == "yaml":
			layers = append(layers, ConfigLayer{URI: uri, Data: []byte(rest)})
		default:
			unread = append(unread, UnreadLayer{uri, fmt.Errorf("labctl does not read %s: configs", scheme)})
		}
	}
	return layers, unread
}

// cutScheme splits "scheme:rest" as confmap's resolver recognises a URI:
// a scheme of letters, digits, + - . starting with a letter, of at least
// two characters (so that C:\path on Windows is a path).
func cutScheme(uri string) (scheme, rest string, ok bool) {
	i := strings.Index(uri, ":")
	if i < 2 {
		return "", uri, false
	}
	for j, c := range uri[:i] {
		if !(isLetter(byte(c)) || (j > 0 && (isDigit(byte(c)) || c == '+' || c == '-' || c == '.'))) {
			return "", uri, false
		}
	}
	return uri[:i], uri[i+1:], true
}

// MergedConfig is a Collector's config made of its layers.
type MergedConfig struct {
	// Root is the merged mapping. Each node keeps the line it has in its
	// own layer; FileOf says which file that is.
	Root   *yaml.Node
	Layers []ConfigLayer
	from   map[*yaml.Node]int
}

// FileOf is the file a node of Root comes from ("" for an env: or yaml:
// layer, or a node made by the merge).
func (m *MergedConfig) FileOf(n *yaml.Node) string {
	if i, ok := m.from[n]; ok {
		return m.Layers[i].File
	}
	return ""
}

// Bytes is the merged config as YAML (for ParseCollector: lines then are
// the merged text's, not the layers').
func (m *MergedConfig) Bytes() ([]byte, error) { return yaml.Marshal(m.Root) }

// MergeCollectorLayers merges layers as the Collector's confmap Resolver
// does (v0.145.0: Resolve merges each retrieved Conf in order with
// Conf.Merge, koanf's maps.Merge; ${...} references are expanded after the
// merge): a key with "::" is a path (koanf's delimiter); two mappings merge
// key by key; any other later value (a scalar, a list, null) replaces the
// earlier one whole. With appendLists (feature gate
// confmap.enableMergeAppendOption), the lists at service::extensions and
// service::**::receivers|exporters are the earlier list followed by the
// later one's items that are not in it. An empty layer changes nothing.
func MergeCollectorLayers(layers []ConfigLayer, appendLists bool) (*MergedConfig, error) {
	m := &MergedConfig{Layers: layers, from: map[*yaml.Node]int{}}
	m.Root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i, l := range layers {
		name := l.File
		if name == "" {
			name = l.URI
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(l.Data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := normalize(doc.Content[0])
		if isNull(root) {
			continue
		}
		if root.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s: the config is not a mapping of keys", name)
		}
		m.mark(root, i)
		m.merge(m.Root, root, nil, appendLists)
	}
	return m, nil
}

func (m *MergedConfig) mark(n *yaml.Node, layer int) {
	m.from[n] = layer
	for _, c := range n.Content {
		m.mark(c, layer)
	}
}

// normalize resolves aliases and << merge keys (as decoding to a map
// does) and turns "a::b" keys into nested mappings, in a copy.
func normalize(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	c := *n
	c.Content = nil
	switch n.Kind {
	case yaml.SequenceNode:
		for _, e := range n.Content {
			c.Content = append(c.Content, normalize(e))
		}
	case yaml.MappingNode:
		out := &c
		var inherited []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], normalize(n.Content[i+1])
			if k.Value == "<<" && k.Tag != "!!str" {
				inherited = append(inherited, v)
				continue
			}
			setPath(out, k, strings.Split(k.Value, "::"), v)
		}
		// merged-in keys count only where the mapping does not set them
		for _, src := range inherited {
			list := []*yaml.Node{src}
			if src.Kind == yaml.SequenceNode {
				list = src.Content
			}
			for _, s := range list {
				if s.Kind != yaml.MappingNode {
					continue
				}
				for i := 0; i+1 < len(s.Content); i += 2 {
					if _, v := lookup(out, s.Content[i].Value); v == nil {
						out.Content = append(out.Content, s.Content[i], s.Content[i+1])
					}
				}
			}
		}
	}
	return &c
}

// setPath sets a (possibly "::"-split) key in a mapping, making the levels.
func setPath(m *yaml.Node, key *yaml.Node, parts []string, v *yaml.Node) {
	for len(parts) > 1 {
		_, next := lookup(m, parts[0])
		if next == nil || next.Kind != yaml.MappingNode {
			k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: parts[0], Line: key.Line, Column: key.Column}
			next = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: key.Line, Column: key.Column}
			replaceKey(m, k, next)
		}
		m, parts = next, parts[1:]
	}
	k := key
	if k.Value != parts[0] {
		k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: parts[0], Line: key.Line, Column: key.Column}
	}
	replaceKey(m, k, v)
}

// replaceKey sets k: v in a mapping, in place of an earlier value of k.
func replaceKey(m, k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k.Value {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, k, v)
}

// merge merges src into dst (both mappings), as koanf's maps.Merge.
func (m *MergedConfig) merge(dst, src *yaml.Node, at []string, appendLists bool) {
	for i := 0; i+1 < len(src.Content); i += 2 {
		k, v := src.Content[i], src.Content[i+1]
		_, old := lookup(dst, k.Value)
		p := append(append([]string{}, at...), k.Value)
		switch {
		case old != nil && old.Kind == yaml.MappingNode && v.Kind == yaml.MappingNode:
			m.merge(old, v, p, appendLists)
		case old != nil && appendLists && old.Kind == yaml.SequenceNode && v.Kind == yaml.SequenceNode && componentList(p):
			merged := *old
			merged.Content = append([]*yaml.Node{}, old.Content...)
			for _, item := range v.Content {
				if !hasItem(merged.Content, item) {
					merged.Content = append(merged.Content, item)
				}
			}
			m.from[&merged] = m.from[old]
			replaceKey(dst, k, &merged)
		default:
			// the later layer's key and value: its file and line
			replaceKV(dst, k, v)
		}
	}
}

// replaceKV is replaceKey that also takes the new key node.
func replaceKV(m, k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k.Value {
			m.Content[i], m.Content[i+1] = k, v
			return
		}
	}
	m.Content = append(m.Content, k, v)
}

// componentList matches confmap's mergeAppend globs: service::extensions,
// service::**::receivers, service::**::exporters.
func componentList(p []string) bool {
	joined := strings.Join(p, "::")
	if joined == "service::extensions" {
		return true
	}
	if len(p) < 3 || p[0] != "service" {
		return false
	}
	last := p[len(p)-1]
	ok, _ := path.Match("*", last)
	return ok && (last == "receivers" || last == "exporters")
}

func hasItem(list []*yaml.Node, item *yaml.Node) bool {
	for _, x := range list {
		if x.Kind == yaml.ScalarNode && item.Kind == yaml.ScalarNode && x.Value == item.Value {
			return true
		}
	}
	return false
}

// MainFile is the file of the first layer read from a file: the config
// the others overlay, that findings name.
func (m *MergedConfig) MainFile() string {
	for _, l := range m.Layers {
		if l.File != "" {
			return l.File
		}
	}
	return ""
}

// MainDoc is a copy of Root where the nodes from other layers than the
// main file have no line: a finding about them names no line of the main
// file that is not theirs (facts carry one file name each until they carry
// FileOf).
func (m *MergedConfig) MainDoc() *yaml.Node {
	main := m.MainFile()
	var cp func(n *yaml.Node) *yaml.Node
	cp = func(n *yaml.Node) *yaml.Node {
		c := *n
		if m.FileOf(n) != main || main == "" {
			c.Line, c.Column = 0, 0
		}
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, e := range n.Content {
			c.Content[i] = cp(e)
		}
		return &c
	}
	return cp(m.Root)
}

// ParseMergedCollector is ParseCollector on a merged config (MainDoc,
// named by MainFile); ${...} references are expanded after the merge, as
// the Collector does.
func ParseMergedCollector(m *MergedConfig, env map[string]string) (*Collector, error) {
	return parseCollectorRoot(m.MainDoc(), m.MainFile(), env)
}

// ResolveFileRefs expands the ${file:PATH} references of the merged
// config as the Collector does after merging (its file provider): a value
// that is one reference becomes the file's YAML, a reference inside a
// longer string the file's text, final newline included. read gives a file by the path the
// Collector sees; a reference it cannot give is left as written and
// returned.
func (m *MergedConfig) ResolveFileRefs(read func(path string) ([]byte, error)) []UnreadLayer {
	var unread []UnreadLayer
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if c.Kind != yaml.ScalarNode || !strings.Contains(c.Value, "${file:") {
				walk(c)
				continue
			}
			v := c.Value
			if p, ok := wholeFileRef(v); ok {
				data, err := read(p)
				if err != nil {
					unread = append(unread, UnreadLayer{"file:" + p, err})
					continue
				}
				var doc yaml.Node
				if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 {
					r := normalize(doc.Content[0])
					r.Line, r.Column = c.Line, c.Column
					n.Content[i] = r
				}
				continue
			}
			var b strings.Builder
			for {
				start := strings.Index(v, "${file:")
				end := strings.Index(v[max(start, 0):], "}")
				if start < 0 || end < 0 {
					b.WriteString(v)
					break
				}
				end += start
				p := v[start+len("${file:") : end]
				data, err := read(p)
				if err != nil {
					unread = append(unread, UnreadLayer{"file:" + p, err})
					b.WriteString(v[:end+1])
				} else {
					b.WriteString(v[:start])
					b.WriteString(string(data)) // as is: its last newline too (measured: otelcol 0.145.0 print-config)
				}
				v = v[end+1:]
			}
			c.Value = b.String()
		}
	}
	walk(m.Root)
	return unread
}

func wholeFileRef(v string) (string, bool) {
	if strings.HasPrefix(v, "${file:") && strings.HasSuffix(v, "}") && strings.Count(v, "${") == 1 {
		return v[len("${file:") : len(v)-1], true
	}
	return "", false
}

// ReadLayeredCollector reads a Collector's config as the Collector does
// when its command line (a) has several layers (--config more than once,
// --set) or its one config reads files (${file:PATH}): every layer through
// read (a path as the Collector sees it; the caller knows where that is),
// merged in order, then the file references expanded. ok is false when the
// command has one plain layer or none (the caller reads that one file), or
// its first layer is not a file read gives; err says why the layers do not
// merge.
func ReadLayeredCollector(a CollectorArgs, env map[string]string, read func(path string) (file string, data []byte, err error)) (m *MergedConfig, ok bool, err error) {
	layers, _ := CollectorLayers(a.URIs(), env, read)
	if len(layers) == 0 || layers[0].File == "" {
		return nil, false, nil
	}
	if len(a.URIs()) < 2 && !strings.Contains(string(layers[0].Data), "${file:") {
		return nil, false, nil
	}
	m, err = MergeCollectorLayers(layers, a.MergeAppend())
	if err != nil {
		return nil, true, err
	}
	m.ResolveFileRefs(func(path string) ([]byte, error) {
		_, data, err := read(path)
		return data, err
	})
	return m, true, nil
}
