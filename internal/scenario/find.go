package scenario

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	ctypes "github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// Docker is the part of the Docker Engine API the scenario reads: it never
// changes a container.
type Docker interface {
	ContainerList(ctx context.Context, options client.ContainerListOptions) (client.ContainerListResult, error)
	ContainerInspect(ctx context.Context, container string, options client.ContainerInspectOptions) (client.ContainerInspectResult, error)
}

var _ Docker = (*client.Client)(nil)

// Demo is where the demo's parts are, as far as they were found.
type Demo struct {
	// Project is the Compose project's name ("" without Docker).
	Project string
	// Flags is where the flag lives; nil when neither the file nor the API
	// is known (the flag's state is then read from the spans only).
	Flags FlagStore
	// JaegerURL is Jaeger's UI with its base path.
	JaegerURL string
	// PrometheusURL is the demo's Prometheus, "" when not reachable.
	PrometheusURL string
	// Recommendation is the recommendation service's container ("" without Docker).
	Recommendation string
	// Found says how, for the output: Docker (Compose project otel-demo),
	// --demo DIR, --jaeger URL.
	Found msg.Message
}

// FindOptions say where to look.
type FindOptions struct {
	Jaeger  string // --jaeger URL
	DemoDir string // --demo DIR: a clone of opentelemetry-demo
	// Host is where published ports are reached (127.0.0.1).
	Host string
	// ContainerAddrs allows reaching unpublished ports on the containers'
	// own addresses (a local engine on Linux).
	ContainerAddrs bool
}

// ErrNoDemo means the Docker engine runs no demo.
var ErrNoDemo = errors.New("no OpenTelemetry Demo found")

// FlagFileIn is the flag file of a demo checkout.
func FlagFileIn(dir string) string { return filepath.Join(dir, "src", "flagd", "demo.flagd.json") }

// defaultProxy is where the demo's frontend proxy listens on this machine.
const defaultProxy = "http://127.0.0.1:8080"

// Find locates the demo: with --jaeger alone, only Jaeger (and the flag
// UI's API behind the same proxy); with --demo, its flag file and Jaeger
// behind its proxy; else the running Compose project through docker (which
// may be nil when --jaeger or --demo is given).
func Find(ctx context.Context, docker Docker, o FindOptions) (Demo, error) {
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.DemoDir != "" {
		file := FlagFileIn(o.DemoDir)
		if _, err := os.Stat(file); err != nil {
			return Demo{}, fmt.Errorf("--demo %s: no flag file at %s; give the folder of your opentelemetry-demo clone", o.DemoDir, file)
		}
		d := Demo{Flags: FileStore{Path: file}, JaegerURL: o.Jaeger, Found: msg.Raw("--demo " + o.DemoDir)}
		if d.JaegerURL == "" {
			d.JaegerURL = defaultProxy + "/jaeger/ui"
		}
		return d, nil
	}
	if o.Jaeger != "" {
		d := Demo{JaegerURL: o.Jaeger, Found: msg.Raw("--jaeger " + o.Jaeger)}
		if base := featureBase(o.Jaeger); base != "" {
			d.Flags = FlagAPI{Base: base}
		}
		return d, nil
	}
	if docker == nil {
		return Demo{}, fmt.Errorf("%w: no Docker engine answers; start the demo with docker compose up, or give --jaeger URL (and --demo DIR for the flag)", ErrNoDemo)
	}
	return findDocker(ctx, docker, o)
}

