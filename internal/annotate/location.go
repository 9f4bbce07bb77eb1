package annotate

import (
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Option changes how findings are written.
type Option func(*options)

type options struct {
	defaultFile string
}

// DefaultFile is the file a finding with no file of its own is shown on,
// at line 1: the project's Compose file (relative to the project folder,
// as a finding's File is).
func DefaultFile(file string) Option {
	return func(o *options) { o.defaultFile = file }
}

// located is where a report shows a finding, and the sentence that says
// so when the finding had no place of its own: GitHub refuses a SARIF
// result without a location, and GitLab's Code Quality needs a path and a
// line.
type located struct {
	path string
	line int
	note string
}

// fallbackFile is the default given, else the file most findings are
// about, else compose.yaml (Compose's first default name).
func fallbackFile(fs []rules.Finding, opts []Option) string {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if o.defaultFile != "" {
		return o.defaultFile
	}
	count, best := map[string]int{}, ""
	for _, f := range fs {
		if f.File == "" {
			continue
		}
		count[f.File]++
		if count[f.File] > count[best] {
			best = f.File
		}
	}
	if best != "" {
		return best
	}
	return "compose.yaml"
}

// locate says the note in p's language (English: the English text).
func locate(f rules.Finding, fallback, prefix string, p *msg.Printer) located {
	switch {
	case f.File == "":
		return located{path: joinPath(prefix, fallback), line: 1, note: p.Say(msg.New("annotate.no_file", fallback))}
	case f.Line <= 0:
		return located{path: joinPath(prefix, f.File), line: 1, note: p.Say(msg.New("annotate.no_line", f.File))}
	}
	return located{path: joinPath(prefix, f.File), line: f.Line}
}

// withNote is the message with the sentence saying where it is shown.
func (l located) withNote(message string) string {
	if l.note == "" {
		return message
	}
	return message + " " + l.note
}
