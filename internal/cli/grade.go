package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gounits "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/junit"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/submission"
)

type gradeOptions struct {
	code      string
	roster    string
	rubric    string
	deadline  string
	running   bool
	noStack   bool
	files     []string
	jobs      int
	force     bool
	out       string
	format    string
	lang      string
	junit     string
	classroom bool
	collect   string
	timeout   time.Duration
	pull      string
	// Containment of strangers' code (issue 22).
	trust    bool
	env      []string
	memory   string
	pids     int64
	cpus     float64
	wallTime time.Duration
	// --collect's checks.
	versions []string
	recheck  int
	seed     uint64
	changed  func(flag string) bool
}

func newGradeCmd(stdio Stdio) *cobra.Command {
	var opts gradeOptions
	cmd := &cobra.Command{
		Use:   "grade [DIR...]",
		Short: "Grade a submission or a whole class with the course's checklist",
		Long: `Grade one submission (default: the current folder) or many, with the traces
lab's checklist in the course's format (groups; bold = main criterion,
italic = secondary; a note from 1 to 6 by the number of criteria met), or
a teacher's own rubric (--rubric; labctl init --rubric writes the default).

For each submission labctl:
  - brings its Compose project up through the Docker API, isolated (its own
    project name, published ports moved to free ports on 127.0.0.1, only the
    services the checks read), runs labctl verify on it, and removes
    everything it started, also on failure and on Ctrl-C; --running checks
    a project already running instead, --no-stack grades the report alone;
  - reads report.md at the folder's root: the estimate table (Tâche, Temps
    estimé, Temps passé, Commentaire) and its Total, the merge-request link,
    the answer to the pull/push question, the recommendation-cache scenario;
    each finding quotes the line it rests on;
  - with --deadline, dates the last commit that touched report.md.

A submission is a stranger's code: labctl runs it under rules for untrusted
projects. It does not start a project whose Compose files ask for the
machine: a bind mount from outside the submission's folder (symlinks and ..
resolved), the Docker socket, privileged, cap_add, devices, security_opt,
sysctls, userns_mode, cgroup_parent, the host's network, pid, ipc or uts,
volumes_from, external volumes or networks, volume or network drivers,
env_file, label_file, include, extends or build contexts outside the folder,
a build's SSH agent. Such a submission is graded without its stack (those
criteria "not checked") and its checklist names each refused key. What runs
has its bind mounts read-only, is interpolated from its own .env and --env
only (not from labctl's environment), and every container is limited
(--memory, --pids, --cpus; the rubric's limits: section sets them too) as is
each submission's wall time (--timeout-per-submission): a fork bomb or a
memory hog fails its submission, not the machine. --trust lifts the rules
(binds anywhere, the socket, privileges, host namespaces: the whole machine),
for a class whose code you trust; the limits stay.

One submission prints its checklist, ready to paste into the merge request
(--format json for machines). Several (folders, or --roster CSV with
student,report,code columns) are graded --jobs at a time; each result goes to
--out (STUDENT.json and STUDENT.md), a graded student is skipped unless
--force, and the class sheet is written there (class.csv, class.md).
The checklists and the class sheet are in --lang, else the lang: of the
--rubric file, else the locale's (LC_ALL, LC_MESSAGES, LANG), else French;
the rubric's own words (title, groups, criteria) stay as it wrote them.
--collect DIR builds the sheet from the JSON results of the students' own CI
runs instead. Those files are the students' writing: every note is computed
again from its criteria and the rubric (--rubric, the one they must have been
graded with), a result graded with another rubric or by a labctl version not
in --labctl-version is refused, a criterion met without evidence is not
counted and flagged; --recheck N grades N of them at random (--seed) again
on this machine, contained as above, from the submission folders given as
arguments or --roster, and flags each whose criteria differ.

Exit status: 0 when every submission was graded (whatever its note), 1 when
one could not be, 2 on a usage error; 130 when interrupted.`,
		Example: `  # Grade the submission in this folder (report and code together)
  labctl grade

  # Report from GitHub Classroom, code from the student's merge request
  labctl grade submissions/alice --code ../dop-python-alice

  # A whole class, two at a time, with a deadline
  labctl grade submissions/* --jobs 2 --deadline 2026-12-15T23:59:00+01:00

  # The class sheet from the students' CI artifacts
  labctl grade --collect artifacts/

  # In a GitHub Classroom workflow (labctl init --ci github --classroom)
  labctl grade --classroom`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGrade(cmd.Context(), opts, args, stdio)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.code, "code", "", "the submission's Compose project `DIR`, when it is not in the report's folder (one submission)")
	f.StringVar(&opts.roster, "roster", "", "grade the students of this CSV `FILE` (columns student,report[,code])")
	f.StringVar(&opts.rubric, "rubric", "", "the rubric `FILE` (default: the traces lab's, see labctl init --rubric)")
	f.StringVar(&opts.deadline, "deadline", "", "the hand-in deadline (2026-12-15T23:59:00+01:00 or 2026-12-15): report.md's last commit must be before it")
	f.BoolVar(&opts.running, "running", false, "check the submission's project already running (docker compose up), do not start it")
	f.BoolVar(&opts.noStack, "no-stack", false, "grade the report alone; criteria proved by verify are not checked")
	f.StringArrayVarP(&opts.files, "file", "f", nil, "the Compose `FILE` in the code folder (as docker compose -f; default compose.yaml, compose.yml, ...)")
	f.IntVar(&opts.jobs, "jobs", 1, "how many submissions to grade at once")
	f.BoolVar(&opts.force, "force", false, "grade again the submissions whose result is in --out already")
	f.StringVar(&opts.out, "out", "", "folder for each student's result and the class sheet (default labctl-grades when grading several)")
	f.StringVar(&opts.format, "format", "markdown", "output for one submission: markdown (the checklist) or json")
	f.StringVar(&opts.lang, "lang", "", "language of the checklists and the class sheet: en or fr (default: the rubric file's lang:, else the locale's (LANG=fr_CH.UTF-8), else fr, the course's language)")
	f.StringVar(&opts.junit, "junit", "", "also write JUnit XML to `FILE` (one submission)")
	f.BoolVar(&opts.classroom, "classroom", false, "also give GitHub Classroom's grading reporter the result: output result= in $GITHUB_OUTPUT (one submission)")
	f.StringVar(&opts.collect, "collect", "", "build the class sheet from the grade JSON results under `DIR` (students' CI artifacts); grades nothing")
	f.DurationVar(&opts.timeout, "timeout", 90*time.Second, "how long verify may wait for spans and metrics, per submission")
	f.StringVar(&opts.pull, "pull", "missing", "when to pull images: missing, always or never")
	f.BoolVar(&opts.trust, "trust", false, "run the submissions' projects as they ask: lifts the rules for untrusted projects (bind mounts from anywhere, the Docker socket, privileged, capabilities, devices, the host's network and processes: the whole machine); the limits stay")
	f.StringArrayVar(&opts.env, "env", nil, "interpolate the Compose files with `NAME[=VALUE]` (NAME alone: its value in labctl's environment, which is otherwise not used)")
	f.StringVar(&opts.memory, "memory", "", "memory of each container, swap included, e.g. 512m (default: the rubric's limits.memory, else 1g)")
	f.Int64Var(&opts.pids, "pids", 0, "processes of each container (default: the rubric's limits.pids, else 512)")
	f.Float64Var(&opts.cpus, "cpus", 0, "CPUs of each container, e.g. 0.5 (default: the rubric's limits.cpus, else 1)")
	f.DurationVar(&opts.wallTime, "timeout-per-submission", 0, "wall time of each submission's stack, from its start to the end of verify (then it is removed); default: the rubric's limits.wall_time, else 10m")
	f.StringSliceVar(&opts.versions, "labctl-version", nil, "with --collect: the labctl versions results may be graded by (default: this labctl's; any: all)")
	f.IntVar(&opts.recheck, "recheck", 0, "with --collect: grade `N` randomly chosen submissions again here, contained, and flag those whose criteria differ from their CI's")
	f.Uint64Var(&opts.seed, "seed", 0, "with --recheck: the random seed (default: from the clock, printed), to choose the same submissions again")
	opts.changed = f.Changed
	return cmd
}

