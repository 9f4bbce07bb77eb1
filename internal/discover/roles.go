package discover

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// container is what role recognition and reachability read of one
// container: plain values, so that tests can build them by hand.
type container struct {
	Service string
	Name    string
	ID      string
	Image   string
	// Args is the process as started: entrypoint then command.
	Args    []string
	Env     map[string]string
	Exposed []int
	// Published maps a container port to its host bindings ("0.0.0.0:8000").
	Published map[int][]binding
	// IPs are the container's addresses, one per network.
	IPs     []string
	Aliases []string
	// Mounts maps a path in the container to its source on the host.
	Mounts  []mount
	State   string
	Health  string
	Running bool
	Labels  map[string]string
}

type binding struct {
	HostIP   string
	HostPort int
}

type mount struct {
	Source, Destination string
}

// imageRules recognise the official images and their local stand-ins by the
// image's repository path (registry and tag removed), first match wins.
var imageRules = []struct {
	role  model.Role
	words []string
}{
	{model.RoleCollector, []string{"opentelemetry-collector", "otelcol", "otel-collector"}},
	{model.RoleJaeger, []string{"jaeger", "all-in-one"}},
	{model.RolePrometheus, []string{"prometheus"}},
	{model.RolePostgres, []string{"postgres", "postgis", "timescaledb"}},
	{model.RoleProxy, []string{"traefik", "haproxy", "caddy", "envoy"}},
}

// backendEnv are environment variables only an instrumented application sets.
var backendEnv = []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"}

// recognise gives a container its role and says why. The image is the
// strongest evidence; then the program it runs, its environment, the ports
// it exposes, and last the service's name.
func recognise(c container) (model.Role, model.RoleReason) {
	repo := imageRepo(c.Image)
	// An image Compose built is named after the project (PROJECT-SERVICE):
	// the project's name says nothing of what the image runs.
	if p := strings.ToLower(c.Labels[model.LabelProject]); p != "" {
		for _, sep := range []string{"-", "_"} {
			repo = strings.TrimPrefix(repo, p+sep)
		}
	}
	// Prometheus exporters (postgres-exporter) are not Prometheus.
	if !strings.Contains(repo, "exporter") {
		for _, r := range imageRules {
			for _, w := range r.words {
				if strings.Contains(repo, w) {
					return r.role, model.RoleReason{By: model.RoleByImage, Seen: c.Image}
				}
			}
		}
	}
	if len(c.Args) > 0 {
		prog := path.Base(c.Args[0])
		switch {
		case strings.Contains(prog, "otelcol"):
			return model.RoleCollector, runs(prog)
		case strings.HasPrefix(prog, "jaeger") || strings.HasPrefix(prog, "all-in-one"):
			return model.RoleJaeger, runs(prog)
		case prog == "prometheus":
			return model.RolePrometheus, runs(prog)
		case prog == "postgres" || prog == "docker-entrypoint.sh" && slices.Contains(c.Args, "postgres"):
			return model.RolePostgres, runs("postgres")
		case prog == "traefik":
			return model.RoleProxy, runs("traefik")
		}
	}
	for _, k := range backendEnv {
		if _, ok := c.Env[k]; ok {
			return model.RoleBackend, model.RoleReason{By: model.RoleByEnv, Seen: k}
		}
	}
	for _, a := range c.Args {
		switch path.Base(a) {
		case "uvicorn", "opentelemetry-instrument", "gunicorn", "fastapi", "hypercorn":
			return model.RoleBackend, runs(path.Base(a))
		}
	}
	switch {
	case slices.Contains(c.Exposed, model.PortJaegerUI):
		return model.RoleJaeger, exposes(model.PortJaegerUI)
	case slices.Contains(c.Exposed, model.PortPostgres):
		return model.RolePostgres, exposes(model.PortPostgres)
	case slices.Contains(c.Exposed, model.PortPrometheus):
		return model.RolePrometheus, exposes(model.PortPrometheus)
	case slices.Contains(c.Exposed, model.PortOTLPGRPC):
		return model.RoleCollector, exposes(model.PortOTLPGRPC)
	}
	switch strings.ToLower(c.Service) {
	case "backend", "api", "app":
		return model.RoleBackend, model.RoleReason{By: model.RoleByName, Seen: c.Service}
	case "database", "db", "postgres", "postgresql":
		return model.RolePostgres, model.RoleReason{By: model.RoleByName, Seen: c.Service}
	case "reverse-proxy", "proxy":
		return model.RoleProxy, model.RoleReason{By: model.RoleByName, Seen: c.Service}
	}
	return model.RoleOther, model.RoleReason{By: model.RoleNothing}
}

