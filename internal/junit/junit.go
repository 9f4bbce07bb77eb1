// Package junit writes JUnit XML, the report GitHub Actions reporters and
// GitLab's artifacts:reports:junit read, for verify's checks and grade's criteria.
package junit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/labctl/labctl/internal/fsutil"
)

// The JUnit XML shape. Attributes a writer leaves empty are omitted (verify
// times its checks, grade does not; grade names a file and line, verify does
// not), so each writer's output stays what it always was.
type (
	// Suites is the document: <testsuites>.
	Suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Name     string   `xml:"name,attr"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Skipped  int      `xml:"skipped,attr"`
		Time     string   `xml:"time,attr,omitempty"`
		Suites   []Suite  `xml:"testsuite"`
	}
	// Suite is one <testsuite>.
	Suite struct {
		Name       string      `xml:"name,attr"`
		Tests      int         `xml:"tests,attr"`
		Failures   int         `xml:"failures,attr"`
		Errors     int         `xml:"errors,attr"`
		Skipped    int         `xml:"skipped,attr"`
		Time       string      `xml:"time,attr,omitempty"`
		Timestamp  string      `xml:"timestamp,attr"`
		Properties *Properties `xml:"properties"`
		Cases      []Case      `xml:"testcase"`
	}
	// Properties is a suite's <properties>; nil writes none (a path tag
	// like "properties>property" would write an empty element for none).
	Properties struct {
		List []Property `xml:"property"`
	}
	// Property is one <property> of a suite.
	Property struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	// Case is one <testcase>: passed unless it has a Failure or is Skipped.
	Case struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		File      string   `xml:"file,attr,omitempty"`
		Line      int      `xml:"line,attr,omitempty"`
		Time      string   `xml:"time,attr,omitempty"`
		Failure   *Message `xml:"failure"`
		Skipped   *Message `xml:"skipped"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	// Message is a <failure> or <skipped>: the message attribute, an
	// optional type and a body.
	Message struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

// Seconds is a duration as JUnit's time attribute: seconds, three decimals.
func Seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// Timestamp is a time as JUnit's timestamp attribute: UTC, no zone.
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

// Write writes doc as indented JUnit XML with its header and a final newline.
func Write(w io.Writer, doc Suites) error {
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

// Save writes doc to path (--junit) with fsutil.WriteFile: atomic, mode
// kept, through a link to its target, never over a read-only file.
func Save(path string, doc Suites) error {
	var b bytes.Buffer
	if err := Write(&b, doc); err != nil {
		return fmt.Errorf("write JUnit XML to %s: %w", path, err)
	}
	if err := fsutil.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write JUnit XML: %w", err)
	}
	return nil
}
