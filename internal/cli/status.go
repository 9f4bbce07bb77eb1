package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/open"
	"github.com/labctl/labctl/internal/render"
)

type statusOptions struct {
	lab     labFlags
	compose composeFlags
	format  string
	lang    string
}

func newStatusCmd(stdio Stdio) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:     "status",
		Aliases: []string{"ps"},
		Short:   "Show each service's container, state, health and URL",
		Long: `Show each service's container, state, health, readiness (its probe from this
machine, run once) and URL.

On your own Compose project (a folder with a compose.yml and no labctl.yaml,
or -f FILE / -p NAME), show what labctl found: each service's role and why,
its container and state, and how labctl reaches it (a published port, the
container's address, or not at all with the line that would publish it).

Exit status: 0 when every service is running and ready, 1 otherwise, 2 when
the Docker engine cannot be reached.`,
		Example: `  labctl status
  labctl ps --format json
  labctl status -p dop     # a Compose project labctl did not start`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStatus(cmd.Context(), opts, stdio)
		},
	}
	opts.lab.register(cmd)
	opts.compose.register(cmd)
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	addLangFlag(cmd, &opts.lang)
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// composeStatus shows what discovery found in a Compose project.
func composeStatus(ctx context.Context, opts *statusOptions, p *msg.Printer, stdio Stdio) error {
	t, err := openTarget(ctx, &opts.lab, &opts.compose, model.Overrides{}, stdio.Err, p)
	if err != nil {
		return err
	}
	defer t.close()
	l := t.Lab
	type row struct {
		Service   string `json:"service"`
		Role      string `json:"role"`
		RoleFrom  string `json:"role_from"` // in English, as discovery said it
		roleFrom  msg.Message
		Container string `json:"container"`
		State     string `json:"state"`
		Reached   string `json:"reached,omitempty"` // in English
		reached   string
	}
	rows := make([]row, 0, len(l.Services))
	var down []string
	for _, s := range l.Services {
		why := discover.SayRole(s.RoleFrom)
		rows = append(rows, row{s.Name, string(s.Role), why.English(), why, s.Container, s.State, describeReach(l, s.Role, msg.For(msg.English)), describeReach(l, s.Role, p)})
		if !s.Running && s.Role != model.RoleOther {
			down = append(down, s.Name+" ("+s.State+")")
		}
	}
	if opts.format == "json" {
		enc := json.NewEncoder(stdio.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Source   string `json:"source"`
			Project  string `json:"project"`
			Topology string `json:"topology"`
			Services []row  `json:"services"`
		}{l.Source, l.Project, string(l.Topology), rows}); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(stdio.Out, p.Sprintf("term.status.source", l.Source, l.Topology))
		cells := make([][]string, 0, len(rows))
		for _, r := range rows {
			cells = append(cells, []string{r.Service, r.Role, r.Container, r.State, dash(r.reached)})
		}
		table(stdio.Out, strings.Split(p.Sprintf("term.status.cols.compose"), "|"), cells)
		for _, r := range rows {
			fmt.Fprintln(stdio.Out, p.Sprintf("term.status.role", r.Service, r.Role, p.Say(r.roleFrom)))
		}
	}
	if len(down) > 0 {
		return Failed(errors.New(p.Sprintf("term.status.not_running", len(down), strings.Join(down, ", "))))
	}
	return nil
}

func runStatus(ctx context.Context, opts statusOptions, stdio Stdio) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q: use text or json", opts.format))
	}
	p, err := termPrinter(opts.lang)
	if err != nil {
		return err
	}
	cfg, err := opts.lab.load()
	if err != nil {
		return err
	}
	if open.Choose(".", openFlags(&opts.lab, &opts.compose, model.Overrides{}), cfg, open.Reading).Compose {
		return composeStatus(ctx, &opts, p, stdio)
	}
	eng, closeEngine, err := connectEngine(ctx, nil)
	if err != nil {
		return err
	}
	defer closeEngine()
	st, err := eng.Status(ctx, cfg.Project, render.EngineHints(cfg), render.LabServices, true)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		enc := json.NewEncoder(stdio.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(st); err != nil {
			return err
		}
	} else {
		rows := make([][]string, 0, len(st))
		for _, s := range st {
			ready := p.Sprintf("term.yes")
			if !s.Ready {
				ready = p.Sprintf("term.no")
			}
			rows = append(rows, []string{s.Service, dash(s.Container), s.State, dash(s.Health), ready, s.URL})
		}
		table(stdio.Out, strings.Split(p.Sprintf("term.status.cols.lab"), "|"), rows)
	}
	var bad []string
	for _, s := range st {
		if !s.Ready {
			bad = append(bad, s.Service+" ("+s.Detail+")")
		}
	}
	if len(bad) > 0 {
		return Failed(errors.New(p.Sprintf("term.status.not_ready", len(bad), len(st), strings.Join(bad, "; "))))
	}
	return nil
}
