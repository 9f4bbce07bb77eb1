// Package lint runs the rules that need no running container on a
// student's project: its Compose file and the Collector's and Prometheus's
// configs, then, when Docker answers, the real validators of the project's
// own images (otelcol validate, promtool check config).
package lint

import (
	"context"
	"fmt"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Validator runs the real tools of a project's images; nil: files only.
type Validator interface {
	Validate(ctx context.Context, l *model.Lab) ([]rules.Finding, []msg.Message)
}

// Options say which project to lint.
type Options struct {
	Dir   string
	Files []string
	// Env is added to the environment the Compose file is interpolated
	// with (images of an offline test bed).
	Env map[string]string
	// Roles is labctl.yaml's services mapping (service name to role), over
	// what the images say.
	Roles map[string]model.Role
	// Untrusted reads a stranger's project (a graded submission) under
	// the policy for untrusted projects (LoadFor).
	Untrusted bool
	// Validator, when set, adds the images' own verdicts.
	Validator Validator
}

// Result is what lint found, and notes on what it could not do.
type Result struct {
	// Lab is the project read from its files (Lab.Files set).
	Lab      *model.Lab
	Findings []rules.Finding
	// Notes say what lint could not do, in the catalog's words.
	Notes []msg.Message
}

// Run lints a project.
func Run(ctx context.Context, o Options) (*Result, error) {
	l, err := LoadFor(ctx, o)
	if err != nil {
		return nil, err
	}
	res := &Result{Lab: l, Findings: rules.Run(l)}
	res.Findings = append(res.Findings, rules.ParseErrors(l)...)
	if o.Validator != nil {
		fs, notes := o.Validator.Validate(ctx, l)
		res.Findings = rules.Merge(res.Findings, fs)
		res.Notes = append(res.Notes, notes...)
	} else {
		res.Notes = append(res.Notes, msg.New("lint.note.files_only"))
	}
	rules.Sort(res.Findings)
	sayProfiles(l, res.Findings)
	return res, nil
}

// Summary is one line: how many errors and warnings.
func (r *Result) Summary() string {
	e, w := 0, 0
	for _, f := range r.Findings {
		switch f.Severity {
		case rules.Error:
			e++
		case rules.Warning:
			w++
		}
	}
	return fmt.Sprintf("%d error(s), %d warning(s)", e, w)
}
