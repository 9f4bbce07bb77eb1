package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// lintBeforeVerify runs the file rules on a Compose project before verify
// waits for data: what the files already show is said at once (on stderr,
// with the rule to `labctl explain`), not after --timeout. Nil when the
// project is not on disk or cannot be read (verify says why, later).
func lintBeforeVerify(ctx context.Context, t *target, progress func(string, ...any)) (*model.Lab, []rules.Finding) {
	if t.Project == nil || t.Project.Dir == "" || len(t.Project.Files) == 0 {
		return nil, nil
	}
	res, err := lint.Run(ctx, lint.Options{Dir: t.Project.Dir, Files: t.Project.Files})
	if err != nil {
		return nil, nil
	}
	for _, f := range res.Findings {
		if f.Severity != rules.Note {
			progress("%s (labctl explain %s)", f.Text(), f.Rule)
		}
	}
	return res.Lab, res.Findings
}

// newLogFindings reads the logs of the services on the path of the data
// (the backend, the Collector) whole, and says at once what they prove
// that was not said before, at the file and line that caused it.
func newLogFindings(ctx context.Context, w *checks.LogWatch, have []rules.Finding, progress func(string, ...any)) []rules.Finding {
	var out []rules.Finding
	for _, f := range w.New(ctx) {
		if !sameSpot(have, f) {
			progress("%s (labctl explain %s)", f.Text(), f.Rule)
			out = append(out, f)
		}
	}
	return out
}

func sameSpot(fs []rules.Finding, f rules.Finding) bool {
	for _, g := range fs {
		if g.File == f.File && g.Line == f.Line && f.Line > 0 && g.Severity == rules.Error {
			return true
		}
	}
	return false
}

var reWhere = regexp.MustCompile(`^([\w./-]+\.(?:ya?ml|py|env|toml)):(\d+): (.*)$`)

// annotateVerify prints, under GitHub Actions, each file finding and each
// failed check whose diagnosis names a file:line as a workflow command, so
// that it sits on that line of the pull request.
func annotateVerify(w io.Writer, found []rules.Finding, res *checks.Result, prefix string) error {
	if os.Getenv("GITHUB_ACTIONS") != "true" {
		return nil
	}
	all := append([]rules.Finding{}, found...)
	for _, c := range res.Checks {
		if c.Status != checks.Fail || c.Diagnosis == "" || c.BlockedBy != "" || hasRule(found, c.Rule) {
			continue // shown once: a cause a finding says is annotated there
		}
		f := rules.Finding{Rule: c.ID, Severity: rules.Error, Message: msg.Raw(c.Diagnosis)}
		if m := reWhere.FindStringSubmatch(strings.TrimSpace(c.Diagnosis)); m != nil {
			f.File, f.Message = m[1], msg.Raw(m[3])
			f.Line, _ = strconv.Atoi(m[2])
		}
		if c.Level != checks.Required {
			f.Severity = rules.Warning
		}
		all = append(all, f)
	}
	if err := annotate.GitHub(w, all, prefix); err != nil {
		return fmt.Errorf("print annotations: %w", err)
	}
	return nil
}

func hasRule(fs []rules.Finding, rule string) bool {
	for _, f := range fs {
		if rule != "" && f.Rule == rule {
			return true
		}
	}
	return false
}
