package rules

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

var componentSections = []string{"receivers", "processors", "exporters", "extensions", "connectors"}

func singular(section string) string { return strings.TrimSuffix(section, "s") }

// collectorImage is the Collector service's image ("" without one).
func collectorImage(p *Project) string {
	if s := p.Service(model.RoleCollector); s != nil {
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

var _ = register(&Rule{
	ID: "LAB001", Slug: "collector-removed-component",
	Title:  "The Collector config uses a component that upstream removed or renamed",
	Blocks: allChecks,
	Fix:    "use the replacement the Collector's changelog names",
	Page: `Collector releases remove components: the jaeger exporter at v0.85.0 (Jaeger takes OTLP
itself: use the otlp exporter to jaeger:4317), the logging exporter at v0.111.0 (debug),
the memory_ballast extension at v0.109.0. A removed type makes the Collector refuse its
whole config and exit, e.g.:
  'exporters' unknown type: "jaeger" for id: "jaeger" (valid values: [...])
Deprecated aliases still work and only warn: at v0.145.0 the otlp exporter's type is
otlp_grpc ("otlp" alias is deprecated).`,
	Check: func(r *Rule, p *Project) []Finding {
		var out []Finding
		image := collectorImage(p)
		for _, section := range componentSections {
			for _, id := range definedIDs(p.CollectorDoc, section) {
				typ, _, _ := strings.Cut(id, "/")
				c, ok := ChangeFor(section, typ)
				if !ok || !c.applies(image) {
					continue
				}
				line := lineOf(p.CollectorDoc, section, id)
				if c.Removed {
					f := r.says(p.CollectorFile, line, section+"."+id,
						msg.New("rule.LAB001.cause", singular(section), typ, c.Since))
					if c.Says != "" {
						f.Message = msg.New("rule.LAB001.it_says", f.Message, c.Says)
					}
					f.Fix = msg.New("rule.fix.use", c.Use)
					out = append(out, f)
				} else {
					out = append(out, Finding{Rule: "LAB003", Severity: Note, File: p.CollectorFile, Line: line, Key: section + "." + id,
						Message: msg.New("rule.LAB003.cause", singular(section), typ, c.Since), Fix: msg.New("rule.fix.use", c.Use)})
				}
			}
		}
		return out
	},
})

var _ = register(&Rule{
	ID: "LAB003", Slug: "collector-deprecated-alias", Severity: Note,
	Title: "The Collector config uses a deprecated type alias (works, warns)",
	Fix:   "use the new type name",
	Page: `Found with LAB001: the Collector still accepts the alias and logs a warning, e.g. at
v0.145.0 '"otlp" alias is deprecated; use "otlp_grpc" instead'. Nothing breaks.`,
})

var _ = register(&Rule{
	ID: "LAB002", Slug: "collector-unknown-type",
	Title:  "A Collector component's type matches no known component",
	Blocks: allChecks,
	Fix:    "correct the type (the part before '/') to one the Collector has",
	Page: `The part of an ID before '/' is the component's type; the part after is a name of your
choice. A type that is not in the image (a typo, or a component of another distribution)
makes the Collector refuse its config:
  'exporters' unknown type: "otpl" for id: "otpl/jaeger" (valid values: [...])
Without Docker labctl compares with the types and aliases of the image's release (generated
from upstream, internal/collectorknow; every release's names when the tag does not say);
with Docker, the image's own validator answers (LAB050).`,
	Check: func(r *Rule, p *Project) []Finding {
		var out []Finding
		for _, section := range componentSections {
			known := knownTypesFor(collectorImage(p), section)
			for _, id := range definedIDs(p.CollectorDoc, section) {
				typ, _, _ := strings.Cut(id, "/")
				if _, changed := ChangeFor(section, typ); changed || contains(known, typ) {
					continue
				}
				if near := DidYouMean(typ, known); near != "" {
					f := r.says(p.CollectorFile, lineOf(p.CollectorDoc, section, id), section+"."+id,
						msg.New("rule.LAB002.cause", singular(section), typ, near))
					f.Fix = msg.New("rule.fix.write", strings.Replace(id, typ, near, 1))
					out = append(out, f)
				}
			}
		}
		return out
	},
})

var _ = register(&Rule{
	ID: "LAB004", Slug: "collector-undefined-reference",
	Title:  "A pipeline names a component that the config does not define",
	Blocks: allChecks,
	Fix:    "name a component defined under its section, or define it",
	Page: `Each ID in service.pipelines.*.receivers|processors|exporters must be a key of the
matching top-level section, exactly (the part after '/' included). The Collector refuses
the config and exits:
  Error: service::pipelines::traces: references exporter "otlp/jager" which is not configured`,
	Check: func(r *Rule, p *Project) []Finding {
		var out []Finding
		pipes := valueOf(valueOf(p.CollectorDoc, "service"), "pipelines")
		if pipes == nil || pipes.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(pipes.Content); i += 2 {
			name := pipes.Content[i].Value
			for _, section := range []string{"receivers", "processors", "exporters"} {
				list := valueOf(pipes.Content[i+1], section)
				if list == nil || list.Kind != yaml.SequenceNode {
					continue
				}
				defined := definedIDs(p.CollectorDoc, section)
				if section != "processors" {
					defined = append(defined, definedIDs(p.CollectorDoc, "connectors")...)
				}
				for _, item := range list.Content {
					if contains(defined, item.Value) {
						continue
					}
					text := msg.New("rule.LAB004.cause", name, singular(section), item.Value)
					f := r.says(p.CollectorFile, item.Line, "service.pipelines."+name+"."+section, text)
					if near := DidYouMean(item.Value, defined); near != "" {
						f.didYouMean(near)
						f.Fix = msg.New("rule.LAB004.fix_near", near, strconv.Itoa(lineOf(p.CollectorDoc, section, near)))
					} else if len(defined) > 0 {
						f.Fix = msg.New("rule.LAB004.fix", strings.Join(defined, ", "), section, item.Value)
					}
					out = append(out, f)
				}
			}
		}
		return out
	},
})

var _ = register(&Rule{
	ID: "LAB008", Slug: "collector-removed-key",
	Title:  "The Collector config sets a key that upstream removed",
	Blocks: allChecks,
	Fix:    "use the key that replaced it",
	Page: `service.telemetry.metrics.address (the Collector's own metrics on :8888) is rejected
by recent Collectors (measured: 0.145.0 refuses the config); the replacement is a pull
reader: service.telemetry.metrics.readers: [{pull: {exporter: {prometheus: {host: 0.0.0.0,
port: 8888}}}}].`,
	Check: func(r *Rule, p *Project) []Finding {
		var out []Finding
		for _, c := range Changes {
			if c.Section != "key" || !c.applies(collectorImage(p)) {
				continue
			}
			path := strings.Split(c.Name, ".")
			n := p.CollectorDoc
			for _, k := range path {
				n = valueOf(n, k)
			}
			if n == nil {
				continue
			}
			f := r.says(p.CollectorFile, lineOf(p.CollectorDoc, path...), c.Name,
				msg.New("rule.LAB008.cause", c.Name, c.Ref))
			f.Fix = msg.New("rule.fix.use", c.Use)
			out = append(out, f)
		}
		return out
	},
})

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
