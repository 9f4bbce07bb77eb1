package checks

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testbed"
)

func sampleResult() *Result {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	return &Result{
		StartedAt: t0, FinishedAt: t0.Add(12 * time.Second),
		TrafficFrom: t0.Add(time.Second), TrafficTo: t0.Add(2 * time.Second),
		Service: "backend-service", Topology: "collector",
		Checks: []Outcome{
			{ID: IDJaegerService, Name: "Jaeger knows service backend-service", Level: Required, Status: Pass,
				Evidence: "3 services", Facts: map[string]string{"services": "backend-service,jaeger"}, Duration: 250 * time.Millisecond},
			{ID: IDCollector, Name: "spans go through the Collector", Level: Required, Status: Fail,
				Evidence:  "accepted 0, sent 0 via otlp_grpc/jaeger, 0 failed",
				Diagnosis: "the backend sends no spans to the Collector; check OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317 <not localhost> & co",
				Duration:  10 * time.Second},
			{ID: IDDBSpan, Name: "trace has a PostgreSQL client span", Level: Bonus, Status: Fail,
				Evidence: "no trace", Diagnosis: "instrument the database layer", Duration: 10 * time.Second},
			{ID: "skipped_one", Name: "skipped", Level: Required, Status: Skip, Evidence: "topology direct"},
		},
		Passed: false,
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	r := sampleResult()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("JSON does not parse back: %v\n%s", err, buf.String())
	}
	if back.Service != r.Service || len(back.Checks) != 4 || back.Passed || !back.StartedAt.Equal(r.StartedAt) {
		t.Fatalf("round trip lost data: %+v", back)
	}
	c := back.Checks[1]
	if c.ID != IDCollector || c.Status != Fail || c.Diagnosis != r.Checks[1].Diagnosis || c.Duration != 10*time.Second {
		t.Errorf("check round trip: %+v", c)
	}
	// The contract's field names, as labctl report reads them.
	var raw map[string]any
	_ = json.Unmarshal(buf.Bytes(), &raw)
	for _, k := range []string{"started_at", "finished_at", "traffic_from", "traffic_to", "service", "topology", "checks", "passed"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("verify.json lacks %q", k)
		}
	}
	first := raw["checks"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "name", "level", "status", "evidence", "facts", "duration_ns"} {
		if _, ok := first[k]; !ok {
			t.Errorf("check lacks %q", k)
		}
	}
}

// junitDoc is the JUnit XML as a CI reader sees it.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Time    string `xml:"time,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestWriteJUnitParsesBack(t *testing.T) {
	r := sampleResult()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JUnit XML does not parse: %v\n%s", err, buf.String())
	}
	if doc.Tests != 4 || doc.Failures != 1 || len(doc.Suites) != 1 {
		t.Fatalf("testsuites tests=%d failures=%d suites=%d", doc.Tests, doc.Failures, len(doc.Suites))
	}
	s := doc.Suites[0]
	if s.Tests != 4 || s.Failures != 1 || s.Skipped != 2 || len(s.Cases) != 4 {
		t.Fatalf("testsuite %+v", s)
	}
	pass, fail, bonus, skip := s.Cases[0], s.Cases[1], s.Cases[2], s.Cases[3]
	if pass.Failure != nil || pass.Skipped != nil || pass.Name != "jaeger_service: Jaeger knows service backend-service" || pass.Time != "0.250" {
		t.Errorf("passing case %+v", pass)
	}
	if fail.Failure == nil || fail.Failure.Message != r.Checks[1].Diagnosis || !strings.Contains(fail.Failure.Text, "accepted 0") {
		t.Errorf("failing case: want failure message = diagnosis, got %+v", fail.Failure)
	}
	if bonus.Failure != nil || bonus.Skipped == nil || !strings.Contains(bonus.Skipped.Message, "instrument the database layer") {
		t.Errorf("a failed bonus check must not fail CI: %+v", bonus)
	}
	if skip.Skipped == nil || skip.Skipped.Message != "topology direct" {
		t.Errorf("skipped case %+v", skip)
	}
}

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sampleResult()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"✓ jaeger_service      Jaeger knows service backend-service: 3 services (250ms)",
		"✗ collector_pipeline  spans go through the Collector: accepted 0",
		"→ the backend sends no spans to the Collector",
		"✗ db_client_span      trace has a PostgreSQL client span (bonus): no trace",
		"– skipped_one",
		"verify failed (1 required): 1 passed, 2 failed, 1 skipped in 12s",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestSaveIsAtomicAndLoadable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lab")
	r := sampleResult()
	if err := Save(dir, r); err != nil {
		t.Fatal(err)
	}
	r.Service = "second"
	if err := Save(dir, r); err != nil {
		t.Fatal(err)
	}
	got, err := Load(filepath.Join(dir, "verify.json"))
	if err != nil || got.Service != "second" {
		t.Fatalf("Load: %v, %+v", err, got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left in %s: %v", dir, entries)
	}
	junit := filepath.Join(dir, "junit.xml")
	if err := SaveJUnit(junit, r); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(junit)
	if err := xml.Unmarshal(b, &junitDoc{}); err != nil {
		t.Fatalf("saved JUnit does not parse: %v", err)
	}
}

