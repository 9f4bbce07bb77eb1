package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/model"
)

// Project is what the file rules read: the Compose model (values as
// docker compose interpolates them) with the lines they were written on,
// and the Collector's and Prometheus's configurations the services mount.
type Project struct {
	// Dir is the project's folder; every File below is relative to it.
	Dir         string
	ComposeFile string
	Services    map[string]*Service
	// Roles names the service that plays each role ("" when none).
	Roles map[model.Role]string

	// Collector is the config file the Collector service mounts (its
	// host file), parsed; CollectorErr when it does not parse.
	Collector     *model.Collector
	CollectorFile string
	CollectorDoc  *yaml.Node
	CollectorErr  error
	// Prometheus likewise.
	Prometheus     *model.Prometheus
	PrometheusFile string
	PrometheusDoc  *yaml.Node
	PrometheusErr  error

	compose *yaml.Node
}

// Service is one Compose service as the rules need it.
type Service struct {
	Name  string
	Role  model.Role
	Image string
	// Build is the build context (absolute) when the service is built.
	Build string
	// Args is entrypoint + command as Compose gives them (the image's own
	// entrypoint is unknown without Docker).
	Command    []string
	Entrypoint []string
	Env        map[string]string
	Mounts     []Mount
	Aliases    []string
	Line       int
}

// Mount is one volume of a service.
type Mount struct {
	// Source is the host path (absolute) of a bind mount, or a volume name.
	Source, Target string
	Bind           bool
	// Line is the volume's line in the Compose file.
	Line int
}

// FromCompose builds the project the rules read from a Compose model as
// docker compose loads it (values interpolated) and the role of each
// service, then reads the configs the Collector and Prometheus mount.
// Loading stays with the caller (internal/lint), so that the rules import
// no engine: verify's checks use them too.
func FromCompose(dir string, compose *types.Project, roles map[string]model.Role) *Project {
	abs, _ := filepath.Abs(dir)
	p := &Project{Dir: abs, Services: map[string]*Service{}, Roles: map[model.Role]string{}}
	first := compose.ComposeFiles[0]
	p.ComposeFile = p.rel(first)
	if data, err := os.ReadFile(first); err == nil {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 {
			p.compose = doc.Content[0]
		}
	}
	names := compose.ServiceNames()
	sort.Strings(names)
	for _, name := range names {
		s := compose.Services[name]
		svc := &Service{Name: name, Role: roles[name], Image: s.Image, Env: map[string]string{},
			Command: s.Command, Entrypoint: s.Entrypoint, Line: p.composeLine("services", name)}
		if s.Build != nil {
			svc.Build = s.Build.Context
		}
		for k, v := range s.Environment {
			if v != nil {
				svc.Env[k] = *v
			} else {
				svc.Env[k] = ""
			}
		}
		for i, v := range s.Volumes {
			svc.Mounts = append(svc.Mounts, Mount{Source: v.Source, Target: v.Target, Bind: v.Type == "bind",
				Line: p.composeLine("services", name, "volumes", fmt.Sprintf("[%d]", i))})
		}
		for _, n := range s.Networks {
			if n != nil {
				svc.Aliases = append(svc.Aliases, n.Aliases...)
			}
		}
		if s.Hostname != "" {
			svc.Aliases = append(svc.Aliases, s.Hostname)
		}
		if s.ContainerName != "" {
			svc.Aliases = append(svc.Aliases, s.ContainerName)
		}
		p.Services[name] = svc
		if r := roles[name]; r != "" && r != model.RoleOther && p.Roles[r] == "" {
			p.Roles[r] = name
		}
	}
	p.readConfigs()
	return p
}

// rel is path relative to the project folder (slash-separated).
func (p *Project) rel(path string) string {
	if r, err := filepath.Rel(p.Dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}

// Service returns the service of a role, nil when none.
func (p *Project) Service(r model.Role) *Service {
	if name := p.Roles[r]; name != "" {
		return p.Services[name]
	}
	return nil
}

// readConfigs parses the Collector's and Prometheus's configs from the
// files their services bind-mount: the one at the path the process reads,
// else the first YAML file mounted (the rules say when it is not read).
func (p *Project) readConfigs() {
	if c := p.Service(model.RoleCollector); c != nil {
		if p.readCollectorLayers(c) {
			// several layers: merged as the Collector merges them
		} else if m := configMount(c, CollectorReads(c)); m != nil && isFile(m.Source) {
			p.CollectorFile = p.rel(m.Source)
			data, err := os.ReadFile(m.Source)
			if err == nil {
				p.CollectorDoc = parseDoc(data)
				p.Collector, err = model.ParseCollector(data, p.CollectorFile, c.Env)
			}
			p.CollectorErr = err
		}
	}
	if s := p.Service(model.RolePrometheus); s != nil {
		if m := configMount(s, PrometheusReads(s)); m != nil && isFile(m.Source) {
			p.PrometheusFile = p.rel(m.Source)
			data, err := os.ReadFile(m.Source)
			if err == nil {
				p.PrometheusDoc = parseDoc(data)
				p.Prometheus, err = model.ParsePrometheus(data, p.PrometheusFile)
			}
			p.PrometheusErr = err
		}
	}
}

func parseDoc(data []byte) *yaml.Node {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// configMount is the bind mount that provides path (the file itself or a
// folder above it), else the first bind-mounted YAML file.
func configMount(s *Service, path string) *Mount {
	if m := mountFor(s, path); m != nil {
		return m
	}
	for i, m := range s.Mounts {
		if m.Bind && isYAML(m.Source) && isFile(m.Source) {
			return &s.Mounts[i]
		}
	}
	return nil
}

// mountFor is the bind mount whose target is path, or a folder holding it
// (its source then is the file under that folder).
func mountFor(s *Service, path string) *Mount {
	for i, m := range s.Mounts {
		if !m.Bind {
			continue
		}
		if m.Target == path {
			return &s.Mounts[i]
		}
		if rest, ok := strings.CutPrefix(path, strings.TrimSuffix(m.Target, "/")+"/"); ok {
			return &Mount{Source: filepath.Join(m.Source, rest), Target: path, Bind: true, Line: m.Line}
		}
	}
	return nil
}

func isYAML(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".yaml" || ext == ".yml"
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// composeLine is the line of a key path in the Compose file ("[2]" for a
// list item, "KEY" also matches a "KEY=value" list item); 0 when unknown.
func (p *Project) composeLine(path ...string) int { return lineOf(p.compose, path...) }

// envLine is the line that sets a service's environment variable.
func (p *Project) envLine(service, key string) int {
	if l := p.composeLine("services", service, "environment", key); l > 0 {
		return l
	}
	return p.composeLine("services", service)
}

// lineOf walks a YAML tree along path and returns the line of the last
// key (or list item) found; the deepest line reached when the path stops
// early, 0 when nothing matches.
func lineOf(n *yaml.Node, path ...string) int {
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
