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

// CollectorReads is the config path the Collector process reads: its
// --config argument, else its image's default. "" when the Compose command
// replaces the image's arguments without any --config (the Collector then
// has no config at all).
func CollectorReads(s *Service) string {
	args := append(append([]string{}, s.Entrypoint...), s.Command...)
	if v := ArgValue(args, "--config"); v != "" {
		return strings.TrimPrefix(v, "file:")
	}
	if len(s.Command) > 0 {
		return ""
	}
	return collectorDefault(s.Image)
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
