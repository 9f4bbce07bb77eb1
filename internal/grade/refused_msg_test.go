package grade_test

import (
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// TestEveryPolicyReasonHasAMessage reads internal/policy's Reason constants
// from its source, so that a reason added there without a sentence in the
// checklist's catalog fails here.
func TestEveryPolicyReasonHasAMessage(t *testing.T) {
	for _, r := range msgtest.StringConsts(t, filepath.Join("..", "policy"), "Reason", 5) {
		if !msg.Has("grade.reason." + r) {
			t.Errorf("policy reason %q has no message grade.reason.%s", r, r)
		}
	}
}

// Likewise for what labctl changes in a submission (policy.Did).
func TestEveryPolicyChangeHasAMessage(t *testing.T) {
	for _, d := range msgtest.StringConsts(t, filepath.Join("..", "policy"), "Did", 2) {
		if !msg.Has("grade.change." + d) {
			t.Errorf("policy change %q has no message grade.change.%s", d, d)
		}
	}
}
