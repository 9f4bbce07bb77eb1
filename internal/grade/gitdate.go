package grade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// LastCommitTouching is the committer date of the last commit that changed
// file in the git repository at repoDir (git log -1 --format=%cI -- file).
// Uncommitted edits do not count: what is handed in is what is committed.
func LastCommitTouching(ctx context.Context, repoDir, file string) (time.Time, error) {
	// The repository is a student's: its .git/config must not make this
	// command run a program of theirs (a signature-checking gpg.program, an
	// fsmonitor).
	cmd := exec.CommandContext(ctx, "git", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
		"-C", repoDir, "log", "-1", "--no-show-signature", "--format=%cI", "--", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	msg := strings.TrimSpace(stderr.String())
	switch {
	case ctx.Err() != nil:
		return time.Time{}, fmt.Errorf("date of %s in %s: %w", file, repoDir, ctx.Err())
	case errors.Is(err, exec.ErrNotFound):
		return time.Time{}, errors.New("git is not installed (or not on PATH); install git to check the hand-in date")
	case err != nil && strings.Contains(msg, "not a git repository"):
		return time.Time{}, fmt.Errorf("%s is not a git repository, so the date %s was handed in is unknown; grade a clone of the student's repository", repoDir, file)
	case err != nil && strings.Contains(msg, "dubious ownership"):
		return time.Time{}, fmt.Errorf("git refuses %s, owned by another user; run `git config --global --add safe.directory %s`", repoDir, repoDir)
	case err != nil && strings.Contains(msg, "does not have any commits"):
		return time.Time{}, fmt.Errorf("%s was never committed in %s (the repository has no commit yet)", file, repoDir)
	case err != nil:
		return time.Time{}, fmt.Errorf("date of %s in %s: git log: %s", file, repoDir, orDefault(firstLine(msg), err.Error()))
	}
	out := strings.TrimSpace(stdout.String())
	if out == "" {
		return time.Time{}, fmt.Errorf("%s was never committed in %s", file, repoDir)
	}
	t, err := time.Parse(time.RFC3339, out)
	if err != nil {
		return time.Time{}, fmt.Errorf("date of %s in %s: git printed %q, not a date", file, repoDir, out)
	}
	return t, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
