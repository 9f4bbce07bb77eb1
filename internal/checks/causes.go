package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// A cause known from the files or the logs ends the checks it blocks
// within seconds (Run.Causes), rather than at --timeout. Verify feeds the
// runner the file rules' errors at once (Options.Known) and, while the
// checks wait, what the logs of the services on the data path prove
// (Options.Watch, LogWatch).

// DefaultWatchEvery is how often verify reads the logs while it waits.
const DefaultWatchEvery = 2 * time.Second

// CauseOf is the cause a finding proves: an error of a rule that blocks
// some of verify's checks. Warnings and notes block nothing.
func CauseOf(f rules.Finding) (Cause, bool) {
	if f.Severity != rules.Error {
		return Cause{}, false
	}
	r, ok := rules.Lookup(f.Rule)
	if !ok || len(r.Blocks) == 0 {
		return Cause{}, false
	}
	return Cause{Rule: r.ID, Blocks: r.Blocks, Diagnosis: msg.Raw(diagnosisOf(f))}, true
}

// CausesOf keeps the findings that are causes, in their order.
func CausesOf(fs []rules.Finding) []Cause {
	var out []Cause
	for _, f := range fs {
		if c, ok := CauseOf(f); ok {
			out = append(out, c)
		}
	}
	return out
}

// diagnosisOf says a finding as a check's diagnosis: where, the key, the
// cause, the fix, the line a tool or log printed, and the rule to explain.
func diagnosisOf(f rules.Finding) string {
	var b strings.Builder
	if w := f.Where(); w != "" {
		b.WriteString(w + ": ")
	}
	if f.Key != "" && !strings.Contains(f.Message, f.Key) {
		b.WriteString(f.Key + ": ")
	}
	b.WriteString(f.Message)
	if f.Fix != "" {
		b.WriteString("; fix: " + f.Fix)
	}
	if f.Quote != "" {
		fmt.Fprintf(&b, " (%s: %q)", orDefault(f.Source, "log"), f.Quote)
	}
	fmt.Fprintf(&b, " (labctl explain %s)", f.Rule)
	return b.String()
}

// LogWatch reads the logs of the services on the path of the data (the
// Collector, the backend) and returns the error findings they prove that
// it has not returned before. Not safe for concurrent use.
type LogWatch struct {
	Project *rules.Project
	// Logs returns the last lines a service wrote (Options.Logs).
	Logs func(ctx context.Context, service string) []string
	seen map[string]bool
}

// New reads the logs once and returns the errors not seen before.
func (w *LogWatch) New(ctx context.Context) []rules.Finding {
	if w == nil || w.Project == nil || w.Logs == nil {
		return nil
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	var out []rules.Finding
	for _, role := range []model.Role{model.RoleCollector, model.RoleBackend} {
		name := w.Project.Roles[role]
		if name == "" {
			continue
		}
		c, cancel := context.WithTimeout(ctx, 3*time.Second)
		lines := w.Logs(c, name)
		cancel()
		for _, f := range rules.FromLog(w.Project, name, strings.Join(lines, "\n")) {
			k := strings.Join([]string{f.Rule, f.File, fmt.Sprint(f.Line), f.Key, f.Message}, "\x00")
			if f.Severity != rules.Error || w.seen[k] {
				continue
			}
			w.seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// watchCauses sends what watch finds every `every`, until stop is
// called; stop returns once the watcher is gone, with every cause found.
func watchCauses(ctx context.Context, watch func(context.Context) []Cause, every time.Duration) (causes <-chan Cause, stop func() []Cause) {
	ch := make(chan Cause)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	var found []Cause
	go func() {
		defer close(done)
		send := func(cs []Cause) bool {
			found = append(found, cs...)
			for _, c := range cs {
				select {
				case ch <- c:
				case <-ctx.Done():
					return false
				}
			}
			return true
		}
		if watch == nil {
			return
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if !send(watch(ctx)) {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	var once sync.Once
	return ch, func() []Cause {
		once.Do(func() { cancel(); <-done })
		return found
	}
}

// blameFailures gives each failure that has no cause yet the first of
// causes that blocks it: a check that gave up by itself before the cause
// was known (the Collector check inferred from the files fails at once)
// has that cause all the same.
//
// A cause that blocks a check only through what it needs (the database
// span under the server span) says nothing of it once what it needs
// passed: such a check keeps the diagnosis diagnose gives, and is not
// said to have ended early.
func blameFailures(out []Outcome, list []Check, causes []Cause) {
	for _, c := range causes {
		for _, i := range blockedBy(list, c.Blocks) {
			if out[i].Status == Fail && out[i].Rule == "" && !needPassed(out, list, i, c) {
				out[i].setDiagnosis(c.Diagnosis)
				out[i].Rule = c.Rule
			}
		}
	}
	for i := range out {
		if out[i].Rule == "" {
			continue
		}
		for _, c := range causes {
			if c.Rule == out[i].Rule && needPassed(out, list, i, c) {
				out[i].Rule, out[i].Diagnosis, out[i].DiagnosisMsg, out[i].EndedEarly = "", "", nil, false
				break
			}
		}
	}
}

// needPassed says whether check i is blocked by c only through a check it
// needs, and that check passed.
func needPassed(out []Outcome, list []Check, i int, c Cause) bool {
	if slices.Contains(c.Blocks, list[i].ID) {
		return false
	}
	for _, n := range list[i].Needs {
		for j := range list {
			if list[j].ID == n && (out[j].Status == Pass || needPassed(out, list, j, c)) {
				return true
			}
		}
	}
	return false
}

// keepCauses gives the failed checks a known cause blocks (ended or not)
// their cause back after diagnose (which reads the pipeline at the end,
// and knows less): shown on the first such check, the others blocked by it.
func keepCauses(out []Outcome, ended map[int]Outcome) {
	shown := map[string]string{}
	for i := range out {
		c, ok := ended[i]
		if !ok {
			continue
		}
		out[i].Diagnosis, out[i].DiagnosisMsg, out[i].Rule, out[i].BlockedBy = c.Diagnosis, c.DiagnosisMsg, c.Rule, ""
		k := c.Rule + "\x00" + c.Diagnosis
		if first, ok := shown[k]; ok {
			out[i].BlockedBy = first
			out[i].setDiagnosis(msg.Raw(fmt.Sprintf("blocked by %s (%s)", first, c.Rule)))
			continue
		}
		shown[k] = out[i].ID
	}
}

// causedFailures keeps, by index, the failures the runner gave a known
// cause (their Rule).
func causedFailures(out []Outcome) map[int]Outcome {
	m := map[int]Outcome{}
	for i, o := range out {
		if o.Status == Fail && o.Rule != "" {
			m[i] = o
		}
	}
	return m
}
