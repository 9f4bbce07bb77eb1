package verify

import (
	"context"

	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/rules"
)

// fileRules runs the file rules on the lab's Compose project before the
// checks wait for data: what the files already show is said at once, not
// after the timeout. It returns the lab read from the files (Lab.Files
// set), what the log rules point into. Nil when the project is not on disk
// or cannot be read (the checks say why, later).
func fileRules(ctx context.Context, f *Files) (*model.Lab, []rules.Finding) {
	if f == nil || f.Dir == "" {
		return nil, nil
	}
	if f.Rendered {
		l, err := f.Lab(ctx)
		if err != nil {
			return nil, nil
		}
		return l, nil
	}
	res, err := lint.Run(ctx, lint.Options{Dir: f.Dir, Files: f.Files, Env: f.Env, Roles: f.Roles, Untrusted: f.Untrusted})
	if err != nil {
		return nil, nil
	}
	return res.Lab, res.Findings
}
