package report

import (
	"errors"
	"strings"
	"testing"
)

const blockA = markerBegin + "\nA\n" + markerEnd
const blockB = markerBegin + "\nB is longer\n\n" + markerEnd

func TestMerge(t *testing.T) {
	tests := []struct{ name, existing, want string }{
		{"empty file", "", blockA + "\n"},
		{"no markers, no final newline", "# Rapport\nmon texte", "# Rapport\nmon texte\n\n" + blockA + "\n"},
		{"no markers, final newline", "# Rapport\n", "# Rapport\n\n" + blockA + "\n"},
		{"no markers, blank line", "# Rapport\n\n", "# Rapport\n\n" + blockA + "\n"},
		{"replace", "intro\n" + blockB + "\noutro\n", "intro\n" + blockA + "\noutro\n"},
		{"replace, CRLF outside kept", "intro\r\n" + blockB + "\r\noutro", "intro\r\n" + blockA + "\r\noutro"},
		{"replace at start and end", blockB, blockA},
		{"replace inline", "x " + blockB + " y", "x " + blockA + " y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Merge(tt.existing, blockA, "report.md")
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Merge =\n%q\nwant\n%q", got, tt.want)
			}
			again, err := Merge(got, blockA, "report.md")
			if err != nil || again != got {
				t.Errorf("a rerun changed the file: %q, %v", again, err)
			}
		})
	}
}

func TestMergeRefusesBadMarkers(t *testing.T) {
	b, e := markerBegin, markerEnd
	tests := []struct{ name, text, want string }{
		{"begin only", "x\n" + b + "\ny", "are unbalanced: begin on line 2 has no end"},
		{"end only", e + "\n", "are unbalanced: end on line 1 has no begin"},
		{"reversed", e + "\n" + b, "are reversed: end on line 1 comes before begin on line 2"},
		{"nested", b + "\n" + b + "\n" + e + "\n" + e, "are nested: begin on line 1, then begin again on line 2"},
		{"repeated", b + e + "\n" + b + e, "are repeated: 2 blocks (lines 1, 1, 2, 2)"},
		{"two begins one end", b + "\n" + b + "\n" + e, "are unbalanced: 2 begin and 1 end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.text, blockA, "report.md")
			if err == nil {
				t.Fatal("Merge accepted bad markers")
			}
			if !errors.Is(err, ErrMarkers) || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "report.md: ") {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "keep exactly one") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q should be one line with the fix", err)
			}
			if _, err := Current(tt.text, "report.md"); err == nil {
				t.Error("Current accepted bad markers")
			}
		})
	}
}

func TestMergeRejectsMalformedBlock(t *testing.T) {
	for _, blk := range []string{"no markers", markerBegin + markerBegin + markerEnd, markerBegin + "\n" + markerEnd + "\n"} {
		if _, err := Merge("", blk, "report.md"); err == nil {
			t.Errorf("Merge accepted block %q", blk)
		}
	}
}

// outside is text with the managed block cut out.
func outside(t *testing.T, text string) (string, string) {
	t.Helper()
	start, end, found, err := Locate(text, "report.md")
	if err != nil || !found {
		t.Fatalf("Locate(%q) = %v, %v", text, found, err)
	}
	return text[:start], text[end:]
}

// FuzzMerge: whatever the student wrote around the block (and whatever the
// block holds), every rerun keeps the outside byte for byte, and the first
// run only appends.
func FuzzMerge(f *testing.F) {
	f.Add("# Rapport\n\nmon texte\n", "", "A", "B", uint8(3))
	f.Add("", "\r\nfin", "", "x\ny", uint8(1))
	f.Add("pas de fin de ligne", "après", "é", "<!-- not a marker -->", uint8(5))
	f.Fuzz(func(t *testing.T, before, after, body1, body2 string, runs uint8) {
		for _, s := range []string{before, after, body1, body2} {
			if strings.Contains(s, markerBegin) || strings.Contains(s, markerEnd) {
				return // Locate refuses these; covered by TestMergeRefusesBadMarkers
			}
		}
		blk := func(body string) string { return markerBegin + "\n" + body + "\n" + markerEnd }

		// A file without markers gets the block appended; nothing before it changes.
		first, err := Merge(before, blk(body1), "report.md")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(first, before) {
			t.Fatalf("append changed the student's text: %q -> %q", before, first)
		}
		pre, post := outside(t, first)

		// A file with a block: reruns keep the outside byte-identical.
		text := before + blk(body2) + after
		pre2, post2 := outside(t, text)
		for i := 0; i < int(runs%8)+1; i++ {
			body := body1
			if i%2 == 1 {
				body = body2 + strings.Repeat("\n", i)
			}
			if text, err = Merge(text, blk(body), "report.md"); err != nil {
				t.Fatal(err)
			}
			if p, q := outside(t, text); p != pre2 || q != post2 {
				t.Fatalf("run %d changed the outside: %q|%q -> %q|%q", i, pre2, post2, p, q)
			}
			if first, err = Merge(first, blk(body), "report.md"); err != nil {
				t.Fatal(err)
			}
			if p, q := outside(t, first); p != pre || q != post {
				t.Fatalf("run %d changed the outside of an appended file", i)
			}
		}
		if cur, _ := Current(text, "report.md"); !strings.HasPrefix(cur, markerBegin) || !strings.HasSuffix(cur, markerEnd) {
			t.Fatalf("Current = %q", cur)
		}
	})
}
