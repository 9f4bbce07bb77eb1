package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/lab"
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

func runDown(ctx context.Context, opts downOptions, stdio Stdio) error {
	// down acts on a Compose project only when -f or -p names it.
	t, err := open.Resolve(ctx, ".", openFlags(&opts.lab, &opts.compose, model.Overrides{}), open.Acting)
	if err != nil {
		return err
	}
	return labExit(lab.Down(ctx, t, lab.DownOptions{Volumes: opts.volumes, Lock: opts.lab.lock, Err: stdio.Err}))
}
