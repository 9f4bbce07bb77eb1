package grade

import (
	"encoding/xml"
	"fmt"
	"io"
)

// The JUnit XML shape GitLab's artifacts:reports:junit and GitHub reporters
// read; the same as internal/checks writes for verify (whose types are its own).
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Timestamp  string          `xml:"timestamp,attr"`
		Properties []junitProperty `xml:"properties>property,omitempty"`
		Cases      []junitCase     `xml:"testcase"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Line      int           `xml:"line,attr,omitempty"`
		Failure   *junitMessage `xml:"failure"`
		Skipped   *junitMessage `xml:"skipped"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitMessage struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

// WriteJUnit writes one testcase per criterion: a failure for a criterion
// not met, skipped for one not checked; the note and count as properties.
func WriteJUnit(w io.Writer, res *Result) error {
	name := "labctl grade"
	if res.Student != "" {
		name += " " + res.Student
	}
	s := junitSuite{Name: name, Timestamp: res.GradedAt.UTC().Format("2006-01-02T15:04:05"),
		Properties: []junitProperty{
			{Name: "note", Value: formatNote(res.Note)},
			{Name: "criteria_met", Value: fmt.Sprintf("%d/%d", res.Met, res.Max)},
		}}
	if res.Error != "" {
		s.Properties = append(s.Properties, junitProperty{Name: "error", Value: oneLine(res.Error)})
		s.Errors = 1
	}
	for _, c := range res.Criteria {
		level := "secondary"
		if c.Main {
			level = "main"
		}
		tc := junitCase{Name: c.ID + ": " + c.Text, Classname: "labctl.grade." + level, File: c.File, Line: c.Line, SystemOut: c.Evidence}
		switch {
		case !c.Checked:
			tc.Skipped = &junitMessage{Message: c.Evidence}
			s.Skipped++
		case !c.Met:
			tc.Failure = &junitMessage{Message: c.Evidence, Type: level, Text: fmt.Sprintf("group: %s\nproof: %s\nevidence: %s", c.Group, c.Proof, c.Evidence)}
			s.Failures++
		}
		s.Cases = append(s.Cases, tc)
	}
	s.Tests = len(s.Cases)
	doc := junitSuites{Name: "labctl grade", Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write JUnit XML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
