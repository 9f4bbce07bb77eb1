package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/labctl/labctl/internal/grade"
)

// hostileWallTime bounds each hostile submission in the test (the default
// is 10 min): the fork bomb and the memory hog must end within it.
const hostileWallTime = 150 * time.Second

// outsideFolder is a folder of the teacher's beside submissions/, that
// every escape of test/class/hostile.yaml points at. An inotify watch on it
// records any open, read or write from the moment it is made.
type outsideFolder struct {
	dir   string
	fd    int
	files map[string]string
}

func newOutsideFolder(t *testing.T, dir string) *outsideFolder {
	t.Helper()
	o := &outsideFolder{dir: dir, files: map[string]string{
		"secret.env": "TEACHER_TOKEN=do-not-leak\n",
		"notes.txt":  "the teacher's own notes\n",
		"Dockerfile": "FROM scratch\nCOPY . /stolen\n",
	}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range o.files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	o.fd = fd
	t.Cleanup(func() { unix.Close(fd) })
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_OPEN|unix.IN_ACCESS|unix.IN_MODIFY|unix.IN_ATTRIB|unix.IN_CREATE|unix.IN_DELETE|unix.IN_MOVED_TO|unix.IN_MOVED_FROM); err != nil {
		t.Fatal(err)
	}
	return o
}

// touched lists what happened in the folder since the watch began: a file
// or the folder opened, read, written, created or removed.
func (o *outsideFolder) touched() []string {
	var out []string
	buf := make([]byte, 64<<10)
	for {
		n, err := unix.Read(o.fd, buf)
		if n <= 0 || err != nil {
			break
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)]), "\x00")
			if name == "" {
				name = "."
			}
			out = append(out, name+" "+inotifyMask(ev.Mask))
			off += unix.SizeofInotifyEvent + int(ev.Len)
		}
	}
	return out
}