func runGrade(ctx context.Context, opts gradeOptions, args []string, stdio Stdio) error {
	if opts.collect != "" {
		return runCollect(ctx, opts, args, stdio)
	}
	if opts.recheck != 0 || len(opts.versions) > 0 {
		return usageError(fmt.Errorf("--recheck and --labctl-version check collected results: use them with --collect DIR"))
	}
	subs, err := gradeSubmissions(opts, args)
	if err != nil {
		return usageError(err)
	}
	if opts.format != "markdown" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q is not a format; use markdown or json", opts.format))
	}
	if opts.jobs < 1 {
		return usageError(fmt.Errorf("--jobs %d: give at least 1", opts.jobs))
	}
	if opts.running && opts.noStack {
		return usageError(fmt.Errorf("--running and --no-stack contradict each other; choose one"))
	}
	class := len(subs) > 1 || opts.roster != ""
	if class && (opts.junit != "" || opts.classroom || opts.format == "json") {
		return usageError(fmt.Errorf("--junit, --classroom and --format json are for one submission; a class gets --out with each student's JSON"))
	}
	pull, err := engine.ParsePullPolicy(opts.pull)
	if err != nil {
		return usageError(err)
	}
	rubric := grade.DefaultRubric()
	if opts.rubric != "" {
		if rubric, err = grade.LoadRubric(opts.rubric); err != nil {
			return err
		}
	}
	lang, err := rubric.ChooseLang(opts.lang, os.Getenv)
	if err != nil {
		return usageError(err)
	}
	var deadline *time.Time
	if opts.deadline != "" {
		d, err := parseDeadline(opts.deadline)
		if err != nil {
			return usageError(err)
		}
		deadline = &d
	}
	mode := submission.StackUp
	switch {
	case opts.running:
		mode = submission.StackRunning
	case opts.noStack:
		mode = submission.StackNone
	}
	var mu sync.Mutex
	progress := func(student, line string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(stdio.Err, "%s: %s\n", student, line)
	}
	gopts := submission.Options{Rubric: rubric, Stack: mode, ComposeFiles: opts.files, Deadline: deadline,
		VerifyTimeout: opts.timeout, Pull: pull, Progress: progress, Lang: lang}
	if err := containment(&gopts, opts); err != nil {
		return usageError(err)
	}
	g, closeDocker, err := newGrader(ctx, gopts)
	if err != nil {
		return err
	}
	defer closeDocker()
	if !class {
		return gradeOne(ctx, g, rubric, lang, subs[0], opts, stdio)
	}
	out := opts.out
	if out == "" {
		out = "labctl-grades"
	}
	results, err := g.Class(ctx, subs, submission.ClassOptions{Jobs: opts.jobs, Out: out, Force: opts.force})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if werr := writeSheets(out, lang, results, false); werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Err, "graded %d submissions; class sheet in %s\n", len(results), filepath.Join(out, "class.csv"))
	return grade.WriteClassMarkdown(stdio.Out, lang, results)
}

