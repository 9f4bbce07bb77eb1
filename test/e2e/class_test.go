package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/msg/msgtest"

	"github.com/moby/moby/client"
	"gopkg.in/yaml.v3"

	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/submission"
	"github.com/labctl/labctl/internal/testbed"
)

// The fixture class (test/class/class.yaml): six submissions built from the
// course-shaped project, graded for real by `labctl grade` through the
// Docker API, each in isolation, two at a time.

const classDeadline = "2026-12-15T23:59:00+01:00"

type classFile struct {
	Submissions []struct {
		Student   string `yaml:"student"`
		Variant   string `yaml:"variant"`
		Edits     []edit `yaml:"edits"`
		Report    string `yaml:"report"`
		Committed string `yaml:"committed"`
		// Symlinks are made in the submission's folder (hostile.yaml).
		Symlinks map[string]string `yaml:"symlinks"`
		Expect   struct {
			Note  float64  `yaml:"note"`
			Unmet []string `yaml:"unmet"`
			// Refused: the keys the checklist names (hostile.yaml).
			Refused []string `yaml:"refused"`
			// Bounded: it runs, misbehaves, and ends by its limits.
			Bounded bool `yaml:"bounded"`
			// Changed: the keys labctl ran otherwise than asked, named in
			// the checklist (hostile.yaml).
			Changed []string `yaml:"changed"`
		} `yaml:"expect"`
	} `yaml:"submissions"`
}

type edit struct {
	File string `yaml:"file"`
	Old  string `yaml:"old"`
	New  string `yaml:"new"`
	// Copy creates File as a copy of this file of the project.
	Copy string `yaml:"copy"`
}

// class is the fixture class written out: submissions/<student>/ each a git
// repository holding the project and report.md.
type class struct {
	t    *testing.T
	dir  string
	file classFile
	env  []string
}

func newClass(t *testing.T) *class {
	t.Helper()
	return newClassFrom(t, "class.yaml", t.TempDir(), nil)
}

// newClassFrom writes out the class of test/class/NAME in dir; @OUTSIDE@
// in its edits and symlinks stands for dir/outside, a folder of the
// teacher's beside submissions/, and each @NAME@ of vars for its value
// (the teacher's network, image and volume of hostile.yaml).
func newClassFrom(t *testing.T, name, dir string, vars map[string]string) *class {
	t.Helper()
	testbed.RequireDocker(t)
	for _, img := range []string{testbed.ImageJaegerV1, testbed.ImageCollector, testbed.ImagePostgres, testbed.ImagePrometheus, testbed.ImagePython} {
		testbed.RequireImage(t, img)
	}
	root := moduleRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "test", "class", name))
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.ReplaceAll(string(data), "@OUTSIDE@", filepath.Join(dir, "outside")))
	for k, v := range vars {
		data = []byte(strings.ReplaceAll(string(data), "@"+k+"@", v))
	}
	c := &class{t: t, dir: dir}
	if err := yaml.Unmarshal(data, &c.file); err != nil {
		t.Fatal(err)
	}
	variants := map[string][]edit{}
	for _, v := range loadVariants(t).Variants {
		for _, e := range v.Edits {
			variants[v.Name] = append(variants[v.Name], e)
		}
	}
	for _, s := range c.file.Submissions {
		dir := filepath.Join(c.dir, "submissions", s.Student)
		if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "test", "student", "project"))); err != nil {
			t.Fatal(err)
		}
		edits := s.Edits
		if s.Variant != "" {
			if variants[s.Variant] == nil {
				t.Fatalf("%s: no variant %q in variants.yaml", s.Student, s.Variant)
			}
			edits = append(slices.Clone(variants[s.Variant]), edits...)
		}
		for _, e := range edits {
			applyEdit(t, dir, e)
		}
		for link, target := range s.Symlinks {
			if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
				t.Fatal(err)
			}
		}
		git(t, dir, "", "init", "-q", "-b", "main")
		git(t, dir, "2026-11-25T10:00:00+01:00", "add", ".")
		git(t, dir, "2026-11-25T10:00:00+01:00", "commit", "-q", "-m", "the project")
		if s.Report != "" {
			report, err := os.ReadFile(filepath.Join(root, "test", "class", "reports", s.Report))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "report.md"), report, 0o644); err != nil {
				t.Fatal(err)
			}
			git(t, dir, s.Committed, "add", "report.md")
			git(t, dir, s.Committed, "commit", "-q", "-m", "report")
		}
	}
	c.env = append(os.Environ(),
		"PYTHON_IMAGE="+testbed.ImagePython, "JAEGER_IMAGE="+testbed.ImageJaegerV1, "OTELCOL_IMAGE="+testbed.ImageCollector,
		"POSTGRES_IMAGE="+testbed.ImagePostgres, "PROMETHEUS_IMAGE="+testbed.ImagePrometheus)
	t.Cleanup(func() { c.removeLeftovers() })
	return c
}

