package rules

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/model"
)

var componentSections = []string{"receivers", "processors", "exporters", "extensions", "connectors"}

func singular(section string) string { return strings.TrimSuffix(section, "s") }

// collectorImage is the Collector service's image ("" without one).
func collectorImage(l *model.Lab) string {
	if s := l.Service(model.RoleCollector); s != nil {
		return s.Image
	}
	return ""
}

// definedIDs lists the IDs defined in a section of the Collector's file.
func definedIDs(doc *yaml.Node, section string) []string {
	var out []string
	m := valueOf(doc, section)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, m.Content[i].Value)
	}
	return out
}

func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// walk calls fn for every scalar of a YAML tree with its line.
func walk(n *yaml.Node, fn func(v string, line int)) {
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode {
		fn(n.Value, n.Line)
	}
	for _, c := range n.Content {
		walk(c, fn)
	}
}
