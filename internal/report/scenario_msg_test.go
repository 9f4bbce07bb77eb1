package report

import (
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
	"github.com/labctl/labctl/internal/scenario"
)

// Every reason the scenario's verdict can give, read from the scenario
// package's source so that a new one cannot be missed, has its sentence in
// the catalog (the report says it in the report's language).
func TestEveryScenarioReasonHasAMessage(t *testing.T) {
	for _, r := range msgtest.StringConsts(t, filepath.Join("..", "scenario"), "Reason", 5) {
		if r == string(scenario.ReasonLeak) { // proven: said by Growth and Slower
			continue
		}
		if !msg.Has("scenario.reason." + r) {
			t.Errorf("scenario reason %q has no message scenario.reason.%s", r, r)
		}
	}
}
