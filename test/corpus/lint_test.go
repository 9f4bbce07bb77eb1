package corpus

import (
	"context"
	"path/filepath"

	"github.com/labctl/labctl/internal/lint"
)

// finding is what the corpus test reads of a lint finding; File is
// relative to the case's folder.
type finding struct {
	Rule, Severity, File string
	Line                 int
	Text                 string
}

// lintCase lints a case as `labctl lint --no-docker` does (files only):
// the one call of the lint API, so that it adapts in one place when that
// API changes.
func lintCase(caseDir string, v verdict) ([]finding, error) {
	dir := filepath.Join(caseDir, v.Dir)
	res, err := lint.Run(context.Background(), lint.Options{Dir: dir, Files: v.Files})
	if err != nil {
		return nil, err
	}
	out := make([]finding, 0, len(res.Findings))
	for _, f := range res.Findings {
		file := f.File
		if file != "" {
			file = filepath.ToSlash(filepath.Clean(filepath.Join(v.Dir, file)))
		}
		out = append(out, finding{Rule: f.Rule, Severity: string(f.Severity), File: file, Line: f.Line, Text: f.Text()})
	}
	return out, nil
}
