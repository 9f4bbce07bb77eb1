package submission

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/labctl/labctl/internal/grade"
)

func writeSubmission(t *testing.T, root, student, report string) Submission {
	t.Helper()
	dir := filepath.Join(root, student)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if report != "" {
		if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(report), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Submission{Student: student, ReportDir: dir, CodeDir: dir}
}

const goodReport = `# Rapport
MR: https://gitlab.com/dop/dop-python/-/merge_requests/7

| Tâche | Temps estimé | Temps passé | Commentaire |
|---|---|---|---|
| Traces | 1h | 1h30 | |
| Total | 1h | 1h30 | |

Le backend pousse (push) ses spans au Collector ; le receiver postgresql tire (pull) les métriques.
`

// A class graded on reports alone: each result and checklist in Out, a
// second run reads them back, --force grades again.
func TestClassResumes(t *testing.T) {
	root := t.TempDir()
	subs := []Submission{writeSubmission(t, root, "Zoé Müller", goodReport), writeSubmission(t, root, "bob", "")}
	var mu sync.Mutex
	var lines []string
	g := New(nil, false, Options{Stack: StackNone, Progress: func(s, l string) {
		mu.Lock()
		lines = append(lines, s+": "+l)
		mu.Unlock()
	}})
	out := filepath.Join(root, "grades")
	rs, err := g.Class(context.Background(), subs, ClassOptions{Jobs: 2, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Student != "Zoé Müller" || rs[1].Student != "bob" {
		t.Fatalf("results %+v, want the submissions' order", rs)
	}
	if rs[0].Met <= rs[1].Met {
		t.Errorf("the report that has everything met %d criteria, the missing one %d", rs[0].Met, rs[1].Met)
	}
	for _, f := range []string{"zoe-muller.json", "zoe-muller.md", "bob.json", "bob.md"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	lines = nil
	again, err := g.Class(context.Background(), subs, ClassOptions{Jobs: 1, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Note != rs[0].Note || strings.Count(strings.Join(lines, "\n"), "graded already") != 2 {
		t.Errorf("second run: notes %g/%g, progress %q", again[0].Note, rs[0].Note, lines)
	}
	lines = nil
	if _, err := g.Class(context.Background(), subs, ClassOptions{Jobs: 1, Out: out, Force: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(lines, "\n"), "graded already") {
		t.Errorf("--force skipped a student: %q", lines)
	}
}

func TestClassRefuses(t *testing.T) {
	root := t.TempDir()
	g := New(nil, false, Options{Stack: StackNone})
	out := filepath.Join(root, "grades")
	a, b := writeSubmission(t, root, "Alice", ""), writeSubmission(t, root, "alice", "")
	if _, err := g.Class(context.Background(), []Submission{a, b}, ClassOptions{Out: out}); err == nil || !strings.Contains(err.Error(), "same name") {
		t.Errorf("two students named alice: %v", err)
	}
	if err := os.WriteFile(filepath.Join(out, "alice.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Class(context.Background(), []Submission{a}, ClassOptions{Out: out}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("a corrupt result: %v, want the file named and --force", err)
	}
	// JSON that is not a grade result (a verify.json saved there) is not a
	// student graded already.
	if err := os.WriteFile(filepath.Join(out, "alice.json"), []byte(`{"passed": true, "checks": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Class(context.Background(), []Submission{a}, ClassOptions{Out: out}); err == nil || !strings.Contains(err.Error(), "not a labctl grade result") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("JSON that is not a grade result: %v, want it refused, named, and --force", err)
	}
}

// An interrupted run writes no result for the student it was grading.
func TestClassInterruptedWritesNothing(t *testing.T) {
	root := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := New(nil, false, Options{Stack: StackUp})
	out := filepath.Join(root, "grades")
	_, err := g.Class(ctx, []Submission{writeSubmission(t, root, "alice", goodReport)}, ClassOptions{Out: out})
	if err == nil {
		t.Fatal("no error from a cancelled run")
	}
	if _, err := os.Stat(filepath.Join(out, "alice.json")); err == nil {
		t.Error("a result was written for an interrupted grading")
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Zoé Müller": "zoe-muller", "alice": "alice", "  ": "student", "jean_luc.picard": "jean_luc-picard", "../x": "x"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	// The student's part has neither '-' nor '_': PROJECT_KEY and
	// PROJECT-SERVICE then name one project's objects only.
	for in, want := range map[string]string{"Zoé Müller": "labctl-grade-zoemuller", "bob_x": "labctl-grade-bobx", "bob": "labctl-grade-bob"} {
		if got := ProjectName(in); got != want {
			t.Errorf("ProjectName(%q) = %q, want %q", in, got, want)
		}
	}
	if err := uniqueSlugs([]Submission{{Student: "bob-x"}, {Student: "bobx"}}); err == nil {
		t.Error("bob-x and bobx would share a project, and were not refused")
	}
}

func TestRelTo(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ dir, file, want string }{
		{".", filepath.Join(wd, "compose.yml"), "compose.yml"},
		{wd, filepath.Join(wd, "sub", "compose.yml"), filepath.Join("sub", "compose.yml")},
		{filepath.Join(wd, "a"), filepath.Join(wd, "b", "compose.yml"), filepath.Join(wd, "b", "compose.yml")},
		{wd, "", ""},
	} {
		if got := relTo(tt.dir, tt.file); got != tt.want {
			t.Errorf("relTo(%q, %q) = %q, want %q", tt.dir, tt.file, got, tt.want)
		}
	}
}

// A project the policy refuses is not run (no Docker needed to say so):
// the result lists each refused key and checks none of the stack's
// criteria; a report.md that links out of the folder is not read.
func TestOneRefused(t *testing.T) {
	root := t.TempDir()
	sub := writeSubmission(t, root, "mallory", "")
	compose := "services:\n  backend:\n    image: python\n    environment: {OTEL_EXPORTER_OTLP_ENDPOINT: http://c:4317}\n    volumes: [/:/host]\n    network_mode: host\n"
	if err := os.WriteFile(filepath.Join(sub.CodeDir, "compose.yml"), []byte(compose), 0o644); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(root, "teacher-notes.md")
	if err := os.WriteFile(secret, []byte(goodReport), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(sub.ReportDir, "report.md")); err != nil {
		t.Fatal(err)
	}
	g := New(nil, false, Options{Stack: StackUp})
	r := g.One(context.Background(), sub)
	var keys []string
	for _, f := range r.Refused {
		keys = append(keys, f.Key)
	}
	if strings.Join(keys, ",") != "services.backend.network_mode,services.backend.volumes[0]" {
		t.Errorf("refused %q", keys)
	}
	for _, c := range r.Criteria {
		if strings.HasPrefix(c.Proof, "check ") && c.Checked {
			t.Errorf("%s checked although nothing ran: %s", c.ID, c.Evidence)
		}
		if c.Met {
			t.Errorf("%s met: report.md links out and must not be read (%s)", c.ID, c.Evidence)
		}
	}
	trusted := New(nil, false, Options{Stack: StackUp, Trust: true}).One(context.Background(), sub)
	if len(trusted.Refused) > 0 || !strings.Contains(trusted.Criteria[0].Evidence, "no Docker engine") {
		t.Errorf("--trust: refused %v, evidence %q; want it run (here: no engine)", trusted.Refused, trusted.Criteria[0].Evidence)
	}
}

func TestMergeLimits(t *testing.T) {
	got := MergeLimits(grade.Limits{Pids: 64}, grade.Limits{Pids: 128, Memory: 256 << 20, CPUs: 0.5})
	want := grade.Limits{Pids: 64, Memory: 256 << 20, CPUs: 0.5, WallTime: DefaultLimits.WallTime}
	if got != want {
		t.Errorf("MergeLimits = %+v, want %+v", got, want)
	}
}
