// Package config is labctl.yaml: defaults, loading with strict keys and line
// numbers, validation, and the secrets file. It knows nothing about Docker; the
// renderer turns a validated Config into files and a model.Lab.
package config

import (
	"net"
	"strconv"

	"github.com/labctl/labctl/internal/model"
)

// Config is labctl.yaml, validated. Build one with Load or Default.
type Config struct {
	// Project is the Compose project name; it prefixes containers, the network and the volume.
	Project string `yaml:"project"`
	// ServiceName is the backend's service.name in traces.
	ServiceName string              `yaml:"service_name"`
	Topology    model.Topology      `yaml:"topology"`
	Jaeger      model.JaegerFlavour `yaml:"jaeger"`
	Images      Images              `yaml:"images"`
	Ports       Ports               `yaml:"ports"`
	Backend     Backend             `yaml:"backend"`
	Postgres    Postgres            `yaml:"postgres"`
	// Traffic lists the requests verify sends to the backend, in order.
	Traffic []model.Request `yaml:"traffic"`
	// PublishAddress is the host address ports are published on: 127.0.0.1
	// (the default) keeps the lab private to this machine. CI with a remote
	// engine (GitLab's docker:dind) needs 0.0.0.0; env LABCTL_PUBLISH_ADDRESS.
	PublishAddress string `yaml:"publish_address"`
	// Host is where labctl reaches the published ports (probes, verify,
	// URLs): 127.0.0.1 by default, "docker" with GitLab's dind; env LABCTL_HOST.
	Host string `yaml:"host"`
	// Services maps a service of a Compose project labctl did not render
	// (the student's own) to its role, where recognition needs help:
	// backend, collector, jaeger, prometheus, postgres, proxy or other.
	Services map[string]string `yaml:"services"`

	// BaseDir is the directory relative paths in labctl.yaml are resolved
	// against (the file's directory, or the working directory). Not a YAML key.
	BaseDir string `yaml:"-"`
	// Source names where the config came from, for messages ("defaults" or a path).
	Source string `yaml:"-"`
}

// Images names every container image; each can point at a mirror or a local build.
type Images struct {
	Jaeger     string `yaml:"jaeger"`
	Collector  string `yaml:"collector"`
	Postgres   string `yaml:"postgres"`
	Prometheus string `yaml:"prometheus"`
	// Python is the base image of the template backend (its Dockerfile's PYTHON_IMAGE).
	Python string `yaml:"python"`
}

// Ports are the host ports, always published on 127.0.0.1 only.
type Ports struct {
	Backend             int `yaml:"backend"`
	JaegerUI            int `yaml:"jaeger_ui"`
	JaegerGRPC          int `yaml:"jaeger_grpc"`
	OTLPGRPC            int `yaml:"otlp_grpc"`
	OTLPHTTP            int `yaml:"otlp_http"`
	CollectorHealth     int `yaml:"collector_health"`
	CollectorMetrics    int `yaml:"collector_metrics"`
	CollectorPrometheus int `yaml:"collector_prometheus"`
	Prometheus          int `yaml:"prometheus"`
	Postgres            int `yaml:"postgres"`
}

// Backend says where the backend comes from: the built-in template (neither
// Path nor Image set), the user's own build context (Path), or an image.
type Backend struct {
	// Path is a build context with a Dockerfile, relative to BaseDir or absolute.
	Path string `yaml:"path"`
	// Image is a prebuilt backend image; nothing is built.
	Image string `yaml:"image"`
	// Port is the port the backend listens on inside its container.
	Port int `yaml:"port"`
	// HealthPath is probed for readiness.
	HealthPath string `yaml:"health_path"`
	// RootPath is passed as ROOT_PATH (FastAPI root_path), as the course backend reads it.
	RootPath string `yaml:"root_path"`
	// DBInstrumented says the backend instruments its database layer, so a
	// PostgreSQL child span is a required check. Defaults to true for the
	// template and false for the user's own backend (then it is a bonus check).
	DBInstrumented *bool `yaml:"db_instrumented"`
}

// Postgres holds the non-secret database settings; passwords live in secrets.env.
type Postgres struct {
	User string `yaml:"user"`
	DB   string `yaml:"db"`
	// MonitorUser is the least-privileged role (pg_monitor) the Collector logs in as.
	MonitorUser string `yaml:"monitor_user"`
}

// Addr is host:port of a published port, as labctl reaches it.
func (c *Config) Addr(port int) string {
	return net.JoinHostPort(c.Host, strconv.Itoa(port))
}

// URL is http://host:port of a published port.
func (c *Config) URL(port int) string { return "http://" + c.Addr(port) }

// UsesTemplate reports whether the backend is the built-in template.
func (b Backend) UsesTemplate() bool { return b.Path == "" && b.Image == "" }

// ExpectDBSpans reports whether a PostgreSQL child span is required.
func (c *Config) ExpectDBSpans() bool {
	if c.Backend.DBInstrumented != nil {
		return *c.Backend.DBInstrumented
	}
	return c.Backend.UsesTemplate()
}
