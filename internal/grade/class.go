package grade

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/msg"
)

// ClassCSVHeader is the class sheet's header row.
// note is the note with every criterion not checked counted as not met;
// note_max, given only when some were not checked, is the note if they
// were all met; calculation shows how a base/complementary rubric
// computed it. New columns go at the end.
var ClassCSVHeader = []string{"student", "note", "criteria_met", "max", "first_failure", "first_failure_evidence", "error", "flags", "not_checked", "note_max", "calculation"}

// WriteClassCSV writes one row per student (RFC 4180): the note, the
// criteria met out of those checked, the first criterion missed and why.
func WriteClassCSV(w io.Writer, rs []*Result) error {
	cw := csv.NewWriter(w)
	rows := [][]string{ClassCSVHeader}
	for _, r := range rs {
		noteMax, calc := "", ""
		if r.Provisional {
			noteMax = FormatNote(r.NoteMax)
		}
		if r.Calculation != nil {
			calc = calcShort(msg.For(msg.English), r.Calculation, r.Note)
		}
		rows = append(rows, []string{r.Student, FormatNote(r.Note), fmt.Sprint(r.Met), fmt.Sprint(r.Max),
			r.FirstFailure, firstFailureEvidence(r), clipLine(r.Error), clipLine(strings.Join(r.Flags, "; ")),
			fmt.Sprint(r.NotChecked), noteMax, calc})
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write the class sheet as CSV: %w", err)
	}
	return nil
}

// firstFailureIn is the first failure's evidence in the printer's language.
func firstFailureIn(r *Result, p *msg.Printer) string {
	for _, c := range r.Criteria {
		if c.ID == r.FirstFailure {
			return c.EvidenceIn(p)
		}
	}
	return ""
}

func firstFailureEvidence(r *Result) string {
	for _, c := range r.Criteria {
		if c.ID == r.FirstFailure {
			return c.Evidence
		}
	}
	return ""
}

// WriteClassMarkdown writes the class sheet as a Markdown table, in lang
// ("": the language of the first result's rubric, else French).
func WriteClassMarkdown(w io.Writer, lang msg.Lang, rs []*Result) error {
	title := ""
	if len(rs) > 0 {
		title = rs[0].Rubric
		if lang == "" {
			lang = msg.Lang(rs[0].Lang)
		}
	}
	p := printer(string(lang))
	var b strings.Builder
	fmt.Fprintf(&b, "## %s", p.Sprintf("grade.ClassTitle"))
	if title != "" {
		fmt.Fprintf(&b, " — %s", title)
	}
	fmt.Fprintf(&b, " (%d)\n\n", len(rs))
	// A Computed column when a result was graded by base and complementary criteria.
	withCalc := slices.ContainsFunc(rs, func(r *Result) bool { return r.Calculation != nil })
	calcHead, calcSep := "", ""
	if withCalc {
		calcHead, calcSep = " "+p.Sprintf("course.CalcCol")+" |", " --- |"
	}
	fmt.Fprintf(&b, "| %s | %s |%s %s | %s |\n| --- | --- |%s --- | --- |\n", p.Sprintf("grade.Student"), p.Sprintf("grade.NoteCol"), calcHead, p.Sprintf("grade.Met"), p.Sprintf("grade.FirstFailure"), calcSep)
	for _, r := range rs {
		first := p.Sprintf("grade.NoneFailed")
		if r.FirstFailure != "" {
			first = p.Sprintf("grade.class.first", r.FirstFailure, firstFailureIn(r, p))
		}
		if r.Error != "" {
			first = p.Sprintf("grade.ErrorLine", msg.Quote(r.Error))
		}
		if len(r.Flags) > 0 {
			first += " — " + p.Sprintf("grade.FlagsLine", strings.Join(r.Flags, "; "))
		}
		note, calc := FormatNote(r.Note), ""
		if r.Provisional {
			note = p.Sprintf("course.note.provisional", note, FormatNote(r.NoteMax))
		}
		if withCalc {
			calc = " |"
			if r.Calculation != nil {
				calc = " " + cellText(calcShort(p, r.Calculation, r.Note)) + " |"
			}
		}
		fmt.Fprintf(&b, "| %s | %s |%s %d/%d | %s |\n", cellText(r.Student), cellText(note), calc, r.Met, r.Max, cellText(first))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cellText makes text safe in a Markdown table cell.
func cellText(s string) string {
	return strings.ReplaceAll(mdEscape(clipLine(s)), "|", `\|`)
}

// Collect reads the grade results found under dir: the JSON files
// `labctl grade --format json` wrote in students' CI runs, as downloaded
// (one folder per student, or the artifacts' zip files). JSON that is not
// a grade result is skipped, unless its name says it is one (grade.json,
// *.grade.json): then the error names it. Results come sorted by student.
func Collect(dir string) ([]*Result, error) {
	var out []*Result
	seen := map[string]string{}
	add := func(r *Result, where string) error {
		if r.Student == "" {
			r.Student = studentFromPath(dir, where)
		}
		if first, dup := seen[r.Student]; dup {
			return fmt.Errorf("two grade results for student %q: %s and %s; remove one", r.Student, first, where)
		}
		seen[r.Student] = where
		out = append(out, r)
		return nil
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("collect grade results: %w", err)
		}
		if d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".json":
			data, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("collect grade results: read %s: %w", path, err)
			}
			r, err := collectOne(data, path)
			if err != nil || r == nil {
				return err
			}
			return add(r, path)
		case ".zip":
			return collectZip(path, add)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no grade result under %s: each student's CI should save `labctl grade --format json` as an artifact (grade.json); download them there", dir)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Student < out[j].Student })
	return out, nil
}

// collectOne returns the result in data, nil for JSON that is not one.
func collectOne(data []byte, where string) (*Result, error) {
	r, err := ReadResult(data, where)
	if err == nil {
		return r, nil
	}
	if named(where) {
		return nil, fmt.Errorf("collect grade results: %w", err)
	}
	return nil, nil
}

func named(path string) bool {
	b := strings.ToLower(filepath.Base(path))
	return b == "grade.json" || strings.HasSuffix(b, ".grade.json")
}

func collectZip(path string, add func(*Result, string) error) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("collect grade results: %s is not a readable zip (%v); unpack it or remove it", path, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !strings.EqualFold(filepath.Ext(f.Name), ".json") {
			continue
		}
		where := path + ":" + f.Name
		data, err := readZipFile(f)
		if err != nil {
			return fmt.Errorf("collect grade results: read %s: %w", where, err)
		}
		r, err := collectOne(data, where)
		if err != nil {
			return err
		}
		if r != nil {
			if r.Student == "" {
				r.Student = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			}
			if err := add(r, where); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxResultSize bounds what is read from one file of an artifact.
const maxResultSize = 16 << 20

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxResultSize+1))
	if err == nil && len(data) > maxResultSize {
		err = errors.New("larger than 16 MiB, not a grade result")
	}
	return data, err
}

// studentFromPath names a result without a student after its folder under
// dir (alice/grade.json → alice), or its file (alice.json → alice).
func studentFromPath(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		rel = path
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) > 1 {
		return parts[0]
	}
	return strings.TrimSuffix(strings.TrimSuffix(parts[0], filepath.Ext(parts[0])), ".grade")
}