// findDocker finds the Compose project with a recommendation service and
// reads flagd's mount, the proxy's and Jaeger's ports from its containers.
func findDocker(ctx context.Context, docker Docker, o FindOptions) (Demo, error) {
	var project string
	for _, svc := range ServiceNames {
		res, err := docker.ContainerList(ctx, client.ContainerListOptions{
			All: true, Filters: make(client.Filters).Add("label", model.LabelService+"="+svc),
		})
		if err != nil {
			return Demo{}, fmt.Errorf("list containers: %w", err)
		}
		for _, c := range res.Items {
			if p := c.Labels[model.LabelProject]; p != "" && c.Labels[model.LabelOneoff] != "True" {
				project = p
				break
			}
		}
		if project != "" {
			break
		}
	}
	if project == "" {
		return Demo{}, fmt.Errorf("%w: the Docker engine has no container of a Compose service %s; start the demo (docker compose up -d in opentelemetry-demo), or give --jaeger URL", ErrNoDemo, orList(ServiceNames))
	}
	cs, err := projectContainers(ctx, docker, project)
	if err != nil {
		return Demo{}, err
	}
	d := Demo{Project: project, Found: msg.New("scenario.found.docker", project)}
	for _, svc := range ServiceNames {
		if c, ok := cs[svc]; ok {
			d.Recommendation = c.ID
			break
		}
	}
	proxy := ""
	for _, svc := range []string{"frontend-proxy", "frontendproxy"} {
		if c, ok := cs[svc]; ok {
			if addr := reach(c, model.PortDemoProxy, o); addr != "" {
				proxy = "http://" + addr
			}
		}
	}
	if c, ok := cs["jaeger"]; ok && proxy == "" {
		if addr := reach(c, model.PortJaegerUI, o); addr != "" {
			d.JaegerURL = "http://" + addr + jaegerBasePath(c)
		}
	}
	if proxy != "" {
		d.JaegerURL = proxy + "/jaeger/ui"
	}
	if c, ok := cs["prometheus"]; ok {
		if addr := reach(c, model.PortPrometheus, o); addr != "" {
			d.PrometheusURL = "http://" + addr
		}
	}
	if c, ok := cs["flagd"]; ok {
		if file := hostFlagFile(c); file != "" {
			if _, err := os.Stat(file); err == nil {
				d.Flags = FileStore{Path: file}
			}
		}
	}
	if d.Flags == nil && proxy != "" {
		d.Flags = FlagAPI{Base: proxy}
	}
	if d.JaegerURL == "" {
		return d, fmt.Errorf("found the demo (Compose project %s) but no way to its Jaeger: publish frontend-proxy's %d or jaeger's %d, or give --jaeger URL", project, model.PortDemoProxy, model.PortJaegerUI)
	}
	return d, nil
}

// projectContainers inspects the project's containers, one per service.
func projectContainers(ctx context.Context, docker Docker, project string) (map[string]ctypes.InspectResponse, error) {
	res, err := docker.ContainerList(ctx, client.ContainerListOptions{
		All: true, Filters: make(client.Filters).Add("label", model.LabelProject+"="+project),
	})
	if err != nil {
		return nil, fmt.Errorf("list containers of project %s: %w", project, err)
	}
	items := res.Items
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	out := map[string]ctypes.InspectResponse{}
	for _, s := range items {
		svc := s.Labels[model.LabelService]
		if _, seen := out[svc]; svc == "" || seen || s.Labels[model.LabelOneoff] == "True" {
			continue
		}
		in, err := docker.ContainerInspect(ctx, s.ID, client.ContainerInspectOptions{})
		if err != nil {
			return nil, fmt.Errorf("inspect %s: %w", svc, err)
		}
		out[svc] = in.Container
	}
	return out, nil
}

// reach is host:port for a container's port, as discovery reaches a
// lab's services (discover.Reach); "" when this machine cannot.
func reach(c ctypes.InspectResponse, port int, o FindOptions) string {
	return discover.Reach(c, port, o.Host, o.ContainerAddrs).Addr
}

// jaegerBasePath is QUERY_BASE_PATH (v1) or the --query.base-path argument.
func jaegerBasePath(c ctypes.InspectResponse) string {
	if c.Config != nil {
		for _, kv := range c.Config.Env {
			if v, ok := strings.CutPrefix(kv, "QUERY_BASE_PATH="); ok {
				return strings.TrimRight(v, "/")
			}
		}
	}
	for _, a := range c.Args {
		if v, ok := strings.CutPrefix(a, "--query.base-path="); ok {
			return strings.TrimRight(v, "/")
		}
	}
	return ""
}

// hostFlagFile maps flagd's --uri file:PATH (relative to its working
// directory) through its bind mounts to the file on the engine's host.
func hostFlagFile(c ctypes.InspectResponse) string {
	uri := ""
	args := append([]string{c.Path}, c.Args...)
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--uri="); ok {
			uri = v
		} else if (a == "--uri" || a == "-f") && i+1 < len(args) {
			uri = args[i+1]
		}
	}
	p, ok := strings.CutPrefix(uri, "file:")
	if !ok {
		return ""
	}
	if !path.IsAbs(p) {
		wd := "/"
		if c.Config != nil && c.Config.WorkingDir != "" {
			wd = c.Config.WorkingDir
		}
		p = path.Join(wd, p)
	}
	best, bestLen := "", -1
	for _, m := range c.Mounts {
		dst := path.Clean(m.Destination)
		if rel, ok := strings.CutPrefix(p, dst); ok && (rel == "" || strings.HasPrefix(rel, "/")) && len(dst) > bestLen {
			best, bestLen = filepath.Join(m.Source, filepath.FromSlash(rel)), len(dst)
		}
	}
	return best
}
