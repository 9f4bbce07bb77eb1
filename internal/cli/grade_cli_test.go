package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testbed"

	"github.com/labctl/labctl/internal/testutil"
)

// labctl grade's bad inputs through the binary: one line naming the thing and
// the fix, exit 2, nothing written.
func TestGradeBadInputs(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  string
	}{
		{name: "no such folder", args: []string{"grade", "nosuch", "--no-stack"},
			want: "submission nosuch: "},
		{name: "bad deadline", args: []string{"grade", "--no-stack", "--deadline", "next friday"},
			want: `--deadline "next friday" is not a date; use 2026-12-15T23:59:00+01:00 or 2026-12-15`},
		{name: "running and no-stack", args: []string{"grade", "--no-stack", "--running"},
			want: "--running and --no-stack contradict each other; choose one"},
		{name: "jobs zero", args: []string{"grade", "--no-stack", "--jobs", "0"},
			want: "--jobs 0: give at least 1"},
		{name: "format", args: []string{"grade", "--no-stack", "--format", "xml"},
			want: `--format "xml" is not a format; use markdown or json`},
		{name: "code with a class", files: map[string]string{"a/x": "", "b/x": ""}, args: []string{"grade", "a", "b", "--code", "a"},
			want: "--code is for one submission; for a class, give each student's code folder in a --roster"},
		{name: "junit with a class", files: map[string]string{"a/x": "", "b/x": ""}, args: []string{"grade", "a", "b", "--junit", "j.xml", "--no-stack"},
			want: "--junit, --classroom and --format json are for one submission"},
		{name: "roster with folders", files: map[string]string{"roster.csv": "student,report\nalice,a\n", "a/x": ""}, args: []string{"grade", "a", "--roster", "roster.csv"},
			want: "--roster lists the submissions: give no folder and no --code with it"},
		{name: "rubric with an unknown check", files: map[string]string{"rubric.yaml": "title: T\ngroups:\n  - name: G\n    criteria:\n      - {id: a, text: A, main: true, check: nosuch}\n"},
			args: []string{"grade", "--no-stack", "--rubric", "rubric.yaml"}, want: "rubric.yaml:5"},
		{name: "collect an empty folder", files: map[string]string{"artifacts/readme.txt": "x"}, args: []string{"grade", "--collect", "artifacts"},
			want: "no grade result under artifacts"},
		{name: "recheck without collect", args: []string{"grade", "--no-stack", "--recheck", "1"}, want: "--collect"},
		{name: "recheck without submissions", args: []string{"grade", "--collect", "artifacts", "--recheck", "2"}, want: "give their folders, or --roster"},
		{name: "env not set", args: []string{"grade", "--no-stack", "--env", "LABCTL_TEST_UNSET_VAR"}, want: "LABCTL_TEST_UNSET_VAR is not set"},
		{name: "memory", args: []string{"grade", "--no-stack", "--memory", "lots"}, want: "--memory \"lots\""},
		{name: "pids", args: []string{"grade", "--no-stack", "--pids", "0"}, want: "--pids must be more than 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			before := testutil.Files(t, dir)
			res := runInProcess(t, dir, nil, tt.args...)
			if res.Code != 2 {
				t.Errorf("exit %d, want 2", res.Code)
			}
			lines := strings.Split(strings.TrimSpace(res.Stderr), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "labctl: ") || !strings.Contains(last, tt.want) {
				t.Errorf("stderr = %q, want one line containing %q", res.Stderr, tt.want)
			}
			testutil.SameFiles(t, before, testutil.Files(t, dir))
		})
	}
}

// --no-stack grades the report alone, without Docker: the checklist on
// stdout, and --format json for machines; the report is never written to.
func TestGradeReportOnly(t *testing.T) {
	dir := t.TempDir()
	report := "# Rapport\n\nMR : https://github.com/o/dop-python/pull/3\n\n| Tâche | Temps estimé | Temps passé | Commentaire |\n|---|---|---|---|\n| Traces | 1h30 | 90m | |\n| Total | 1h30 | 1h30 | |\n"
	writeFiles(t, dir, map[string]string{"alice/report.md": report})
	res := runInProcess(t, dir, []string{"DOCKER_HOST=unix:///nonexistent.sock"}, "grade", "alice", "--no-stack")
	if res.Code != 0 {
		t.Fatalf("exit %d: %s", res.Code, res.Stderr)
	}
	for _, want := range []string{"## Évaluation", "- [x] **Le lien vers la merge request", "- [ ] ", "non vérifié : la pile n'a pas été démarrée (--no-stack)"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("checklist lacks %q:\n%s", want, res.Stdout)
		}
	}
	res = runInProcess(t, dir, nil, "grade", "alice", "--no-stack", "--format", "json")
	var out struct {
		Student  string  `json:"student"`
		Note     float64 `json:"note"`
		Criteria []struct {
			ID  string `json:"id"`
			Met bool   `json:"met"`
		} `json:"criteria"`
	}
	if err := json.Unmarshal([]byte(res.Stdout), &out); err != nil || out.Student != "alice" || out.Note < 1 || len(out.Criteria) == 0 {
		t.Errorf("json: %v %+v\n%s", err, out, res.Stdout)
	}
	data, err := os.ReadFile(filepath.Join(dir, "alice", "report.md"))
	if err != nil || string(data) != report {
		t.Error("report.md changed")
	}
}

