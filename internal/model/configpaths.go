package model

// Which config file a Collector and a Prometheus service read, from what
// the Compose file says of them (their command, their image, their
// volumes): lint's loader reads that file, and the rules say when the file
// the project mounts is not it.

import (
	"os"
	"path/filepath"
	"strings"
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

// CollectorReads is the config path the Collector process reads first
// (its main config): its first --config read from a file, as the
// Collector reads its command (also inside `sh -c`), else its image's
// default. "" when the Compose command replaces the image's arguments
// without any --config file (the Collector then has no config file at
// all, or only env: and yaml: layers).
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
	a := ParseCollectorArgs(s.Entrypoint, s.Command)
	if files := a.Files(); len(files) > 0 || a.HasConfig() || len(s.Command) > 0 {
		return files
	}
	return []string{collectorDefault(s.Image)}
}

// UpstreamCollector says whether an image is one of upstream's Collector
// distributions (otel/opentelemetry-collector*, on Docker Hub or
// ghcr.io/open-telemetry/opentelemetry-collector-releases/) or the test
// bed's build of contrib components: only then does the image's tag say
// which components it has (omnition/opentelemetry-collector-contrib:latest
// is a build of 2019).
func UpstreamCollector(image string) bool {
	repo := image
	if i := strings.IndexAny(repo, "@"); i >= 0 {
		repo = repo[:i]
	}
	if i := strings.LastIndex(repo, ":"); i > strings.LastIndex(repo, "/") {
		repo = repo[:i]
	}
	repo = strings.TrimPrefix(strings.TrimPrefix(repo, "docker.io/"), "index.docker.io/")
	for _, owner := range []string{"otel/", "ghcr.io/open-telemetry/opentelemetry-collector-releases/"} {
		if name, ok := strings.CutPrefix(repo, owner); ok {
			for _, d := range collectorDefaults {
				if name == d.repo {
					return true
				}
			}
		}
	}
	return strings.HasSuffix(repo, "labctl-bed/otelcol")
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
	if v := ArgValue(args, "--config.file"); v != "" {
		return v
	}
	if len(s.Command) > 0 {
		return "/prometheus/prometheus.yml"
	}
	return prometheusDefault
}

// ArgValue finds --name=value or --name value in args (the last one wins).
func ArgValue(args []string, name string) string {
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

// ConfigMount is the bind mount that provides path (the file itself or a
// folder above it), else the first bind-mounted YAML file.
func ConfigMount(s *Service, path string) *Mount {
	if m := MountFor(s, path); m != nil {
		return m
	}
	for i, m := range s.Mounts {
		if m.Bind && IsYAML(m.Source) && IsFile(m.Source) {
			return &s.Mounts[i]
		}
	}
	return nil
}

// mountFor is the bind mount whose target is path, or a folder holding it
// (its source then is the file under that folder).
func MountFor(s *Service, path string) *Mount {
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

func IsYAML(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".yaml" || ext == ".yml"
}

func IsFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}
