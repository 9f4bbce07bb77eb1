package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// labctl grade writes its checklist and class sheet in the language --lang
// names, else the one the rubric file names, else the locale's, else
// French, as labctl report chooses its own.
func TestGradeLang(t *testing.T) {
	const report = "# Rapport\n\nMR : https://github.com/o/dop-python/pull/3\n"
	french := []string{"_Évalué par `labctl grade` le ", "non vérifié : la pile n'a pas été démarrée (--no-stack)", "**Note : "}
	english := []string{"_Graded by `labctl grade` on ", "not checked: the stack was not started (--no-stack)", "**Note: "}
	const groups = "groups:\n  - name: G\n    criteria:\n      - {id: mr, text: Le lien, main: true, report: mr_link}\n      - {id: t, text: Les traces, main: true, check: http_server_span}\n"
	tests := []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"no flag, no locale: French", nil, nil, french},
		{"--lang en", nil, []string{"--lang", "en"}, english},
		{"--lang fr over an English locale", []string{"LANG=en_US.UTF-8"}, []string{"--lang", "fr"}, french},
		{"English locale", []string{"LANG=en_US.UTF-8"}, nil, english},
		{"LC_ALL over LANG", []string{"LC_ALL=fr_CH.UTF-8", "LANG=en_US.UTF-8"}, nil, french},
		{"the rubric's lang: over the locale", []string{"LANG=en_US.UTF-8"}, []string{"--rubric", "fr.yaml"}, french},
		{"--lang over the rubric's lang:", nil, []string{"--rubric", "fr.yaml", "--lang", "en"}, english},
		{"a rubric without lang:, English locale", []string{"LC_MESSAGES=en_GB.UTF-8"}, []string{"--rubric", "none.yaml"}, english},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"alice/report.md": report, "fr.yaml": "lang: fr\n" + groups, "none.yaml": groups})
			res := runInProcess(t, dir, tt.env, append([]string{"grade", "alice", "--no-stack"}, tt.args...)...)
			if res.Code != 0 {
				t.Fatalf("exit %d: %s", res.Code, res.Stderr)
			}
			other := english
			if tt.want[0] == english[0] {
				other = french
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Stdout, w) {
					t.Errorf("checklist lacks %q:\n%s", w, res.Stdout)
				}
			}
			for _, w := range other {
				if strings.Contains(res.Stdout, w) {
					t.Errorf("checklist has %q, of the other language:\n%s", w, res.Stdout)
				}
			}
		})
	}

	// A class: each student's checklist, class.md and the table on stdout.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alice/report.md": report, "bob/report.md": "# Rapport\n"})
	for _, lang := range []struct {
		flag, heading string
		checklist     []string
	}{{"en", "## Class — Évaluation (2)\n\n| Student | Note | Criteria met | First criterion missed |", english}, {"fr", "## Classe — Évaluation (2)\n\n| Étudiant·e | Note |", french}} {
		out := "grades-" + lang.flag
		res := runInProcess(t, dir, nil, "grade", "alice", "bob", "--no-stack", "--out", out, "--lang", lang.flag)
		if res.Code != 0 {
			t.Fatalf("--lang %s: exit %d: %s", lang.flag, res.Code, res.Stderr)
		}
		sheet, err := os.ReadFile(filepath.Join(dir, out, "class.md"))
		if err != nil {
			t.Fatal(err)
		}
		for what, text := range map[string]string{"stdout": res.Stdout, "class.md": string(sheet)} {
			if !strings.Contains(text, lang.heading) {
				t.Errorf("--lang %s: %s lacks %q:\n%s", lang.flag, what, lang.heading, text)
			}
		}
		md, err := os.ReadFile(filepath.Join(dir, out, "alice.md"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(md), lang.checklist[1]) {
			t.Errorf("--lang %s: alice.md lacks %q:\n%s", lang.flag, lang.checklist[1], md)
		}
		// --collect writes the sheet in the language asked, whatever the
		// results were graded in.
		other := map[string]string{"en": "fr", "fr": "en"}[lang.flag]
		res = runInProcess(t, dir, nil, "grade", "--collect", out, "--out", "collected-"+lang.flag, "--lang", other)
		if res.Code != 0 {
			t.Fatalf("--collect --lang %s: exit %d: %s", other, res.Code, res.Stderr)
		}
		if strings.Contains(res.Stdout, lang.heading) {
			t.Errorf("--collect --lang %s: the sheet is still in %s:\n%s", other, lang.flag, res.Stdout)
		}
	}

	res := runInProcess(t, dir, nil, "grade", "alice", "--no-stack", "--lang", "de")
	if res.Code != 2 || !strings.Contains(res.Stderr, `unknown language "de" for --lang; use en or fr`) {
		t.Errorf("--lang de: exit %d, stderr %q", res.Code, res.Stderr)
	}
}
