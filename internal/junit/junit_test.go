package junit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// What each writer leaves empty stays out of the XML, so verify's and
// grade's outputs are what they were when each had its own types.
func TestWrite(t *testing.T) {
	tests := []struct {
		name string
		doc  Suites
		want string
	}{
		{name: "timed, no properties (verify)",
			doc: Suites{Name: "v", Tests: 1, Time: Seconds(1500 * time.Millisecond), Suites: []Suite{{Name: "s", Tests: 1,
				Time: "1.500", Timestamp: Timestamp(time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))),
				Cases: []Case{{Name: "c", Classname: "k", Time: "0.250", SystemOut: "out"}}}}},
			want: `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="v" tests="1" failures="0" skipped="0" time="1.500">
  <testsuite name="s" tests="1" failures="0" errors="0" skipped="0" time="1.500" timestamp="2026-01-02T02:04:05">
    <testcase name="c" classname="k" time="0.250">
      <system-out>out</system-out>
    </testcase>
  </testsuite>
</testsuites>
`},
		{name: "properties, file and line, untimed (grade)",
			doc: Suites{Name: "g", Tests: 1, Failures: 1, Suites: []Suite{{Name: "s", Tests: 1, Failures: 1,
				Properties: &Properties{List: []Property{{Name: "note", Value: "1.5"}}},
				Cases:      []Case{{Name: "c", Classname: "k", File: "report.md", Line: 7, Failure: &Message{Message: "m", Type: "main", Text: "a<b"}}}}}},
			want: `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="g" tests="1" failures="1" skipped="0">
  <testsuite name="s" tests="1" failures="1" errors="0" skipped="0" timestamp="">
    <properties>
      <property name="note" value="1.5"></property>
    </properties>
    <testcase name="c" classname="k" file="report.md" line="7">
      <failure message="m" type="main">a&lt;b</failure>
    </testcase>
  </testsuite>
</testsuites>
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, tt.doc); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestSaveRefusesAReadOnlyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(path, []byte("mine"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, Suites{Name: "x"}); err == nil {
		t.Error("Save wrote over a read-only file")
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Errorf("the user's file changed: %q", b)
	}
}
