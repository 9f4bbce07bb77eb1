// Package discover describes a running Compose project that labctl did not
// render: it finds the project's containers through the Docker API by
// Compose's labels, recognises each service's role, copies the Collector's
// and Prometheus's own config files out of their containers, reads the
// backend's OTEL_* environment, and works out how each endpoint is reached
// from this machine. The result is a model.Lab, the same description
// rendering makes for labctl's own lab. FromCompose (files.go) describes a
// project from its files alone, with their lines: what lint reads, and
// what discovery locates its facts in when the project is on disk
// (Options.Files).
package discover

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
)

// Options say which project to describe and how to reach it.
type Options struct {
	Project string
	// ComposeFile is the Compose file as a person names it (compose.yml),
	// for diagnoses; by default the project's config_files label.
	ComposeFile string
	// Roles overrides recognition: service name → role (labctl.yaml services).
	Roles map[string]model.Role
	// Host is where published ports are reached (127.0.0.1; "docker" in dind).
	Host string
	// ContainerAddrs allows reaching unpublished ports through the
	// containers' own addresses (a local engine on Linux).
	ContainerAddrs bool
	// ServiceName is the service.name the lab asks for (backend-service).
	ServiceName string
	Traffic     []model.Request
	// HealthPath is what the backend's readiness waits on ("/" by default).
	HealthPath string
	// Files are the project's files when it is on disk (lint.Load's
	// Lab.Files): the lab holds them, and what is read from the containers
	// is located in them (the line of a variable).
	Files *model.Files
}

// ErrNoProject means the engine has no container of the project.
var ErrNoProject = errors.New("no container of the project is running")

// Discover describes the running project.
func Discover(ctx context.Context, api API, o Options) (*model.Lab, error) {
	cs, err := containers(ctx, api, o.Project)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("%w: the Docker engine has no container labelled %s=%s; start it with `docker compose up -d`, or name it with -p", ErrNoProject, model.LabelProject, o.Project)
	}
	if o.Host == "" {
		o.Host = model.LoopbackHost
	}
	if o.ServiceName == "" {
		o.ServiceName = "backend-service"
	}
	if o.HealthPath == "" {
		o.HealthPath = "/"
	}
	d := &discoverer{api: api, o: o, byName: map[string]*container{}}
	for i := range cs {
		d.byName[cs[i].Service] = &cs[i]
	}
	d.workDir = cs[0].Labels[model.LabelWorkingDir]
	if o.ComposeFile == "" {
		d.composeFile = d.rel(strings.Split(cs[0].Labels[model.LabelConfigFiles], ",")[0])
	} else {
		d.composeFile = o.ComposeFile
	}
	if d.composeFile == "" {
		d.composeFile = "compose.yml"
	}
	l := &model.Lab{
		Origin:      model.OriginDiscovered,
		Project:     o.Project,
		Source:      fmt.Sprintf("%s (project %s)", d.composeFile, o.Project),
		ServiceName: o.ServiceName,
		Services:    assignRoles(cs, o.Roles),
		Traffic:     o.Traffic,
		Files:       o.Files,
	}
	d.lab = l
	if err := d.readConfigs(ctx); err != nil {
		return nil, err
	}
	d.backend()
	d.endpoints()
	d.pipeline()
	if j := l.Service(model.RoleJaeger); j != nil {
		l.Jaeger = model.FlavourOfImage(j.Image)
	}
	l.Complete()
	return l, nil
}

type discoverer struct {
	api         API
	o           Options
	lab         *model.Lab
	byName      map[string]*container
	workDir     string
	composeFile string
}

// rel names a host path relative to the project's folder, as a person
// knows it.
func (d *discoverer) rel(p string) string {
	if p == "" {
		return ""
	}
	if d.workDir != "" {
		if r, err := filepath.Rel(d.workDir, p); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
	}
	return p
}