// imageEnvFlags hand the test bed's images to the Compose files: grade
// interpolates a submission from its own .env and --env only, not from
// labctl's environment.
var imageEnvFlags = []string{"--env", "PYTHON_IMAGE", "--env", "JAEGER_IMAGE", "--env", "OTELCOL_IMAGE",
	"--env", "POSTGRES_IMAGE", "--env", "PROMETHEUS_IMAGE"}

// applyEdit replaces e.Old, which must occur once, by e.New in e.File; an
// edit without Old creates e.File, which must not exist, holding e.New (or
// a copy of e.Copy).
func applyEdit(t *testing.T, dir string, e edit) {
	t.Helper()
	path := filepath.Join(dir, e.File)
	if e.Copy != "" {
		data, err := os.ReadFile(filepath.Join(dir, e.Copy))
		if err != nil {
			t.Fatalf("copy %s: %v", e.Copy, err)
		}
		e = edit{File: e.File, New: string(data)}
	}
	if e.Old == "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.WriteString(e.New)
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			t.Fatalf("create %s: %v", e.File, err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), e.Old); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", e.File, e.Old, n)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), e.Old, e.New, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func git(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Student", "-c", "user.email=student@example.org"}, args...)...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func (c *class) dirs() []string {
	var out []string
	for _, s := range c.file.Submissions {
		out = append(out, filepath.Join("submissions", s.Student))
	}
	return out
}

// grade runs labctl grade in the class's folder.
func (c *class) grade(ctx context.Context, args ...string) run {
	c.t.Helper()
	bin, err := labctlBin()
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, append(append([]string{"grade"}, args...), imageEnvFlags...)...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	r := run{stdout: out.String(), stderr: errb.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		c.t.Fatalf("labctl grade: %v", err)
	}
	c.t.Logf("labctl grade %s → %d\n%s%s", strings.Join(args, " "), r.code, tail(r.stdout, 40), tail(r.stderr, 80))
	return r
}

