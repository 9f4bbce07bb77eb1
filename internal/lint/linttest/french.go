// Package linttest reads lint's findings as a French-speaking student
// reads them, for the tests of lint and of the corpus.
package linttest

import (
	"strings"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
	"github.com/labctl/labctl/internal/rules"
)

// FrenchLeaks lists the English left in the findings as `labctl lint
// --lang fr` prints them (annotate.Line), one entry per word or number
// with its line. What a tool said is taken out first, and only that: a
// finding whose message is the tool's own words (Raw: a parse error, a
// validator's verdict), every msg.Quote in its message or fix (a Compose
// warning, the Collector's error), the log line it quotes and who said
// it. The rest, « quoted » text included (labctl's own text no catalog
// translated), must be French: a rule ID, a key, a file name or a value
// holds none of the English words msgtest looks for.
func FrenchLeaks(fs []rules.Finding) []string {
	fr := msg.For(msg.French)
	var out []string
	for _, f := range fs {
		line := annotate.Line(f, fr)
		var tool []string
		if f.Message.Key == "" {
			tool = append(tool, f.Message.Text)
		}
		tool = append(tool, f.Quote, f.Source)
		tool = append(append(tool, quoted(f.Message)...), quoted(f.Fix)...)
		for _, s := range tool {
			if s != "" {
				line = strings.ReplaceAll(line, s, " ")
			}
		}
		out = append(out, msgtest.EnglishWordsSaid(line)...)
		out = append(out, msgtest.EnglishNumbers(line)...)
	}
	return out
}

// quoted are the texts m quotes (msg.Quote), however deep.
func quoted(m msg.Message) []string {
	var out []string
	if m.Key == "text.quoted" && len(m.Args) == 1 {
		if s, ok := m.Args[0].(string); ok {
			out = append(out, s)
		}
	}
	for _, a := range m.Args {
		if a, ok := a.(msg.Message); ok {
			out = append(out, quoted(a)...)
		}
	}
	return out
}
