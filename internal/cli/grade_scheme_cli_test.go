package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The course's second scheme end to end, without Docker: `labctl init
// --rubric --scheme base` writes it, a class is graded with it on reports
// alone (--no-stack), each checklist and the class sheet show how the note
// was computed and that it is provisional, and --collect computes the same.
func TestGradeBaseSchemeClass(t *testing.T) {
	dir := t.TempDir()
	report := "# Rapport\n\nMR : https://github.com/o/dop-python/pull/3\n\n| Tâche | Temps estimé | Temps passé | Commentaire |\n|---|---|---|---|\n| Traces | 1h30 | 90m | |\n| Total | 1h30 | 1h30 | |\n"
	writeFiles(t, dir, map[string]string{"alice/report.md": report, "bob/notes.txt": "no report"})
	if res := runLabctl(t, dir, nil, "init", "--rubric", "--scheme", "base"); res.Code != 0 {
		t.Fatalf("init: exit %d: %s", res.Code, res.Stderr)
	}
	res := runLabctl(t, dir, []string{"DOCKER_HOST=unix:///nonexistent.sock"}, "grade", "alice", "bob", "--no-stack", "--rubric", "rubric.yaml", "--out", "grades")
	if res.Code != 0 {
		t.Fatalf("grade: exit %d: %s", res.Code, res.Stderr)
	}
	md, err := os.ReadFile(filepath.Join(dir, "grades", "alice.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Calcul : base 4 − 0.5 × ", "**Note provisoire** : ", "**Gras** : critère de base (− 0.5 par critère manqué ; tous validés donnent 4)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("alice.md lacks %q:\n%s", want, md)
		}
	}
	class, err := os.ReadFile(filepath.Join(dir, "grades", "class.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(class), "| Calcul |") || !strings.Contains(string(class), "(provisoire, jusqu'à ") {
		t.Errorf("class.md:\n%s", class)
	}
	sheet, err := os.ReadFile(filepath.Join(dir, "grades", "class.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(sheet), "student,note,criteria_met,max,first_failure,first_failure_evidence,error,flags,not_checked,note_max,calculation\n") ||
		!strings.Contains(string(sheet), " − 0.5 × ") {
		t.Errorf("class.csv:\n%s", sheet)
	}
	res = runLabctl(t, dir, nil, "grade", "--collect", "grades", "--rubric", "rubric.yaml", "--out", "collected")
	if res.Code != 0 {
		t.Fatalf("collect: exit %d: %s", res.Code, res.Stderr)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "collected", "class.csv")); string(again) != string(sheet) {
		t.Errorf("--collect made another sheet:\n%s\nwant\n%s", again, sheet)
	}
}
