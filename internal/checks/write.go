package checks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/fsutil"
	"github.com/labctl/labctl/internal/msg"
)

// WriteText prints one line per check (✓/✗/–, ID, name, evidence, duration)
// and, under each failure, its diagnosis; then a summary line. In English:
// WriteTextIn with the English printer.
func WriteText(w io.Writer, r *Result) error {
	return WriteTextIn(w, r, msg.For(msg.English))
}

// WriteTextIn is WriteText in p's language: the checks' names, evidence and
// diagnoses from the catalog (a text it has no entry for is quoted as it
// is), the words and durations of the language; IDs stay as they are.
func WriteTextIn(w io.Writer, r *Result, p *msg.Printer) error {
	width := 0
	for _, c := range r.Checks {
		width = max(width, len(c.ID))
	}
	var b strings.Builder
	for _, c := range r.Checks {
		mark := map[Status]string{Pass: "✓", Fail: "✗", Skip: "–"}[c.Status]
		level := ""
		if c.Level == Bonus {
			level = p.Sprintf("term.verify.bonus")
		}
		took := p.Took(round(c.Duration))
		if c.EndedEarly {
			took = p.Sprintf("term.verify.ended_early", took, c.Rule)
		}
		fmt.Fprintf(&b, "%s %-*s  %s\n", mark, width, c.ID, p.Sprintf("term.verify.line", p.Say(c.Title()), level, p.Say(c.EvidenceText()), took))
		if c.Status == Fail && c.Diagnosis != "" {
			fmt.Fprintf(&b, "  %*s  → %s\n", width, "", p.Say(c.DiagnosisText()))
		}
	}
	b.WriteString(summary(r, p) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func summary(r *Result, p *msg.Printer) string {
	var pass, fail, failReq, skip int
	for _, c := range r.Checks {
		switch c.Status {
		case Pass:
			pass++
		case Fail:
			fail++
			if c.Level == Required {
				failReq++
			}
		case Skip:
			skip++
		}
	}
	s := p.Sprintf("term.verify.counts", pass, fail, skip, p.Took(round(r.FinishedAt.Sub(r.StartedAt))))
	if r.Passed {
		return p.Sprintf("term.verify.passed", s)
	}
	return p.Sprintf("term.verify.failed", failReq, s)
}

func round(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// WriteJSON writes the Result as indented JSON (the verify.json contract).
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Save writes the Result to dir/verify.json, for `labctl report`, with
// fsutil.WriteFile (atomic, mode kept, never over a read-only file).
func Save(dir string, r *Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save verify result: %w", err)
	}
	dst := filepath.Join(dir, "verify.json")
	// --dir may be a folder of the user's (--dir .): replace only a result
	// labctl saved, never a verify.json of theirs.
	if old, err := os.ReadFile(dst); err == nil && !isSavedResult(old) {
		return fmt.Errorf("save verify result: %s is not a result labctl saved, and labctl will not replace it; move it away, or drop --dir to use .labctl/", dst)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		return fmt.Errorf("save verify result: %w", err)
	}
	if err := fsutil.WriteFile(dst, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("save verify result: %w", err)
	}
	return nil
}

// isSavedResult tells a verify.json Save wrote: a JSON object with the
// Result's started_at and checks.
func isSavedResult(data []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return false
	}
	_, started := m["started_at"]
	_, checks := m["checks"]
	return started && checks
}

// Load reads a Result saved by Save: the one reader of verify.json. A file
// that is not JSON, or JSON that is not a verify result, is an error that
// says to rerun verify; a missing file's error wraps fs.ErrNotExist.
func Load(path string) (*Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fsutil.ReadError("verify result", path, err)
	}
	var r Result
	err = json.Unmarshal(b, &r)
	switch {
	case err != nil && !json.Valid(b):
		return nil, fmt.Errorf("verify result %s is not valid JSON (%v); rerun `labctl verify` to rewrite it", path, err)
	case !isSavedResult(b):
		return nil, fmt.Errorf("%s is not a verify result (it has no started_at and checks); rerun `labctl verify` to rewrite it", path)
	case err != nil:
		return nil, fmt.Errorf("verify result %s does not decode (%v); rerun `labctl verify` to rewrite it", path, err)
	}
	return &r, nil
}
