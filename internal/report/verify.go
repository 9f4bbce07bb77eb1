package report

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/checks"
)

// LoadVerify reads DIR/verify.json with checks.Load. A missing file means
// verify has not run (nil, nil); a file that is not a verify result is an error.
func LoadVerify(path string) (*checks.Result, error) {
	r, err := checks.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return r, err
}

func verifySection(in Input, t labels) string {
	r := in.Verify
	if r == nil {
		return t.VerifyNone
	}
	var b strings.Builder
	took := r.FinishedAt.Sub(r.StartedAt).Round(time.Second)
	fmt.Fprintf(&b, t.VerifyRan, r.StartedAt.Format("2006-01-02 15:04:05 -07:00"), took, r.Topology, r.Service)
	b.WriteString(" — ")
	if r.Passed {
		b.WriteString(t.VerifyPassed)
	} else {
		b.WriteString(t.VerifyFailed)
	}
	b.WriteString("\n")
	if len(r.Checks) > 0 {
		b.WriteString("\n")
	}
	for _, c := range r.Checks {
		level := t.Required
		if c.Level == checks.Bonus {
			level = t.Bonus
		}
		mark := "✓"
		switch c.Status {
		case checks.Fail:
			mark = "✗"
		case checks.Skip:
			mark, level = "–", level+", "+t.Skipped
		}
		fmt.Fprintf(&b, "- %s %s (%s)", mark, oneLine(c.Name), level)
		if c.Evidence != "" {
			fmt.Fprintf(&b, "%s%s", t.Sep, oneLine(c.Evidence))
		}
		if c.Status == checks.Fail && c.Diagnosis != "" {
			fmt.Fprintf(&b, " — %s", oneLine(c.Diagnosis))
		}
		b.WriteString("\n")
	}
	if r.Topology != "" && in.Lab.Topology != "" && r.Topology != string(in.Lab.Topology) {
		source := "labctl.yaml"
		if discovered(in.Lab) {
			source = in.Lab.Source
		}
		b.WriteString("\n" + fmt.Sprintf(t.VerifyOtherTop, r.Topology, source, in.Lab.Topology) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
