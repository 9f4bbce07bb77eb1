package grade

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testutil"
)

// reporterResult is what autograding-grading-reporter reads from
// <RUNNER>_RESULTS, written here independently of classroom.go: it sums
// tests[].score against max_score, counts tests whose status is "pass",
// prints name and message, and fails the run on status fail or error.
type reporterResult struct {
	Version  *int    `json:"version"`
	Status   *string `json:"status"`
	MaxScore *int    `json:"max_score"`
	Tests    []struct {
		Name     *string  `json:"name"`
		Status   *string  `json:"status"`
		Message  *string  `json:"message"`
		TestCode *string  `json:"test_code"`
		Filename *string  `json:"filename"`
		LineNo   *int     `json:"line_no"`
		Duration *float64 `json:"duration"`
		Score    *int     `json:"score"`
	} `json:"tests"`
}

func TestClassroom(t *testing.T) {
	cs := gradeCases()
	tests := []struct {
		c                 gradeCase
		status            string
		tests, score, max int
	}{
		{cs[0], "pass", 12, 12, 12},
		{cs[1], "fail", 12, 4, 12},
		{cs[2], "fail", 5, 1, 5}, // --no-stack: only what was checked is listed
	}
	for _, tt := range tests {
		t.Run(tt.c.name, func(t *testing.T) {
			r, res := tt.c.grade(t)
			b64, err := ClassroomBase64(r, res)
			if err != nil {
				t.Fatal(err)
			}
			// As the reporter does: Buffer.from(env, "base64"), then JSON.parse.
			data, err := base64.StdEncoding.DecodeString(b64)
			if err != nil {
				t.Fatal(err)
			}
			var got reporterResult
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if got.Version == nil || *got.Version != 1 || got.Status == nil || *got.Status != tt.status || got.MaxScore == nil || *got.MaxScore != tt.max {
				t.Fatalf("top level: %s", data)
			}
			score, passed := 0, 0
			for i, ts := range got.Tests {
				for name, present := range map[string]bool{"name": ts.Name != nil, "status": ts.Status != nil, "message": ts.Message != nil,
					"test_code": ts.TestCode != nil, "filename": ts.Filename != nil, "line_no": ts.LineNo != nil, "duration": ts.Duration != nil, "score": ts.Score != nil} {
					if !present {
						t.Errorf("test %d has no %s", i, name)
					}
				}
				if ts.Score == nil || ts.Status == nil {
					continue
				}
				score += *ts.Score
				if *ts.Status == "pass" {
					passed++
					if *ts.Score != 1 {
						t.Errorf("%s passed with score %d", *ts.Name, *ts.Score)
					}
				} else if *ts.Status != "fail" || *ts.Score != 0 || *ts.Message == "" {
					t.Errorf("%s: status %s score %d message %q", *ts.Name, *ts.Status, *ts.Score, *ts.Message)
				}
			}
			// The reporter's two computations agree: points = score, and pass/tests × max.
			if len(got.Tests) != tt.tests || score != tt.score || passed != score || score != res.Met {
				t.Errorf("%d tests, score %d, %d passed; want %d tests, score %d", len(got.Tests), score, passed, tt.tests, tt.score)
			}
		})
	}
	// A test names its criterion and points at the report line it rests on.
	r, res := cs[1].grade(t)
	data, _ := ClassroomJSON(r, res)
	var got reporterResult
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ts := range got.Tests {
		if strings.Contains(*ts.Name, "La ligne Total") {
			found = true
			if *ts.Filename != "report.md" || *ts.LineNo != 7 || *ts.TestCode != "report total_matches" || !strings.Contains(*ts.Message, "the Total says") {
				t.Errorf("total test: %+v", ts)
			}
		}
	}
	if !found {
		t.Error("no test for the Total")
	}
	// Grading that did not finish is an error, which fails the run.
	res.Error = "interrupted"
	data, _ = ClassroomJSON(nil, res)
	if !strings.Contains(string(data), `"status":"error"`) {
		t.Errorf("error status: %s", data)
	}
}

