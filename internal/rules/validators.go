package rules

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// ParseErrors turns the Collector's and Prometheus's parse errors
// ("FILE:LINE: message") into findings.
func ParseErrors(l *model.Lab) []Finding {
	r, _ := Lookup("LAB015")
	var out []Finding
	for _, e := range []struct {
		file string
		err  error
	}{{l.Files.Collector.File, l.Files.Collector.Err}, {l.Files.Prometheus.File, l.Files.Prometheus.Err}} {
		if e.err == nil {
			continue
		}
		text := e.err.Error()
		line := 0
		if rest, ok := strings.CutPrefix(text, e.file+":"); ok {
			if n, tail, ok := strings.Cut(rest, ": "); ok {
				if l, err := strconv.Atoi(n); err == nil {
					line, text = l, tail
				}
			} else {
				text = strings.TrimSpace(rest)
			}
		}
		out = append(out, r.finding(e.file, line, "", text))
	}
	return out
}

// CollectorVerdict is what `otelcol validate` said, parsed.
type CollectorVerdict struct {
	// Cause is the line that says why (after "decoding failed ...:").
	Cause string
	// Section ("exporters"), ID ("jaeger"), Type, Keys (invalid keys),
	// Pipeline and Ref (an undefined reference) when the message names them.
	Section, ID, Type, Pipeline, Ref string
	Keys                             []string
	// Path is a dotted key path the message names (service.telemetry.metrics).
	Path string
	// Valid are the image's component types of that section.
	Valid []string
}

var (
	reUnknownType = regexp.MustCompile(`'(\w+)' unknown type: "([^"]*)" for id: "([^"]*)"(?: \(valid values: \[([^\]]*)\]\))?`)
	reConfigFor   = regexp.MustCompile(`'(\w+)' error reading configuration for "([^"]*)"`)
	reInvalidKeys = regexp.MustCompile(`has invalid keys: (.+)$`)
	rePath        = regexp.MustCompile(`^'([\w.]+)' `)
	reReference   = regexp.MustCompile(`pipelines::([^:]+): references (\w+) "([^"]*)" which is not configured`)
)

// ParseCollectorVerdict reads `otelcol validate` output (or a Collector
// log that refused its config).
func ParseCollectorVerdict(out string) (CollectorVerdict, bool) {
	var v CollectorVerdict
	lines := strings.Split(strings.ReplaceAll(out, "\r", ""), "\n")
	found := false
	for _, l := range lines {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "* "))
		if l == "" {
			continue
		}
		if m := rePath.FindStringSubmatch(l); m != nil && !strings.Contains(m[1], "Config") {
			// A top-level section names where; any other name is a
			// setting ('collection_interval' time: invalid duration).
			if strings.Contains(m[1], ".") || !contains(componentSections, m[1]) && m[1] != "service" {
				v.Path = m[1]
			} else if v.Section == "" {
				v.Section = m[1]
			}
		}
		if m := reReference.FindStringSubmatch(l); m != nil {
			v.Pipeline, v.Section, v.Ref = m[1], m[2]+"s", m[3]
			v.Cause, found = l[strings.Index(l, "service::"):], true
		}
		if m := reConfigFor.FindStringSubmatch(l); m != nil {
			v.Section, v.ID = m[1], m[2]
			v.Type, _, _ = strings.Cut(v.ID, "/")
		}
		if m := reUnknownType.FindStringSubmatch(l); m != nil {
			v.Section, v.Type, v.ID = m[1], m[2], m[3]
			if m[4] != "" {
				v.Valid = strings.Fields(m[4])
			}
			v.Cause, found = l[strings.Index(l, "'"+m[1]+"'"):], true
		}
		if m := reInvalidKeys.FindStringSubmatch(l); m != nil {
			for _, k := range strings.Split(m[1], ",") {
				v.Keys = append(v.Keys, strings.TrimSpace(k))
			}
			v.Cause, found = l, true
		}
		if !found && strings.HasPrefix(l, "Error:") && !strings.HasSuffix(l, ":") {
			v.Cause = strings.TrimSpace(strings.TrimPrefix(l, "Error:"))
		} else if !found && v.Cause == "" && !strings.HasSuffix(l, "error(s):") && !strings.HasPrefix(l, "Error:") && !strings.HasPrefix(l, "20") {
			v.Cause = l
		}
	}
	return v, found || v.Cause != ""
}

