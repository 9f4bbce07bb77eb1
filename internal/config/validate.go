package config

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/distribution/reference"
	"github.com/labctl/labctl/internal/model"
)

// projectName follows Compose's rule for project names.
var projectName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// finish fills derived defaults and validates. It is the only place a
// Config becomes valid; everything downstream trusts it.
func (c *Config) finish() error {
	// The environment wins over labctl.yaml; a bad value is blamed on the
	// variable, not on the file (envError is not prefixed with its name).
	if v := os.Getenv(EnvPublishAddress); v != "" {
		if net.ParseIP(v) == nil {
			return envError{fmt.Errorf("%s=%q is not an IP address; set it to 127.0.0.1 (this machine only) or 0.0.0.0 (CI with a remote engine), or unset it to use publish_address", EnvPublishAddress, v)}
		}
		c.PublishAddress = v
	}
	if v := os.Getenv(EnvHost); v != "" {
		if !validHost(v) {
			return envError{fmt.Errorf("%s=%q is not a host name or IPv4 address; set it to 127.0.0.1 or the engine's host name (docker with GitLab's dind), or unset it to use host", EnvHost, v)}
		}
		c.Host = v
	}
	if c.Images.Jaeger == "" {
		c.Images.Jaeger = DefaultJaegerV2Image
		if c.Jaeger == model.JaegerV1 {
			c.Images.Jaeger = DefaultJaegerV1Image
		}
	}
	if net.ParseIP(c.PublishAddress) == nil {
		return fmt.Errorf("publish_address %q is not an IP address; use 127.0.0.1 (this machine only) or 0.0.0.0 (CI with a remote engine)", c.PublishAddress)
	}
	if !validHost(c.Host) {
		return fmt.Errorf("host %q is not a host name or IPv4 address; use 127.0.0.1, or the engine's host name (docker with GitLab's dind)", c.Host)
	}
	if err := validateServices(c.Services); err != nil {
		return err
	}
	if !projectName.MatchString(c.Project) {
		return fmt.Errorf("project %q is not a valid name; use lowercase letters, digits, '-' and '_', starting with a letter or digit", c.Project)
	}
	if strings.TrimSpace(c.ServiceName) == "" || strings.ContainsAny(c.ServiceName, ",= ") {
		return fmt.Errorf("service_name %q is not usable as service.name; use a plain name such as %q", c.ServiceName, DefaultServiceName)
	}
	switch c.Topology {
	case model.TopologyCollector, model.TopologyDirect:
	default:
		return fmt.Errorf("unknown topology %q; use %q (backend → Collector → Jaeger) or %q (backend → Jaeger)", c.Topology, model.TopologyCollector, model.TopologyDirect)
	}
	switch c.Jaeger {
	case model.JaegerV2, model.JaegerV1:
	default:
		return fmt.Errorf("unknown jaeger flavour %q; use %q (jaegertracing/jaeger) or %q (jaegertracing/all-in-one)", c.Jaeger, model.JaegerV2, model.JaegerV1)
	}
	if err := c.validateImages(); err != nil {
		return err
	}
	if err := c.Ports.validate(); err != nil {
		return err
	}
	if err := c.validateBackend(); err != nil {
		return err
	}
	if c.Postgres.User == "" || c.Postgres.DB == "" || c.Postgres.MonitorUser == "" {
		return fmt.Errorf("postgres.user, postgres.db and postgres.monitor_user must not be empty; remove them to use the defaults")
	}
	if c.Postgres.MonitorUser == c.Postgres.User {
		return fmt.Errorf("postgres.monitor_user must differ from postgres.user: the Collector logs in with a least-privileged role")
	}
	return validateTraffic(c.Traffic)
}

// envError is a bad environment variable: its message names the variable,
// and Parse does not prefix it with labctl.yaml's name.
type envError struct{ error }

func (e envError) Unwrap() error { return e.error }

func validHost(h string) bool {
	return strings.TrimSpace(h) != "" && !strings.ContainsAny(h, " /:")
}