// newGrader connects to Docker unless the stack is not run.
func newGrader(ctx context.Context, gopts submission.Options) (*submission.Grader, func(), error) {
	if gopts.Stack == submission.StackNone {
		return submission.New(nil, false, gopts), func() {}, nil
	}
	cli, ep, err := dockerx.Connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	return submission.New(cli, ep.Local(), gopts), func() { cli.Close() }, nil
}

// containment sets the trust, the interpolation variables and the limits
// of the flags given (those not given come from the rubric or defaults).
func containment(g *submission.Options, opts gradeOptions) error {
	g.Trust, g.Version = opts.trust, currentVersion()
	for _, e := range opts.env {
		name, value, ok := strings.Cut(e, "=")
		if !ok {
			if value, ok = os.LookupEnv(name); !ok {
				return fmt.Errorf("--env %s: %s is not set in labctl's environment; give --env %s=VALUE", name, name, name)
			}
		}
		if name == "" {
			return fmt.Errorf("--env %q: give NAME or NAME=VALUE", e)
		}
		if g.Env == nil {
			g.Env = map[string]string{}
		}
		g.Env[name] = value
	}
	changed := opts.changed
	if changed == nil {
		changed = func(string) bool { return false }
	}
	if changed("memory") {
		b, err := gounits.RAMInBytes(opts.memory)
		if err != nil || b < 6<<20 {
			return fmt.Errorf("--memory %q is not a memory size of at least 6m; e.g. 512m or 2g", opts.memory)
		}
		g.Limits.Memory = b
	}
	for _, f := range []struct {
		name string
		bad  bool
	}{{"pids", opts.pids < 1}, {"cpus", opts.cpus <= 0}, {"timeout-per-submission", opts.wallTime <= 0}} {
		if changed(f.name) && f.bad {
			return fmt.Errorf("--%s must be more than 0", f.name)
		}
	}
	g.Limits.Pids, g.Limits.CPUs, g.Limits.WallTime = opts.pids, opts.cpus, opts.wallTime
	return nil
}

