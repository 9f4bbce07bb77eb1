// Package validate runs the real validators of a project's own images —
// the Collector's `validate --config FILE` and Prometheus's `promtool check
// config FILE` — and maps their verdicts back to the file and line through
// the rules package. Docker runs them in a throwaway container of the same
// image with the same mounts and no network; Process runs binaries on this
// machine (the test bed's, for tests without Docker).
package validate

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// ErrNoCommand says an image has no such validator (no promtool, an
// entrypoint that is not a Collector).
var ErrNoCommand = errors.New("no such command in the image")

// noFiles is the note for a lab not read from its files: the validators
// check the files a project mounts.
var noFiles = msg.New("lint.note.no_files")

// run is one validator run: the tool's output and whether it passed.
type run func(ctx context.Context, s *model.Service, tool string, args []string) (out string, ok bool, err error)

// validateWith runs both validators through r and turns verdicts into
// findings; notes say what could not run, and why.
func validateWith(ctx context.Context, p *model.Lab, r run, where func(*model.Service) string) ([]rules.Finding, []msg.Message) {
	if p.Files == nil {
		return nil, []msg.Message{noFiles}
	}
	var out []rules.Finding
	var notes []msg.Message
	if s := p.Service(model.RoleCollector); s != nil && p.Files.Collector.File != "" {
		path := model.CollectorReads(s)
		if path == "" {
			notes = append(notes, msg.New("lint.note.no_config"))
		} else {
			args := []string{"validate", "--config", path}
			if uris := model.ParseCollectorArgs(s.Entrypoint, s.Command).URIs(); len(uris) > 1 {
				// every layer, as the Collector will merge them
				args = []string{"validate"}
				for _, u := range uris {
					args = append(args, "--config", u)
				}
			}
			text, ok, err := r(ctx, s, "otelcol", args)
			switch {
			case errors.Is(err, ErrNoCommand):
				notes = append(notes, msg.New("lint.note.no_validate", s.Image))
			case err != nil:
				notes = append(notes, msg.New("lint.note.otelcol_failed", msg.Quote(err.Error())))
			case !ok:
				if f, found := rules.CollectorFinding(p, text, "otelcol validate ("+where(s)+")"); found {
					out = append(out, f)
				}
			}
		}
	}
	if s := p.Service(model.RolePrometheus); s != nil && p.Files.Prometheus.File != "" {
		text, ok, err := r(ctx, s, "promtool", []string{"check", "config", model.PrometheusReads(s)})
		switch {
		case errors.Is(err, ErrNoCommand):
			notes = append(notes, msg.New("lint.note.no_promtool", s.Image))
		case err != nil:
			notes = append(notes, msg.New("lint.note.promtool_failed", msg.Quote(err.Error())))
		case !ok:
			out = append(out, PromtoolFinding(p, text, "promtool check config ("+where(s)+")"))
		}
	}
	return out, notes
}

var rePromLine = regexp.MustCompile(`line (\d+)`)

// PromtoolFinding maps promtool's verdict ("FAILED: parsing YAML file X:
// yaml: unmarshal errors:\n  line 7: field scrape_intervall not found in
// type config.ScrapeConfig") to the file and line.
func PromtoolFinding(p *model.Lab, out, source string) rules.Finding {
	r, _ := rules.Lookup("LAB051")
	cause := ""
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "Checking ") || strings.HasPrefix(l, "SUCCESS") {
			continue
		}
		cause = l // the last line carries the cause
	}
	f := rules.Finding{Rule: r.ID, Severity: r.Severity, File: p.Files.Prometheus.File, Message: msg.Raw(cause), Fix: r.GenericFix(), Blocks: r.Blocks,
		Quote: cause, Source: source}
	if m := rePromLine.FindStringSubmatch(cause); m != nil {
		fmt.Sscan(m[1], &f.Line)
	}
	return f
}
