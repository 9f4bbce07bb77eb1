package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/lab"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/open"
)

type upOptions struct {
	lab     labFlags
	compose composeFlags
	all     bool
	pull    string
	timeout time.Duration
	noBuild bool
	quiet   bool
}

func newUpCmd(stdio Stdio) *cobra.Command {
	var opts upOptions
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Start the lab and wait until every service is ready",
		Long: `Write the lab's files (as labctl render does), then, through the Docker Engine
API: pull missing images, build the backend, create the network and the
PostgreSQL volume, start the five services in dependency order, and wait
until each answers from this machine:

  jaeger      GET /api/services on ports.jaeger_ui
  collector   GET / on ports.collector_health (health_check extension)
  prometheus  GET /-/ready on ports.prometheus
  postgres    TCP connect on ports.postgres, and its pg_isready healthcheck
  backend     GET backend.health_path on ports.backend

Everything carries Docker Compose's labels, so docker compose -p PROJECT
ps, logs and down work on the lab too. Ports are published on 127.0.0.1 only
(unless publish_address in labctl.yaml says otherwise).

up is idempotent: on a running, unchanged lab it changes nothing. After a
change (labctl.yaml, the generated Collector config, the backend's code) it
recreates only the services concerned.

Exit status: 0 when every service is ready, 1 when a service does not become
ready or the backend does not build, 2 on a usage or environment error
(Docker unreachable, a port taken, an image missing).`,
		Example: `  labctl up
  labctl up --timeout 5m --pull never
  labctl up --quiet && labctl verify

  # Your own project, through the same engine (no docker compose needed);
  # only the services verify reads and their dependencies, unless --all
  labctl up -f compose.yml && labctl verify -f compose.yml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUp(cmd.Context(), opts, stdio)
		},
	}
	opts.lab.register(cmd)
	f := cmd.Flags()
	f.StringArrayVarP(&opts.compose.Files, "file", "f", nil, "run the Compose project of this `FILE` (as docker compose -f), not labctl's lab")
	f.StringVarP(&opts.compose.Project, "project-name", "p", "", "with -f: the project's `NAME` (default as docker compose names it)")
	f.BoolVar(&opts.all, "all", false, "with -f: start every service, not only those verify reads and their dependencies")
	f.StringVar(&opts.pull, "pull", "missing", "when to pull images: missing, always or never")
	f.DurationVar(&opts.timeout, "timeout", lab.DefaultUpTimeout, "how long to wait for every service to be ready (pulls and builds not included)")
	f.BoolVar(&opts.noBuild, "no-build", false, "do not build the backend; use its existing image")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print no progress, only the result")
	return cmd
}

func runUp(ctx context.Context, opts upOptions, stdio Stdio) error {
	pull, err := lab.ParsePull(opts.pull)
	if err != nil {
		return usageError(err)
	}
	if opts.timeout <= 0 {
		return usageError(fmt.Errorf("--timeout %s: give a positive duration, e.g. 3m", opts.timeout))
	}
	// up acts on a Compose project only when -f or -p names it, and
	// starting one needs its files.
	named := open.Choose(".", openFlags(&opts.lab, &opts.compose, model.Overrides{}), nil, open.Acting).Compose
	uo := lab.UpOptions{Pull: pull, NoBuild: opts.noBuild, Timeout: opts.timeout, Quiet: opts.quiet, Out: stdio.Out, Err: stdio.Err}
	if named && len(opts.compose.Files) > 0 {
		cfg, err := opts.lab.load()
		if err != nil {
			return err
		}
		return labExit(lab.UpCompose(ctx, cfg, lab.ComposeUp{Files: opts.compose.Files, Name: opts.compose.Project, All: opts.all}, uo))
	}
	if named || opts.all {
		return usageError(fmt.Errorf("-p and --all go with -f FILE (the Compose project to run)"))
	}
	cfg, err := opts.lab.load()
	if err != nil {
		return err
	}
	unlock, err := opts.lab.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return labExit(lab.Up(ctx, cfg, opts.lab.Dir, uo))
}

// labExit maps the lab's "ran but did not pass" (lab.Failure) to exit 1.
func labExit(err error) error {
	if lab.IsFailure(err) {
		return Failed(err)
	}
	return err
}
