package tasks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testutil"

	"github.com/labctl/labctl/internal/testbed"
)

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("CET", 3600))

func dur(s string) *Duration {
	d, err := ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return &d
}

func TestSaveGoldenAndRoundTrip(t *testing.T) {
	dir := t.TempDir()
	f := &File{Path: filepath.Join(dir, DefaultFile)}
	mustAdd(t, f, "Estimation", dur("10m"))
	mustAdd(t, f, "Jaeger | direct", dur("30m"))
	mustAdd(t, f, "Collector", nil)
	if _, err := f.Set("Estimation", Change{Spent: dur("15m"), Comment: ptr("découpé en 5 tâches: facile")}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Start("collector", t0); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, filepath.Join("testdata", "tasks.golden.yaml"), got)

	back, err := Load(f.Path)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	again, err := back.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(got) {
		t.Errorf("save/load/save is not stable:\n%s\n---\n%s", got, again)
	}
	if r := back.Running(); r == nil || r.Name != "Collector" || !r.RunningSince.Equal(t0) {
		t.Errorf("running task after reload = %+v", r)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestLoadMissingIsEmpty(t *testing.T) {
	f, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if err != nil || len(f.Tasks) != 0 {
		t.Fatalf("Load(missing) = %+v, %v", f, err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"syntax", "tasks:\n  - name: a\n    estimate: [\n", "t.yaml:"},
		{"not a mapping", "- a\n- b\n", "t.yaml:1: expected a mapping"},
		{"unknown top key", "task:\n  - name: a\n", `t.yaml:1: unknown key "task"`},
		{"tasks not a list", "tasks: 3\n", `t.yaml:1: "tasks" must be a list`},
		{"task not mapping", "tasks:\n  - a\n", "t.yaml:2: a task must be a mapping"},
		{"bad estimate", "tasks:\n  - name: a\n    estimate: 1h70\n", `t.yaml:3: estimate: invalid duration "1h70"`},
		{"bad spent", "tasks:\n  - name: a\n    spent: 90\n", `t.yaml:3: spent: invalid duration "90"`},
		{"unknown task key", "tasks:\n  - name: a\n    estimat: 1h\n", `t.yaml:3: unknown key "estimat"`},
		{"no name", "tasks:\n  - spent: 1h\n", "t.yaml:2: task without a name"},
		{"empty name", "tasks:\n  - name: \"\"\n", "t.yaml:2: invalid task name"},
		{"duplicate", "tasks:\n  - name: Jaeger\n  - name: jaeger\n", `t.yaml:3: duplicate task: "jaeger" is also on line 2`},
		{"two running", "tasks:\n  - name: a\n    running_since: 2026-11-26T10:00:00Z\n  - name: b\n    running_since: 2026-11-26T10:00:00Z\n", `t.yaml:4: "b" and "a" (line 2) are both running`},
		{"bad time", "tasks:\n  - name: a\n    running_since: yesterday\n", `t.yaml:3: running_since "yesterday"`},
		{"list value", "tasks:\n  - name: [a, b]\n", "t.yaml:2: name must be a single value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "t.yaml")
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
		})
	}
}

func TestParseAcceptsHandEdits(t *testing.T) {
	in := "# my notes\ntasks:\n  - name: Estimation\n    estimate: 10m\n    spent: 1h30m\n    comment: ok\n  - name: Demo\n    estimate: ~\n"
	f, err := Parse([]byte(in), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Tasks) != 2 || f.Tasks[0].Spent.String() != "1h30" || f.Tasks[1].Estimate != nil || f.Tasks[1].Line != 7 {
		t.Errorf("parsed %+v", f.Tasks)
	}
	if f, err := Parse([]byte("tasks:\n"), "t.yaml"); err != nil || len(f.Tasks) != 0 {
		t.Errorf("empty list: %+v, %v", f, err)
	}
	if f, err := Parse(nil, "t.yaml"); err != nil || len(f.Tasks) != 0 {
		t.Errorf("empty file: %+v, %v", f, err)
	}
}

func TestSaveKeepsModeAndFollowsLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "repo-tasks.yaml")
	if err := os.WriteFile(real, []byte("tasks: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, DefaultFile)
	if err := os.Symlink(real, link); err != nil {
		testbed.Lacks(t, "symbolic links: %v", err)
	}
	f, err := Load(link)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, f, "Estimation", nil)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a link", link)
	}
	st, _ := os.Stat(real)
	b, _ := os.ReadFile(real)
	if !strings.Contains(string(b), "Estimation") || st.Mode().Perm() != 0o600 {
		t.Errorf("target got %q mode %v; want the task, mode 600 kept", b, st.Mode())
	}
	f.Path = filepath.Join(real, "x")
	if err := f.Save(); err == nil {
		t.Error("saving under a file should fail")
	} else if !strings.Contains(err.Error(), f.Path) {
		t.Errorf("error %q does not name %s", err, f.Path)
	}
}

func mustAdd(t *testing.T, f *File, name string, est *Duration) {
	t.Helper()
	if _, err := f.Add(name, est); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
