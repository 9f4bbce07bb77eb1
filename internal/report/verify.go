package report

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/textutil"
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

func verifySection(in Input, t *msg.Printer) string {
	r := in.Verify
	if r == nil {
		return t.Sprintf("report.VerifyNone")
	}
	var b strings.Builder
	took := msg.Duration(r.FinishedAt.Sub(r.StartedAt).Round(time.Second))
	b.WriteString(t.Sprintf("report.VerifyRan", r.StartedAt.Format("2006-01-02 15:04:05 -07:00"), took, r.Topology, r.Service))
	b.WriteString(" — ")
	if r.Passed {
		b.WriteString(t.Sprintf("report.VerifyPassed"))
	} else {
		b.WriteString(t.Sprintf("report.VerifyFailed"))
	}
	b.WriteString("\n")
	if len(r.Checks) > 0 {
		b.WriteString("\n")
	}
	for _, c := range r.Checks {
		level := t.Sprintf("report.Required")
		if c.Level == checks.Bonus {
			level = t.Sprintf("report.Bonus")
		}
		mark := "✓"
		switch c.Status {
		case checks.Fail:
			mark = "✗"
		case checks.Skip:
			mark, level = "–", level+", "+t.Sprintf("report.Skipped")
		}
		fmt.Fprintf(&b, "- %s %s (%s)", mark, textutil.OneLine(t.Text(c.Title())), level)
		if ev := c.EvidenceText(); !ev.IsZero() {
			if ev.Key == "" { // no catalog entry: a tool's error, an older verify.json
				ev = msg.Quote(ev.Text)
			}
			b.WriteString(t.Sprintf("report.Sep") + textutil.OneLine(t.Text(ev)))
		}
		if d := c.DiagnosisText(); c.Status == checks.Fail && !d.IsZero() {
			// A diagnosis with no catalog entry (a finding's text, an
			// older verify.json) is quoted, in English.
			said := t.Sprintf("report.Diagnosis", d)
			if d.Key == "" {
				said = t.Sprintf("report.DiagnosisQuoted", d)
			}
			b.WriteString(" — " + textutil.OneLine(said))
		}
		b.WriteString("\n")
	}
	if r.Topology != "" && in.Lab.Topology != "" && r.Topology != string(in.Lab.Topology) {
		source := "labctl.yaml"
		if discovered(in.Lab) {
			source = in.Lab.Source
		}
		b.WriteString("\n" + t.Sprintf("report.VerifyOtherTop", r.Topology, source, in.Lab.Topology) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
