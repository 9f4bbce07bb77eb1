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

var _ = register(&Rule{
	ID: "LAB063", Slug: "postgres-login-refused",
	Title:  "PostgreSQL refuses the postgresql receiver's password (or has no such role)",
	Blocks: pgChecks,
	Fix:    "give the receiver the database's user and password (POSTGRES_USER, POSTGRES_PASSWORD), or create that role",
	Page: `The receiver logs, at every collection_interval:
  Errors encountered while fetching commits and rollbacks ... "error": "pq: password authentication failed for user \"otel\""
PostgreSQL says the same for a wrong password and for a role that does not exist, so that a
client learns nothing: check both. The password is often an ${env:POSTGRES_PASSWORD} that the
Collector's service does not set.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		u := userIn(line, rc)
		return msg.New("rule.LAB063.cause", rc.ID, u, u), msg.New("rule.LAB063.fix", "${env:POSTGRES_PASSWORD}")
	}),
})

var _ = register(&Rule{
	ID: "LAB064", Slug: "postgres-role-nologin",
	Title:  "The postgresql receiver logs in as a role without LOGIN",
	Blocks: pgChecks,
	Fix:    "CREATE USER (not CREATE ROLE) in the init script, or ALTER ROLE ... LOGIN",
	Page: `CREATE ROLE makes a role that cannot log in; CREATE USER is CREATE ROLE ... LOGIN.
PostgreSQL answers: pq: role "nolog" is not permitted to log in. An init script runs only on a
fresh data volume: after changing it, docker compose down -v.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		u := userIn(line, rc)
		return msg.New("rule.LAB064.cause", rc.ID, u), msg.New("rule.LAB064.fix", u)
	}),
})

var _ = register(&Rule{
	ID: "LAB065", Slug: "postgres-database-connect",
	Title:  "The postgresql receiver's role may not connect to a database it lists",
	Blocks: pgChecks,
	Fix:    "GRANT CONNECT ON DATABASE to the role, or leave that database out of receivers.postgresql.databases",
	Page: `REVOKE CONNECT ON DATABASE ... FROM PUBLIC keeps every role without an explicit GRANT
out; the receiver logs pq: permission denied for database NAME at each scrape.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		db := nameAfter(line, "permission denied for database ")
		return msg.New("rule.LAB065.cause", rc.Username, db), msg.New("rule.LAB065.fix", db, rc.Username, rc.ID)
	}),
})

var _ = register(&Rule{
	ID: "LAB066", Slug: "postgres-role-missing",
	Title:  "The postgresql receiver logs in as a role PostgreSQL does not have",
	Blocks: pgChecks,
	Fix:    "use the database's user, or create the role",
	Page: `Only where PostgreSQL trusts the client (POSTGRES_HOST_AUTH_METHOD=trust) does it say
pq: role "NAME" does not exist; with passwords, a missing role reads as a bad password (LAB063).`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, line string) (msg.Message, msg.Message) {
		return msg.New("rule.LAB066.cause", rc.ID, userIn(line, rc)), msg.New("rule.LAB066.fix")
	}),
})

var _ = register(&Rule{
	ID: "LAB067", Slug: "postgres-permission-denied",
	Title:  "The postgresql receiver's role may not read a statistic it asks for",
	Blocks: pgChecks,
	Fix:    "GRANT pg_monitor TO the receiver's role",
	Page: `Not measured with the course's settings: PostgreSQL 15 lets any role read the statistics
the receiver asks for by default. Optional metrics (pg_ls_waldir, ...) need pg_monitor.`,
	Log: pgLog(func(_ *model.Lab, rc *model.Component, _ string) (msg.Message, msg.Message) {
		return msg.New("rule.LAB067.cause", rc.Username), msg.New("rule.LAB067.fix", rc.Username)
	}),
})

// logPostgresNoHost is LAB018 in the Collector's log: the receiver's host
// resolves to nothing.
var logPostgresNoHost = pgLog(func(l *model.Lab, rc *model.Component, _ string) (msg.Message, msg.Message) {
	return msg.New("rule.LAB018.log", rc.ID), msg.New("rule.LAB018.log_fix", l.Fix.Postgres)
})