// imageRepo is the image's repository path in lower case, without registry,
// tag or digest: "otel/opentelemetry-collector-contrib".
func imageRepo(ref string) string {
	r := strings.ToLower(ref)
	if i := strings.Index(r, "@"); i >= 0 {
		r = r[:i]
	}
	if i := strings.LastIndex(r, ":"); i > strings.LastIndex(r, "/") {
		r = r[:i]
	}
	if i := strings.Index(r, "/"); i >= 0 && strings.ContainsAny(r[:i], ".:") {
		r = r[i+1:] // a registry host
	}
	return r
}

// assignRoles gives each container a role, with labctl.yaml's services
// mapping first. A role two containers claim goes to the one whose service
// name says so (or the first in name order); the other becomes RoleOther.
func assignRoles(cs []container, overrides map[string]model.Role) []model.Service {
	out := make([]model.Service, len(cs))
	taken := map[model.Role]int{}
	for i, c := range cs {
		role, why := recognise(c)
		if r, ok := overrides[c.Service]; ok {
			role, why = r, model.RoleReason{By: model.RoleByConfig, Seen: c.Service}
		}
		out[i] = model.Service{
			Name: c.Service, Role: role, RoleFrom: why, Container: c.Name, ID: c.ID, Image: c.Image,
			State: c.State, Health: c.Health, Running: c.Running, Env: c.Env,
			Aliases: c.Aliases,
		}
		if role == model.RoleOther {
			continue
		}
		if j, dup := taken[role]; dup {
			_, override := overrides[c.Service]
			_, earlierOverride := overrides[out[j].Name]
			if override || (!earlierOverride && canonical(role, c.Service) && !canonical(role, out[j].Name)) {
				out[j].Role, out[j].RoleFrom = model.RoleOther, model.RoleReason{By: model.RoleTaken, Role: role}
				taken[role] = i
			} else {
				out[i].Role, out[i].RoleFrom = model.RoleOther, model.RoleReason{By: model.RoleTaken, Seen: out[j].Name, Role: role}
			}
			continue
		}
		taken[role] = i
	}
	return out
}

func canonical(role model.Role, service string) bool {
	s := strings.ToLower(service)
	switch role {
	case model.RoleBackend:
		return s == "backend"
	case model.RolePostgres:
		return s == "database" || s == "postgres" || s == "db"
	case model.RoleCollector:
		return s == "otel-collector" || s == "collector"
	}
	return s == string(role)
}

func exposes(port int) model.RoleReason {
	return model.RoleReason{By: model.RoleByPort, Seen: strconv.Itoa(port)}
}

func runs(prog string) model.RoleReason { return model.RoleReason{By: model.RoleByProgram, Seen: prog} }

// SayRole says why a service has its role, in the catalog's words: status
// prints it, in English as discovery said it before (its JSON's role_from).
func SayRole(r model.RoleReason) msg.Message {
	switch {
	case r.By == model.RoleByConfig && r.Seen == "":
		return msg.New("role.from.labctl_yaml_lab")
	case r.By == model.RoleTaken && r.Seen == "":
		return msg.New("role.from.taken_other", string(r.Role))
	case r.By == model.RoleTaken:
		return msg.New("role.from.taken", r.Seen, string(r.Role))
	case r.By == model.RoleNothing || r.By == "":
		return msg.New("role.from.none")
	}
	return msg.New("role.from."+string(r.By), r.Seen)
}