// validateImages parses every image reference as the engine will
// (github.com/distribution/reference), in a stable order.
func (c *Config) validateImages() error {
	keys := c.imageKeys()
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	def := Default().imageKeys()
	for _, key := range names {
		img := keys[key]
		example := def[key]
		if example == "" {
			example = DefaultJaegerV2Image
		}
		if _, err := reference.ParseNormalizedNamed(img); err != nil {
			why := "it is not [REGISTRY/]NAME[:TAG][@DIGEST]"
			switch {
			case strings.TrimSpace(img) == "":
				why = "it is empty"
			case errors.Is(err, reference.ErrNameContainsUppercase), strings.Contains(err.Error(), "must be lowercase"):
				why = "image names are lowercase"
			case errors.Is(err, reference.ErrTagInvalidFormat):
				why = "the tag after ':' is not valid"
			case errors.Is(err, reference.ErrDigestInvalidFormat):
				why = "the digest after '@' is not valid"
			case errors.Is(err, reference.ErrNameTooLong):
				why = "the name is too long"
			}
			return fmt.Errorf("images.%s %q is not an image reference (%s); set it to NAME:TAG such as %s, or remove it for the default", key, img, why, example)
		}
	}
	return nil
}

func (c *Config) imageKeys() map[string]string {
	return map[string]string{
		"jaeger": c.Images.Jaeger, "collector": c.Images.Collector, "postgres": c.Images.Postgres,
		"prometheus": c.Images.Prometheus, "python": c.Images.Python,
	}
}

// ByKey lists the ports by their labctl.yaml key, for messages.
func (p Ports) ByKey() map[string]int {
	return map[string]int{
		"backend": p.Backend, "jaeger_ui": p.JaegerUI, "jaeger_grpc": p.JaegerGRPC,
		"otlp_grpc": p.OTLPGRPC, "otlp_http": p.OTLPHTTP, "collector_health": p.CollectorHealth,
		"collector_metrics": p.CollectorMetrics, "collector_prometheus": p.CollectorPrometheus,
		"prometheus": p.Prometheus, "postgres": p.Postgres,
	}
}

func (p Ports) validate() error {
	byKey := p.ByKey()
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys) // stable messages
	seen := map[int]string{}
	for _, k := range keys {
		port := byKey[k]
		if port < 1 || port > 65535 {
			return fmt.Errorf("ports.%s %d is out of range; use a port from 1 to 65535", k, port)
		}
		if other, dup := seen[port]; dup {
			return fmt.Errorf("ports.%s and ports.%s both use %d; give each a different port", other, k, port)
		}
		seen[port] = k
	}
	return nil
}

func (c *Config) validateBackend() error {
	b := &c.Backend
	if b.HealthPath == "" {
		b.HealthPath = "/"
		if b.UsesTemplate() {
			b.HealthPath = "/health"
		}
	}
	if b.Path != "" && b.Image != "" {
		return fmt.Errorf("backend.path and backend.image are both set; keep one (path builds your Dockerfile, image runs a built image)")
	}
	if b.Port < 1 || b.Port > 65535 {
		return fmt.Errorf("backend.port %d is out of range; use the port your backend listens on in its container (8000)", b.Port)
	}
	if !strings.HasPrefix(b.HealthPath, "/") {
		return fmt.Errorf("backend.health_path %q must start with '/'", b.HealthPath)
	}
	if b.Path == "" {
		return nil
	}
	if !filepath.IsAbs(b.Path) {
		b.Path = filepath.Join(c.BaseDir, b.Path)
	}
	st, err := os.Stat(b.Path)
	if err != nil || !st.IsDir() {
		return fmt.Errorf("backend.path %s does not exist or is not a directory; point it at your backend's build context", b.Path)
	}
	if _, err := os.Stat(filepath.Join(b.Path, "Dockerfile")); err != nil {
		return fmt.Errorf("backend.path %s has no Dockerfile; add one or point backend.path at the folder that has it", b.Path)
	}
	return nil
}

func validateTraffic(reqs []model.Request) error {
	if len(reqs) == 0 {
		return fmt.Errorf("traffic is empty; list at least one request or remove the key to use the defaults")
	}
	for i, r := range reqs {
		switch strings.ToUpper(r.Method) {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead:
			reqs[i].Method = strings.ToUpper(r.Method)
		default:
			return fmt.Errorf("traffic[%d].method %q is not an HTTP method; use GET, POST, PUT, PATCH, DELETE or HEAD", i, r.Method)
		}
		if !strings.HasPrefix(r.Path, "/") {
			return fmt.Errorf("traffic[%d].path %q must start with '/'", i, r.Path)
		}
	}
	return nil
}
