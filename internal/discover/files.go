package discover

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
		for h := range s.ExtraHosts {
			svc.ExtraHosts = append(svc.ExtraHosts, h)
		}
		sort.Strings(svc.ExtraHosts)
		for _, p := range s.Ports {
			svc.Publishes = append(svc.Publishes, int(p.Target))
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
	readSenders(l, compose)
	l.Complete()
	return l
}

// readSenders reads, for every service that sets an OTLP endpoint, how it
// sends: its SDK from what the service shows (image, command, environment,
// the Dockerfile it is built from), then its settings as that SDK reads
// them; the backend's are the lab's Backend whether it sets one or not.
// The Collector, Jaeger, Prometheus and PostgreSQL are no senders of
// spans of their own here.
func readSenders(l *model.Lab, compose *types.Project) {
	for i := range l.Services {
		svc := &l.Services[i]
		switch svc.Role {
		case model.RoleCollector, model.RoleJaeger, model.RolePrometheus, model.RolePostgres:
			continue
		}
		e := model.SenderEvidence{Image: svc.Image, Command: svc.Command, Entrypoint: svc.Entrypoint,
			Environment: svc.Env, Dockerfile: dockerfileOf(compose.Services[svc.Name].Build)}
		sdk := model.DetectSender(e)
		inCode, seen := exporterInCode(svc.Build)
		if sdk.CodeMayOverride && !seen {
			// The application's code sets its exporter up and none of it was
			// read (a prebuilt image, a context without its sources): the
			// SDK's default may not be what it sends with.
			sdk.Protocol = ""
		}
		name := svc.Name
		b := model.ReadSenderEnv(svc.Env, inCode, sdk, func(k string) model.Fact { return l.Files.EnvFact(name, k) })
		if svc.Role == model.RoleBackend {
			l.Backend = b
		}
		if b.EndpointVar != "" {
			svc.OTLP = &b
		}
	}
}

// dockerfileOf is the text of the Dockerfile a service is built from ("" when
// it is not built or the file cannot be read).
func dockerfileOf(b *types.BuildConfig) string {
	if b == nil {
		return ""
	}
	if b.DockerfileInline != "" {
		return b.DockerfileInline
	}
	name := b.Dockerfile
	if name == "" {
		name = "Dockerfile"
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(b.Context, name)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	return string(data)
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
	if s := l.Service(model.RoleJaeger); s != nil {
		s.ConfigEnv = configEnv(s)
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

// exporterInCode finds which OTLP span exporter a service's code imports:
// "grpc", "http/protobuf", "http/json" or "" (none seen, or several).
// Python: opentelemetry.exporter.otlp.proto.grpc / .http (http wins, as
// the course's backend is read); Go: otlptracegrpc / otlptracehttp; Node:
// @opentelemetry/exporter-trace-otlp-grpc / -proto / -http (JSON). An
// exporter class chosen in code ignores OTEL_EXPORTER_OTLP_PROTOCOL.
func exporterInCode(dir string) (proto string, seen bool) {
	if dir == "" {
		return "", false
	}
	python := ""
	others := map[string]bool{}
	n := 0
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || n > 200 {
			return filepath.SkipDir
		}
		if d.IsDir() {
			switch d.Name() {
			case ".venv", "venv", "node_modules", ".git", "__pycache__", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".py" && ext != ".go" && ext != ".js" && ext != ".ts" && ext != ".mjs" && d.Name() != "package.json" {
			return nil
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		text := string(data)
		switch {
		case strings.Contains(text, "exporter.otlp.proto.http"):
			python = "http/protobuf"
		case strings.Contains(text, "exporter.otlp.proto.grpc") && python == "":
			python = "grpc"
		}
		for needle, proto := range codeExporters {
			if strings.Contains(text, needle) {
				others[proto] = true
			}
		}
		return nil
	})
	if python != "" {
		return python, true
	}
	if len(others) == 1 {
		for p := range others {
			return p, true
		}
	}
	return "", n > 0
}

// codeExporters are the Go and Node.js trace exporters' import paths and
// the protocol each speaks.
var codeExporters = map[string]string{
	"otlp/otlptrace/otlptracegrpc":             model.ProtocolGRPC,
	"otlp/otlptrace/otlptracehttp":             model.ProtocolHTTPProtobuf,
	"@opentelemetry/exporter-trace-otlp-grpc":  model.ProtocolGRPC,
	"@opentelemetry/exporter-trace-otlp-proto": model.ProtocolHTTPProtobuf,
	"@opentelemetry/exporter-trace-otlp-http":  model.ProtocolHTTPJSON,
}

var configEnvRef = regexp.MustCompile(`\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)`)

// configEnv lists the variables referenced (${env:X}, ${X}) by the config
// file a Collector-based process (Jaeger v2) reads: its --config, as
// mounted from the project. A variable it references is read, not ignored.
func configEnv(s *model.Service) []string {
	args := append(append([]string{}, s.Entrypoint...), s.Command...)
	path := strings.TrimPrefix(model.ArgValue(args, "--config"), "file:")
	if path == "" {
		return nil
	}
	m := model.MountFor(s, path)
	if m == nil {
		return nil
	}
	data, err := os.ReadFile(m.Source)
	if err != nil {
		return nil
	}
	var out []string
	for _, r := range configEnvRef.FindAllStringSubmatch(string(data), -1) {
		if !slices.Contains(out, r[1]) {
			out = append(out, r[1])
		}
	}
	return out
}
