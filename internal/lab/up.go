package lab

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/render"
	"github.com/labctl/labctl/internal/userproject"
)

// ParsePull reads --pull (always, missing, never).
func ParsePull(s string) (engine.PullPolicy, error) { return engine.ParsePullPolicy(s) }

// UpOptions say how up starts a lab and where it writes.
type UpOptions struct {
	Pull    engine.PullPolicy
	NoBuild bool
	Timeout time.Duration
	// Quiet prints only the table (no progress, no summary).
	Quiet bool
	// Out gets the services' table, Err the progress and the summary.
	Out, Err io.Writer
}

// Up writes labctl's own lab's files into dir (as render does), starts it
// and waits until every service is ready. The caller holds dir's lock.
func Up(ctx context.Context, cfg *config.Config, dir string, o UpOptions) error {
	out, err := render.Render(cfg, dir)
	if err != nil {
		return err
	}
	project, err := render.LoadProject(ctx, out.Dir, cfg.Project)
	if err != nil {
		return err
	}
	pr := &progressPrinter{w: o.Err, quiet: o.Quiet, tty: isTerminal(o.Err)}
	eng, closeEngine, err := connectEngine(ctx, pr.event)
	if err != nil {
		return err
	}
	defer closeEngine()
	hints, err := render.WithVolumeFingerprints(render.EngineHints(cfg), out.Dir)
	if err != nil {
		return err
	}
	res, err := eng.Up(ctx, project, hints, engine.UpOptions{Pull: o.Pull, NoBuild: o.NoBuild, Timeout: o.Timeout})
	if err != nil {
		return engineError(o.Err, err)
	}
	rows := make([][]string, 0, len(res.Services))
	for _, s := range res.Services {
		rows = append(rows, []string{s.Service, s.State, s.URL})
	}
	table(o.Out, []string{"SERVICE", "STATE", "URL"}, rows)
	if !o.Quiet {
		fmt.Fprintf(o.Err, "lab %s is up in %s (%s)\n", cfg.Project, round(res.Elapsed), upSummary(res))
	}
	return nil
}

// ComposeUp names the user's Compose project up starts.
type ComposeUp struct {
	Files []string
	Name  string
	// All starts every service, not only those verify reads and their
	// dependencies.
	All bool
}

// UpCompose starts a user's Compose project (labctl.yaml's roles applied)
// through the same engine, and waits until its services are ready.
func UpCompose(ctx context.Context, cfg *config.Config, c ComposeUp, o UpOptions) error {
	roles, err := cfg.Roles()
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("find working directory: %w", err)
	}
	p, err := userproject.Load(ctx, userproject.Options{Dir: wd, Files: c.Files,
		Name: c.Name, All: c.All, Roles: roles})
	if err != nil {
		return err
	}
	if !o.Quiet {
		for _, n := range p.Notes {
			fmt.Fprintln(o.Err, "labctl: "+n)
		}
	}
	pr := &progressPrinter{w: o.Err, quiet: o.Quiet, tty: isTerminal(o.Err)}
	eng, closeEngine, err := connectEngine(ctx, pr.event)
	if err != nil {
		return err
	}
	defer closeEngine()
	res, err := eng.Up(ctx, p.Compose, userproject.Hints(p), engine.UpOptions{Pull: o.Pull, NoBuild: o.NoBuild, Timeout: o.Timeout})
	if err != nil {
		return engineError(o.Err, err)
	}
	rows := make([][]string, 0, len(res.Services))
	for _, s := range res.Services {
		rows = append(rows, []string{s.Service, string(p.Roles[s.Service]), s.State, s.URL})
	}
	table(o.Out, []string{"SERVICE", "ROLE", "STATE", "URL"}, rows)
	if !o.Quiet {
		fmt.Fprintf(o.Err, "project %s is up in %s (%s); check it with labctl verify -p %s\n",
			p.Compose.Name, round(res.Elapsed), upSummary(res), p.Compose.Name)
	}
	return nil
}

func upSummary(r *engine.UpResult) string {
	if !r.Changed() {
		return "nothing changed"
	}
	var parts []string
	add := func(verb string, names []string) {
		if len(names) > 0 {
			parts = append(parts, verb+" "+strings.Join(names, ", "))
		}
	}
	add("created", r.Created)
	add("recreated", r.Recreated)
	add("started", r.Started)
	add("kept", r.Kept)
	return strings.Join(parts, "; ")
}

// Render writes labctl's own lab's files into dir and lists them: the
// count on errw, one path a line on out. The caller holds dir's lock.
func Render(cfg *config.Config, dir string, out, errw io.Writer) error {
	res, err := render.Render(cfg, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(errw, "wrote %d files to %s\n", len(res.Files), res.Dir)
	for _, f := range res.Files {
		fmt.Fprintln(out, f)
	}
	return nil
}

// DefaultUpTimeout is how long up waits for every service by default.
const DefaultUpTimeout = engine.DefaultUpTimeout
