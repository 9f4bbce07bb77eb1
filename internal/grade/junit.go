package grade

import (
	"fmt"
	"github.com/labctl/labctl/internal/msg"
	"io"

	"github.com/labctl/labctl/internal/junit"
)

// JUnit is the Result as JUnit XML: one testcase per criterion, a failure
// for a criterion not met, skipped for one not checked; the note and count
// as properties.
func JUnit(res *Result) junit.Suites {
	name := "labctl grade"
	if res.Student != "" {
		name += " " + res.Student
	}
	s := junit.Suite{Name: name, Timestamp: junit.Timestamp(res.GradedAt),
		Properties: &junit.Properties{List: []junit.Property{
			{Name: "note", Value: FormatNote(res.Note)},
			{Name: "criteria_met", Value: fmt.Sprintf("%d/%d", res.Met, res.Max)},
		}}}
	if res.Provisional {
		s.Properties.List = append(s.Properties.List, junit.Property{Name: "note_max", Value: FormatNote(res.NoteMax)})
	}
	if c := res.Calculation; c != nil {
		s.Properties.List = append(s.Properties.List, junit.Property{Name: "calculation", Value: calcShort(msg.For(msg.English), c, res.Note)})
	}
	if res.Error != "" {
		s.Properties.List = append(s.Properties.List, junit.Property{Name: "error", Value: clipLine(res.Error)})
		s.Errors = 1
	}
	for _, c := range res.Criteria {
		level := "secondary"
		if c.Main {
			level = "main"
		}
		tc := junit.Case{Name: c.ID + ": " + c.Text, Classname: "labctl.grade." + level, File: c.File, Line: c.Line, SystemOut: c.Evidence}
		switch {
		case !c.Checked:
			tc.Skipped = &junit.Message{Message: c.Evidence}
			s.Skipped++
		case !c.Met:
			tc.Failure = &junit.Message{Message: c.Evidence, Type: level, Text: fmt.Sprintf("group: %s\nproof: %s\nevidence: %s", c.Group, c.Proof, c.Evidence)}
			s.Failures++
		}
		s.Cases = append(s.Cases, tc)
	}
	s.Tests = len(s.Cases)
	return junit.Suites{Name: "labctl grade", Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Suites: []junit.Suite{s}}
}

// WriteJUnit writes the Result as JUnit XML (see JUnit).
func WriteJUnit(w io.Writer, res *Result) error { return junit.Write(w, JUnit(res)) }