// leftovers lists what carries a grading project's label: any grading
// project's, or only those of projects when given (other tests may grade
// on the same engine at the same time).
func leftovers(t *testing.T, projects ...string) []string {
	t.Helper()
	api, err := client.New(client.FromEnv, client.WithAPIVersionNegotiation())
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	ctx := context.Background()
	f := make(client.Filters).Add("label", "com.docker.compose.project")
	var out []string
	ours := func(project string) bool {
		return strings.HasPrefix(project, "labctl-grade-") && (len(projects) == 0 || slices.Contains(projects, project))
	}
	cs, err := api.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cs.Items {
		if ours(x.Labels["com.docker.compose.project"]) {
			out = append(out, "container "+strings.Join(x.Names, ","))
		}
	}
	ns, err := api.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns.Items {
		if ours(n.Labels["com.docker.compose.project"]) {
			out = append(out, "network "+n.Name)
		}
	}
	vs, err := api.VolumeList(ctx, client.VolumeListOptions{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs.Items {
		if ours(v.Labels["com.docker.compose.project"]) {
			out = append(out, "volume "+v.Name)
		}
	}
	// The images grade built (PROJECT-SERVICE) go with their stacks.
	if len(projects) == 0 {
		return out
	}
	is, err := api.ImageList(ctx, client.ImageListOptions{Filters: make(client.Filters).Add("reference", "labctl-grade-*")})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range is.Items {
		for _, tag := range i.RepoTags {
			if slices.ContainsFunc(projects, func(p string) bool { return strings.HasPrefix(tag, p+"-") }) {
				out = append(out, "image "+tag)
			}
		}
	}
	return out
}

// projects are the grading projects of the class's students.
func (c *class) projects() []string {
	var out []string
	for _, s := range c.file.Submissions {
		out = append(out, submission.ProjectName(s.Student))
	}
	return out
}

func (c *class) removeLeftovers() {
	bin, err := labctlBin()
	if err != nil {
		return
	}
	for _, s := range c.file.Submissions {
		cmd := exec.Command(bin, "down", "-p", submission.ProjectName(s.Student), "--volumes")
		cmd.Dir = c.dir
		_ = cmd.Run()
	}
}

// The whole class, two at a time: each note and each criterion as
// class.yaml expects, the class sheet, nothing left on the engine; a second
// run skips every graded student.
func TestGradeClass(t *testing.T) {
	gradingAlone(t)
	c := newClass(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	r := c.grade(ctx, append(c.dirs(), "--jobs", "2", "--deadline", classDeadline, "--out", "grades")...)
	if r.code != 0 {
		t.Fatalf("grade exit %d", r.code)
	}
	if left := leftovers(t, c.projects()...); len(left) > 0 {
		t.Errorf("left on the engine after grading: %v", left)
	}
	for _, s := range c.file.Submissions {
		data, err := os.ReadFile(filepath.Join(c.dir, "grades", s.Student+".json"))
		if err != nil {
			t.Fatalf("%s: %v", s.Student, err)
		}
		var res grade.Result
		if err := json.Unmarshal(data, &res); err != nil {
			t.Fatalf("%s: %v", s.Student, err)
		}
		var unmet []string
		for _, cr := range res.Criteria {
			if !cr.Met {
				unmet = append(unmet, cr.ID)
			}
		}
		slices.Sort(unmet)
		want := slices.Sorted(slices.Values(s.Expect.Unmet))
		if !slices.Equal(unmet, want) {
			t.Errorf("%s: unmet %v, want %v", s.Student, unmet, want)
			for _, cr := range res.Criteria {
				t.Logf("  %s met=%v: %s", cr.ID, cr.Met, cr.Evidence)
			}
		}
		if res.Note != s.Expect.Note {
			t.Errorf("%s: note %g, want %g", s.Student, res.Note, s.Expect.Note)
		}
		if _, err := os.Stat(filepath.Join(c.dir, "grades", s.Student+".md")); err != nil {
			t.Errorf("%s: no checklist: %v", s.Student, err)
		}
	}
	sheet, err := os.ReadFile(filepath.Join(c.dir, "grades", "class.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(sheet)).ReadAll()
	if err != nil {
		t.Fatalf("class.csv: %v\n%s", err, sheet)
	}
	if len(rows) != len(c.file.Submissions)+1 {
		t.Errorf("class.csv has %d rows, want a header and %d students:\n%s", len(rows), len(c.file.Submissions), sheet)
	}
	// Resumable: graded students are read back, not graded again.
	t0 := time.Now()
	r = c.grade(ctx, append(c.dirs(), "--jobs", "2", "--deadline", classDeadline, "--out", "grades")...)
	if r.code != 0 || strings.Count(r.stderr, "graded already") != len(c.file.Submissions) {
		t.Errorf("second run: exit %d, want every student skipped", r.code)
	}
	if took := time.Since(t0); took > 20*time.Second {
		t.Errorf("second run took %s; nothing should have run", took)
	}

	// The results as the students' CI would hand them in, each claiming
	// the PostgreSQL span no submission has, its counts and note made to
	// agree: --collect cannot tell; --recheck grades one again here and
	// flags it.
	for _, s := range c.file.Submissions {
		path := filepath.Join(c.dir, "grades", s.Student+".json")
		res := readResult(t, path)
		for i := range res.Criteria {
			if cr := &res.Criteria[i]; cr.ID == "span_postgresql" {
				cr.Met, cr.Evidence = true, "db_client_span: 3 postgresql spans"
				res.Met++
			}
		}
		res.Note = grade.DefaultRubric().Note(res.Met)
		data, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(c.dir, "ci", s.Student), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(c.dir, "ci", s.Student, "grade.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r = c.grade(ctx, append([]string{"--collect", "ci", "--out", "collected", "--recheck", "1", "--seed", "7"}, c.dirs()...)...)
	if r.code != 1 || strings.Count(r.stderr, "recheck: span_postgresql: met in its CI, not met here") != 1 {
		t.Errorf("--recheck 1: exit %d; want one submission graded again and flagged", r.code)
	}
}

// One submission: the checklist on stdout in the course's Markdown, and the
// result GitHub Classroom's reporter reads.
func TestGradeOneSubmission(t *testing.T) {
	gradingAlone(t)
	c := newClass(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	out := filepath.Join(c.dir, "github_output")
	c.env = append(c.env, "GITHUB_OUTPUT="+out)
	r := c.grade(ctx, "submissions/alice", "--classroom", "--junit", "junit.xml")
	if r.code != 0 {
		t.Fatalf("grade exit %d", r.code)
	}
	for _, want := range []string{"## Évaluation", "- [x] **Les traces du backend arrivent dans Jaeger", "- [ ] _Les requêtes SQL"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("checklist lacks %q", want)
		}
	}
	// The checklist a teacher pastes into the merge request is French throughout (issue 21).
	for _, w := range msgtest.EnglishWords(r.stdout) {
		t.Errorf("the French checklist has an English word: %s", w)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	enc, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "result=")
	if !ok {
		t.Fatalf("GITHUB_OUTPUT holds %q, want result=BASE64", data)
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	var cr struct {
		Version  int    `json:"version"`
		Status   string `json:"status"`
		MaxScore int    `json:"max_score"`
		Tests    []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
			Score  int    `json:"score"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(raw, &cr); err != nil {
		t.Fatalf("classroom result: %v\n%s", err, raw)
	}
	score := 0
	for _, x := range cr.Tests {
		score += x.Score
	}
	if cr.Version != 1 || len(cr.Tests) == 0 || cr.MaxScore == 0 || score == 0 || score >= cr.MaxScore {
		t.Errorf("classroom result %+v: want version 1, tests, points below the maximum (no SQL span)", cr)
	}
	if left := leftovers(t); len(left) > 0 {
		t.Errorf("left on the engine: %v", left)
	}
}

// Ctrl-C during a class run: exit 130, and no container, network or volume
// of any submission is left.
func TestGradeClassInterrupted(t *testing.T) {
	gradingAlone(t)
	c := newClass(t)
	bin, err := labctlBin()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append(append(append([]string{"grade"}, c.dirs()...), "--jobs", "2", "--out", "grades"), imageEnvFlags...)...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for len(leftovers(t)) < 4 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("no grading stack started\n%s", stderr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(3 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("grade did not stop within 3 min of Ctrl-C\n%s", stderr.String())
	}
	t.Logf("stderr:\n%s", tail(stderr.String(), 60))
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 130 {
		t.Errorf("exit: %v, want 130", err)
	}
	if left := leftovers(t); len(left) > 0 {
		t.Errorf("left on the engine after Ctrl-C: %v", left)
	}
	entries, _ := os.ReadDir(filepath.Join(c.dir, "grades"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			fmt.Println("graded before Ctrl-C:", e.Name())
		}
	}
}

// --running grades a project the student started with docker compose, as it
// runs: verify passes on it, and labctl leaves it running.
func TestGradeRunningProject(t *testing.T) {
	gradingAlone(t)
	p := newStudentProject(t, "grade-running", map[string]string{"JAEGER_IMAGE": testbed.ImageJaegerV1})
	report, err := os.ReadFile(filepath.Join(moduleRoot(t), "test", "class", "reports", "complete.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.dir, "report.md"), report, 0o644); err != nil {
		t.Fatal(err)
	}
	p.up(false)
	bin, err := labctlBin()
	if err != nil {
		t.Fatal(err)
	}
	r := p.run(bin, "grade", "--running", "--format", "json")
	if r.code != 0 {
		t.Fatalf("grade --running: exit %d", r.code)
	}
	var res grade.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	for _, cr := range res.Criteria {
		want := cr.ID != "span_postgresql" && cr.ID != "on_time"
		if cr.Checked && cr.Met != want {
			t.Errorf("%s: met %v, want %v (%s)", cr.ID, cr.Met, want, cr.Evidence)
		}
	}
	if res.Note != 6 {
		t.Errorf("note %g, want 6", res.Note)
	}
	ps := p.run(p.compose, "ps", "--quiet")
	if n := len(strings.Fields(ps.stdout)); n != 5 {
		t.Errorf("%d containers running after grade --running, want the student's 5 left as they were", n)
	}
}
