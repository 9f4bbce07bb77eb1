package model

import (
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Files are a lab's files as a person edits them, with their YAML trees so
// that a rule can point at a line: the Compose file, and the Collector's
// and Prometheus's configs the services mount (their parsed forms are
// Lab.Collector and Lab.Prometheus). Lint's loader fills them from a
// project on disk; a lab the engine described has none (Lab.Files nil).
type Files struct {
	// Dir is the project's folder (absolute); every File is relative to it.
	Dir string
	// Compose is the (first) Compose file; ComposeDoc its tree (nil when
	// it could not be read again).
	Compose    string
	ComposeDoc *yaml.Node
	// Collector and Prometheus are the configs their services mount. A
	// Collector whose config is made of several layers (several --config,
	// --set) or reads files (${file:PATH}) has here its main file, and as
	// Doc the merged config where the nodes from other layers have no line.
	Collector, Prometheus ConfigFile
	// CollectorLayers is that merged config, with the file each node comes
	// from (MergedConfig.FileOf); nil for a config of one plain file.
	CollectorLayers *MergedConfig
}

// ConfigFile is one config file a service mounts.
type ConfigFile struct {
	// File is relative to the project's folder; "" when the service mounts
	// no config file.
	File string
	// Doc is the file's YAML tree (nil when it is not YAML); Err says why
	// it did not parse ("FILE:LINE: message").
	Doc *yaml.Node
	Err error
}

// Mount is one volume of a service, as the Compose file writes it.
type Mount struct {
	// Source is the host path (absolute) of a bind mount, or a volume name.
	Source, Target string
	Bind           bool
	// Line is the volume's line in the Compose file.
	Line int
}

// Rel is path relative to the project's folder (slash-separated), or path
// itself when it is outside.
func (f *Files) Rel(path string) string {
	if r, err := filepath.Rel(f.Dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}

// Line is the line of a key path in the Compose file ("[2]" for a list
// item; "KEY" also matches a "KEY=value" item); 0 when unknown.
func (f *Files) Line(path ...string) int {
	if f == nil {
		return 0
	}
	return LineOf(f.ComposeDoc, path...)
}

// EnvLine is the line that sets a service's environment variable, else the
// service's own line.
func (f *Files) EnvLine(service, key string) int {
	if l := f.Line("services", service, "environment", key); l > 0 {
		return l
	}
	return f.Line("services", service)
}

// EnvFact locates a service's environment variable in the Compose file.
func (f *Files) EnvFact(service, key string) Fact {
	return Fact{File: f.Compose, Line: f.EnvLine(service, key), Key: "services." + service + ".environment." + key}
}

// LineOf walks a YAML tree along path and returns the line of the last key
// (or list item) found; the deepest line reached when the path stops
// early, 0 when nothing matches.
func LineOf(n *yaml.Node, path ...string) int {
	line := 0
	for _, k := range path {
		for n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n == nil {
			return line
		}
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					line, next = n.Content[i].Line, n.Content[i+1]
					break
				}
			}
			if next == nil {
				return line
			}
			n = next
		case yaml.SequenceNode:
			var next *yaml.Node
			var idx int
			if _, err := fmt.Sscanf(k, "[%d]", &idx); err == nil && strings.HasPrefix(k, "[") {
				if idx < len(n.Content) {
					next = n.Content[idx]
				}
			} else {
				for _, item := range n.Content {
					if item.Kind == yaml.ScalarNode && (item.Value == k || strings.HasPrefix(item.Value, k+"=")) {
						next = item
						break
					}
				}
			}
			if next == nil {
				return line
			}
			line, n = next.Line, next
		default:
			return line
		}
	}
	return line
}
