package discover

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

// The lab of a Compose project read from its files, with no container:
// what lint reads, and verify before it waits for data.

// FromCompose builds the lab of a Compose model as docker compose loads
// it (values interpolated) and the role of each service: the services
// with their lines, then the configs the Collector and Prometheus mount,
// then the backend's OTLP settings, completed as every producer's lab is.
func FromCompose(dir string, compose *types.Project, roles map[string]model.Role) *model.Lab {
	abs, _ := filepath.Abs(dir)
	f := &model.Files{Dir: abs}
	first := compose.ComposeFiles[0]
	f.Compose = f.Rel(first)
	if data, err := os.ReadFile(first); err == nil {
		f.ComposeDoc = parseDoc(data)
	}
	l := &model.Lab{Origin: model.OriginFiles, Project: compose.Name, Source: f.Compose, Files: f}
	names := compose.ServiceNames()
	sort.Strings(names)
	for _, name := range names {
		s := compose.Services[name]
		svc := model.Service{Name: name, Role: roles[name], Image: s.Image, Env: map[string]string{},
			Command: s.Command, Entrypoint: s.Entrypoint, Line: f.Line("services", name), Profiles: s.Profiles}
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
			svc.Mounts = append(svc.Mounts, model.Mount{Source: v.Source, Target: v.Target, Bind: v.Type == "bind",
				Line: f.Line("services", name, "volumes", fmt.Sprintf("[%d]", i))})
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
		l.Services = append(l.Services, svc)
	}
	readConfigs(l)
	if b := l.Service(model.RoleBackend); b != nil {
		l.Backend = model.ReadBackendEnv(b.Env, exporterInCode(b.Build), func(k string) model.Fact { return f.EnvFact(b.Name, k) })
	}
	l.Complete()
	return l
}

// readConfigs parses the Collector's and Prometheus's configs from the
// files their services bind-mount: the one at the path the process reads,
// else the first YAML file mounted (the rules say when it is not read).
func readConfigs(l *model.Lab) {
	f := l.Files
	if c := l.Service(model.RoleCollector); c != nil {
		if readCollectorLayers(l, c) {
			// several layers: merged as the Collector merges them
		} else if m := model.ConfigMount(c, model.CollectorReads(c)); m != nil && model.IsFile(m.Source) {
			f.Collector.File = f.Rel(m.Source)
			data, err := os.ReadFile(m.Source)
			if err == nil {
				f.Collector.Doc = parseDoc(data)
				l.Collector, err = model.ParseCollector(data, f.Collector.File, c.Env)
			}
			f.Collector.Err = err
		}
	}
	if s := l.Service(model.RolePrometheus); s != nil {
		if m := model.ConfigMount(s, model.PrometheusReads(s)); m != nil && model.IsFile(m.Source) {
			f.Prometheus.File = f.Rel(m.Source)
			data, err := os.ReadFile(m.Source)
			if err == nil {
				f.Prometheus.Doc = parseDoc(data)
				l.Prometheus, err = model.ParsePrometheus(data, f.Prometheus.File)
			}
			f.Prometheus.Err = err
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

// exporterInCode finds which OTLP span exporter the backend's Python code
// imports: "grpc", "http/protobuf" or "" (none seen).
func exporterInCode(dir string) string {
	if dir == "" {
		return ""
	}
	found := ""
	n := 0
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || n > 200 {
			return filepath.SkipDir
		}
		if d.IsDir() {
			switch d.Name() {
			case ".venv", "venv", "node_modules", ".git", "__pycache__":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".py") {
			return nil
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		switch {
		case strings.Contains(string(data), "exporter.otlp.proto.http"):
			found = "http/protobuf"
		case strings.Contains(string(data), "exporter.otlp.proto.grpc") && found == "":
			found = "grpc"
		}
		return nil
	})
	return found
}
