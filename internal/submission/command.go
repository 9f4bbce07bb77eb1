package submission

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/grade"
	"github.com/labctl/labctl/internal/junit"
	"github.com/labctl/labctl/internal/msg"
)

// This file is what `labctl grade` does around the Grader: read its
// inputs (rubric, roster, folders, collected results), connect to Docker,
// and write what it found (the checklist or JSON, JUnit, grade.json,
// GitHub Classroom's result, the class sheets).

// The grade package's names a grader's caller meets.
type (
	// Rubric is the criteria and the note's scheme (grade.Rubric).
	Rubric = grade.Rubric
	// Result is one submission's grade (grade.Result).
	Result = grade.Result
)

// ParsePull reads --pull (missing, always, never).
func ParsePull(s string) (engine.PullPolicy, error) { return engine.ParsePullPolicy(s) }

// LoadRubric reads the rubric at path, or the default one when path is "".
func LoadRubric(path string) (*Rubric, error) {
	if path == "" {
		return grade.DefaultRubric(), nil
	}
	return grade.LoadRubric(path)
}

// WriteResult prints one submission's grade: "json", or the checklist in lang.
func WriteResult(w io.Writer, format string, lang msg.Lang, rubric *Rubric, r *Result) error {
	if format == "json" {
		return grade.WriteJSON(w, r)
	}
	return grade.WriteChecklist(w, lang, rubric, r)
}

// SaveJUnit writes r as JUnit XML at path.
func SaveJUnit(path string, r *Result) error { return junit.Save(path, grade.JUnit(r)) }

// SaveJSON writes r as DIR/grade.json, creating dir.
func SaveJSON(dir string, r *Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	var b bytes.Buffer
	if err := grade.WriteJSON(&b, r); err != nil {
		return err
	}
	return fsutil.WriteFile(filepath.Join(dir, "grade.json"), b.Bytes(), 0o644)
}

// WriteClassMarkdown prints the class sheet as Markdown, in lang.
func WriteClassMarkdown(w io.Writer, lang msg.Lang, results []*Result) error {
	return grade.WriteClassMarkdown(w, lang, results)
}

// Collect reads the results the students' CI wrote under dir, each
// checked and its note computed again (grade.Recompute): a result that
// does not hold is kept as refused, with why.
func Collect(dir string, rubric *Rubric, versions []string) ([]*Result, error) {
	results, err := grade.Collect(dir)
	if err != nil {
		return nil, err
	}
	if len(results) == 0 {
		return nil, fmt.Errorf("no grade result under %s; the students' CI writes them with labctl grade --out DIR", dir)
	}
	for _, r := range results {
		if why := grade.Recompute(r, rubric, versions); why != "" {
			r.Error, r.Met, r.Max, r.Note, r.Flags = "refused: "+why, 0, 0, 0, nil
			r.NotChecked, r.Provisional, r.NoteMax, r.Calculation = 0, false, 0, nil
		}
	}
	return results, nil
}

// Connect makes a Grader; it connects to Docker unless the stack is not run.
func Connect(ctx context.Context, gopts Options) (*Grader, func(), error) {
	if gopts.Stack == StackNone {
		return New(nil, false, gopts), func() {}, nil
	}
	cli, ep, err := dockerx.Connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	return New(cli, ep.Local(), gopts), func() { cli.Close() }, nil
}

// FromArgs turns the arguments (folders), or the roster with its
// student folders, into
// submissions, checking that each folder exists.
func FromArgs(roster, code string, args []string) ([]Submission, error) {
	if roster != "" {
		if len(args) > 0 || code != "" {
			return nil, fmt.Errorf("--roster lists the submissions: give no folder and no --code with it")
		}
		data, err := os.ReadFile(roster)
		if err != nil {
			return nil, fsutil.ReadError("roster", roster, err)
		}
		entries, err := grade.ParseRoster(data, roster, filepath.Dir(roster))
		if err != nil {
			return nil, err
		}
		subs := make([]Submission, 0, len(entries))
		for _, e := range entries {
			subs = append(subs, Submission{Student: e.Student, ReportDir: e.ReportDir, CodeDir: e.CodeDir})
		}
		return subs, checkDirs(subs)
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	if code != "" && len(args) > 1 {
		return nil, fmt.Errorf("--code is for one submission; for a class, give each student's code folder in a --roster")
	}
	var subs []Submission
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", a, err)
		}
		codeDir := abs
		if code != "" {
			if codeDir, err = filepath.Abs(code); err != nil {
				return nil, fmt.Errorf("resolve %s: %w", code, err)
			}
		}
		subs = append(subs, Submission{Student: filepath.Base(abs), ReportDir: abs, CodeDir: codeDir})
	}
	return subs, checkDirs(subs)
}

func checkDirs(subs []Submission) error {
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

// WriteClassroom hands the result to GitHub Classroom's grading reporter:
// the base64 JSON as the step output "result" (the reporter reads it from
// the env var <RUNNER-ID>_RESULTS), or on stdout outside Actions.
func WriteClassroom(rubric *Rubric, r *Result, stdout, stderr io.Writer) error {
	js, err := grade.ClassroomJSON(rubric, r)
	if err != nil {
		return err
	}
	enc := base64.StdEncoding.EncodeToString(js)
	path := os.Getenv("GITHUB_OUTPUT")
	if path == "" {
		fmt.Fprintln(stderr, "GITHUB_OUTPUT is not set (not in GitHub Actions): the Classroom result follows on stdout")
		fmt.Fprintln(stdout, "result="+enc)
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

// WriteSheets writes the class sheet as CSV and Markdown (in lang) into out.
func WriteSheets(out string, lang msg.Lang, results []*Result, withErrors bool) error {
	var done []*Result
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