// gradeSubmissions turns the arguments (folders) or the roster into
// submissions, checking that each folder exists.
func gradeSubmissions(opts gradeOptions, args []string) ([]submission.Submission, error) {
	if opts.roster != "" {
		if len(args) > 0 || opts.code != "" {
			return nil, fmt.Errorf("--roster lists the submissions: give no folder and no --code with it")
		}
		data, err := os.ReadFile(opts.roster)
		if err != nil {
			return nil, fsutil.ReadError("roster", opts.roster, err)
		}
		entries, err := grade.ParseRoster(data, opts.roster, filepath.Dir(opts.roster))
		if err != nil {
			return nil, err
		}
		subs := make([]submission.Submission, 0, len(entries))
		for _, e := range entries {
			subs = append(subs, submission.Submission{Student: e.Student, ReportDir: e.ReportDir, CodeDir: e.CodeDir})
		}
		return subs, checkDirs(subs)
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	if opts.code != "" && len(args) > 1 {
		return nil, fmt.Errorf("--code is for one submission; for a class, give each student's code folder in a --roster")
	}
	var subs []submission.Submission
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", a, err)
		}
		code := abs
		if opts.code != "" {
			if code, err = filepath.Abs(opts.code); err != nil {
				return nil, fmt.Errorf("resolve %s: %w", opts.code, err)
			}
		}
		subs = append(subs, submission.Submission{Student: filepath.Base(abs), ReportDir: abs, CodeDir: code})
	}
	return subs, checkDirs(subs)
}

func checkDirs(subs []submission.Submission) error {
	for _, s := range subs {
		for _, d := range []string{s.ReportDir, s.CodeDir} {
			if d == "" {
				continue
			}
			if st, err := os.Stat(d); err != nil || !st.IsDir() {
				return fmt.Errorf("submission %s: %s is not a folder; check the path", s.Student, d)
			}
		}
	}
	return nil
}

// parseDeadline takes RFC 3339, or a date alone (the end of that day, local time).
func parseDeadline(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		return t.Add(24*time.Hour - time.Second), nil
	}
	return time.Time{}, fmt.Errorf("--deadline %q is not a date; use 2026-12-15T23:59:00+01:00 or 2026-12-15", s)
}

