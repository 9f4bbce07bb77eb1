// Package model is the one description of a lab that everything downstream
// consumes: which services play which role, how each is reached from this
// machine and inside the lab's network, the Collector's pipelines and
// Prometheus's jobs, the names and intervals the checks need, and where each
// fact came from so that a diagnosis can point at it.
//
// Three producers build a Lab: rendering, for labctl's own lab
// (render.Describe); discovery, for any running Compose project
// (discover.Discover); and a Compose project's files, with their lines
// (discover.FromCompose, through lint.Load); all end with Lab.Complete, which fills the facts that follow from the rest
// (where spans go, the addresses a fix writes). Probes, status, the checks,
// the diagnoses and the report read it and derive nothing again: no port
// arithmetic, no YAML parsing, no in-network address written by hand (a
// test greps the consumers for them). The lab's well-known ports, the
// course's service names and Compose's labels are one table
// (wellknown.go). model imports no labctl package.
package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Role is what a service does in the lab.
type Role string

const (
	RoleBackend    Role = "backend"
	RoleCollector  Role = "collector"
	RoleJaeger     Role = "jaeger"
	RolePrometheus Role = "prometheus"
	RolePostgres   Role = "postgres"
	// RoleProxy is a reverse proxy (Traefik) in front of the backend.
	RoleProxy Role = "proxy"
	// RoleOther is any service the checks do not need (a frontend).
	RoleOther Role = "other"
)

// Roles lists the roles in display order.
var Roles = []Role{RoleJaeger, RoleCollector, RolePostgres, RolePrometheus, RoleBackend, RoleProxy}

// ServiceRoles are the roles a labctl.yaml services mapping may give, in
// the order its error message lists them. The one list: labctl.yaml's
// validation and every reader of the mapping go through ParseRole.
var ServiceRoles = []Role{RoleBackend, RoleCollector, RoleJaeger, RolePrometheus, RolePostgres, RoleProxy, RoleOther}

// ParseRole reads a role as written in labctl.yaml's services mapping
// (case and surrounding blanks do not matter).
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(ServiceRoles, r) {
		return r, nil
	}
	names := make([]string, len(ServiceRoles))
	for i, r := range ServiceRoles {
		names[i] = string(r)
	}
	return "", fmt.Errorf("role %q is not one of %s", s, strings.Join(names, ", "))
}

// Origin says which producer described the lab.
type Origin string

const (
	// OriginRendered: labctl's own lab, from labctl.yaml.
	OriginRendered Origin = "labctl"
	// OriginDiscovered: a running Compose project labctl did not render.
	OriginDiscovered Origin = "compose"
	// OriginFiles: a Compose project read from its files (lint), no
	// container seen.
	OriginFiles Origin = "files"
)

// Lab is the description of one lab.
type Lab struct {
	Origin Origin
	// Source says, for people, what is checked: "labctl.yaml" or
	// "compose.yml (project dop)".
	Source string
	// Project is the Compose project name.
	Project string
	// Topology is where the backend sends its spans.
	Topology Topology
	// ServiceName is the service.name verify looks for in Jaeger.
	ServiceName string
	Services    []Service
	Endpoints   Endpoints
	// OTLP is where spans go inside the lab's network, and Fix the
	// in-network addresses a diagnosis's fix writes; Complete fills both.
	OTLP OTLP
	Fix  Addresses
	// Jaeger is the Jaeger distribution ("" when unknown): labctl.yaml's
	// flavour, or the one the Jaeger service's image is.
	Jaeger  JaegerFlavour
	Backend Backend
	// Collector is the Collector's configuration; nil without a Collector.
	Collector *Collector
	// Prometheus is Prometheus's configuration; nil without Prometheus.
	Prometheus *Prometheus
	// Files are the lab's files with their YAML trees, when it was read
	// from a project on disk; nil otherwise.
	Files *Files
	// MissingEnvFiles are the env_files the Compose file names that do not
	// exist (read from files: lint loads the project without them), and
	// ComposeWarnings what docker compose itself warns of as it loads the
	// project (composewarn.go).
	MissingEnvFiles []MissingEnvFile
	ComposeWarnings []ComposeWarning
	// CollectorJob is the Prometheus job that scrapes the Collector's
	// prometheus exporter ("" when none does).
	CollectorJob string
	// Exporter is the Collector's exporter to Jaeger in the traces pipeline.
	Exporter string
	// MonitorUser is the role the postgresql receiver logs in as.
	MonitorUser string
	// ExpectDB makes the PostgreSQL client span a required check.
	ExpectDB bool
	// MetricsRequired says the postgresql_* checks are required (labctl's
	// lab, or a project that set the bonus up); MetricsSkip, when set, skips
	// them and says why.
	MetricsRequired bool
	MetricsSkip     string
	Traffic         []Request
	// Intervals are the pipeline's own delays: the floor of a verify run.
	Intervals Intervals
}

