package cli_test

// Issue 10, "nothing lost": through the real binary, labctl replaces no file
// it did not write, and writes the user's files (report.md, the tasks file)
// through their links and never over a read-only one.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testutil"

	"github.com/labctl/labctl/internal/testbed"
)

// oneLineError checks exit 2 and a single "labctl: ..." line holding want.
func oneLineError(t *testing.T, res cliResult, want string) {
	t.Helper()
	if res.Code != 2 {
		t.Errorf("exit code = %d, want 2 (stderr: %s)", res.Code, res.Stderr)
	}
	lines := strings.Split(strings.TrimSpace(res.Stderr), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], want) {
		t.Errorf("stderr = %q, want one line containing %q", res.Stderr, want)
	}
}

func TestRenderAndUpRefuseTheUsersFiles(t *testing.T) {
	users := map[string]string{
		"compose.yaml":   "services: {mine: {image: nginx}}\n",
		"prometheus.yml": "scrape_configs: []\n",
		"otelcol.yaml":   "receivers: {}\n",
		".gitignore":     "notes\n",
	}
	for _, args := range [][]string{{"render", "--dir", "."}, {"up", "--dir", "."}} {
		t.Run(args[0], func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, users)
			before := testutil.Files(t, dir)
			res := runInProcess(t, dir, []string{"DOCKER_HOST=unix:///nonexistent.sock"}, args...)
			oneLineError(t, res, "compose.yaml is not a file labctl generated, and labctl will not replace it")
			testutil.SameFiles(t, before, testutil.Files(t, dir))
		})
	}
	// Only the .gitignore: it is named.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": "notes\n"})
	before := testutil.Files(t, dir)
	oneLineError(t, runInProcess(t, dir, nil, "render", "--dir", "."), ".gitignore is not a file labctl generated")
	testutil.SameFiles(t, before, testutil.Files(t, dir))
}

func TestRenderDefaultDirIsMarked(t *testing.T) {
	dir := t.TempDir()
	if res := runInProcess(t, dir, nil, "render"); res.Code != 0 {
		t.Fatalf("render: exit %d: %s", res.Code, res.Stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, ".labctl", ".labctl-owned")); err != nil {
		t.Errorf("the directory labctl created is not marked: %v", err)
	}
	// Rendering into the project folder itself is fine when it holds none of
	// the generated names, and again over what labctl wrote there.
	proj := t.TempDir()
	writeFiles(t, proj, map[string]string{"notes.md": "mine\n"})
	for i := 0; i < 2; i++ {
		if res := runInProcess(t, proj, nil, "render", "--dir", "."); res.Code != 0 {
			t.Fatalf("render --dir . (run %d): exit %d: %s", i+1, res.Code, res.Stderr)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(proj, "notes.md")); string(b) != "mine\n" {
		t.Errorf("notes.md changed: %q", b)
	}
}

func TestReportWritesThroughLinksAndRefusesReadOnly(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"repo/report.md":         "# My report\n\nmy text\n",
		"repo/labctl-tasks.yaml": goodTasks,
	})
	for _, name := range []string{"report.md", "labctl-tasks.yaml"} {
		if err := os.Symlink(filepath.Join("repo", name), filepath.Join(dir, name)); err != nil {
			testbed.Lacks(t, "symbolic links: %v", err)
		}
	}
	if res := runInProcess(t, dir, nil, "report"); res.Code != 0 {
		t.Fatalf("report: exit %d: %s", res.Code, res.Stderr)
	}
	if res := runInProcess(t, dir, nil, "task", "add", "Demo", "--estimate", "5m"); res.Code != 0 {
		t.Fatalf("task add: exit %d: %s", res.Code, res.Stderr)
	}
	for _, name := range []string{"report.md", "labctl-tasks.yaml"} {
		if st, err := os.Lstat(filepath.Join(dir, name)); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", name)
		}
	}
	rep, _ := os.ReadFile(filepath.Join(dir, "repo", "report.md"))
	if !strings.Contains(string(rep), "my text") || !strings.Contains(string(rep), "<!-- labctl:begin -->") {
		t.Errorf("the link's target did not get the report:\n%s", rep)
	}
	if tk, _ := os.ReadFile(filepath.Join(dir, "repo", "labctl-tasks.yaml")); !strings.Contains(string(tk), "Demo") {
		t.Errorf("the tasks link's target did not get the task:\n%s", tk)
	}

	// A read-only report.md is refused, named with the fix, and left alone.
	ro := t.TempDir()
	writeFiles(t, ro, map[string]string{"report.md": "# Mine, read-only\n"})
	if err := os.Chmod(filepath.Join(ro, "report.md"), 0o444); err != nil {
		t.Fatal(err)
	}
	before := testutil.Files(t, ro)
	oneLineError(t, runInProcess(t, ro, nil, "report"),
		"report.md is read-only; make it writable (chmod u+w report.md) or write elsewhere")
	testutil.SameFiles(t, before, testutil.Files(t, ro))
}

