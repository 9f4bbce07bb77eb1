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

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/junit"
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
	junit     string
	classroom bool
	collect   string
	timeout   time.Duration
	pull      string
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

One submission prints its checklist, ready to paste into the merge request
(--format json for machines). Several (folders, or --roster CSV with
student,report,code columns) are graded --jobs at a time; each result goes to
--out (STUDENT.json and STUDENT.md), a graded student is skipped unless
--force, and the class sheet is written there (class.csv, class.md).
--collect DIR builds the sheet from the JSON results of the students' own CI
runs instead.

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
	f.StringVar(&opts.junit, "junit", "", "also write JUnit XML to `FILE` (one submission)")
	f.BoolVar(&opts.classroom, "classroom", false, "also give GitHub Classroom's grading reporter the result: output result= in $GITHUB_OUTPUT (one submission)")
	f.StringVar(&opts.collect, "collect", "", "build the class sheet from the grade JSON results under `DIR` (students' CI artifacts); grades nothing")
	f.DurationVar(&opts.timeout, "timeout", 90*time.Second, "how long verify may wait for spans and metrics, per submission")
	f.StringVar(&opts.pull, "pull", "missing", "when to pull images: missing, always or never")
	return cmd
}

func runGrade(ctx context.Context, opts gradeOptions, args []string, stdio Stdio) error {
	if opts.collect != "" {
		return runCollect(opts, args, stdio)
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
		VerifyTimeout: opts.timeout, Pull: pull, Progress: progress}
	g := submission.New(nil, false, gopts)
	if mode != submission.StackNone {
		cli, ep, err := dockerx.Connect(ctx)
		if err != nil {
			return err
		}
		defer cli.Close()
		g = submission.New(cli, ep.Local(), gopts)
	}
	if !class {
		return gradeOne(ctx, g, rubric, subs[0], opts, stdio)
	}
	out := opts.out
	if out == "" {
		out = "labctl-grades"
	}
	results, err := g.Class(ctx, subs, submission.ClassOptions{Jobs: opts.jobs, Out: out, Force: opts.force})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if werr := writeSheets(out, results); werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Err, "graded %d submissions; class sheet in %s\n", len(results), filepath.Join(out, "class.csv"))
	return grade.WriteClassMarkdown(stdio.Out, results)
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

func gradeOne(ctx context.Context, g *submission.Grader, rubric *grade.Rubric, sub submission.Submission, opts gradeOptions, stdio Stdio) error {
	r := g.One(ctx, sub)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var err error
	if opts.format == "json" {
		err = grade.WriteJSON(stdio.Out, r)
	} else {
		err = grade.WriteChecklist(stdio.Out, rubric, r)
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

// writeSheets writes the class sheet as CSV and Markdown into out.
func writeSheets(out string, results []*grade.Result) error {
	var done []*grade.Result
	for _, r := range results {
		if r != nil && r.Error == "" {
			done = append(done, r)
		}
	}
	var csv, md bytes.Buffer
	if err := grade.WriteClassCSV(&csv, done); err != nil {
		return err
	}
	if err := grade.WriteClassMarkdown(&md, done); err != nil {
		return err
	}
	if err := fsutil.WriteFile(filepath.Join(out, "class.csv"), csv.Bytes(), 0o644); err != nil {
		return err
	}
	return fsutil.WriteFile(filepath.Join(out, "class.md"), md.Bytes(), 0o644)
}

// runCollect builds the class sheet from results the students' CI made.
func runCollect(opts gradeOptions, args []string, stdio Stdio) error {
	if len(args) > 0 || opts.roster != "" {
		return usageError(fmt.Errorf("--collect grades nothing: give no folder and no --roster with it"))
	}
	results, err := grade.Collect(opts.collect)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return fmt.Errorf("no grade result under %s; the students' CI writes them with labctl grade --out DIR", opts.collect)
	}
	out := opts.out
	if out == "" {
		out = "labctl-grades"
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	if err := writeSheets(out, results); err != nil {
		return err
	}
	fmt.Fprintf(stdio.Err, "collected %d results; class sheet in %s\n", len(results), strings.TrimSuffix(out, "/")+"/class.csv")
	return grade.WriteClassMarkdown(stdio.Out, results)
}