// Intervals are the delays the pipeline itself sets.
type Intervals struct {
	// Export is the backend SDK's export delay (OTEL_BSP_SCHEDULE_DELAY,
	// 5 s by default in the Python SDK).
	Export time.Duration
	// Batch is the Collector's batch timeout; Collection the postgresql
	// receiver's collection interval; Scrape Prometheus's interval for the
	// Collector's job.
	Batch, Collection, Scrape time.Duration
}

// Backend is what the checks know of the backend's tracing setup.
type Backend struct {
	// OTLPEndpoint is where the backend exports spans, as configured
	// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT),
	// "" when not set (the SDK then sends to localhost:4317).
	OTLPEndpoint string
	// EndpointFrom says where OTLPEndpoint was read.
	EndpointFrom Fact
	// EndpointVar is the variable OTLPEndpoint was read from ("" when
	// neither is set); Endpoint is OTLPEndpoint parsed, its port the
	// protocol's default when it writes none.
	EndpointVar string
	Endpoint    Address
	// Protocol is the SDK's OTLP transport ("grpc", "http/protobuf"), ""
	// when unknown (an SDK whose default is not known, or chosen in code);
	// ProtocolFrom says what chose it, ProtocolVar the variable that did
	// (ProtocolInVariable); with ProtocolOfSDK, SDK says the rest (set by
	// what its Clues show, or its version's default).
	Protocol     string
	ProtocolFrom ProtocolOrigin
	ProtocolVar  string
	// SDK is what the service shows of its SDK (DetectSender).
	SDK Sender
	// Insecure is what the gRPC exporter decides: plain text for http://,
	// or with OTEL_EXPORTER_OTLP_INSECURE=true.
	Insecure bool
	// ServiceName is the backend's own service.name setting ("" if unknown).
	ServiceName     string
	ServiceNameFrom Fact
	// RootPath is the backend's ROOT_PATH.
	RootPath string
	// HealthPath is what readiness waits on before the traffic.
	HealthPath string
}

// Fact locates a setting: a file and line or key, an environment variable.
type Fact struct {
	// File is the file a person edits (compose.yml, otel-collector-config.yaml).
	File string
	Line int
	// Key is the setting's path in that file
	// (services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT).
	Key string
	// Container is the container the value was read from, when the
	// engine gave it (its environment, a config copied out of it); ""
	// when it was read from the file itself.
	Container string
}

func (f Fact) String() string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Line > 0 {
		fmt.Fprintf(&b, ":%d", f.Line)
	}
	if f.Key != "" {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(f.Key)
	}
	return b.String()
}

// Service is one service of the lab and its container.
type Service struct {
	Name string
	Role Role
	// RoleFrom says why the role was given: what discovery saw (the image
	// otel/…, labctl.yaml's services), which the CLI says in its language.
	RoleFrom  RoleReason
	Container string
	ID        string
	Image     string
	State     string
	Health    string
	Running   bool
	// Aliases are the names other containers reach it by (service name,
	// container name, network aliases).
	Aliases []string
	// Env is the container's environment (secrets included: never print
	// it); read from files, the Compose file's environment.
	Env map[string]string

	// What the Compose file says of the service, when the lab was read
	// from its files: Line is its line; Build its build context
	// (absolute); Command and Entrypoint as Compose gives them (the
	// image's own are unknown without Docker); Mounts its volumes;
	// Profiles the Compose profiles it is in (none: always enabled).
	Line                int
	Build               string
	Command, Entrypoint []string
	Mounts              []Mount
	// Profiles are the Compose profiles the service is in (read from files).
	Profiles []string
	// Publishes are the container ports its ports: publish on the host
	// (read from files).
	Publishes []int
	// ExtraHosts are the names its extra_hosts add to /etc/hosts (read
	// from files).
	ExtraHosts []string
	// ConfigEnv are the variables the config file its process reads
	// (--config) references, ${env:X} or ${X} (read from files; Jaeger's).
	ConfigEnv []string
	// OTLP is the service's OTLP export settings when it sets an endpoint
	// (read from files for every service that sends, the backend or not);
	// nil otherwise.
	OTLP *Backend
}