func inotifyMask(m uint32) string {
	var names []string
	for bit, name := range map[uint32]string{unix.IN_OPEN: "opened", unix.IN_ACCESS: "read", unix.IN_MODIFY: "written",
		unix.IN_ATTRIB: "attributes changed", unix.IN_CREATE: "created", unix.IN_DELETE: "deleted",
		unix.IN_MOVED_TO: "moved in", unix.IN_MOVED_FROM: "moved out"} {
		if m&bit != 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

// The hostile class (test/class/hostile.yaml), graded for real through the
// binary and the engine, two at a time: every escape is refused and named
// in its student's checklist, nothing outside the submissions is opened,
// read or written (inotify on the teacher's folder they all point at), the
// fork bomb and the memory hog end by their limits within the wall time
// while the machine answers, the well-behaved submission grades as in
// class.yaml, and nothing is left on the engine. Then --trust on the
// bind-mount submission writes into the teacher's folder: the fixture is a
// real escape, and the rules are what held it.
func TestGradeHostileClass(t *testing.T) {
	root := t.TempDir()
	outside := newOutsideFolder(t, filepath.Join(root, "outside"))
	c := newClassFrom(t, "hostile.yaml", root)
	outside.touched() // the watch starts clean: what follows is grading's

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	stop := make(chan struct{})
	worst := make(chan time.Duration, 1)
	go func() { worst <- responsiveness(stop) }()
	t0 := time.Now()
	r := c.grade(ctx, append(c.dirs(), "--jobs", "2", "--deadline", classDeadline, "--out", "grades",
		"--memory", "512m", "--pids", "256", "--timeout-per-submission", hostileWallTime.String())...)
	took := time.Since(t0)
	close(stop)
	if r.code != 0 {
		t.Fatalf("grade exit %d", r.code)
	}
	if lag := <-worst; lag > 5*time.Second {
		t.Errorf("the machine took %s to run `true` while the class was graded", lag)
	}
	if touched := outside.touched(); len(touched) > 0 {
		t.Errorf("the teacher's folder outside the submissions was touched while grading: %v", touched)
	}
	for name, data := range outside.files {
		got, err := os.ReadFile(filepath.Join(outside.dir, name))
		if err != nil || string(got) != data {
			t.Errorf("outside/%s changed: %q, %v", name, got, err)
		}
	}
	if entries, _ := os.ReadDir(outside.dir); len(entries) != len(outside.files) {
		t.Errorf("outside/ holds %d entries, want the %d it was given", len(entries), len(outside.files))
	}
	if left := leftovers(t); len(left) > 0 {
		t.Errorf("left on the engine after grading: %v", left)
	}
	t.Logf("graded %d submissions in %s", len(c.file.Submissions), took.Round(time.Second))

	for _, s := range c.file.Submissions {
		res := readResult(t, filepath.Join(root, "grades", s.Student+".json"))
		md, err := os.ReadFile(filepath.Join(root, "grades", s.Student+".md"))
		if err != nil {
			t.Fatalf("%s: %v", s.Student, err)
		}
		var refused []string
		for _, f := range res.Refused {
			refused = append(refused, f.Key)
		}
		switch {
		case len(s.Expect.Refused) > 0:
			if !slices.Equal(refused, s.Expect.Refused) {
				t.Errorf("%s: refused %v, want %v", s.Student, refused, s.Expect.Refused)
			}
			for _, key := range s.Expect.Refused {
				if !strings.Contains(string(md), "`compose.yml` : `"+key+"` demande `") {
					t.Errorf("%s: the checklist does not name %s:\n%s", s.Student, key, md)
				}
			}
			for _, cr := range res.Criteria {
				if strings.HasPrefix(cr.Proof, "check ") && (cr.Checked || cr.Met) {
					t.Errorf("%s: %s checked (%s) although nothing ran", s.Student, cr.ID, cr.Evidence)
				}
			}
			if !strings.Contains(r.stderr, s.Student+": not run:") {
				t.Errorf("%s: the progress does not say it was not run", s.Student)
			}
		case s.Expect.Bounded:
			if len(refused) > 0 {
				t.Errorf("%s: refused %v; a well-formed project runs", s.Student, refused)
			}
			for _, cr := range res.Criteria {
				if cr.ID == "traces_jaeger" && (cr.Met || !cr.Checked) {
					t.Errorf("%s: traces_jaeger met=%v checked=%v: %s", s.Student, cr.Met, cr.Checked, cr.Evidence)
				}
			}
		default:
			var unmet []string
			for _, cr := range res.Criteria {
				if !cr.Met {
					unmet = append(unmet, cr.ID)
				}
			}
			slices.Sort(unmet)
			if want := slices.Sorted(slices.Values(s.Expect.Unmet)); !slices.Equal(unmet, want) || res.Note != s.Expect.Note || len(refused) > 0 {
				t.Errorf("%s: note %g, unmet %v, refused %v; want note %g, unmet %v, nothing refused", s.Student, res.Note, unmet, refused, s.Expect.Note, want)
			}
		}
	}
	// Each bounded submission ended within its wall time (plus the
	// removal of its stack); the whole class within two rounds of them.
	if limit := 3*hostileWallTime + 4*time.Minute; took > limit {
		t.Errorf("the class took %s, more than %s: a submission outlived its wall time", took.Round(time.Second), limit)
	}

	// The same bind-mount submission, trusted: the container writes into
	// the teacher's folder. Without the rules, this is what happens.
	tr := c.grade(ctx, "submissions/bind-out", "--trust", "--format", "json", "--timeout-per-submission", hostileWallTime.String())
	if _, err := os.Stat(filepath.Join(outside.dir, "pwned")); err != nil {
		t.Errorf("--trust: the submission did not write outside (%v); the fixture is not an escape\n%s", err, tail(tr.stderr, 30))
	}
	_ = os.Remove(filepath.Join(outside.dir, "pwned"))
}

func readResult(t *testing.T, path string) *grade.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var res grade.Result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &res
}

// responsiveness runs `true` every second until stop and returns the
// longest it took: a frozen machine shows here.
func responsiveness(stop <-chan struct{}) time.Duration {
	var worst time.Duration
	for {
		select {
		case <-stop:
			return worst
		case <-time.After(time.Second):
		}
		t0 := time.Now()
		_ = exec.Command("true").Run()
		worst = max(worst, time.Since(t0))
	}
}
