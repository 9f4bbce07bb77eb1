package submission

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/grade"
)

// ClassOptions steer a class run.
type ClassOptions struct {
	// Jobs is how many submissions are graded at once (at least 1).
	Jobs int
	// Out is where each student's result and checklist go, and the class
	// sheet: a folder of the teacher's, never a submission's.
	Out string
	// Force grades again a submission whose result is in Out already.
	Force bool
}

// Result file names in Out, per student.
func resultFile(out, student string) string    { return filepath.Join(out, slug(student)+".json") }
func checklistFile(out, student string) string { return filepath.Join(out, slug(student)+".md") }

// Class grades every submission, co.Jobs at a time, and writes each result
// as it comes (so that an interrupted run resumes where it stopped). It
// returns the results in the submissions' order; a submission graded in an
// earlier run is read back, not graded again, unless co.Force.
func (g *Grader) Class(ctx context.Context, subs []Submission, co ClassOptions) ([]*grade.Result, error) {
	if co.Jobs < 1 {
		co.Jobs = 1
	}
	if err := os.MkdirAll(co.Out, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", co.Out, err)
	}
	if err := uniqueSlugs(subs); err != nil {
		return nil, err
	}
	results := make([]*grade.Result, len(subs))
	errs := make([]error, len(subs))
	sem := make(chan struct{}, co.Jobs)
	var wg sync.WaitGroup
	for i, sub := range subs {
		if !co.Force {
			if r, err := readResult(resultFile(co.Out, sub.Student)); err == nil {
				g.o.Progress(sub.Student, "graded already ("+resultFile(co.Out, sub.Student)+"); --force grades again")
				results[i] = r
				continue
			} else if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := g.One(ctx, sub)
			results[i] = r
			if r.Error == "" { // an interrupted grading is not a result
				errs[i] = g.save(co.Out, r)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return results, err
	}
	if ctx.Err() != nil {
		return results, ctx.Err()
	}
	return results, nil
}

// save writes a student's result (JSON) and checklist (Markdown) into out.
func (g *Grader) save(out string, r *grade.Result) error {
	var js, md bytes.Buffer
	if err := grade.WriteJSON(&js, r); err != nil {
		return err
	}
	if err := grade.WriteChecklist(&md, g.o.Lang, g.o.Rubric, r); err != nil {
		return err
	}
	if err := fsutil.WriteFile(checklistFile(out, r.Student), md.Bytes(), 0o644); err != nil {
		return err
	}
	// The JSON last: its presence is what marks the student as graded.
	return fsutil.WriteFile(resultFile(out, r.Student), js.Bytes(), 0o644)
}

// readResult reads a student's result saved by an earlier run into --out,
// with grade.ReadResult's checks: a file that is not a grade result is an
// error, never a student graded already.
func readResult(path string) (*grade.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := grade.ReadResult(data, path)
	if err != nil {
		return nil, fmt.Errorf("%w; or remove it, or pass --force to grade again", err)
	}
	return r, nil
}

// uniqueSlugs refuses two students whose files or project names would
// collide (e.g. "Alice" and "alice", "bob-x" and "bobx"); a project name
// is coarser than a slug, so it decides.
func uniqueSlugs(subs []Submission) error {
	seen := map[string]string{}
	for _, s := range subs {
		k := ProjectName(s.Student)
		if other, ok := seen[k]; ok {
			return fmt.Errorf("students %q and %q have the same name once made file-safe (%s); rename one in the roster", other, s.Student, k)
		}
		seen[k] = s.Student
	}
	return nil
}
