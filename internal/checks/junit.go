package checks

import (
	"io"

	"github.com/labctl/labctl/internal/junit"
)

// JUnit is the Result as JUnit XML: one testcase per check, a failure
// (message = diagnosis) for each failed required check. A failed bonus check
// is reported as skipped, with its diagnosis, since it does not fail verify.
func JUnit(r *Result) junit.Suites {
	s := junit.Suite{Name: "labctl verify", Timestamp: junit.Timestamp(r.StartedAt),
		Time: junit.Seconds(r.FinishedAt.Sub(r.StartedAt))}
	for _, c := range r.Checks {
		tc := junit.Case{Name: c.ID + ": " + c.Name, Classname: "labctl.verify." + string(c.Level),
			Time: junit.Seconds(c.Duration), SystemOut: c.Evidence}
		switch {
		case c.Status == Fail && c.Level == Required:
			tc.Failure = &junit.Message{Message: orDefault(c.Diagnosis, c.Evidence), Type: "required",
				Text: "evidence: " + c.Evidence + "\ndiagnosis: " + c.Diagnosis + endedEarlyLine(c)}
			s.Failures++
		case c.Status == Fail:
			tc.Skipped = &junit.Message{Message: "bonus check not met: " + orDefault(c.Diagnosis, c.Evidence)}
			s.Skipped++
		case c.Status == Skip:
			tc.Skipped = &junit.Message{Message: c.Evidence}
			s.Skipped++
		}
		s.Cases = append(s.Cases, tc)
	}
	s.Tests = len(s.Cases)
	return junit.Suites{Name: "labctl", Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Time: s.Time,
		Suites: []junit.Suite{s}}
}

// endedEarlyLine is the failure text's line saying that a known cause
// ended the check before the deadline.
func endedEarlyLine(c Outcome) string {
	if !c.EndedEarly {
		return ""
	}
	return "\nended early: " + c.Rule + " (the cause was known from the files or the logs; labctl explain " + c.Rule + ")"
}

// WriteJUnit writes the Result as JUnit XML (see JUnit).
func WriteJUnit(w io.Writer, r *Result) error { return junit.Write(w, JUnit(r)) }

// SaveJUnit writes the Result's JUnit XML to path (--junit), as junit.Save does.
func SaveJUnit(path string, r *Result) error { return junit.Save(path, JUnit(r)) }
