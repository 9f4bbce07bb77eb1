package checks

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/labctl/labctl/internal/fsutil"
)

// The JUnit XML shape GitHub Actions reporters and GitLab CI read.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name      string      `xml:"name,attr"`
		Tests     int         `xml:"tests,attr"`
		Failures  int         `xml:"failures,attr"`
		Errors    int         `xml:"errors,attr"`
		Skipped   int         `xml:"skipped,attr"`
		Time      string      `xml:"time,attr"`
		Timestamp string      `xml:"timestamp,attr"`
		Cases     []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
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

// WriteJUnit writes the Result as JUnit XML: one testcase per check, a
// failure (message = diagnosis) for each failed required check. A failed
// bonus check is reported as skipped, with its diagnosis, since it does not
// fail verify.
func WriteJUnit(w io.Writer, r *Result) error {
	s := junitSuite{Name: "labctl verify", Timestamp: r.StartedAt.UTC().Format("2006-01-02T15:04:05"),
		Time: secs(r.FinishedAt.Sub(r.StartedAt))}
	for _, c := range r.Checks {
		tc := junitCase{Name: c.ID + ": " + c.Name, Classname: "labctl.verify." + string(c.Level),
			Time: secs(c.Duration), SystemOut: c.Evidence}
		switch {
		case c.Status == Fail && c.Level == Required:
			tc.Failure = &junitMessage{Message: orDefault(c.Diagnosis, c.Evidence), Type: "required",
				Text: fmt.Sprintf("evidence: %s\ndiagnosis: %s", c.Evidence, c.Diagnosis)}
			s.Failures++
		case c.Status == Fail:
			tc.Skipped = &junitMessage{Message: "bonus check not met: " + orDefault(c.Diagnosis, c.Evidence)}
			s.Skipped++
		case c.Status == Skip:
			tc.Skipped = &junitMessage{Message: c.Evidence}
			s.Skipped++
		}
		s.Cases = append(s.Cases, tc)
	}
	s.Tests = len(s.Cases)
	doc := junitSuites{Name: "labctl", Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Time: s.Time,
		Suites: []junitSuite{s}}
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

// SaveJUnit writes the JUnit XML to path (--junit) with fsutil.WriteFile:
// atomic, mode kept, through a link to its target, never over a read-only file.
func SaveJUnit(path string, r *Result) error {
	var b bytes.Buffer
	if err := WriteJUnit(&b, r); err != nil {
		return fmt.Errorf("write JUnit XML to %s: %w", path, err)
	}
	if err := fsutil.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write JUnit XML: %w", err)
	}
	return nil
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
