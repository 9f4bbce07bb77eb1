package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// The postgresql receiver's causes, read in the Collector's log. As
// PostgreSQL 15 words them (measured with the test bed's Collector:
// testdata/collector-log): a wrong password and a role that does not exist
// give the same line (PostgreSQL tells a client nothing more); a role made
// with CREATE ROLE cannot log in; a database whose CONNECT was revoked from
// PUBLIC refuses the role. A role without pg_monitor is none of these:
// every statistic the receiver reads by default is readable by any role.
//
// The log names one cause: the first of pgCauses that it holds.

// pgCause is one line of PostgreSQL's, and the rule it proves.
type pgCause struct {
	rule  string
	words []string
	// key is the receiver's setting to change.
	key string
}

var pgCauses = []pgCause{
	{"LAB063", []string{"password authentication failed"}, "password"},
	{"LAB064", []string{"is not permitted to log in"}, "username"},
	{"LAB065", []string{"permission denied for database"}, "databases"},
	{"LAB066", []string{"does not exist"}, "username"},
	{"LAB067", []string{"permission denied"}, "username"},
	{"LAB018", []string{"postgresql", "no such host"}, "endpoint"},
}

// pgLogCause finds the receiver's cause in the Collector's log: the rule,
// the line, and the receiver (the first postgresql one).
func pgLogCause(l *model.Lab, logs Logs) (c pgCause, line string, rc *model.Component) {
	col := l.Service(model.RoleCollector)
	if col == nil || l.Collector == nil {
		return pgCause{}, "", nil
	}
	pgs := l.Collector.ReceiversOfType("postgresql")
	if len(pgs) == 0 {
		return pgCause{}, "", nil
	}
	lines := logs(col.Name)
	for _, c := range pgCauses {
		line := findLine(lines, c.words)
		if line == "" || c.rule == "LAB066" && !strings.Contains(line, "role") {
			continue
		}
		return c, line, &pgs[0]
	}
	return pgCause{}, "", nil
}

// pgLog makes a Log function of the rule whose cause says cause and fix
// from the receiver and the line.
func pgLog(say func(l *model.Lab, rc *model.Component, line string) (cause, fix msg.Message)) func(*Rule, *model.Lab, Logs) []Finding {
	return func(r *Rule, l *model.Lab, logs Logs) []Finding {
		c, line, rc := pgLogCause(l, logs)
		if c.rule != r.ID {
			return nil
		}
		cause, fix := say(l, rc, line)
		f := r.at(keyOr(rc, c.key), cause, fix)
		f.quote(l.Service(model.RoleCollector).Name, line)
		return []Finding{f}
	}
}

// userIn is the role a PostgreSQL line names, else the receiver's.
func userIn(line string, rc *model.Component) string {
	if u := nameAfter(line, "for user "); u != "" {
		return u
	}
	if u := nameAfter(line, "role "); u != "" {
		return u
	}
	return rc.Username
}

// logPostgresNoHost is LAB018 in the Collector's log: the receiver's host
// resolves to nothing.
var logPostgresNoHost = pgLog(func(l *model.Lab, rc *model.Component, _ string) (msg.Message, msg.Message) {
	return msg.New("rule.LAB018.log", rc.ID), msg.New("rule.LAB018.log_fix", l.Fix.Postgres)
})
