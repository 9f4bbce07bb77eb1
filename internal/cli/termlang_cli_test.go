package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lint speaks the course's language as report and grade do: --lang, else
// the language report.md's labctl block remembers, else the locale; with
// none, English. Rule IDs stay as they are.
func TestTerminalLanguage(t *testing.T) {
	broken := map[string][2]string{"otel-collector-config.yaml": {"exporters: [otlp/jaeger]", "exporters: [otlp/jager]"}}
	// One error: the pipeline typo (LAB004); LAB017 no longer repeats its cause.
	const fr, en = "1 erreur(s), 1 avertissement(s)", "1 error(s), 1 warning(s)"
	base := []string{"GITHUB_ACTIONS=", "DOCKER_HOST=unix:///nonexistent.sock"}
	// The block as labctl report --lang fr writes it: its settings line.
	remembered := "# Rapport\n\n<!-- labctl:begin -->\n<!-- Réécrit par chaque `labctl report` : écrivez votre propre texte en dehors de ce bloc. Réglages : --lang fr -->\n<!-- labctl:end -->\n"
	for _, c := range []struct {
		name   string
		env    []string
		args   []string
		report string
		want   string
	}{
		{"no locale: English", nil, nil, "", en},
		{"French locale", []string{"LANG=fr_CH.UTF-8"}, nil, "", fr},
		{"LC_ALL over LANG", []string{"LC_ALL=en_GB.UTF-8", "LANG=fr_CH.UTF-8"}, nil, "", en},
		{"--lang over the locale", []string{"LANG=en_US.UTF-8"}, []string{"--lang", "fr"}, "", fr},
		{"remembered by report.md over the locale", []string{"LANG=en_US.UTF-8"}, nil, remembered, fr},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := studentCopy(t, broken)
			if c.report != "" {
				if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(c.report), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := runLabctl(t, dir, append(base, c.env...), append([]string{"lint", "--no-docker"}, c.args...)...)
			if res.Code != 1 || !strings.Contains(res.Stdout, c.want) || !strings.Contains(res.Stdout, "LAB004") {
				t.Errorf("exit %d, want 1 and %q:\n%s%s", res.Code, c.want, res.Stdout, res.Stderr)
			}
		})
	}
	res := runLabctl(t, studentCopy(t, nil), base, "lint", "--no-docker", "--lang", "de")
	if res.Code != 2 || !strings.Contains(res.Stderr, `unknown language "de"`) {
		t.Errorf("--lang de: exit %d\n%s", res.Code, res.Stderr)
	}
}