func (d *discoverer) container(role model.Role) (*model.Service, *container) {
	s := d.lab.Service(role)
	if s == nil {
		return nil, nil
	}
	return s, d.byName[s.Name]
}

// readConfigs copies the Collector's and Prometheus's config files out of
// their containers and parses them.
func (d *discoverer) readConfigs(ctx context.Context) error {
	// Several layers (or ${file:} references): merged as the Collector does.
	if _, c := d.container(model.RoleCollector); c != nil {
		if col, ok, err := d.collectorLayered(ctx, c); ok {
			if err != nil {
				return err
			}
			col.ReadIn(c.Name)
			d.lab.Collector = col
		}
	}
	if s, c := d.container(model.RoleCollector); c != nil && d.lab.Collector == nil {
		path, data, err := d.firstFile(ctx, c, collectorConfigPaths(c))
		switch {
		case errors.Is(err, errNotFound) && !c.Running:
			// It exited for want of its config (a folder mounted over
			// the config's directory): no config to model; verify still
			// gives its verdict, from the Collector's log.
		case err != nil:
			return fmt.Errorf("read the Collector's config from %s: %w", s.Name, err)
		default:
			col, err := model.ParseCollector(data, d.hostName(c, path), c.Env)
			if err != nil {
				return err
			}
			col.ReadIn(c.Name)
			d.lab.Collector = col
		}
	}
	if s, c := d.container(model.RolePrometheus); c != nil {
		path, data, err := d.firstFile(ctx, c, prometheusConfigPaths(c))
		if err != nil {
			return fmt.Errorf("read Prometheus's config from %s: %w", s.Name, err)
		}
		p, err := model.ParsePrometheus(data, d.hostName(c, path))
		if err != nil {
			return err
		}
		p.ReadIn(c.Name)
		d.lab.Prometheus = p
	}
	return nil
}

// firstFile reads the first of paths that exists in the container.
func (d *discoverer) firstFile(ctx context.Context, c *container, paths []string) (string, []byte, error) {
	var tried []string
	for _, p := range paths {
		c2, cancel := context.WithTimeout(ctx, 10*time.Second)
		data, err := readFile(c2, d.api, c.ID, p)
		cancel()
		if err == nil {
			return p, data, nil
		}
		if !errors.Is(err, errNotFound) {
			return "", nil, err
		}
		tried = append(tried, p)
	}
	return "", nil, fmt.Errorf("none of %s: %w", strings.Join(tried, ", "), errNotFound)
}

// hostName is the file a person edits for a path in the container: the
// bind mount's source relative to the project, else the container path.
func (d *discoverer) hostName(c *container, path string) string {
	for _, m := range c.Mounts {
		if m.Destination == path {
			return d.rel(m.Source)
		}
		if strings.HasPrefix(path, strings.TrimSuffix(m.Destination, "/")+"/") {
			return d.rel(filepath.Join(m.Source, strings.TrimPrefix(path, m.Destination)))
		}
	}
	return c.Service + ":" + path
}

// collectorConfigPaths is the file the Collector reads: its --config
// argument, else its image's default.
func collectorConfigPaths(c *container) []string {
	// The Collector's own reading of its flags (also inside `sh -c`): the
	// first --config read from a file is the main config.
	if files := model.ParseCollectorArgs(nil, c.Args).Files(); len(files) > 0 {
		return files[:1]
	}
	repo := imageRepo(c.Image)
	switch {
	case strings.Contains(repo, "contrib"):
		return []string{"/etc/otelcol-contrib/config.yaml"}
	case strings.Contains(repo, "k8s"):
		return []string{"/etc/otelcol-k8s/config.yaml"}
	}
	return []string{"/etc/otelcol/config.yaml", "/etc/otelcol-contrib/config.yaml"}
}

func prometheusConfigPaths(c *container) []string {
	if p := model.ArgValue(c.Args, "--config.file"); p != "" {
		return []string{p}
	}
	return []string{"/etc/prometheus/prometheus.yml"}
}
