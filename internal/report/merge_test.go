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

// FuzzMerge checks Merge against an oracle of its own, not Merge's Locate:
// the test builds each text from known parts, so it knows what the outside
// of the block is. Whatever the student wrote around the block, every rerun
// keeps it byte for byte; the first run only appends (after at most two
// newlines); a text with any marker besides the block's own pair is refused
// with ErrMarkers, never rewritten; a generated block holding a marker is
// refused too.
func FuzzMerge(f *testing.F) {
	f.Add("# Rapport\n\nmon texte\n", "", "A", "B", uint8(3))
	f.Add("", "\r\nfin", "", "x\ny", uint8(1))
	f.Add("pas de fin de ligne", "après", "é", "<!-- not a marker -->", uint8(5))
	f.Add("avant "+markerEnd, "", "A", "B", uint8(2))
	f.Add("", "après "+markerBegin+"x"+markerEnd, "A", "B", uint8(2))
	f.Add("", "", "A", "B"+markerBegin, uint8(1))
	f.Add("", "", markerEnd, "B", uint8(1))
	f.Fuzz(func(t *testing.T, before, after, body1, body2 string, runs uint8) {
		marked := func(ss ...string) bool {
			for _, s := range ss {
				if strings.Contains(s, markerBegin) || strings.Contains(s, markerEnd) {
					return true
				}
			}
			return false
		}
		blk := func(body string) string { return markerBegin + "\n" + body + "\n" + markerEnd }

		// A generated block must hold exactly its own pair of markers.
		if marked(body1) {
			if _, err := Merge(before, blk(body1), "report.md"); err == nil {
				t.Fatalf("a block holding a marker was accepted: %q", body1)
			}
			return
		}
		// A file without markers gets the block appended; nothing before it changes.
		if !marked(before) {
			first, err := Merge(before, blk(body1), "report.md")
			if err != nil {
				t.Fatal(err)
			}
			rest, ok := strings.CutPrefix(first, before)
			sep := strings.TrimSuffix(rest, blk(body1)+"\n")
			if !ok || len(sep) == len(rest) || strings.Trim(sep, "\n") != "" || len(sep) > 2 {
				t.Fatalf("append changed the student's text or added more than a blank line: %q -> %q", before, first)
			}
		}
		// A file with a block and text around it.
		text := before + blk(body2) + after
		for i := 0; i < int(runs%8)+1; i++ {
			body := body1
			if i%2 == 1 {
				body = strings.Repeat("\n", i) + body1
			}
			got, err := Merge(text, blk(body), "report.md")
			if marked(before, after, body2) {
				if !errors.Is(err, ErrMarkers) {
					t.Fatalf("a text with more markers than its block's pair: err = %v, result %q", err, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := before + blk(body) + after; got != want {
				t.Fatalf("run %d: got %q, want %q", i, got, want)
			}
			text = got
		}
		if cur, _ := Current(text, "report.md"); !strings.HasPrefix(cur, markerBegin) || !strings.HasSuffix(cur, markerEnd) {
			t.Fatalf("Current = %q", cur)
		}
	})
}
