// Package open opens a lab: from the command line's flags and the folder a
// command runs in, it decides which lab is meant (labctl's own, described
// from labctl.yaml, or a Compose project, discovered from its running
// containers), describes it as a model.Lab with the flags' overrides
// applied, and joins the Docker engine. Every command and the grader open
// their lab here; the rule that decides is written once, in Choose.
package open

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/moby/moby/client"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
)

// Flags are what the command line says about the lab.
type Flags struct {
	// Config is --config (labctl.yaml's path, "" for ./labctl.yaml when
	// present, else the defaults).
	Config string
	// Files and Project are docker compose's -f and -p.
	Files   []string
	Project string
	// Profiles are docker compose's --profile (none: COMPOSE_PROFILES).
	Profiles []string
	// Overrides are --service and the endpoint flags (--jaeger, --backend,
	// --prometheus, --collector-metrics).
	Overrides model.Overrides
}

// Named reports whether -f or -p names a Compose project.
func (f Flags) Named() bool { return len(f.Files) > 0 || f.Project != "" }

// Implicit is the one per-command part of the rule: whether a command
// turns to a Compose project that -f and -p do not name. The commands that
// read a lab (verify, status, logs, report, trace) do: in a folder with a
// Compose file and no labctl.yaml, or whose labctl.yaml maps the project's
// services, the project is what the user means. The commands that create
// or remove containers (up, down) do not: they act on a Compose project
// only when -f or -p names it, and on labctl's lab otherwise.
type Implicit bool

const (
	// Reading commands follow the folder.
	Reading Implicit = true
	// Acting commands need -f or -p.
	Acting Implicit = false
)

// Choice is which lab a command is about.
type Choice struct {
	// Compose says a Compose project is meant rather than labctl's lab.
	Compose bool
	// Note says why, for stderr, when the folder holds both a labctl.yaml
	// and a Compose file ("" otherwise).
	Note string
}

// Choose decides which lab is meant, from the flags, labctl.yaml (cfg) and
// the folder: -f or -p name a Compose project; otherwise, for a reading
// command, a folder with a Compose file and no labctl.yaml is a project,
// and a labctl.yaml with a services mapping is about that project; else
// it is labctl's lab.
func Choose(folder string, f Flags, cfg *config.Config, implicit Implicit) Choice {
	if f.Named() {
		return Choice{Compose: true}
	}
	if !implicit {
		return Choice{}
	}
	file := discover.FindComposeFile(folder)
	if file == "" {
		return Choice{}
	}
	hasConfig := f.Config != ""
	if !hasConfig {
		_, err := os.Stat(filepath.Join(folder, config.DefaultConfigFile))
		hasConfig = !errors.Is(err, fs.ErrNotExist)
	}
	switch {
	case !hasConfig:
		return Choice{Compose: true}
	case len(cfg.Services) > 0:
		return Choice{Compose: true, Note: fmt.Sprintf("both %s and %s are here: checking the Compose project of %s (labctl.yaml maps its services)", config.DefaultConfigFile, file, file)}
	}
	return Choice{Note: fmt.Sprintf("both %s and %s are here: checking labctl's lab (%s); pass -f %s to check your project", config.DefaultConfigFile, file, config.DefaultConfigFile, file)}
}

// Target is what a command acts on, before anything is described: the
// choice and, for a Compose project, its name, files and services as
// docker compose resolves them. Nothing here talks to Docker.
type Target struct {
	Choice
	Config *config.Config
	// Project is the Compose project when Choice.Compose; nil for
	// labctl's lab.
	Project *discover.Project
}

// ProjectName is the Compose project name of the target.
func (t *Target) ProjectName() string {
	if t.Project != nil {
		return t.Project.Name
	}
	return t.Config.Project
}

// Resolve loads labctl.yaml, chooses and, for a Compose project, resolves
// its name and files in folder.
func Resolve(ctx context.Context, folder string, f Flags, implicit Implicit) (*Target, error) {
	cfg, err := config.Load(f.Config)
	if err != nil {
		return nil, err
	}
	c := Choose(folder, f, cfg, implicit)
	if !c.Compose {
		return &Target{Choice: c, Config: cfg}, nil
	}
	t, err := ResolveCompose(ctx, folder, f.Files, f.Project, f.Profiles...)
	if err != nil {
		return nil, err
	}
	t.Choice, t.Config = c, cfg
	return t, nil
}

// ResolveCompose resolves the Compose project of folder (its files, or
// the folder's default; name, or the one docker compose derives) with no
// labctl.yaml: a submission's folder, as the grader opens it.
func ResolveCompose(ctx context.Context, folder string, files []string, name string, profiles ...string) (*Target, error) {
	abs, err := filepath.Abs(folder)
	if err != nil {
		return nil, fmt.Errorf("find working directory: %w", err)
	}
	p, err := discover.ResolveProject(ctx, abs, files, name, profiles...)
	if err != nil {
		return nil, err
	}
	return &Target{Choice: Choice{Compose: true}, Config: config.Default(), Project: &p}, nil
}

