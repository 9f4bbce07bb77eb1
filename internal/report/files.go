package report

import (
	"path/filepath"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/scenario"
)

// Generated is what the report reads from the directory labctl renders
// into besides the lab (render.DescribeRendered reads the configurations,
// config.SecretValues the secrets); each part is nil when its file does
// not exist yet.
type Generated struct {
	Verify *checks.Result
	// Scenario is the evidence of labctl scenario recommendation-cache.
	Scenario *scenario.Evidence
}

// ReadGenerated reads DIR/verify.json and DIR/scenario.json. Missing files
// are fine; unreadable ones are errors.
func ReadGenerated(dir string) (Generated, error) {
	var g Generated
	var err error
	if g.Verify, err = LoadVerify(filepath.Join(dir, "verify.json")); err != nil {
		return g, err
	}
	if g.Scenario, err = scenario.LoadEvidence(dir); err != nil {
		return g, err
	}
	return g, nil
}
