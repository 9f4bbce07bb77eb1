package cli_test

// Tests of `labctl task` and `labctl report` through the real binary (built
// once by TestMain in main_test.go): every bad input exits 2 with one line on
// stderr and leaves the files as they were; the student's text in report.md
// survives every rerun.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testutil"
)

const goodTasks = `tasks:
  - name: Estimation
    estimate: 10m
    spent: 15m
  - name: Collector
    estimate: 1h
    spent: 20m
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTaskAndReportBadInput(t *testing.T) {
	running := goodTasks + "    running_since: 2026-11-26T10:00:00+01:00\n"
	b, e := "<!-- labctl:begin -->", "<!-- labctl:end -->"
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  string
	}{
		{"start unknown task", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "start", "Grafana"},
			`unknown task "Grafana" in labctl-tasks.yaml; see ` + "`labctl task list`"},
		{"stop unknown task", map[string]string{"labctl-tasks.yaml": running}, []string{"task", "stop", "Grafana"}, `unknown task "Grafana"`},
		{"stop a task that is not running", map[string]string{"labctl-tasks.yaml": running}, []string{"task", "stop", "Estimation"},
			`task is not running: "Estimation" ("Collector" is running)`},
		{"set unknown task", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "set", "Grafana", "--spent", "1h"},
			"add it with `labctl task add Grafana --estimate 30m`"},
		{"stop with nothing running", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "stop"},
			"no task is running in labctl-tasks.yaml; start one with `labctl task start NAME`"},
		{"stop without a tasks file", nil, []string{"task", "stop", "--comment", "x"}, "no task is running"},
		{"duration 1h70", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "add", "Demo", "--estimate", "1h70"},
			`--estimate: invalid duration "1h70": minutes after the hours must be below 60; use forms like 10m`},
		{"duration -5m", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "add", "Demo", "--estimate=-5m"},
			`--estimate: invalid duration "-5m": it is negative`},
		{"duration abc", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "set", "Collector", "--spent", "abc"},
			`--spent: invalid duration "abc": it needs a unit, h or m`},
		{"duration empty", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "set", "Collector", "--spent", ""},
			`--spent: invalid duration "": it is empty`},
		{"duration empty on a new file", nil, []string{"task", "add", "Demo", "--estimate="}, `invalid duration "": it is empty`},
		{"duplicate task", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "add", "collector"},
			`duplicate task: "Collector" already exists in labctl-tasks.yaml (line 5)`},
		{"start without a name", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "start"},
			"labctl task start needs a task NAME, for example `labctl task start Estimation`"},
		{"set without a change", map[string]string{"labctl-tasks.yaml": goodTasks}, []string{"task", "set", "Collector"}, "nothing to change; give --spent"},
		{"corrupted tasks file, list", map[string]string{"labctl-tasks.yaml": "tasks:\n  - name: a\n    spent: [\n"}, []string{"task", "list"},
			"labctl-tasks.yaml:"},
		{"bad duration in the tasks file", map[string]string{"labctl-tasks.yaml": goodTasks + "    comment: ok\n  - name: Demo\n    spent: 1h70\n"},
			[]string{"task", "start", "Demo"}, `labctl-tasks.yaml:10: spent: invalid duration "1h70"`},
		{"duplicate names in the tasks file", map[string]string{"labctl-tasks.yaml": goodTasks + "  - name: estimation\n"},
			[]string{"task", "list"}, `labctl-tasks.yaml:8: duplicate task: "estimation" is also on line 2`},
		{"corrupted tasks file, report", map[string]string{"labctl-tasks.yaml": "tasks:\n  - name: a\n    estimat: 1h\n", "report.md": "# Rapport\n"},
			[]string{"report"}, `labctl-tasks.yaml:3: unknown key "estimat"`},
		{"unbalanced markers", map[string]string{"report.md": "# Rapport\n" + b + "\nold\n"}, []string{"report"},
			"report.md: labctl markers are unbalanced: begin on line 2 has no end; keep exactly one"},
		{"end marker only", map[string]string{"report.md": "# Rapport\n" + e + "\n"}, []string{"report"}, "end on line 2 has no begin"},
		{"nested markers", map[string]string{"report.md": b + "\n" + b + "\n" + e + "\n" + e + "\n"}, []string{"report"},
			"labctl markers are nested: begin on line 1, then begin again on line 2"},
		{"repeated markers", map[string]string{"report.md": b + "\n" + e + "\n\n" + b + "\n" + e + "\n"}, []string{"report"},
			"labctl markers are repeated: 2 blocks"},
		{"repeated markers, --check", map[string]string{"report.md": b + e + b + e}, []string{"report", "--check"}, "labctl markers are repeated"},
		{"unknown language", map[string]string{"report.md": "x\n"}, []string{"report", "--lang", "de"}, `unknown language "de" for --lang; use en or fr`},
		{"bad MR link", map[string]string{"report.md": "x\n"}, []string{"report", "--mr-url", "gitlab.com/x"}, `--mr-url "gitlab.com/x" is not a link`},
		{"corrupted verify.json", map[string]string{".labctl/verify.json": "{not json"}, []string{"report"},
			"verify result .labctl/verify.json is not valid JSON"},
		{"missing template", nil, []string{"report", "--template", "nope.tmpl"}, "read --template: open nope.tmpl"},
		{"broken template", map[string]string{"my.tmpl": "{{.Table"}, []string{"report", "--template", "my.tmpl"}, "report template:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			before := testutil.Files(t, dir)
			res := runInProcess(t, dir, nil, tt.args...)
			if res.Code != 2 {
				t.Errorf("exit code = %d, want 2 (stderr: %s)", res.Code, res.Stderr)
			}
			lines := strings.Split(strings.TrimSpace(res.Stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "labctl: ") || !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr = %q, want one line containing %q", res.Stderr, tt.want)
			}
			testutil.SameFiles(t, before, testutil.Files(t, dir))
		})
	}
}

func TestTaskWorkflow(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"task", "add", "Estimation", "--estimate", "10m"},
		{"task", "add", "Instrumenter", "FastAPI", "--estimate", "1h30m"},
		{"task", "start", "Estimation"},
		{"task", "start", "instrumenter fastapi"},
		{"task", "stop", "--comment", "FastAPIInstrumentor"},
		{"task", "set", "Estimation", "--spent", "15m", "--comment", "découpé en tâches"},
	} {
		if res := runInProcess(t, dir, nil, args...); res.Code != 0 {
			t.Fatalf("labctl %v: exit %d: %s", args, res.Code, res.Stderr)
		}
	}
	res := runInProcess(t, dir, nil, "task", "list")
	if res.Code != 0 {
		t.Fatalf("task list: %d %s", res.Code, res.Stderr)
	}
	for _, want := range []string{"Estimation", "10m", "15m", "+5m", "découpé en tâches", "Instrumenter FastAPI", "1h30", "FastAPIInstrumentor", "Total"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("task list lacks %q:\n%s", want, res.Stdout)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "labctl-tasks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "estimate: 1h30\n") || strings.Contains(string(data), "  running_since:") {
		t.Errorf("labctl-tasks.yaml:\n%s", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the project: %v", entries)
	}
}

// TestReportKeepsStudentText runs the whole report cycle through the binary:
// render, append to a report without markers, rerun, --check, change, rerun.
func TestReportKeepsStudentText(t *testing.T) {
	dir := t.TempDir()
	if res := runInProcess(t, dir, nil, "render"); res.Code != 0 {
		t.Fatalf("render: %d %s", res.Code, res.Stderr)
	}
	writeFiles(t, dir, map[string]string{"labctl-tasks.yaml": goodTasks})
	student := "# Rapport Traces\r\n\r\nMon analyse, sans fin de ligne"
	writeFiles(t, dir, map[string]string{"report.md": student})
	report := filepath.Join(dir, "report.md")

	res := runInProcess(t, dir, nil, "report", "--lang", "fr", "--mr-url", "https://gitlab.com/me/dop/-/merge_requests/3")
	if res.Code != 0 {
		t.Fatalf("report: %d %s", res.Code, res.Stderr)
	}
	first := testutil.Read(t, report)
	if !strings.HasPrefix(first, student) {
		t.Fatalf("the student's text changed:\n%q", first[:min(len(first), 200)])
	}
	for _, want := range []string{"| Tâche ", "| Temps estimé ", "| Total ", "+5m", "merge_requests/3", "```mermaid", "**pull** de bout en bout", "n'a pas encore été lancé"} {
		if !strings.Contains(first, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	secrets := testutil.Read(t, filepath.Join(dir, ".labctl", "secrets.env"))
	for _, line := range strings.Split(secrets, "\n") {
		if _, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") && strings.Contains(first, v) {
			t.Errorf("report.md contains a password from secrets.env")
		}
	}
	if res := runInProcess(t, dir, nil, "report", "--check"); res.Code != 0 {
		t.Errorf("--check right after report: exit %d: %s", res.Code, res.Stderr)
	}

	// The student writes after the block; a rerun with no flags keeps the
	// language, the link and every byte outside the block.
	withMore := first + "\n## Ma conclusion\n\nÀ garder.\n"
	writeFiles(t, dir, map[string]string{"report.md": withMore})
	if res := runInProcess(t, dir, nil, "report"); res.Code != 0 {
		t.Fatalf("rerun: %d %s", res.Code, res.Stderr)
	}
	if got := testutil.Read(t, report); got != withMore {
		t.Errorf("a rerun with nothing new changed report.md")
	}

	// Time changes: --check fails and writes nothing; report updates the block only.
	if res := runInProcess(t, dir, nil, "task", "set", "Collector", "--spent", "1h10"); res.Code != 0 {
		t.Fatal(res.Stderr)
	}
	res = runInProcess(t, dir, nil, "report", "--check")
	if res.Code != 1 || !strings.Contains(res.Stderr, "report.md is stale") {
		t.Errorf("--check after a change: exit %d, stderr %q; want 1 and 'stale'", res.Code, res.Stderr)
	}
	if got := testutil.Read(t, report); got != withMore {
		t.Errorf("--check modified report.md")
	}
	if res := runInProcess(t, dir, nil, "report"); res.Code != 0 {
		t.Fatalf("report: %d %s", res.Code, res.Stderr)
	}
	got := testutil.Read(t, report)
	if !strings.HasPrefix(got, student) || !strings.HasSuffix(got, "\n## Ma conclusion\n\nÀ garder.\n") {
		t.Errorf("text outside the block changed")
	}
	if !strings.Contains(got, "| Collector  | 1h           | 1h10        |             | +10m  |") || !strings.Contains(got, "merge_requests/3") {
		t.Errorf("block not updated with the new time, or the MR link was lost:\n%s", got)
	}
	if res := runInProcess(t, dir, nil, "report", "--check"); res.Code != 0 {
		t.Errorf("--check after report: exit %d", res.Code)
	}
}

