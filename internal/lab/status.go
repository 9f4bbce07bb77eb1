package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/discover"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/render"
)

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ComposeStatus writes what discovery found in a Compose project (l): each
// service's role and why, its container and state, how labctl reaches it;
// a Failure when a service with a role is not running.
func ComposeStatus(l *model.Lab, format string, p *msg.Printer, out io.Writer) error {
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
		rows = append(rows, row{s.Name, string(s.Role), why.English(), why, s.Container, s.State,
			describeReach(l, s.Role, msg.For(msg.English)), describeReach(l, s.Role, p)})
		if !s.Running && s.Role != model.RoleOther {
			down = append(down, s.Name+" ("+s.State+")")
		}
	}
	if format == "json" {
		enc := json.NewEncoder(out)
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
		fmt.Fprintln(out, p.Sprintf("term.status.source", l.Source, l.Topology))
		cells := make([][]string, 0, len(rows))
		for _, r := range rows {
			cells = append(cells, []string{r.Service, r.Role, r.Container, r.State, dash(r.reached)})
		}
		table(out, strings.Split(p.Sprintf("term.status.cols.compose"), "|"), cells)
		for _, r := range rows {
			fmt.Fprintln(out, p.Sprintf("term.status.role", r.Service, r.Role, p.Say(r.roleFrom)))
		}
	}
	if len(down) > 0 {
		return Failure{errors.New(p.Sprintf("term.status.not_running", len(down), strings.Join(down, ", ")))}
	}
	return nil
}

// Status writes each service of labctl's own lab: container, state,
// health, readiness (probed once) and URL; a Failure when one is not ready.
func Status(ctx context.Context, cfg *config.Config, format string, p *msg.Printer, out io.Writer) error {
	eng, closeEngine, err := connectEngine(ctx, nil)
	if err != nil {
		return err
	}
	defer closeEngine()
	st, err := eng.Status(ctx, cfg.Project, render.EngineHints(cfg), render.LabServices, true)
	if err != nil {
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(out)
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
		table(out, strings.Split(p.Sprintf("term.status.cols.lab"), "|"), rows)
	}
	var bad []string
	for _, s := range st {
		if !s.Ready {
			bad = append(bad, s.Service+" ("+s.Detail+")")
		}
	}
	if len(bad) > 0 {
		return Failure{errors.New(p.Sprintf("term.status.not_ready", len(bad), len(st), strings.Join(bad, "; ")))}
	}
	return nil
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
