package checks

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// A cause known from the files or the logs ends the checks it blocks
// within seconds (Run.Causes), rather than at --timeout. Verify feeds the
// runner the file rules' errors at once (Options.Known) and, while the
// checks wait, what the logs of the services on the data path prove
// (Options.Watch: internal/verify reads the file rules' log rules there).

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
	blocks := f.Blocks
	if len(blocks) == 0 {
		blocks = r.Blocks
	}
	return Cause{Rule: r.ID, Blocks: blocks, Diagnosis: msg.New("rule.diagnosis.explain", f.Diagnosis(), r.ID), AtLine: f.File != "" && f.Line > 0}, true
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

// watch adds to the caller's watch (the file rules' log reading) what the
// lab model's log rules prove (the PostgreSQL receiver's refusals, any
// receiver's own error), first, each cause once. Each tick reads each
// service's log once, for at most a few seconds, and hands the caller the
// lines it read (TickLogs): the two readings share one.
func (e *env) watch(caller func(context.Context, rules.Logs) []Cause) func(context.Context) []Cause {
	if e.opts.Logs == nil {
		return func(ctx context.Context) []Cause {
			if caller == nil {
				return nil
			}
			return caller(ctx, func(string) []string { return nil })
		}
	}
	seen := map[string]bool{}
	return func(ctx context.Context) []Cause {
		var out []Cause
		logs := TickLogs(ctx, e.opts.Logs)
		for _, f := range rules.LogFindings(e.lab, logs) {
			k := f.Rule + "\x00" + f.Key
			if c, ok := CauseOf(f); ok && !seen[k] {
				seen[k] = true
				out = append(out, c)
			}
		}
		if caller != nil {
			out = append(out, caller(ctx, logs)...)
		}
		return out
	}
}

// TickLogs reads each service's log at most once, for at most a few
// seconds, however many rules ask for it: one reading of the logs.
func TickLogs(ctx context.Context, logs func(ctx context.Context, service string) []string) rules.Logs {
	read := map[string][]string{}
	return func(service string) []string {
		if lines, ok := read[service]; ok {
			return lines
		}
		var lines []string
		if logs != nil {
			c, cancel := context.WithTimeout(ctx, 3*time.Second)
			lines = logs(c, service)
			cancel()
		}
		read[service] = lines
		return lines
	}
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
				out[i].Rule, out[i].causeAtLine = c.Rule, c.AtLine
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
	// Where diagnose found the same rule, its words stay, unless the
	// runner's name the file's line (a file rule's): diagnose read the logs
	// after the run, and quotes the line that proves the cause.
	theirs := func(i int, c Outcome) bool { return out[i].Rule == c.Rule && !c.causeAtLine }
	for i := range out {
		if c, ok := ended[i]; ok && theirs(i, c) && out[i].BlockedBy == "" {
			shown[c.Rule] = out[i].ID
		}
	}
	for i := range out {
		c, ok := ended[i]
		if !ok || theirs(i, c) {
			continue
		}
		out[i].Diagnosis, out[i].DiagnosisMsg, out[i].Rule, out[i].BlockedBy = c.Diagnosis, c.DiagnosisMsg, c.Rule, ""
		if first, ok := shown[c.Rule]; ok {
			out[i].BlockedBy = first
			out[i].setDiagnosis(msg.New("check.blocked_by_rule", first, c.Rule))
			continue
		}
		shown[c.Rule] = out[i].ID
	}
}

// forgetCauses clears the rule the runner gave the failures of caused, so
// that after diagnose a rule on them is diagnose's own (keepCauses).
func forgetCauses(out []Outcome, caused map[int]Outcome) {
	for i := range caused {
		out[i].Rule, out[i].BlockedBy = "", ""
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

// metricChecks are the checks that wait for the metrics' floor, not the spans'.
var metricChecks = []string{IDPromScrape, IDPGCommits, IDPGRows}

// causes reads the lab's description (its files) and the services' logs
// for the causes the catalogue knows (internal/rules), in the order data
// flows. Each service's log is read once, for at most a few seconds.
func (e *env) causes(ctx context.Context) []rules.Finding {
	return rules.Diagnose(e.lab, TickLogs(ctx, e.opts.Logs))
}

// diagnose gives each failed check its diagnosis: the root cause a rule's
// finding names, shown on the first check it blocks while the others point
// there; else the walk along the pipeline over the snapshot.
func diagnose(out []Outcome, list []Check, s Snapshot, fs []rules.Finding) {
	shownOn := map[int]string{}
	for i := range out {
		if out[i].Status != Fail {
			continue
		}
		fi := -1
		for j := range fs {
			if fs[j].BlocksCheck(out[i].ID) {
				fi = j
				break
			}
		}
		if fi < 0 {
			if list[i].Diagnose != nil {
				m := list[i].Diagnose(s)
				out[i].setDiagnosis(m)
				out[i].Rule = walkRule(m) // the walk's sentence has its ID too
			}
			continue
		}
		out[i].Rule = fs[fi].Rule
		if first, ok := shownOn[fi]; ok {
			out[i].BlockedBy = first
			out[i].setDiagnosis(msg.New("check.blocked_by", first, fs[fi].Message))
			continue
		}
		shownOn[fi] = out[i].ID
		out[i].setDiagnosis(fs[fi].Diagnosis())
	}
}
