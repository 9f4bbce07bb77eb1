package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/open"
)

// composeFlags are docker compose's own -f and -p, for the commands that
// check a running project labctl did not render (verify, status, logs).
type composeFlags struct {
	Files    []string
	Project  string
	Profiles []string
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
	f.registerProfile(cmd)
}

// registerProfile adds docker compose's --profile: the profiles the
// project runs with (default: COMPOSE_PROFILES, as docker compose reads it).
func (f *composeFlags) registerProfile(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.Profiles, "profile", nil, "a Compose `PROFILE` the project runs with, as docker compose --profile (default: COMPOSE_PROFILES)")
}

// flags are the lab's flags as internal/open reads them.
func openFlags(lf *labFlags, cf *composeFlags, ov model.Overrides) open.Flags {
	return open.Flags{Config: lf.Config, Files: cf.Files, Project: cf.Project, Profiles: cf.Profiles, Overrides: ov}
}

// target is what a command checks: labctl's own lab, or a Compose project
// (open.Lab), with the engine connection.
type target struct{ *open.Opened }

// close releases the engine connection.
func (t *target) close() { t.Opened.Close() }

// openTarget opens the lab a reading command checks (open.Open, the
// folder's rule), the flags' overrides applied, and prints why that lab
// when the folder holds both kinds.
// p, when given, is the language of the notes (English otherwise).
func openTarget(ctx context.Context, lf *labFlags, cf *composeFlags, ov model.Overrides, stderr io.Writer, p ...*msg.Printer) (*target, error) {
	l, err := open.Open(ctx, ".", openFlags(lf, cf, ov), open.Reading)
	if err != nil {
		return nil, err
	}
	if l.Note != "" {
		fmt.Fprintln(stderr, "labctl: "+l.Note)
	}
	if n := profilesNote(l); !n.IsZero() {
		pr := msg.For(msg.English)
		if len(p) > 0 {
			pr = p[0]
		}
		fmt.Fprintln(stderr, "labctl: "+pr.Say(n))
	}
	return &target{l}, nil
}

// profilesNote says which services of the Compose file are in a profile
// that is not enabled and do not run, and how to start them: the course
// puts its observability services in one, and `docker compose up` alone
// leaves them out.
func profilesNote(l *open.Opened) msg.Message {
	if l.Project == nil || l.Lab == nil {
		return msg.Message{}
	}
	services, profiles := l.Project.NotEnabled(func(name string) bool {
		s := l.Lab.ServiceNamed(name)
		return s != nil && s.Running
	})
	if len(services) == 0 {
		return msg.Message{}
	}
	flags := "--profile " + strings.Join(profiles, " --profile ")
	return msg.New("course.profiles.not_started", strings.Join(services, ", "), strings.Join(profiles, ", "), flags)
}

// describeReach lists, for status, how each role's endpoint is reached,
// in p's language (Endpoint.Describe's words in English).
func describeReach(l *model.Lab, role model.Role, p *msg.Printer) string {
	e := l.Endpoints
	var parts []string
	add := func(what string, ep model.Endpoint) {
		if ep.Port == 0 && ep.Addr == "" && ep.Hint == "" {
			return
		}
		parts = append(parts, what+" "+p.Say(reachSaid(ep)))
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

// reachSaid is how an endpoint is reached, as Endpoint.Describe says it
// in English.
func reachSaid(ep model.Endpoint) msg.Message {
	switch {
	case ep.Addr == "" && ep.Hint != "":
		h := msg.Quote(ep.Hint)
		if ep.HintSaid.Key != "" {
			h = msg.Strings(ep.HintSaid.Key, ep.HintSaid.Args)
		}
		return msg.New("reach.not_reachable_because", h)
	case ep.Addr == "":
		return msg.New("reach.not_reachable")
	case ep.Via != "":
		return msg.New("reach.via", ep.URL(), msg.New("reach.via."+string(ep.Via)))
	}
	return msg.Raw(ep.URL())
}
