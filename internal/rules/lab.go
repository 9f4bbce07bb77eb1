package rules

import (
	"slices"
	"strings"

	"github.com/labctl/labctl/internal/logscan"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// Logs returns the lines of a service's log (nil when it cannot be read).
type Logs func(service string) []string

// logWords say where the proof of a finding is: the last line of the
// service's log that holds every word.
type logWords struct {
	service string
	words   []string
	// cause: the line that says why of the log's first error, read whole
	// with its continuation lines (logscan), not a line of words.
	cause bool
}

// OfLab returns the causes the lab's model shows by itself, in the order
// data flows: what verify knows before it waits for any data.
func OfLab(l *model.Lab) []Finding {
	var out []Finding
	for _, r := range inOrder() {
		// The file rules are lint's, which verify runs first.
		if r.runsOn(l) && r.Needs&NeedFiles == 0 {
			out = append(out, r.Check(r, l)...)
		}
	}
	return out
}

// Diagnose returns the causes of a failed verify: OfLab's, each with the
// log line that proves it where one does, then the causes only a log shows.
// Each service's log is read once.
func Diagnose(l *model.Lab, logs Logs) []Finding {
	read := map[string][]string{}
	cached := func(service string) []string {
		lines, ok := read[service]
		if !ok && logs != nil {
			lines = logs(service)
			read[service] = lines
		}
		return lines
	}
	out := OfLab(l)
	for i := range out {
		f := &out[i]
		if f.evidence == nil {
			continue
		}
		lines := cached(f.evidence.service)
		var line string
		if f.evidence.cause {
			if e, ok := logscan.FirstCause(strings.Join(lines, "\n")); ok {
				line = e.Cause
			}
		} else {
			line = findLine(lines, f.evidence.words)
		}
		if line != "" {
			f.quote(f.evidence.service, line)
		}
	}
	return append(out, LogFindings(l, cached)...)
}

// LogFindings returns the causes only a log shows (the rules with a Log),
// in verify's order; a fallback rule says nothing of a component an earlier one
// explains. verify asks it while it waits, and Diagnose at the end.
func LogFindings(l *model.Lab, logs Logs) []Finding {
	var out []Finding
	for _, r := range inOrder() {
		if r.Log == nil {
			continue
		}
		for _, f := range r.Log(r, l, logs) {
			if !(r.Fallback && namedBefore(out, f.Key)) {
				out = append(out, f)
			}
		}
	}
	return out
}

// namedBefore says whether a finding already names key's setting or one
// under it (receivers.postgresql covers receivers.postgresql.password).
func namedBefore(fs []Finding, key string) bool {
	for _, f := range fs {
		if key != "" && (f.Key == key || strings.HasPrefix(f.Key, key+".")) {
			return true
		}
	}
	return false
}

// quote records line of service's log as the finding's proof.
func (f *Finding) quote(service, line string) {
	f.Quote, f.Source, f.Service = line, service+" log", service
}

// Diagnosis is the finding as verify says it on a failed check: where,
// the cause, the fix, and the log line that proves it.
func (f Finding) Diagnosis() msg.Message {
	m := f.Message
	if !f.Fix.IsZero() {
		m = msg.New("rule.diagnosis.fix", m, f.Fix)
	}
	switch {
	case f.Quote != "" && f.Service != "":
		m = msg.New("rule.diagnosis.log", m, f.Service, msg.Quote(f.Quote))
	case f.Quote != "":
		m = msg.New("rule.diagnosis.quote", m, f.Source, msg.Quote(f.Quote))
	}
	if w := (model.Fact{File: f.File, Line: f.Line, Key: f.Key}).String(); w != "" {
		m = msg.New("rule.diagnosis.at", w, m)
	}
	return m
}

// BlocksCheck says whether the finding makes the check id fail.
func (f Finding) BlocksCheck(id string) bool { return slices.Contains(f.Blocks, id) }

// at starts a finding of r at a fact of the lab's model.
func (r *Rule) at(where model.Fact, m, fix msg.Message) Finding {
	f := r.says(where.File, where.Line, where.Key, m)
	f.Fix = fix
	return f
}

// keyOr is a component's setting, or where it would be written.
func keyOr(c *model.Component, key string) model.Fact {
	if f, ok := c.Keys[key]; ok {
		return f
	}
	f := c.At
	if f.Key != "" {
		f.Key += "." + key
	}
	return f
}

// listOrNone is a list of names, or "no service".
func listOrNone(list []string) msg.Message {
	if len(list) == 0 {
		return msg.New("rule.no_service")
	}
	return msg.Raw(strings.Join(list, ", "))
}
