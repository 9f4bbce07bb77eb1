package report

import (
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/tasks"
)

// mermaidBlock is the ```mermaid fence of a report, or "".
func mermaidBlock(s string) string {
	_, rest, ok := strings.Cut(s, "```mermaid\n")
	if !ok {
		return ""
	}
	block, _, _ := strings.Cut(rest, "```")
	return block
}

// A student's own weak password (postgres, labctl, a) is never replaced in
// the report: the prose, the commands and the Mermaid diagram stay intact.
// labctl's long generated secret is still removed wherever it appears.
func TestRedactionCannotCorrupt(t *testing.T) {
	const long = "fedcba9876543210fedcba9876543210"
	for _, weak := range []string{"postgres", "labctl", "a", "PostgreSQL"} {
		t.Run(weak, func(t *testing.T) {
			in := fixture(t, English, true)
			in.Tasks = append(in.Tasks, tasks.Task{Name: "Secrets", Comment: "dsn postgres://postgres:" + long + "@db, see labctl verify"})
			in.Secrets = nil
			plain, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			in.Secrets = []string{weak, long}
			got, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(got, long) {
				t.Errorf("the generated secret leaked:\n%s", got)
			}
			if want := strings.ReplaceAll(plain, long, secretPlaceholder); got != want {
				t.Errorf("with the password %q the report differs from the unredacted one beyond the long secret:\n%s", weak, got)
			}
			if m := mermaidBlock(got); m == "" || m != mermaidBlock(plain) {
				t.Errorf("the Mermaid block changed:\n%s\nwant:\n%s", m, mermaidBlock(plain))
			}
			if _, err := Current(got+"\n", "report.md"); err != nil {
				t.Errorf("the block no longer parses: %v", err)
			}
		})
	}
}

func TestWeakSecrets(t *testing.T) {
	if n := WeakSecrets([]string{"postgres", "0123456789abcdef0123456789abcdef", "a"}); n != 2 {
		t.Errorf("WeakSecrets = %d, want 2", n)
	}
	if n := WeakSecrets([]string{"0123456789abcdef"}); n != 0 {
		t.Errorf("a 16-character secret counted as weak")
	}
}