func TestInitCIKeepsTheUsersConfig(t *testing.T) {
	dir := t.TempDir()
	mine := "# my lab\nproject: mylab\n"
	writeFiles(t, dir, map[string]string{"labctl.yaml": mine})
	for _, args := range [][]string{{"init", "--ci", "github"}, {"init", "--ci", "github", "--force"}} {
		res := runInProcess(t, dir, nil, args...)
		if res.Code != 0 || !strings.Contains(res.Stdout, "wrote .github/workflows/labctl.yml") || !strings.Contains(res.Stderr, "kept your labctl.yaml") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, res.Code, res.Stdout, res.Stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "labctl.yaml")); string(b) != mine {
			t.Errorf("%v overwrote labctl.yaml:\n%s", args, b)
		}
		// The second run replaces the workflow (--force), labctl.yaml still kept.
	}
	// Without --force, the now existing workflow is refused.
	res := runInProcess(t, dir, nil, "init", "--ci", "github")
	oneLineError(t, res, "labctl.yml already exists; keep it, or rerun with --force to replace it")
}

// The student's weak PostgreSQL password (postgres, labctl, a) is not cut
// out of the report, whose text and diagram stay whole; report says it is
// weak without printing it. labctl's generated secret never appears.
func TestReportWithAWeakPassword(t *testing.T) {
	const long = "fedcba9876543210fedcba9876543210"
	var plain string
	for _, pw := range []string{"", "postgres", "labctl", "a"} {
		dir := t.TempDir()
		if res := runInProcess(t, dir, nil, "render"); res.Code != 0 {
			t.Fatalf("render: %d %s", res.Code, res.Stderr)
		}
		writeFiles(t, dir, map[string]string{"labctl-tasks.yaml": "tasks:\n  - name: Secrets\n    spent: 5m\n    comment: dsn postgres://postgres:" + long + "@db, then labctl verify\n"})
		first := pw
		if pw == "" {
			first = "0123456789abcdef0123456789abcdef"
		}
		env := "POSTGRES_PASSWORD=" + first + "\nPOSTGRES_MONITOR_PASSWORD=" + long + "\n"
		if err := os.WriteFile(filepath.Join(dir, ".labctl", "secrets.env"), []byte(env), 0o600); err != nil {
			t.Fatal(err)
		}
		res := runInProcess(t, dir, nil, "report", "--lang", "en")
		if res.Code != 0 {
			t.Fatalf("password %q: report exit %d: %s", pw, res.Code, res.Stderr)
		}
		got, _ := os.ReadFile(filepath.Join(dir, "report.md"))
		if strings.Contains(string(got), long) {
			t.Errorf("password %q: the generated secret leaked into report.md", pw)
		}
		if pw == "" {
			// Long secrets only: the baseline.
			plain = string(got)
			if !strings.Contains(plain, "[secret removed]") {
				t.Fatalf("the long secret in the comment was not replaced:\n%s", plain)
			}
			continue
		}
		if string(got) != plain {
			t.Errorf("password %q changed the report:\n%s\nwant:\n%s", pw, got, plain)
		}
		if !strings.Contains(res.Stderr, "warning: 1 password(s) in .labctl/secrets.env are shorter than 16 characters") {
			t.Errorf("password %q: no weak-password warning: %q", pw, res.Stderr)
		}
		if strings.Contains(res.Stderr+res.Stdout, "="+pw) {
			t.Errorf("password %q printed", pw)
		}
	}
}
