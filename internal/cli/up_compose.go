package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/userproject"
)

// runUpCompose runs a Compose project labctl did not render (labctl up -f)
// through labctl's engine: what the file says, narrowed to the services
// the checks read unless --all, and a line for each key it does not honour.
func runUpCompose(ctx context.Context, opts upOptions, pull engine.PullPolicy, stdio Stdio) error {
	cfg, err := opts.lab.load()
	if err != nil {
		return err
	}
	roles, err := cfg.Roles()
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("find working directory: %w", err)
	}
	p, err := userproject.Load(ctx, userproject.Options{Dir: wd, Files: opts.compose.Files,
		Name: opts.compose.Project, All: opts.all, Roles: roles})
	if err != nil {
		return err
	}
	if !opts.quiet {
		for _, n := range p.Notes {
			fmt.Fprintln(stdio.Err, "labctl: "+n)
		}
	}
	pr := &progressPrinter{w: stdio.Err, quiet: opts.quiet, tty: isTerminal(stdio.Err)}
	eng, closeEngine, err := connectEngine(ctx, pr.event)
	if err != nil {
		return err
	}
	defer closeEngine()
	res, err := eng.Up(ctx, p.Compose, userproject.Hints(p), engine.UpOptions{Pull: pull, NoBuild: opts.noBuild, Timeout: opts.timeout})
	if err != nil {
		return engineError(stdio.Err, err)
	}
	rows := make([][]string, 0, len(res.Services))
	for _, s := range res.Services {
		rows = append(rows, []string{s.Service, string(p.Roles[s.Service]), s.State, s.URL})
	}
	table(stdio.Out, []string{"SERVICE", "ROLE", "STATE", "URL"}, rows)
	if !opts.quiet {
		fmt.Fprintf(stdio.Err, "project %s is up in %s (%s); check it with labctl verify -p %s\n",
			p.Compose.Name, round(res.Elapsed), upSummary(res), p.Compose.Name)
	}
	return nil
}
