package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/open"
)

type downOptions struct {
	lab     labFlags
	compose composeFlags
	volumes bool
}

func newDownCmd(stdio Stdio) *cobra.Command {
	var opts downOptions
	cmd := &cobra.Command{
		Use:   "down",
		Short: "Stop and remove the lab's containers and network",
		Long: `Stop and remove the containers and the network that carry the lab project's
label (com.docker.compose.project=PROJECT), and with --volumes its PostgreSQL
volume too. Nothing else is touched. Running down again is a no-op.

Every container of the project goes, whatever its Compose profile: docker compose down
leaves those of profiles not enabled, so after "docker compose --profile observability up"
a plain "docker compose down" keeps Jaeger and the Collector running. --profile is taken as
docker compose takes it and changes nothing here.`,
		Example: `  labctl down
  labctl down --volumes   # also forget PostgreSQL's data

  # A Compose project (e.g. started with labctl up -f): as docker compose down
  labctl down -f compose.yml --volumes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDown(cmd.Context(), opts, stdio)
		},
	}
	opts.lab.register(cmd)
	cmd.Flags().StringArrayVarP(&opts.compose.Files, "file", "f", nil, "take down the Compose project of this `FILE` (as docker compose -f), not labctl's lab")
	cmd.Flags().StringVarP(&opts.compose.Project, "project-name", "p", "", "take down the Compose project `NAME` (as docker compose -p)")
	opts.compose.registerProfile(cmd)
	cmd.Flags().BoolVarP(&opts.volumes, "volumes", "v", false, "also remove the PostgreSQL data volume")
	return cmd
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func runDown(ctx context.Context, opts downOptions, stdio Stdio) error {
	pr := &progressPrinter{w: stdio.Err}
	// down acts on a Compose project only when -f or -p names it.
	t, err := open.Resolve(ctx, ".", openFlags(&opts.lab, &opts.compose, model.Overrides{}), open.Acting)
	if err != nil {
		return err
	}
	eng, closeEngine, err := connectEngine(ctx, pr.event)
	if err != nil {
		return err
	}
	defer closeEngine()
	project := t.ProjectName()
	if t.Project == nil {
		unlock, err := opts.lab.lock()
		if err != nil {
			return err
		}
		defer unlock()
	}
	res, err := eng.Down(ctx, project, engine.DownOptions{Volumes: opts.volumes})
	if err != nil {
		return engineError(stdio.Err, err)
	}
	kept := ""
	if !opts.volumes {
		kept = "; volumes are kept (--volumes removes them)"
	}
	if len(res.Containers)+len(res.Networks)+len(res.Volumes) == 0 {
		what := "containers, networks or volumes"
		if !opts.volumes {
			what = "containers or networks"
		}
		fmt.Fprintf(stdio.Err, "nothing to remove: project %s has no %s%s\n", project, what, kept)
		return nil
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{len(res.Containers), "container"}, {len(res.Networks), "network"}, {len(res.Volumes), "volume"}} {
		if p.n > 0 {
			parts = append(parts, plural(p.n, p.what))
		}
	}
	fmt.Fprintf(stdio.Err, "removed %s of project %s%s\n", strings.Join(parts, ", "), project, kept)
	return nil
}