// Opened is an opened lab: its description and the engine connection.
type Opened struct {
	*Target
	// Lab is the description, the flags' overrides applied.
	Lab *model.Lab
	// Docker is the engine's client; nil when it did not answer (labctl's
	// lab can still be checked from its ports).
	Docker   *client.Client
	Endpoint dockerx.Endpoint
	// EngineDown names the engine that did not answer ("" when it did).
	EngineDown string
}

// Close releases the engine connection.
func (l *Opened) Close() {
	if l.Docker != nil {
		_ = l.Docker.Close()
	}
}

// Logs returns the last lines of a service's container, for diagnoses
// (nil without the engine).
func (l *Opened) Logs(ctx context.Context, service string) []string {
	if l.Docker == nil {
		return nil
	}
	return LogsOf(l.Docker, l.Lab)(ctx, service)
}

// LogsOf reads the logs of lab's services through api: the last 200 lines
// of the service's container (by the ID discovery found; in labctl's own
// lab, by the name labctl gives it), nil when it cannot be read.
func LogsOf(api discover.API, lab *model.Lab) func(ctx context.Context, service string) []string {
	return func(ctx context.Context, service string) []string {
		if lab == nil {
			return nil
		}
		id := ""
		if s := lab.ServiceNamed(service); s != nil {
			id = s.ID
		}
		if id == "" && lab.Origin == model.OriginRendered {
			id = engine.ContainerName(lab.Project, service)
		}
		if id == "" {
			return nil
		}
		lines, _ := discover.TailLogs(ctx, api, id, 200)
		return lines
	}
}

// Engine is labctl's engine on the connection (nil without one).
func (l *Opened) Engine(progress func(engine.Event)) *engine.Engine {
	if l.Docker == nil {
		return nil
	}
	return engine.NewEngine(l.Docker, l.Endpoint.Local(), progress)
}

// Open resolves the target and describes it: labctl's lab from labctl.yaml
// (render.Describe), joined to the engine when it answers within a few
// seconds (for the diagnoses' log lines); a Compose project from its
// running containers through the Docker API, which must answer.
func Open(ctx context.Context, folder string, f Flags, implicit Implicit) (*Opened, error) {
	t, err := Resolve(ctx, folder, f, implicit)
	if err != nil {
		return nil, err
	}
	return Describe(ctx, t, f.Overrides)
}

// Describe describes a resolved target and joins the engine.
func Describe(ctx context.Context, t *Target, ov model.Overrides) (*Opened, error) {
	o := &Opened{Target: t}
	if !t.Compose {
		l, err := render.Describe(t.Config)
		if err != nil {
			return nil, err
		}
		o.Lab = l.With(ov)
		c, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		cli, ep, err := dockerx.Connect(c)
		var down *dockerx.UnreachableError
		switch {
		case err == nil:
			o.Docker, o.Endpoint = cli, ep
		case errors.As(err, &down):
			o.EngineDown = fmt.Sprintf("the Docker engine at %s (%s)", down.Endpoint.Host, down.Endpoint.Source)
		}
		return o, nil
	}
	cli, ep, err := dockerx.Connect(ctx)
	if err != nil {
		return nil, err
	}
	o.Docker, o.Endpoint = cli, ep
	l, err := Compose(ctx, cli, t.Config, ComposeOptions{
		Project: t.Project.Name, ComposeFile: firstOr(t.Project.Files, ""),
		ContainerAddrs: ep.Local() && runtime.GOOS == "linux", Service: ov.Service,
		Files: onDiskFiles(ctx, o.Files("")),
	})
	if err != nil {
		o.Close()
		return nil, err
	}
	o.Lab = l.With(ov)
	return o, nil
}

// ComposeOptions say how a running Compose project is described.
type ComposeOptions struct {
	Project string
	// ComposeFile names the project's file in facts ("" for the one its
	// containers' labels record).
	ComposeFile string
	// ContainerAddrs lets checks reach unpublished ports through the
	// containers' addresses (a local engine on Linux).
	ContainerAddrs bool
	// Service is the service.name to look for ("" for labctl.yaml's).
	Service string
	// Files are the project's files when it is on disk (Files.Lab): what
	// discovery reads from the containers gets its file and line there.
	Files *model.Files
}

// Compose describes a running Compose project with labctl.yaml's settings
// (cfg; config.Default() for the grader): the host, the roles its services
// mapping gives, the traffic, the service.name and whether the backend
// instruments its database.
func Compose(ctx context.Context, api discover.API, cfg *config.Config, o ComposeOptions) (*model.Lab, error) {
	roles, err := cfg.Roles()
	if err != nil {
		return nil, err
	}
	name := cfg.ServiceName
	if o.Service != "" {
		name = o.Service
	}
	l, err := discover.Discover(ctx, api, discover.Options{
		Project: o.Project, ComposeFile: o.ComposeFile, Roles: roles,
		Host: cfg.Host, ContainerAddrs: o.ContainerAddrs,
		ServiceName: name, Traffic: cfg.Traffic, HealthPath: "/", Files: o.Files,
	})
	if err != nil {
		return nil, err
	}
	if cfg.Backend.DBInstrumented != nil {
		l.ExpectDB = *cfg.Backend.DBInstrumented
	}
	return l, nil
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}