func gradeOne(ctx context.Context, g *submission.Grader, rubric *grade.Rubric, lang msg.Lang, sub submission.Submission, opts gradeOptions, stdio Stdio) error {
	r := g.One(ctx, sub)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var err error
	if opts.format == "json" {
		err = grade.WriteJSON(stdio.Out, r)
	} else {
		err = grade.WriteChecklist(stdio.Out, lang, rubric, r)
	}
	if err != nil {
		return fmt.Errorf("print the grade: %w", err)
	}
	if opts.junit != "" {
		if err := junit.Save(opts.junit, grade.JUnit(r)); err != nil {
			return err
		}
	}
	if opts.out != "" {
		if err := os.MkdirAll(opts.out, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", opts.out, err)
		}
		var b bytes.Buffer
		if err := grade.WriteJSON(&b, r); err != nil {
			return err
		}
		if err := fsutil.WriteFile(filepath.Join(opts.out, "grade.json"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if opts.classroom {
		if err := writeClassroom(rubric, r, stdio); err != nil {
			return err
		}
	}
	return nil
}

// writeClassroom hands the result to GitHub Classroom's grading reporter:
// the base64 JSON as the step output "result" (the reporter reads it from
// the env var <RUNNER-ID>_RESULTS), or on stdout outside Actions.
func writeClassroom(rubric *grade.Rubric, r *grade.Result, stdio Stdio) error {
	js, err := grade.ClassroomJSON(rubric, r)
	if err != nil {
		return err
	}
	enc := base64.StdEncoding.EncodeToString(js)
	path := os.Getenv("GITHUB_OUTPUT")
	if path == "" {
		fmt.Fprintln(stdio.Err, "GITHUB_OUTPUT is not set (not in GitHub Actions): the Classroom result follows on stdout")
		fmt.Fprintln(stdio.Out, "result="+enc)
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("write the Classroom result to $GITHUB_OUTPUT (%s): %w", path, err)
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, "result="+enc); err != nil {
		return fmt.Errorf("write the Classroom result to $GITHUB_OUTPUT (%s): %w", path, err)
	}
	return nil
}

// writeSheets writes the class sheet as CSV and Markdown (in lang) into out.
func writeSheets(out string, lang msg.Lang, results []*grade.Result, withErrors bool) error {
	var done []*grade.Result
	for _, r := range results {
		if r != nil && (r.Error == "" || withErrors) {
			done = append(done, r)
		}
	}
	var csv, md bytes.Buffer
	if err := grade.WriteClassCSV(&csv, done); err != nil {
		return err
	}
	if err := grade.WriteClassMarkdown(&md, lang, done); err != nil {
		return err
	}
	if err := fsutil.WriteFile(filepath.Join(out, "class.csv"), csv.Bytes(), 0o644); err != nil {
		return err
	}
	return fsutil.WriteFile(filepath.Join(out, "class.md"), md.Bytes(), 0o644)
}

// runCollect builds the class sheet from results the students' CI made,
// each checked and its note computed again (grade.Recompute); --recheck
// grades some of them again here.
func runCollect(ctx context.Context, opts gradeOptions, args []string, stdio Stdio) error {
	if opts.recheck < 0 {
		return usageError(fmt.Errorf("--recheck %d: give how many submissions to grade again", opts.recheck))
	}
	if (len(args) > 0 || opts.roster != "") && opts.recheck == 0 {
		return usageError(fmt.Errorf("--collect grades nothing: give no folder and no --roster with it, unless --recheck N grades some again"))
	}
	if opts.recheck > 0 && len(args) == 0 && opts.roster == "" {
		return usageError(fmt.Errorf("--recheck %d needs the submissions to grade again: give their folders, or --roster", opts.recheck))
	}
	rubric := grade.DefaultRubric()
	if opts.rubric != "" {
		var err error
		if rubric, err = grade.LoadRubric(opts.rubric); err != nil {
			return err
		}
	}
	lang, err := rubric.ChooseLang(opts.lang, os.Getenv)
	if err != nil {
		return usageError(err)
	}
	versions := opts.versions
	if len(versions) == 0 {
		versions = []string{currentVersion()}
	}
	results, err := grade.Collect(opts.collect)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return fmt.Errorf("no grade result under %s; the students' CI writes them with labctl grade --out DIR", opts.collect)
	}
	refused, flagged := 0, 0
	for _, r := range results {
		if why := grade.Recompute(r, rubric, versions); why != "" {
			r.Error, r.Met, r.Max, r.Note, r.Flags = "refused: "+why, 0, 0, 0, nil
			r.NotChecked, r.Provisional, r.NoteMax, r.Calculation = 0, false, 0, nil
		}
	}
	if opts.recheck > 0 {
		if err := recheck(ctx, opts, args, rubric, results, stdio); err != nil {
			return err
		}
	}
	for _, r := range results {
		if r.Error != "" {
			refused++
			fmt.Fprintf(stdio.Err, "%s: %s\n", r.Student, r.Error)
		}
		for _, f := range r.Flags {
			fmt.Fprintf(stdio.Err, "%s: %s\n", r.Student, f)
		}
		if len(r.Flags) > 0 {
			flagged++
		}
	}
	out := opts.out
	if out == "" {
		out = "labctl-grades"
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	if err := writeSheets(out, lang, results, true); err != nil {
		return err
	}
	fmt.Fprintf(stdio.Err, "collected %d results, notes computed from their criteria; class sheet in %s\n", len(results), strings.TrimSuffix(out, "/")+"/class.csv")
	if err := grade.WriteClassMarkdown(stdio.Out, lang, results); err != nil {
		return err
	}
	if refused+flagged > 0 {
		return Failed(fmt.Errorf("%d result(s) refused and %d flagged (above, and in the error and flags columns of %s): not counted as they were written", refused, flagged, filepath.Join(out, "class.csv")))
	}
	return nil
}

// recheck grades opts.recheck of the collected results again, contained,
// from the submissions in args or the roster.
func recheck(ctx context.Context, opts gradeOptions, args []string, rubric *grade.Rubric, results []*grade.Result, stdio Stdio) error {
	subs, err := gradeSubmissions(opts, args)
	if err != nil {
		return usageError(err)
	}
	seed := opts.seed
	if opts.changed == nil || !opts.changed("seed") {
		seed = uint64(time.Now().UnixNano())
	}
	pull, err := engine.ParsePullPolicy(opts.pull)
	if err != nil {
		return usageError(err)
	}
	var mu sync.Mutex
	gopts := submission.Options{Rubric: rubric, Stack: submission.StackUp, ComposeFiles: opts.files,
		VerifyTimeout: opts.timeout, Pull: pull, Progress: func(student, line string) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stdio.Err, "%s: %s\n", student, line)
		}}
	if opts.noStack {
		gopts.Stack = submission.StackNone
	}
	if err := containment(&gopts, opts); err != nil {
		return usageError(err)
	}
	g, closeDocker, err := newGrader(ctx, gopts)
	if err != nil {
		return err
	}
	defer closeDocker()
	fmt.Fprintf(stdio.Err, "recheck: grading %d submission(s) again, chosen with --seed %d\n", opts.recheck, seed)
	done, err := g.Recheck(ctx, results, subs, opts.recheck, seed)
	if err != nil {
		return err
	}
	if len(done) < opts.recheck {
		fmt.Fprintf(stdio.Err, "recheck: only %d collected result(s) have a submission folder here\n", len(done))
	}
	return nil
}
