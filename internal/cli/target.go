package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/open"
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

// flags are the lab's flags as internal/open reads them.
func openFlags(lf *labFlags, cf *composeFlags, ov model.Overrides) open.Flags {
	return open.Flags{Config: lf.Config, Files: cf.Files, Project: cf.Project, Overrides: ov}
}

// target is what a command checks: labctl's own lab, or a Compose project
// (open.Lab), with the engine connection.
type target struct{ *open.Opened }

// close releases the engine connection.
func (t *target) close() { t.Opened.Close() }

// openTarget opens the lab a reading command checks (open.Open, the
// folder's rule), the flags' overrides applied, and prints why that lab
// when the folder holds both kinds.
func openTarget(ctx context.Context, lf *labFlags, cf *composeFlags, ov model.Overrides, stderr io.Writer) (*target, error) {
	l, err := open.Open(ctx, ".", openFlags(lf, cf, ov), open.Reading)
	if err != nil {
		return nil, err
	}
	if l.Note != "" {
		fmt.Fprintln(stderr, "labctl: "+l.Note)
	}
	return &target{l}, nil
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
