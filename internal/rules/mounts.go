package rules

import (
	"fmt"
	"os"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// Where each image reads its config when the command line does not say,
// as the images' own CMD sets it (measured on the bed's images, which
// start as the official ones do).
var collectorDefaults = []struct{ repo, path string }{
	{"opentelemetry-collector-contrib", "/etc/otelcol-contrib/config.yaml"},
	{"opentelemetry-collector-k8s", "/etc/otelcol-k8s/config.yaml"},
	{"opentelemetry-collector", "/etc/otelcol/config.yaml"},
	{"labctl-bed/otelcol", "/etc/otelcol-contrib/config.yaml"},
}

const prometheusDefault = "/etc/prometheus/prometheus.yml"

// CollectorReads is the config path the Collector process reads: its
// --config argument, else its image's default. "" when the Compose command
// replaces the image's arguments without any --config (the Collector then
// has no config at all).
func CollectorReads(s *Service) string {
	if files := CollectorFiles(s); len(files) > 0 {
		return files[0]
	}
	if len(s.Command) > 0 {
		return ""
	}
	return collectorDefault(s.Image)
}

// CollectorFiles are the config files the Collector merges, in order: its
// --config paths and file: URIs (also inside `sh -c`), else its image's
// default when the command does not replace the image's; env:, yaml: and
// other URIs are not files.
func CollectorFiles(s *Service) []string {
	a := model.ParseCollectorArgs(s.Entrypoint, s.Command)
	if files := a.Files(); len(files) > 0 || a.HasConfig() || len(s.Command) > 0 {
		return files
	}
	return []string{collectorDefault(s.Image)}
}

func collectorDefault(image string) string {
	for _, d := range collectorDefaults {
		if strings.Contains(image, d.repo) {
			return d.path
		}
	}
	return "/etc/otelcol-contrib/config.yaml"
}

// PrometheusReads is the config path Prometheus reads: --config.file, else
// the image's CMD's (/etc/prometheus/prometheus.yml); a Compose command
// without --config.file replaces that CMD, and Prometheus then reads
// prometheus.yml in its working directory (/prometheus in the images).
func PrometheusReads(s *Service) string {
	args := append(append([]string{}, s.Entrypoint...), s.Command...)
	if v := argValue(args, "--config.file"); v != "" {
		return v
	}
	if len(s.Command) > 0 {
		return "/prometheus/prometheus.yml"
	}
	return prometheusDefault
}

// argValue finds --name=value or --name value in args (the last one wins).
func argValue(args []string, name string) string {
	v := ""
	for i, a := range args {
		if rest, ok := strings.CutPrefix(a, name+"="); ok {
			v = rest
		} else if a == name && i+1 < len(args) {
			v = args[i+1]
		}
	}
	return v
}

var _ = register(&Rule{
	ID: "LAB020", Slug: "collector-config-not-read",
	Title:  "The Collector does not read the config file the project mounts",
	Blocks: allChecks,
	Fix:    "mount the file at the path the Collector reads, or point --config at where it is mounted",
	Page: `The Collector reads one path: its --config argument, or its image's default
(/etc/otelcol-contrib/config.yaml for otel/opentelemetry-collector-contrib,
/etc/otelcol/config.yaml for otel/opentelemetry-collector). A file mounted anywhere else is
never read: the process runs on the image's built-in config, which has no pipeline to Jaeger.
A Compose "command:" replaces the image's arguments: without --config in it the Collector has
no config at all. Nothing in the Collector's log names the file you meant.`,
	Check: func(r *Rule, p *Project) []Finding {
		s := p.Service(model.RoleCollector)
		if s == nil {
			return nil
		}
		if a := model.ParseCollectorArgs(s.Entrypoint, s.Command); a.HasConfig() && len(CollectorFiles(s)) == 0 {
			return nil // its config comes from env: or yaml: layers, not from a file
		}
		return configNotRead(p, s, r, msg.New("rule.who.collector"), CollectorReads(s), "--config")
	},
})

var _ = register(&Rule{
	ID: "LAB021", Slug: "prometheus-config-not-read",
	Title:  "Prometheus does not read the config file the project mounts",
	Blocks: []string{BlocksScrape, BlocksPG, BlocksPGRows},
	Fix:    "mount the file on /etc/prometheus/prometheus.yml, or pass --config.file=THE_PATH_YOU_MOUNT",
	Page: `Prometheus reads --config.file; the images set it to /etc/prometheus/prometheus.yml in
their CMD. A Compose "command:" replaces that CMD: keep --config.file in it, or Prometheus reads
prometheus.yml in its working directory (/prometheus), i.e. its image's sample config, which
scrapes only itself.`,
	Check: func(r *Rule, p *Project) []Finding {
		s := p.Service(model.RolePrometheus)
		if s == nil {
			return nil
		}
		return configNotRead(p, s, r, msg.New("rule.who.prometheus"), PrometheusReads(s), "--config.file")
	},
})

func configNotRead(p *Project, s *Service, r *Rule, who msg.Message, reads, flag string) []Finding {
	var yamls []Mount
	for _, m := range s.Mounts {
		if m.Bind && isYAML(m.Source) {
			yamls = append(yamls, m)
		}
	}
	if reads == "" {
		f := r.says(p.ComposeFile, p.composeLine("services", s.Name, "command"), "services."+s.Name+".command",
			msg.New("rule.config_not_read.no_flag", s.Name, flag, who))
		if len(yamls) > 0 {
			f.Fix = msg.New("rule.config_not_read.add_flag", flag, yamls[0].Target)
		}
		return []Finding{f}
	}
	if m := mountFor(s, reads); m != nil {
		if isFile(m.Source) || directMount(s, reads) {
			return nil // a missing file mounted directly is LAB022's
		}
		// A folder mounted over the config's directory, without the file
		// the process reads in it.
		dir := strings.TrimSuffix(m.Source, "/"+pathBase(reads))
		f := r.says(p.ComposeFile, m.Line, "services."+s.Name+".volumes",
			msg.New("rule.config_not_read.folder", p.rel(dir), strings.TrimSuffix(reads, "/"+pathBase(reads)), pathBase(reads), who, reads))
		if names := yamlFiles(dir); len(names) > 0 {
			f.Message = msg.New("rule.config_not_read.holds", f.Message, strings.Join(names, ", "))
			f.Fix = msg.New("rule.config_not_read.rename", p.rel(dir), names[0], pathBase(reads), flag, strings.TrimSuffix(reads, "/"+pathBase(reads)), names[0])
		}
		return []Finding{f}
	}
	how, byFlag := msg.New("rule.config_not_read.how_default"), false
	if args := append(append([]string{}, s.Entrypoint...), s.Command...); argValue(args, flag) != "" {
		how, byFlag = msg.New("rule.config_not_read.how_flag", flag), true
	} else if len(s.Command) > 0 {
		how = msg.New("rule.config_not_read.how_workdir", flag)
	}
	if len(yamls) == 0 {
		f := r.says(p.ComposeFile, s.Line, "services."+s.Name+".volumes",
			msg.New("rule.config_not_read.no_volume", who, reads, how, s.Name))
		f.Fix = msg.New("rule.config_not_read.add_volume", reads, s.Name)
		return []Finding{f}
	}
	m := yamls[0]
	f := r.says(p.ComposeFile, m.Line, fmt.Sprintf("services.%s.volumes", s.Name),
		msg.New("rule.config_not_read.elsewhere", p.rel(m.Source), m.Target, who, reads, how))
	f.Fix = msg.New("rule.config_not_read.mount_at", reads, "./"+p.rel(m.Source), reads, flag, m.Target)
	if len(s.Command) > 0 && !byFlag {
		f.Fix = msg.New("rule.config_not_read.add_flag_command", flag, m.Target)
	}
	return []Finding{f}
}

var _ = register(&Rule{
	ID: "LAB022", Slug: "mount-source-missing",
	Title:  "A bind-mounted config file does not exist on the host",
	Blocks: allChecks,
	Fix:    "fix the path on the left of the volume (relative to the Compose file's folder)",
	Page: `When the host side of a bind mount does not exist, Docker creates an empty directory
there and mounts it: the process then fails on "is a directory" or "not a directory", or reads
nothing. The path is relative to the Compose file's folder.`,
	Check: func(r *Rule, p *Project) []Finding {
		var out []Finding
		for _, name := range sortedNames(p) {
			s := p.Services[name]
			for _, m := range s.Mounts {
				if !m.Bind || !isYAML(m.Target) {
					continue
				}
				fi, err := os.Stat(m.Source)
				switch {
				case err != nil:
					out = append(out, r.says(p.ComposeFile, m.Line, "services."+name+".volumes",
						msg.New("rule.LAB022.missing", p.rel(m.Source), m.Target)))
				case fi.IsDir():
					out = append(out, r.says(p.ComposeFile, m.Line, "services."+name+".volumes",
						msg.New("rule.LAB022.directory", p.rel(m.Source), m.Target)))
				}
			}
		}
		return out
	},
})

func sortedNames(p *Project) []string {
	names := make([]string, 0, len(p.Services))
	for n := range p.Services {
		names = append(names, n)
	}
	sortStrings(names)
	return names
}

func pathBase(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// yamlFiles lists the YAML files of a folder.
func yamlFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && isYAML(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

// directMount says whether a volume targets path itself (not a folder above it).
func directMount(s *Service, path string) bool {
	for _, m := range s.Mounts {
		if m.Bind && m.Target == path {
			return true
		}
	}
	return false
}