// CollectorFinding maps a verdict to the file and line it is about.
func CollectorFinding(l *model.Lab, out, source string) (Finding, bool) {
	v, ok := ParseCollectorVerdict(out)
	if !ok {
		return Finding{}, false
	}
	r, _ := Lookup("LAB050")
	f := r.finding(l.Files.Collector.File, 0, "", v.Cause)
	f.Quote, f.Source = v.Cause, source
	switch {
	case v.Ref != "":
		f.Key = "service.pipelines." + v.Pipeline + "." + v.Section
		f.Line = lineOf(l.Files.Collector.Doc, "service", "pipelines", v.Pipeline, v.Section, v.Ref)
		f.Message = msg.New("rule.LAB050.unconfigured", v.Pipeline, singular(v.Section), v.Ref)
		if near := DidYouMean(v.Ref, definedIDs(l.Files.Collector.Doc, v.Section)); near != "" {
			f.didYouMean(near)
			f.Fix = msg.New("rule.fix.write", near)
		}
	case v.ID != "" && len(v.Keys) > 0:
		if u, ok := unknownKeyNamed(l, v.Section, v.ID, lastPart(v.Keys[0])); ok {
			// The component's own keys (its config struct) say where the key
			// sits and which accepted key it is nearest to.
			f.Key, f.Line, f.Message = u.key(), u.Line, unknownKeyMessage(u)
			f.Fix = msg.New("rule.LAB050.fix_key", u.name())
			if fix := unknownKeyFix(u); !fix.IsZero() {
				f.Fix = fix
			}
			break
		}
		f.Key = v.Section + "." + v.ID + "." + v.Keys[0]
		f.Line = keyLine(l.Files.Collector.Doc, v.Section, v.ID, v.Keys[0])
		f.Message = msg.New("rule.LAB050.no_setting", v.Section, v.ID, v.Keys[0])
		if near := DidYouMean(lastPart(v.Keys[0]), siblingKeys(l.Files.Collector.Doc, v.Section, v.ID)); near != "" {
			f.Message = msg.New("rule.LAB050.misspelt", f.Message, near)
		}
		f.Fix = msg.New("rule.LAB050.fix_key", v.Keys[0])
	case v.Path != "" && len(v.Keys) > 0:
		path := append(strings.Split(v.Path, "."), v.Keys[0])
		f.Key = strings.Join(path, ".")
		f.Line = lineOf(l.Files.Collector.Doc, path...)
		f.Message = msg.New("rule.LAB050.no_setting_path", v.Path, v.Keys[0])
		if c, ok := ChangeFor("key", f.Key); ok {
			f.Message = msg.New("rule.paren", f.Message, c.Ref)
			f.Fix = msg.New("rule.fix.use", c.Use)
		}
	case v.ID == "" && v.Section != "":
		// A message about a component without its ID ("the logging exporter
		// has been deprecated"): the defined component whose type it names.
		for _, id := range definedIDs(l.Files.Collector.Doc, v.Section) {
			typ, _, _ := strings.Cut(id, "/")
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(typ) + `\b`).MatchString(v.Cause) {
				f.Key, f.Line = v.Section+"."+id, lineOf(l.Files.Collector.Doc, v.Section, id)
				if c, ok := ChangeFor(v.Section, typ); ok && c.Removed {
					f.Fix = msg.New("rule.fix.use", c.Use)
				}
				break
			}
		}
	case v.ID != "" && v.Path != "":
		// A setting of the component whose value the Collector cannot read.
		f.Key = v.Section + "." + v.ID + "." + v.Path
		f.Line = lineOf(l.Files.Collector.Doc, append([]string{v.Section, v.ID}, strings.Split(v.Path, ".")...)...)
		f.Message = msg.New("rule.LAB050.bad_value", f.Key, strings.TrimPrefix(v.Cause, "'"+v.Path+"' "))
	case v.ID != "" && v.Type != "":
		f.Key = v.Section + "." + v.ID
		f.Line = lineOf(l.Files.Collector.Doc, v.Section, v.ID)
		f.Message = msg.New("rule.LAB050.not_in_image", singular(v.Section), v.Type)
		if c, ok := ChangeFor(v.Section, v.Type); ok && c.Removed {
			f.Message = msg.New("rule.LAB050.removed", f.Message, c.Since)
			f.Fix = msg.New("rule.fix.use", c.Use)
		} else if near := DidYouMean(v.Type, v.Valid); near != "" {
			f.didYouMean(near)
			f.Fix = msg.New("rule.fix.write", strings.Replace(v.ID, v.Type, near, 1))
		} else if len(v.Valid) > 0 {
			f.Fix = msg.New("rule.LAB050.fix_types", strings.Join(v.Valid, ", "))
		}
	}
	return f, true
}

func lastPart(k string) string {
	if i := strings.LastIndex(k, "::"); i >= 0 {
		return k[i+2:]
	}
	return k
}

// keyLine finds a (possibly nested, "tls::insecurre") key under a
// component; the component's line when not found.
func keyLine(doc *yaml.Node, section, id, key string) int {
	comp := valueOf(valueOf(doc, section), id)
	name := lastPart(key)
	line := 0
	var find func(n *yaml.Node)
	find = func(n *yaml.Node) {
		if n == nil || line > 0 {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == name {
					line = n.Content[i].Line
					return
				}
			}
		}
		for _, c := range n.Content {
			find(c)
		}
	}
	find(comp)
	if line == 0 {
		return lineOf(doc, section, id)
	}
	return line
}

// siblingKeys are the keys a component sets (first level).
func siblingKeys(doc *yaml.Node, section, id string) []string {
	comp := valueOf(valueOf(doc, section), id)
	var out []string
	if comp != nil && comp.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(comp.Content); i += 2 {
			out = append(out, comp.Content[i].Value)
		}
	}
	return out
}

// Merge adds validator findings to file findings: a validator's verdict on
// the same file and line as a file rule's finding is its evidence (the
// quote), not a second finding.
func Merge(files, tools []Finding) []Finding {
	out := append([]Finding{}, files...)
	for _, t := range tools {
		merged := false
		for i := range out {
			if out[i].File == t.File && out[i].Line == t.Line && t.Line > 0 && out[i].Quote == "" {
				out[i].Quote, out[i].Source = t.Quote, t.Source
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, t)
		}
	}
	return out
}
