package grade

import (
	"os"
	"path/filepath"
	"testing"
)

// Whatever a student hands in, the analysis returns every finding and
// never panics.
func FuzzAnalyzeReport(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "reports", "*.md"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("| a |\n|---|\n| `|` \\| |\n```\n| x |\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a := AnalyzeReport("report.md", data)
		for _, id := range FindingIDs {
			if _, ok := a.Findings[id]; !ok {
				t.Fatalf("no finding %s", id)
			}
		}
	})
}

// Whatever a teacher writes, the rubric parses or fails with an error, and
// a rubric that parses grades.
func FuzzParseRubric(f *testing.F) {
	f.Add(DefaultRubricYAML())
	f.Add([]byte(base))
	f.Add([]byte("groups: [{name: a, criteria: [{id: x, text: y, check: [a, *b]}]}]\nnotes: &b [{met: 0, note: 1}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRubric(data, "r.yaml")
		if err != nil {
			return
		}
		res := Grade(r, "s", ".", Evidence{NoStack: true, Report: AnalyzeReport("report.md", nil)})
		if res.Note < 1 || res.Note > 6 {
			t.Fatalf("note %g", res.Note)
		}
	})
}

// The same without the fuzzing engine, so that every `go test` runs it:
// every prefix of each report, and reports with bytes changed to the
// characters the scanners look at.
func TestAnalyzeReportMangled(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "reports", "*.md"))
	special := []byte("|\\`*_-:#<>\n\r\t hm,.0123456789é⏱")
	seed := uint32(1)
	next := func() int { seed = seed*1664525 + 1013904223; return int(seed >> 8) }
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for cut := 0; cut <= len(data); cut += 5 {
			AnalyzeReport("report.md", data[:cut])
		}
		for i := 0; i < 300; i++ {
			m := append([]byte(nil), data...)
			for j := 0; j < 1+next()%8; j++ {
				m[next()%len(m)] = special[next()%len(special)]
			}
			AnalyzeReport("report.md", m)
		}
	}
}

func TestParseRubricMangled(t *testing.T) {
	data := DefaultRubricYAML()
	for cut := 0; cut <= len(data); cut += 3 {
		if r, err := ParseRubric(data[:cut], "r.yaml"); err == nil {
			Grade(r, "s", ".", Evidence{})
		}
	}
}
