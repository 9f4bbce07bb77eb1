package model

// A small toolkit over yaml.v3's nodes, shared by the Collector's and
// Prometheus's parsers: decoding with errors as "FILE:LINE: message",
// duplicate keys refused and ${env:…} resolved (prepare), merge keys
// followed, and lookups by key or dotted path that keep line numbers for
// the facts. It knows nothing of what the keys mean.

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// idList reads a pipeline's list of component IDs.
func idList(file, key string, n *yaml.Node) ([]string, error) {
	if n = resolve(n); isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: %s must be a list of component IDs", file, n.Line, key)
	}
	var out []string
	for _, item := range n.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || isNull(item) {
			return nil, fmt.Errorf("%s:%d: %s must be a list of component IDs", file, item.Line, key)
		}
		out = append(out, item.Value)
	}
	return out, nil
}

// mapping checks that n, the value of key, is a mapping or null (nil).
func mapping(file, key string, n *yaml.Node) (*yaml.Node, error) {
	if n = resolve(n); isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: %s must be a mapping", file, n.Line, key)
	}
	return n, nil
}

// parseYAML decodes one YAML document and returns its root, nil when the
// document is empty. A syntax error becomes "FILE:LINE: message".
func parseYAML(data []byte, file string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	root := resolve(doc.Content[0])
	if isNull(root) {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the configuration must be a mapping of sections", file, root.Line)
	}
	return root, nil
}

// yamlError turns yaml.v3's "yaml: line 3: did not find expected key" into
// "FILE:LINE: did not find expected key", on one line.
func yamlError(file string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.Join(strings.Fields(msg), " ")
	msg = strings.TrimPrefix(msg, "unmarshal errors: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				line, msg = l, tail
			}
		}
	}
	if isParserError(msg) {
		line = problemLine(data, line)
	}
	if line > 0 {
		return fmt.Errorf("%s:%d: %s", file, line, msg)
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// isParserError tells yaml.v3's parser errors, whose "line N" is the
// 0-based line of the enclosing construct (one line above it, and often
// far above the problem), from its scanner errors, whose line is right.
func isParserError(msg string) bool {
	for _, s := range []string{"key", "node content", "'-' indicator", "',' or ']'", "',' or '}'", "<document start>"} {
		if msg == "did not find expected "+s {
			return true
		}
	}
	return false
}

// problemLine finds where a parser error is: the first line, from hint
// (yaml.v3's line, at or before the problem) on, where the file cut after
// that line no longer parses. For an unclosed [ or { that is the line
// that opens it.
func problemLine(data []byte, hint int) int {
	lines := strings.SplitAfter(string(data), "\n")
	for l := max(hint, 1); l <= len(lines); l++ {
		var n yaml.Node
		if yaml.Unmarshal([]byte(strings.Join(lines[:l], "")), &n) != nil {
			return l
		}
	}
	return hint + 1
}

// prepare walks the document once: it refuses a key defined twice in a
// mapping (the Collector's and Prometheus's YAML decoders do), and with
// expand resolves environment references in scalar values (never in
// keys), as the Collector does
// before reading the configuration. A value that is only a reference to
// an unset variable becomes null, as in the Collector.
func prepare(n *yaml.Node, file string, env map[string]string, expand bool) error {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			if err := prepare(c, file, env, expand); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.ScalarNode && k.Value != "<<" {
				if line, dup := seen[k.Value]; dup {
					return fmt.Errorf("%s:%d: mapping key %q already defined at line %d", file, k.Line, k.Value, line)
				}
				seen[k.Value] = k.Line
			}
			if err := prepare(n.Content[i+1], file, env, expand); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		if !expand || isNull(n) || !strings.Contains(n.Value, "$") {
			return nil
		}
		v, null := expandEnv(n.Value, env)
		if null {
			n.Tag, n.Value = "!!null", ""
		} else {
			n.Value = v
		}
	}
	return nil
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// scalar is a scalar's value, "" for null or a collection.
func scalar(n *yaml.Node) string {
	if n = resolve(n); n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
		return ""
	}
	return n.Value
}

// eachPair calls fn for each key and value of mapping m in file order,
// merged keys (<<: *anchor) first.
func eachPair(m *yaml.Node, fn func(k, v *yaml.Node)) {
	eachPairDepth(m, fn, 0)
}

func eachPairDepth(m *yaml.Node, fn func(k, v *yaml.Node), depth int) {
	if m = resolve(m); m == nil || m.Kind != yaml.MappingNode || depth > 10 {
		return
	}
	own := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		own[m.Content[i].Value] = true
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Value == "<<" && k.Tag == "!!merge" {
			for _, src := range mergeSources(m.Content[i+1]) {
				eachPairDepth(src, func(k, v *yaml.Node) {
					if !own[k.Value] {
						fn(k, v)
					}
				}, depth+1)
			}
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; !(k.Value == "<<" && k.Tag == "!!merge") {
			fn(k, m.Content[i+1])
		}
	}
}

func mergeSources(v *yaml.Node) []*yaml.Node {
	if v = resolve(v); v != nil && v.Kind == yaml.SequenceNode {
		return v.Content
	}
	return []*yaml.Node{v}
}

// lookup finds key in mapping m: its key and value nodes, nil when absent.
func lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	eachPair(m, func(kn, vn *yaml.Node) {
		if k == nil && kn.Value == key {
			k, v = kn, vn
		}
	})
	return k, v
}

func lookupValue(m *yaml.Node, key string) *yaml.Node {
	_, v := lookup(m, key)
	return resolve(v)
}

// dig walks nested mappings.
func dig(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n = lookupValue(n, k); n == nil {
			return nil
		}
	}
	return n
}

// collectKeys reports every key under n by dotted path, list items as
// path[i].
func collectKeys(n *yaml.Node, prefix string, fn func(path string, line int)) {
	collectKeysDepth(n, prefix, fn, 0)
}

func collectKeysDepth(n *yaml.Node, prefix string, fn func(path string, line int), depth int) {
	if n = resolve(n); n == nil || depth > 50 {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		eachPair(n, func(k, v *yaml.Node) {
			path := prefix + k.Value
			fn(path, k.Line)
			collectKeysDepth(v, path+".", fn, depth+1)
		})
	case yaml.SequenceNode:
		base := strings.TrimSuffix(prefix, ".")
		for i, item := range n.Content {
			collectKeysDepth(item, base+"["+strconv.Itoa(i)+"].", fn, depth+1)
		}
	}
}
