package grade

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// RosterEntry is one student of a roster: where their report is, and
// their Compose project when it is elsewhere ("" : in the report's folder).
type RosterEntry struct {
	Student   string
	ReportDir string
	CodeDir   string
	Line      int // in the roster file
}

// ParseRoster reads a roster CSV with the header student,report[,code]
// (any order; ',' or ';' as a spreadsheet saves it). Relative folders are
// taken from baseDir (the roster's folder). Errors name FILE:LINE.
func ParseRoster(data []byte, file, baseDir string) ([]RosterEntry, error) {
	name := filepath.Base(file)
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a spreadsheet's byte-order mark
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, fmt.Errorf("%s is empty; give a header line student,report,code and one line per student", name)
	case err != nil:
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch h {
		case "student", "report", "code":
		default:
			return nil, fmt.Errorf("%s:1: unknown column %q; the header is student,report,code (code optional)", name, h)
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("%s:1: column %q is given twice", name, h)
		}
		col[h] = i
	}
	for _, need := range []string{"student", "report"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: no %q column; the header is student,report,code (code optional)", name, need)
		}
	}
	var out []RosterEntry
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e := RosterEntry{Student: get("student"), Line: line}
		if e.Student == "" && strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		switch {
		case e.Student == "":
			return nil, fmt.Errorf("%s:%d: no student name; fill the student column", name, line)
		case get("report") == "":
			return nil, fmt.Errorf("%s:%d: no report folder for %s; fill the report column", name, line, e.Student)
		}
		if at, dup := seen[e.Student]; dup {
			return nil, fmt.Errorf("%s:%d: student %q is already on line %d; give each student one line", name, line, e.Student, at)
		}
		seen[e.Student] = line
		e.ReportDir = resolve(baseDir, get("report"))
		if c := get("code"); c != "" {
			e.CodeDir = resolve(baseDir, c)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no student; add one line per student under the header", name)
	}
	return out, nil
}

func resolve(base, p string) string {
	if filepath.IsAbs(p) || base == "" {
		return filepath.Clean(p)
	}
	return filepath.Join(base, p)
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v; fix the CSV (quote a value that holds a comma)", file, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%s: %w", file, err)
}
