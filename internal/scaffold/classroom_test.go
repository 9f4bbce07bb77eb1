package scaffold_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/scaffold"
)

// init --ci github --classroom writes Classroom's autograding workflow: labctl
// grade --classroom sets the step output the grading reporter reads from
// LABCTL_RESULTS (runner "labctl"); with a Compose project in the repository
// the stack is graded, else the report alone.
func TestClassroomWorkflow(t *testing.T) {
	tests := []struct {
		name    string
		compose bool
		want    []string
	}{
		{"report only", false, []string{"labctl grade . --no-stack --classroom"}},
		{"report and project", true, []string{"labctl grade . -f compose.yml --classroom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.compose {
				if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte("services: {backend: {build: ./backend}}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			files, err := scaffold.Files(scaffold.Options{Dir: dir, CI: scaffold.CIGitHub, Classroom: true, Version: "v1.2.3"})
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 {
				t.Fatalf("want the workflow only, got %d files", len(files))
			}
			gh := fileByPath(t, files, filepath.Join(".github", "workflows", "classroom.yml"))
			for _, e := range actionlintErrors(t, "classroom.yml", gh) {
				t.Errorf("actionlint: %s", e.Error())
			}
			for _, want := range append(tt.want, "id: labctl", `LABCTL_RESULTS: "${{ steps.labctl.outputs.result }}"`,
				"runners: labctl", "classroom-resources/autograding-grading-reporter@v1", "labctl@v1.2.3", "fetch-depth: 0") {
				if !bytes.Contains(gh, []byte(want)) {
					t.Errorf("workflow lacks %q:\n%s", want, gh)
				}
			}
		})
	}
}

func TestInitRubric(t *testing.T) {
	dir := t.TempDir()
	res, err := scaffold.Write(scaffold.Options{Dir: dir, Rubric: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 1 || res.Written[0] != scaffold.RubricFile {
		t.Fatalf("written %v, want rubric.yaml alone", res.Written)
	}
	r, err := grade.LoadRubric(filepath.Join(dir, scaffold.RubricFile))
	if err != nil {
		t.Fatalf("the written rubric does not load: %v", err)
	}
	if len(r.Groups) == 0 {
		t.Error("empty rubric")
	}
	if _, err := scaffold.Write(scaffold.Options{Dir: dir, Rubric: true}); err == nil || !strings.Contains(err.Error(), "rubric.yaml already exists") {
		t.Errorf("second write: %v, want a refusal", err)
	}
	for _, o := range []scaffold.Options{{Dir: dir, Rubric: true, CI: scaffold.CIGitHub}, {Dir: dir, Classroom: true, CI: scaffold.CIGitLab}, {Dir: dir, Classroom: true}} {
		if _, err := scaffold.Files(o); err == nil {
			t.Errorf("%+v: accepted", o)
		}
	}
}

// --scheme base writes the same criteria in the course's base and
// complementary scheme; a scheme without --rubric, or an unknown one, is refused.
func TestInitRubricScheme(t *testing.T) {
	dir := t.TempDir()
	if _, err := scaffold.Write(scaffold.Options{Dir: dir, Rubric: true, Scheme: grade.SchemeBase}); err != nil {
		t.Fatal(err)
	}
	r, err := grade.LoadRubric(filepath.Join(dir, scaffold.RubricFile))
	if err != nil {
		t.Fatalf("the written rubric does not load: %v", err)
	}
	if r.Scheme == nil || *r.Scheme != (grade.Scheme{Base: 4, Penalty: 0.5, Bonus: 0.25, UpTo: 6}) || r.Notes != nil {
		t.Errorf("scheme %+v notes %v", r.Scheme, r.Notes)
	}
	if got, want := len(r.Criteria()), len(grade.DefaultRubric().Criteria()); got != want {
		t.Errorf("%d criteria, the count scheme's rubric has %d", got, want)
	}
	for _, c := range []struct {
		o    scaffold.Options
		want string
	}{
		{scaffold.Options{Dir: dir, Scheme: "base"}, "use it with --rubric"},
		{scaffold.Options{Dir: dir, Rubric: true, Scheme: "points"}, `unknown grading scheme "points"`},
	} {
		if _, err := scaffold.Files(c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.o, err, c.want)
		}
	}
}