// A class from a roster (report and code in two folders), on reports alone:
// per-student results and the class sheet in --out; --collect rebuilds the
// same sheet from those results, as from the students' CI artifacts.
func TestGradeRosterAndCollect(t *testing.T) {
	dir := t.TempDir()
	report := "# Rapport\n\nhttps://gitlab.com/dop/dop-python/-/merge_requests/7\n\n| Tâche | Temps estimé | Temps passé | Commentaire |\n|---|---|---|---|\n| Traces | 1h | 1h30 | |\n| Total | 1h | 1h30 | |\n"
	writeFiles(t, dir, map[string]string{
		"reports/alice/report.md": report,
		"reports/bob/notes.txt":   "no report",
		"code/alice/compose.yml":  "services: {backend: {image: x}}\n",
		"class.csv":               "student,report,code\nAlice Martin,reports/alice,code/alice\nBob,reports/bob,\n",
	})
	res := runInProcess(t, dir, nil, "grade", "--roster", "class.csv", "--no-stack", "--out", "grades")
	if res.Code != 0 {
		t.Fatalf("exit %d: %s", res.Code, res.Stderr)
	}
	for _, f := range []string{"alice-martin.json", "alice-martin.md", "bob.json", "bob.md", "class.csv", "class.md"} {
		if _, err := os.Stat(filepath.Join(dir, "grades", f)); err != nil {
			t.Errorf("grades/%s: %v", f, err)
		}
	}
	sheet, err := os.ReadFile(filepath.Join(dir, "grades", "class.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sheet), "Alice Martin") || !strings.Contains(string(sheet), "Bob") {
		t.Errorf("class.csv:\n%s", sheet)
	}
	if !strings.Contains(res.Stdout, "Alice Martin") {
		t.Errorf("stdout lacks the class table:\n%s", res.Stdout)
	}
	res = runInProcess(t, dir, nil, "grade", "--collect", "grades", "--out", "collected")
	if res.Code != 0 {
		t.Fatalf("collect: exit %d: %s", res.Code, res.Stderr)
	}
	again, err := os.ReadFile(filepath.Join(dir, "collected", "class.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(sheet) {
		t.Errorf("--collect made another sheet:\n%s\nwant\n%s", again, sheet)
	}
}

// A grade.json edited by hand is caught by --collect: the note is computed
// again from the criteria (the sheet has the real one), the student is
// named on stderr and in the flags column, the exit status is 1; a result
// graded with another rubric is refused.
func TestCollectForged(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alice/report.md": "# Rapport\n\nhttps://gitlab.com/dop/dop-python/-/merge_requests/7\n", "bob/report.md": "# Rapport\n"})
	if res := runInProcess(t, dir, nil, "grade", "alice", "bob", "--no-stack", "--out", "ci"); res.Code != 0 {
		t.Fatalf("exit %d: %s", res.Code, res.Stderr)
	}
	if res := runInProcess(t, dir, nil, "grade", "--collect", "ci", "--out", "honest"); res.Code != 0 {
		t.Fatalf("honest results: exit %d: %s", res.Code, res.Stderr)
	}
	path := filepath.Join(dir, "ci", "alice.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	real := r["note"]
	r["note"], r["met"] = 6.0, 12.0
	forged, _ := json.Marshal(r)
	writeFiles(t, dir, map[string]string{"ci/alice.json": string(forged)})
	res := runInProcess(t, dir, nil, "grade", "--collect", "ci", "--out", "sheet")
	if res.Code != 1 || !strings.Contains(res.Stderr, "alice: its file says note 6") {
		t.Errorf("edited note: exit %d, stderr:\n%s", res.Code, res.Stderr)
	}
	sheet, _ := os.ReadFile(filepath.Join(dir, "sheet", "class.csv"))
	if !strings.Contains(string(sheet), fmt.Sprintf("alice,%v,", real)) || !strings.Contains(string(sheet), "the note was edited") {
		t.Errorf("class.csv does not have alice's real note %v and the flag:\n%s", real, sheet)
	}
	rubric, err := os.ReadFile(filepath.Join("..", "grade", "default_rubric.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"other.yaml": strings.Replace(string(rubric), "        main: true", "        main: false", 1)})
	res = runInProcess(t, dir, nil, "grade", "--collect", "ci", "--out", "sheet2", "--rubric", "other.yaml")
	if res.Code != 1 || strings.Count(res.Stderr, "refused: graded with another rubric") != 2 {
		t.Errorf("another rubric: exit %d, stderr:\n%s", res.Code, res.Stderr)
	}
	res = runInProcess(t, dir, nil, "grade", "--collect", "ci", "--out", "sheet3", "--labctl-version", "v9.9.9")
	if res.Code != 1 || !strings.Contains(res.Stderr, "not one allowed (v9.9.9)") {
		t.Errorf("a labctl version not allowed: exit %d, stderr:\n%s", res.Code, res.Stderr)
	}
}

// labctl up -f on a user's project names the key of the user's own file
// when an image is missing, not a labctl.yaml key.
func TestUpComposeMissingImageNamesTheComposeKey(t *testing.T) {
	testbed.RequireDocker(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"compose.yml": "services:\n  backend:\n    image: labctl-test/nosuch:1\n    environment: {OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4317', P: '${LABCTL_TEST_UNSET_PW}'}\n"})
	res := runInProcess(t, dir, nil, "up", "-f", "compose.yml", "--pull", "never")
	if res.Code != 2 || !strings.Contains(res.Stderr, "set services.backend.image in compose.yml to an image you have or can pull") {
		t.Errorf("exit %d, stderr %q", res.Code, res.Stderr)
	}
	// compose-go's warning about the unset variable (a missing .env) reads
	// as a labctl line, not a logrus record.
	if !strings.Contains(res.Stderr, `labctl: compose file: The "LABCTL_TEST_UNSET_PW" variable is not set`) || strings.Contains(res.Stderr, "level=warning") {
		t.Errorf("stderr %q", res.Stderr)
	}
}
