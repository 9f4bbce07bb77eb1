package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/moby/moby/client"
	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/render"
)

// composeFlags are docker compose's own -f and -p, for the commands that
// check a running project labctl did not render (verify, status, logs).
type composeFlags struct {
	Files   []string
	Project string
}

// register adds the flags; logs keeps -f for --follow, as docker compose
// logs does, and takes the Compose file as --file only.
func (f *composeFlags) register(cmd *cobra.Command) {
	short := "f"
	if cmd.Flags().ShorthandLookup("f") != nil || cmd.Name() == "logs" {
		short = ""
	}
	cmd.Flags().StringArrayVarP(&f.Files, "file", short, nil, "check the Compose project of this `FILE` (as docker compose -f), not labctl's lab")
	cmd.Flags().StringVarP(&f.Project, "project-name", "p", "", "check the running Compose project `NAME` (as docker compose -p)")
}

// target is what a command checks: labctl's own lab, or a Compose project.
type target struct {
	cfg *config.Config
	lab *model.Lab
	// compose is set when a Compose project is checked.
	compose *discover.Project
	docker  *client.Client
	// engineDown names the engine that did not answer ("" when it did).
	engineDown string
	close      func()
}

// logs returns the last lines of a service's container, for diagnoses.
func (t *target) logs(ctx context.Context, service string) []string {
	if t.docker == nil || t.lab == nil {
		return nil
	}
	s := t.lab.ServiceNamed(service)
	id := ""
	if s != nil {
		id = s.ID
	}
	if id == "" {
		id = engine.ContainerName(t.lab.Project, service)
	}
	lines, _ := discover.TailLogs(ctx, t.docker, id, 200)
	return lines
}

// chooseCompose decides, from the flags and the folder, whether a Compose
// project is checked rather than labctl's lab: -f or -p say so; a folder
// with a Compose file and no labctl.yaml is a project; a labctl.yaml with
// a services mapping is about that project. note says why, for stderr.
func chooseCompose(lf *labFlags, cf *composeFlags, cfg *config.Config) (yes bool, note string) {
	if len(cf.Files) > 0 || cf.Project != "" {
		return true, ""
	}
	file := discover.FindComposeFile(".")
	if file == "" {
		return false, ""
	}
	hasConfig := lf.Config != ""
	if !hasConfig {
		_, err := os.Stat(config.DefaultConfigFile)
		hasConfig = !errors.Is(err, fs.ErrNotExist)
	}
	switch {
	case !hasConfig:
		return true, ""
	case len(cfg.Services) > 0:
		return true, fmt.Sprintf("both %s and %s are here: checking the Compose project of %s (labctl.yaml maps its services)", config.DefaultConfigFile, file, file)
	}
	return false, fmt.Sprintf("both %s and %s are here: checking labctl's lab (%s); pass -f %s to check your project", config.DefaultConfigFile, file, config.DefaultConfigFile, file)
}

// openTarget loads labctl.yaml, decides what is checked and describes it.
// A Compose project is discovered through the Docker API; labctl's lab is
// described from labctl.yaml, with the engine joined when it answers (for
// the diagnoses' log lines).
func openTarget(ctx context.Context, lf *labFlags, cf *composeFlags, service string, stderr io.Writer) (*target, error) {
	cfg, err := lf.load()
	if err != nil {
		return nil, err
	}
	useCompose, note := chooseCompose(lf, cf, cfg)
	if note != "" {
		fmt.Fprintln(stderr, "labctl: "+note)
	}
	t := &target{cfg: cfg, close: func() {}}
	if !useCompose {
		if t.lab, err = render.Describe(cfg); err != nil {
			return nil, err
		}
		c, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		cli, _, err := dockerx.Connect(c)
		var down *dockerx.UnreachableError
		switch {
		case err == nil:
			t.docker, t.close = cli, func() { _ = cli.Close() }
		case errors.As(err, &down):
			t.engineDown = fmt.Sprintf("the Docker engine at %s (%s)", down.Endpoint.Host, down.Endpoint.Source)
		}
		return t, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("find working directory: %w", err)
	}
	p, err := discover.ResolveProject(ctx, wd, cf.Files, cf.Project)
	if err != nil {
		return nil, err
	}
	t.compose = &p
	cli, ep, err := dockerx.Connect(ctx)
	if err != nil {
		return nil, err
	}
	t.docker, t.close = cli, func() { _ = cli.Close() }
	roles, err := cfg.Roles()
	if err != nil {
		t.close()
		return nil, err
	}
	name := cfg.ServiceName
	if service != "" {
		name = service
	}
	l, err := discover.Discover(ctx, cli, discover.Options{
		Project: p.Name, ComposeFile: firstOr(p.Files, ""), Roles: roles,
		Host: cfg.Host, ContainerAddrs: ep.Local() && runtime.GOOS == "linux",
		ServiceName: name, Traffic: cfg.Traffic, HealthPath: "/",
	})
	if err != nil {
		t.close()
		return nil, err
	}
	if cfg.Backend.DBInstrumented != nil {
		l.ExpectDB = *cfg.Backend.DBInstrumented
	}
	t.lab = l
	return t, nil
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

// describeReach lists, for status, how each role's endpoint is reached.
func describeReach(l *model.Lab, role model.Role) string {
	e := l.Endpoints
	var parts []string
	add := func(what string, ep model.Endpoint) {
		if ep.Port == 0 && ep.Addr == "" && ep.Hint == "" {
			return
		}
		parts = append(parts, what+" "+ep.Describe())
	}
	switch role {
	case model.RoleBackend:
		add("http", e.Backend)
	case model.RoleJaeger:
		add("ui", e.JaegerUI)
		add("grpc", e.JaegerGRPC)
	case model.RolePrometheus:
		add("http", e.Prometheus)
	case model.RoleCollector:
		add("metrics", e.CollectorMetrics)
		add("exporter", e.CollectorExporter)
	case model.RolePostgres:
		add("tcp", e.Postgres)
	}
	return strings.Join(parts, "; ")
}