// TestReportGolden: the block for a rendered lab with a verify result, as
// the binary writes it (no running task, so no clock in the output).
func TestReportGolden(t *testing.T) {
	dir := t.TempDir()
	if res := runInProcess(t, dir, nil, "render", "--dir", "lab"); res.Code != 0 {
		t.Fatalf("render: %d %s", res.Code, res.Stderr)
	}
	verify, err := os.ReadFile(filepath.Join("..", "report", "testdata", "verify.json"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"labctl-tasks.yaml": goodTasks, "lab/verify.json": string(verify)})
	res := runInProcess(t, dir, nil, "report", "--dir", "lab", "--out", "rapport.md", "--lang", "en")
	if res.Code != 0 {
		t.Fatalf("report: %d %s", res.Code, res.Stderr)
	}
	got := testutil.Read(t, filepath.Join(dir, "rapport.md"))
	testutil.Golden(t, filepath.Join("testdata", "report-cli.golden.md"), []byte(got))
}

// TestReportFallsBackWhenProjectIsNotRunning: in a student's Compose
// folder the report describes their running project; when it cannot (no
// Docker engine here), it reports on labctl's lab as before and says why
// on one line.
func TestReportFallsBackWhenProjectIsNotRunning(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"compose.yml":       "services:\n  backend:\n    image: dop-backend\n",
		"labctl-tasks.yaml": goodTasks,
	})
	env := []string{"DOCKER_HOST=unix://" + filepath.Join(dir, "no-docker.sock")}
	res := runInProcess(t, dir, env, "report", "--lang", "en")
	if res.Code != 0 {
		t.Fatalf("report: exit %d: %s", res.Code, res.Stderr)
	}
	var why []string
	for _, line := range strings.Split(strings.TrimSpace(res.Stderr), "\n") {
		if strings.Contains(line, "Compose project") {
			why = append(why, line)
		}
	}
	if len(why) != 1 || !strings.Contains(why[0], "cannot describe your Compose project") || !strings.Contains(why[0], "reporting on labctl's lab from .labctl instead") {
		t.Errorf("stderr = %q, want one line saying why the project is not described", res.Stderr)
	}
	if got := testutil.Read(t, filepath.Join(dir, "report.md")); !strings.Contains(got, "`.labctl/otelcol.yaml` has not been generated yet") {
		t.Errorf("the fallback report is not labctl's:\n%s", got)
	}
}

// TestReportLanguageFromLocale: without --lang or a block to keep, the
// locale chooses the report's language (LC_ALL, then LC_MESSAGES, then
// LANG); one without a catalog leaves the course's French.
func TestReportLanguageFromLocale(t *testing.T) {
	const fr, en = "## Temps estimé et temps passé", "## Estimated vs actual time"
	for _, tt := range []struct {
		env  []string
		want string
	}{
		{[]string{"LANG=fr_CH.UTF-8"}, fr},
		{[]string{"LANG=en_US.UTF-8"}, en},
		{[]string{"LANG=fr_CH.UTF-8", "LC_ALL=en_GB.UTF-8"}, en},
		{[]string{"LANG=de_CH.UTF-8"}, fr},
		{nil, fr}, // C.UTF-8
	} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"labctl-tasks.yaml": goodTasks})
		res := runInProcess(t, dir, tt.env, "report", "--out", "r.md")
		if res.Code != 0 {
			t.Fatalf("%v: report: %d %s", tt.env, res.Code, res.Stderr)
		}
		if got := testutil.Read(t, filepath.Join(dir, "r.md")); !strings.Contains(got, tt.want) {
			t.Errorf("%v: the report does not say %q:\n%s", tt.env, tt.want, got)
		}
	}
}