// The --junit file is the user's: a link stays a link, a read-only file is
// refused with its name, a file's mode is kept (fsutil.WriteFile).
func TestSaveJUnitIsTheUsersFile(t *testing.T) {
	dir := t.TempDir()
	r := sampleResult()
	target := filepath.Join(dir, "reports", "junit.xml")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "junit.xml")
	if err := os.Symlink(filepath.Join("reports", "junit.xml"), link); err != nil {
		testbed.Lacks(t, "symbolic links: %v", err)
	}
	if err := SaveJUnit(link, r); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Error("--junit link replaced by a regular file")
	}
	b, _ := os.ReadFile(target)
	if err := xml.Unmarshal(b, &junitDoc{}); err != nil {
		t.Errorf("link target not written: %q", b)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600 kept", st.Mode().Perm())
	}
	if err := os.Chmod(target, 0o444); err != nil {
		t.Fatal(err)
	}
	err := SaveJUnit(target, r)
	if err == nil || !strings.Contains(err.Error(), target+" is read-only; make it writable (chmod u+w "+target+")") {
		t.Errorf("read-only --junit file: %v", err)
	}
	if err := os.Chmod(filepath.Join(dir, "reports"), 0o755); err != nil {
		t.Fatal(err)
	}
	verify := filepath.Join(dir, "lab", "verify.json")
	if err := Save(filepath.Dir(verify), r); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(verify, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := Save(filepath.Dir(verify), r); err == nil || !strings.Contains(err.Error(), "is read-only") {
		t.Errorf("read-only verify.json: %v", err)
	}
}

func TestSaveNeverReplacesAForeignVerifyJSON(t *testing.T) {
	dir := t.TempDir()
	mine := []byte(`{"my": "notes"}`)
	path := filepath.Join(dir, "verify.json")
	if err := os.WriteFile(path, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	err := Save(dir, sampleResult())
	if err == nil || !strings.Contains(err.Error(), path+" is not a result labctl saved") {
		t.Errorf("Save over a foreign verify.json: %v", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, mine) {
		t.Errorf("foreign verify.json replaced by %q", got)
	}
}

// Load is verify.json's one reader: what Save wrote loads; a file that is
// not JSON, or JSON that is not a verify result, is refused with the fix.
func TestLoadRefusesWhatIsNotAVerifyResult(t *testing.T) {
	dir := t.TempDir()
	if err := Save(dir, sampleResult()); err != nil {
		t.Fatal(err)
	}
	if r, err := Load(filepath.Join(dir, "verify.json")); err != nil || len(r.Checks) != 4 {
		t.Fatalf("Load(saved) = %+v, %v", r, err)
	}
	tests := []struct{ name, body, want string }{
		{"not JSON", "{", "is not valid JSON"},
		{"other JSON", `{"my": "notes"}`, "is not a verify result"},
		{"a grade result", `{"format": "labctl-grade/1", "criteria": []}`, "is not a verify result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "verify.json")
			if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "rerun `labctl verify`") {
				t.Errorf("Load(%s) = %v, want %q and the fix", tt.body, err, tt.want)
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}

// A check a known cause ended says so, with the rule, in every output.
func TestWriteEndedEarly(t *testing.T) {
	r := sampleResult()
	r.Checks[1].EndedEarly, r.Checks[1].Rule = true, "LAB010"
	r.Checks[1].Diagnosis = "compose.yml:23: OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317: inside the backend container localhost is the backend itself (labctl explain LAB010)"
	var text, js, junit bytes.Buffer
	if err := WriteText(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteJUnit(&junit, r); err != nil {
		t.Fatal(err)
	}
	if want := "✗ collector_pipeline  spans go through the Collector: accepted 0, sent 0 via otlp_grpc/jaeger, 0 failed (10s, ended early: LAB010)"; !strings.Contains(text.String(), want) {
		t.Errorf("text lacks %q:\n%s", want, text.String())
	}
	if strings.Count(text.String(), "ended early") != 1 {
		t.Errorf("text says ended early of a check no cause ended:\n%s", text.String())
	}
	var back Result
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if c := back.Checks[1]; !c.EndedEarly || c.Rule != "LAB010" || back.Checks[0].EndedEarly {
		t.Errorf("JSON round trip: %+v", back.Checks)
	}
	if !strings.Contains(js.String(), `"ended_early": true`) || strings.Count(js.String(), "ended_early") != 1 {
		t.Errorf("verify.json does not say ended_early once:\n%s", js.String())
	}
	var doc junitDoc
	if err := xml.Unmarshal(junit.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if f := doc.Suites[0].Cases[1].Failure; f == nil || !strings.Contains(f.Text, "ended early: LAB010") || !strings.Contains(f.Message, "compose.yml:23") {
		t.Errorf("JUnit failure %+v", f)
	}
}
