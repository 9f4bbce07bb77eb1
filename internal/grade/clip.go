package grade

import (
	"strings"
	"unicode/utf8"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/textutil"
)

// clipEvidence is clipLine for evidence that quotes what a tool or a log
// said (msg.Quote): that is the proof, so it stays whole (a Collector's
// exit cause names the component and the reason only at its end), and the
// words around it are shortened instead.
func clipEvidence(s string, m *msg.Message) string {
	s = textutil.OneLine(s)
	if len([]rune(s)) <= maxEvidence || m == nil {
		return clipLine(s)
	}
	q := textutil.OneLine(longestQuote(*m))
	at := strings.LastIndex(s, q)
	if q == "" || at < 0 {
		return clipLine(s)
	}
	// The quote's opening mark (« in French) stays with it: cut from its
	// mark, a quote reads as the checklist's own words.
	if h := strings.TrimRight(s[:at], " \u00a0\u202f"); strings.HasSuffix(h, "«") || strings.HasSuffix(h, "“") {
		_, size := utf8.DecodeLastRuneInString(h)
		at = len(h) - size
	}
	head, rest := []rune(s[:at]), s[at:]
	// What is left for the words before the quote, never less than the
	// start of the sentence (which check, which file).
	room := maxEvidence - len([]rune(rest)) - 2
	if room < minHead {
		room = minHead
	}
	if len(head) > room {
		head = append(head[:room], []rune("… ")...)
	}
	return string(head) + rest
}

// minHead is what clipEvidence keeps at least of the words before a quote.
const minHead = 60

// longestQuote is the longest text m quotes (msg.Quote), "" when none.
func longestQuote(m msg.Message) string {
	best := ""
	if m.Key == "text.quoted" && len(m.Args) == 1 {
		if s, ok := m.Args[0].(string); ok {
			best = s
		}
	}
	for _, a := range m.Args {
		var q string
		switch a := a.(type) {
		case msg.Message:
			q = longestQuote(a)
		case *msg.Message:
			if a != nil {
				q = longestQuote(*a)
			}
		}
		if len(q) > len(best) {
			best = q
		}
	}
	return best
}