func TestJUnit(t *testing.T) {
	_, res := gradeCases()[2].grade(t) // --no-stack: failures and skips
	var b bytes.Buffer
	if err := WriteJUnit(&b, res); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Props []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				File    string `xml:"file,attr"`
				Line    int    `xml:"line,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if doc.Tests != 12 || doc.Failures != 4 || doc.Skipped != 7 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 12 {
		t.Fatalf("counts: %+v", doc)
	}
	s := doc.Suites[0]
	if s.Name != "labctl grade nostack-en" || len(s.Props) < 2 || s.Props[0].Value != "1.5" || s.Props[1].Value != "1/5" {
		t.Errorf("suite: %+v", s)
	}
	for _, c := range s.Cases {
		if strings.HasPrefix(c.Name, "pull_push:") && (c.Failure == nil || c.File != "report.md" || c.Line != 5) {
			t.Errorf("pull_push case: %+v", c)
		}
		if strings.HasPrefix(c.Name, "traces_jaeger:") && c.Skipped == nil {
			t.Errorf("traces_jaeger not skipped: %+v", c)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	_, res := gradeCases()[1].grade(t)
	var b bytes.Buffer
	if err := WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	back, err := ReadResult(b.Bytes(), "grade.json")
	if err != nil {
		t.Fatal(err)
	}
	if back.Student != res.Student || back.Note != res.Note || back.Met != res.Met || len(back.Criteria) != len(res.Criteria) ||
		!back.GradedAt.Equal(res.GradedAt) || !reflect.DeepEqual(back.Criteria, res.Criteria) {
		t.Errorf("round trip:\n%+v\n%+v", back, res)
	}
	if _, err := ReadResult([]byte(`{"checks": []}`), "verify.json"); err == nil || !strings.Contains(err.Error(), "verify.json is not a labctl grade result") {
		t.Errorf("verify.json: %v", err)
	}
}

func classResults(t *testing.T) []*Result {
	var rs []*Result
	for _, c := range gradeCases()[:4] {
		_, res := c.grade(t)
		rs = append(rs, res)
	}
	rs[0].Student = `Martin, "Alice"` // a name that needs quoting in CSV
	return rs
}

func TestClassCSV(t *testing.T) {
	rs := classResults(t)
	rs[3].Error = "interrupted: context canceled"
	var b bytes.Buffer
	if err := WriteClassCSV(&b, rs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != "student,note,criteria_met,max,first_failure,first_failure_evidence,error,flags,not_checked,note_max,calculation" {
		t.Fatalf("rows: %q", rows)
	}
	want := [][]string{
		{`Martin, "Alice"`, "6", "12", "12", "", "", ""},
		{"collector-broken-fr", "3", "4", "12", "collector_traces", "collector_pipeline failed: the Collector's exporter otlp/jaeger sends to jaeger:14250, where nothing listens; set its endpoint to jaeger:4317 (otel-collector-config.yaml:21)", ""},
		{"nostack-en", "1.5", "1", "5", "estimate_table"},
		{"no-report-stack-error-fr", "1", "0", "11", "traces_jaeger"},
	}
	for i, w := range want {
		for j, cell := range w {
			if rows[i+1][j] != cell {
				t.Errorf("row %d column %s = %q, want %q", i+1, rows[0][j], rows[i+1][j], cell)
			}
		}
	}
	// Not checked: the note counts them not met, note_max as if met.
	for i, w := range [][2]string{{"0", ""}, {"0", ""}, {"7", "5"}, {"1", "1.5"}} {
		if got := [2]string{rows[i+1][8], rows[i+1][9]}; got != w {
			t.Errorf("row %d not_checked, note_max = %q, want %q", i+1, got, w)
		}
	}
	if rows[4][6] != "interrupted: context canceled" {
		t.Errorf("error column: %q", rows[4][6])
	}
}

func TestClassMarkdownGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteClassMarkdown(&b, "", classResults(t)); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, filepath.Join("testdata", "class.golden.md"), b.Bytes())
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func resultJSON(t *testing.T, res *Result) []byte {
	var b bytes.Buffer
	if err := WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCollect(t *testing.T) {
	rs := classResults(t)
	dir := t.TempDir()
	// One folder per student, as downloaded; other JSON beside it is skipped.
	writeFile(t, filepath.Join(dir, "zoe", "grade.json"), resultJSON(t, rs[1]))
	writeFile(t, filepath.Join(dir, "zoe", "verify.json"), []byte(`{"checks": []}`))
	writeFile(t, filepath.Join(dir, "zoe", "notes.txt"), []byte("hello"))
	anon := *rs[2]
	anon.Student = ""
	writeFile(t, filepath.Join(dir, "bruno", "grade.json"), resultJSON(t, &anon))
	// An artifact left zipped.
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	f, _ := zw.Create("grade.json")
	f.Write(resultJSON(t, rs[3]))
	zw.Close()
	writeFile(t, filepath.Join(dir, "carla.zip"), zb.Bytes())

	got, err := Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.Student)
	}
	if strings.Join(names, ",") != "bruno,collector-broken-fr,no-report-stack-error-fr" {
		t.Errorf("students: %v", names)
	}

	// A file named as a result that is not one is an error naming it.
	bad := filepath.Join(dir, "dan", "grade.json")
	writeFile(t, bad, []byte("{not json"))
	if _, err := Collect(dir); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("bad grade.json: %v", err)
	}
	os.Remove(bad)
	// Two results for one student.
	writeFile(t, filepath.Join(dir, "again", "grade.json"), resultJSON(t, rs[1]))
	if _, err := Collect(dir); err == nil || !strings.Contains(err.Error(), `two grade results for student "collector-broken-fr"`) {
		t.Errorf("duplicate: %v", err)
	}
	// Nothing to collect.
	if _, err := Collect(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no grade result under") {
		t.Errorf("empty: %v", err)
	}
}

func TestParseRoster(t *testing.T) {
	got, err := ParseRoster([]byte("\uFEFFstudent,report,code\nalice,submissions/alice,../projects/alice\n\n\"Dupont, Bob\",/abs/bob,\n"), "/class/roster.csv", "/class")
	if err != nil {
		t.Fatal(err)
	}
	want := []RosterEntry{
		{Student: "alice", ReportDir: "/class/submissions/alice", CodeDir: "/projects/alice", Line: 2},
		{Student: "Dupont, Bob", ReportDir: "/abs/bob", Line: 4},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// A French spreadsheet saves with ';'; code is optional; columns in any order.
	semi, err := ParseRoster([]byte("report;student\nsub/a;a\n"), "roster.csv", "")
	if err != nil || len(semi) != 1 || semi[0].Student != "a" || semi[0].ReportDir != "sub/a" {
		t.Errorf("semicolons: %+v %v", semi, err)
	}
	for _, tt := range []struct{ csv, want string }{
		{"", "roster.csv is empty"},
		{"name,report\n", `roster.csv:1: unknown column "name"`},
		{"student,code\n", `roster.csv:1: no "report" column`},
		{"student,report,student\n", `roster.csv:1: column "student" is given twice`},
		{"student,report\nalice,a\n,b\n", "roster.csv:3: no student name"},
		{"student,report\nalice,\n", "roster.csv:2: no report folder for alice"},
		{"student,report\nalice,a\nbob,b\nalice,c\n", `roster.csv:4: student "alice" is already on line 2`},
		{"student,report\n\"alice,a\n", "roster.csv:2:"},
		{"student,report\n", "roster.csv has no student"},
	} {
		_, err := ParseRoster([]byte(tt.csv), "/x/roster.csv", "/x")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.csv, err, tt.want)
		}
	}
}
