package verify

import (
	"context"

	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/rules"
)

// fileRules runs the file rules on the lab's Compose project before the
// checks wait for data: what the files already show is said at once, not
// after the timeout. Nil when the project is not on disk or cannot be read
// (the checks say why, later).
func fileRules(ctx context.Context, f *Files) (*rules.Project, []rules.Finding) {
	if f == nil || f.Dir == "" {
		return nil, nil
	}
	if f.Rendered {
		p, err := lint.LoadFor(ctx, lint.Options{Dir: f.Dir, Files: f.Files, Env: f.Env, Roles: f.Roles})
		if err != nil {
			return nil, nil
		}
		return p, nil
	}
	res, err := lint.Run(ctx, lint.Options{Dir: f.Dir, Files: f.Files, Env: f.Env, Roles: f.Roles, Untrusted: f.Untrusted})
	if err != nil {
		return nil, nil
	}
	return res.Project, res.Findings
}
