package grade

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testbed"
)

func git(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), append([]string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
		"GIT_AUTHOR_NAME=Alice", "GIT_AUTHOR_EMAIL=alice@example.org", "GIT_COMMITTER_NAME=Alice", "GIT_COMMITTER_EMAIL=alice@example.org"}, env...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestLastCommitTouching(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		testbed.Lacks(t, "git")
	}
	ctx := context.Background()
	dir := t.TempDir()
	git(t, dir, nil, "init", "-q")
	if _, err := LastCommitTouching(ctx, dir, "report.md"); err == nil || !strings.Contains(err.Error(), "report.md was never committed in") {
		t.Errorf("empty repository: %v", err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(date string, files ...string) {
		git(t, dir, nil, append([]string{"add"}, files...)...)
		git(t, dir, []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, "commit", "-q", "-m", "work")
	}
	write("report.md", "# Rapport\n")
	commit("2026-11-30T18:00:00+01:00", "report.md")
	write("report.md", "# Rapport\n\nMR : https://gitlab.com/a/b/-/merge_requests/1\n")
	commit("2026-12-01T22:15:00+01:00", "report.md")
	write("compose.yml", "services: {}\n") // a later commit that does not touch the report
	commit("2026-12-03T09:00:00+01:00", "compose.yml")
	write("report.md", "uncommitted edit\n") // not handed in

	got, err := LastCommitTouching(ctx, dir, "report.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 1, 22, 15, 0, 0, time.FixedZone("", 3600)); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := LastCommitTouching(ctx, dir, "rapport.md"); err == nil || !strings.Contains(err.Error(), "rapport.md was never committed in "+dir) {
		t.Errorf("never committed: %v", err)
	}
	notRepo := t.TempDir()
	if _, err := LastCommitTouching(ctx, notRepo, "report.md"); err == nil || !strings.Contains(err.Error(), notRepo+" is not a git repository") {
		t.Errorf("not a repository: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := LastCommitTouching(cancelled, dir, "report.md"); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("cancelled: %v", err)
	}
}