// Reach says how labctl reaches a port.
type Reach string

const (
	// ReachPublished: a port published on the host.
	ReachPublished Reach = "published"
	// ReachContainer: the container's address on its network (Linux, local engine).
	ReachContainer Reach = "container address"
	// ReachFlag: given on the command line.
	ReachFlag Reach = "flag"
	// ReachNone: not reachable from this machine.
	ReachNone Reach = ""
)

// Endpoint is one port of one service, as reached from this machine and
// inside the lab's network.
type Endpoint struct {
	Service string
	// Port is the port inside the container.
	Port int
	// Addr is host:port from this machine; "" when unreachable.
	Addr string
	// Path is a base path (Jaeger's /jaeger/ui, the backend's /api).
	Path string
	Via  Reach
	// InNetwork is service:port inside the lab's network.
	InNetwork string
	// Protocol is what the port speaks where it matters ("grpc", "http"
	// for OTLP), "" when unknown or plain.
	Protocol string
	// Hint is the one line to add to enable a check that needs this
	// endpoint when it is unreachable, in English; HintSaid is the catalog
	// message it is said from (internal/msg), for other languages.
	Hint     string
	HintSaid Said
}

// Said is a catalog message (internal/msg) by its key and arguments: the
// model holds no sentence of its own, and imports no labctl package.
type Said struct {
	Key  string
	Args []string
}

// Reachable reports whether labctl can reach the endpoint.
func (e Endpoint) Reachable() bool { return e.Addr != "" }

// URL is http://addr/path, or "" when unreachable.
func (e Endpoint) URL() string {
	if e.Addr == "" {
		return ""
	}
	return "http://" + e.Addr + strings.TrimSuffix(e.Path, "/")
}

// Describe says how the endpoint is reached, for status.
func (e Endpoint) Describe() string {
	switch {
	case e.Addr == "" && e.Hint != "":
		return "not reachable: " + e.Hint
	case e.Addr == "":
		return "not reachable"
	case e.Via != "":
		return e.URL() + " (" + string(e.Via) + ")"
	}
	return e.URL()
}

// Endpoints are the endpoints the checks use.
type Endpoints struct {
	// Backend is the backend's base URL (through a proxy: its port and ROOT_PATH).
	Backend Endpoint
	// JaegerUI is Jaeger's HTTP query port (UI, /api and /api/v3).
	JaegerUI Endpoint
	// JaegerGRPC is Jaeger's gRPC query port (api_v2), used where reachable.
	JaegerGRPC Endpoint
	Prometheus Endpoint
	// CollectorMetrics is the Collector's own telemetry (/metrics).
	CollectorMetrics Endpoint
	// CollectorExporter is the Collector's prometheus exporter (/metrics).
	CollectorExporter Endpoint
	// CollectorHealth is the health_check extension.
	CollectorHealth Endpoint
	// Postgres is PostgreSQL's port.
	Postgres Endpoint
}

// Service returns the service playing role, or nil.
func (l *Lab) Service(role Role) *Service {
	for i := range l.Services {
		if l.Services[i].Role == role {
			return &l.Services[i]
		}
	}
	return nil
}

// ServiceNamed returns the service called name, or nil.
func (l *Lab) ServiceNamed(name string) *Service {
	for i := range l.Services {
		if l.Services[i].Name == name {
			return &l.Services[i]
		}
	}
	return nil
}

// Resolve finds the service a host name reaches inside the lab's network
// (a service name, a container name or an alias), or nil.
func (l *Lab) Resolve(host string) *Service {
	if host == "" {
		return nil
	}
	for i := range l.Services {
		s := &l.Services[i]
		if s.Name == host || s.Container == host {
			return s
		}
		for _, a := range s.Aliases {
			if a == host {
				return s
			}
		}
	}
	return nil
}

// ServiceNames lists the services' names.
func (l *Lab) ServiceNames() []string {
	out := make([]string, len(l.Services))
	for i, s := range l.Services {
		out[i] = s.Name
	}
	return out
}

// SpansFloor is the least time spans need to reach Jaeger: the SDK's
// export delay, then the Collector's batch timeout.
func (i Intervals) SpansFloor() time.Duration { return i.Export + i.Batch }

// MetricsFloor is the least time a new postgresql_* value needs to reach
// Prometheus: a collection, then a scrape.
func (i Intervals) MetricsFloor() time.Duration { return i.Collection + i.Batch + i.Scrape }
