package rules

import (
	"github.com/labctl/labctl/internal/model"
	"os"
	"strings"
	"testing"
	"time"
)

// The Collector's log tells the receiver's causes apart. The logs are the
// real Collector 0.145.0 against the real PostgreSQL 15, recorded
// (testdata/collector-log/README.md); each cause has its own rule, key and fix.
func TestPostgresCausesFromTheCollectorLog(t *testing.T) {
	l := courseLab(t, [2]string{})
	cases := []struct {
		log  string
		rule string
		want []string
		not  []string
	}{
		{"bad-password.log", "LAB063", []string{"otel-collector-config.yaml:", "receivers.postgresql.password", `refuses the password of user "otel", or has no role "otel"`,
			"otel-collector log: ", `pq: password authentication failed for user "otel")`}, []string{"pg_monitor", `\"`, "; pq:"}},
		// With passwords, PostgreSQL words a missing role as a bad password.
		{"no-such-role.log", "LAB063", []string{"receivers.postgresql.password", `has no role "nosuch"`, "or create that role",
			`pq: password authentication failed for user "nosuch")`}, []string{"pg_monitor"}},
		{"role-nologin.log", "LAB064", []string{"receivers.postgresql.username", `logs in as "nolog", a role without LOGIN`, "ALTER ROLE nolog LOGIN",
			`pq: role "nolog" is not permitted to log in)`}, []string{"pg_monitor", "password"}},
		{"no-connect.log", "LAB065", []string{"receivers.postgresql.databases", `may not connect to database "app"`, "GRANT CONNECT ON DATABASE app TO postgres",
			"log: pq: permission denied for database app)"}, []string{"pg_monitor"}},
		// Only where PostgreSQL trusts the client does it say the role is missing.
		{"no-such-role-trust.log", "LAB066", []string{"receivers.postgresql.username", `logs in as "otel", a role PostgreSQL does not have`,
			`pq: role "otel" does not exist)`}, nil},
		{"no-such-host.log", "LAB018", []string{"receivers.postgresql.endpoint", "cannot find PostgreSQL's host", "database:5432",
			"dial tcp: lookup nosuchhost on 10.255.255.53:53: no such host)"}, nil},
		// Words no rule of the family knows: the receiver's own error, at its line.
		{"ssl.log", "LAB068", []string{"otel-collector-config.yaml:", "receivers.postgresql cannot collect", "pq: SSL is not enabled on the server"}, nil},
	}
	for _, c := range cases {
		t.Run(c.log, func(t *testing.T) {
			data, err := os.ReadFile("testdata/collector-log/" + c.log)
			if err != nil {
				t.Fatal(err)
			}
			fs := Diagnose(l, logOf("otel-collector", string(data)))
			if len(fs) != 1 {
				t.Fatalf("%d findings, want 1: %v", len(fs), fs)
			}
			f := fs[0]
			text := f.Diagnosis().English()
			if f.Rule != c.rule {
				t.Errorf("rule %s, want %s: %s", f.Rule, c.rule, text)
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n  %s", w, text)
				}
			}
			for _, w := range c.not {
				if strings.Contains(text, w) {
					t.Errorf("holds %q:\n  %s", w, text)
				}
			}
			if got := f.Blocks; len(got) != 2 || got[0] != BlocksPG || got[1] != BlocksPGRows {
				t.Errorf("blocks %v, want the two postgresql checks", got)
			}
			if f.Message.Key == "" || f.Fix.Key == "" || f.Service != "otel-collector" {
				t.Errorf("not through the catalog, or no service: %+v", f)
			}
		})
	}
	// Refused connections: recorded against a closed port. Where the
	// endpoint names another port, nothing listens there; where it names
	// the PostgreSQL service at its port, the endpoint is right and the fix
	// must not ask for it again (a database still starting, in a class).
	refused, err := os.ReadFile("testdata/collector-log/refused.log")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		edit      [2]string
		want, not []string
	}{
		{[2]string{"endpoint: database:5432", "endpoint: database:5433"},
			[]string{"receivers.postgresql cannot collect: nothing listens at its endpoint", "set receivers.postgresql.endpoint", "connect: connection refused"}, nil},
		{[2]string{},
			[]string{"its endpoint database:5432 names the database service", "the endpoint is right", "connect: connection refused"},
			[]string{"set receivers.postgresql.endpoint"}},
	} {
		fs := Diagnose(courseLab(t, c.edit), logOf("otel-collector", string(refused)))
		if len(fs) != 1 || fs[0].Rule != "LAB068" {
			t.Fatalf("refused, endpoint %q: %v, want one LAB068", c.edit[1], fs)
		}
		text := fs[0].Diagnosis().English()
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("refused, endpoint %q: lacks %q:\n  %s", c.edit[1], w, text)
			}
		}
		for _, w := range c.not {
			if strings.Contains(text, w) {
				t.Errorf("refused, endpoint %q: holds %q:\n  %s", c.edit[1], w, text)
			}
		}
	}
	// PostgreSQL seen running and healthy when the lab was read: its
	// refusals are the Collector's collections before it was ready (a CI
	// run on a loaded machine: two of them, then the role's own error).
	// The refusals alone say nothing yet; followed by the real error, that
	// error is the diagnosis.
	healthy := func() *model.Lab {
		l := courseLab(t, [2]string{})
		pg := l.Service(model.RolePostgres)
		pg.Running, pg.Health = true, "healthy"
		return l
	}
	if fs := Diagnose(healthy(), logOf("otel-collector", string(refused))); len(fs) != 0 {
		t.Errorf("refusals by a PostgreSQL then healthy: %v, want no finding yet", fs[0].Diagnosis().English())
	}
	password, err := os.ReadFile("testdata/collector-log/bad-password.log")
	if err != nil {
		t.Fatal(err)
	}
	fs := Diagnose(healthy(), logOf("otel-collector", string(refused)+"\n"+string(password)))
	if len(fs) != 1 || !strings.Contains(fs[0].Diagnosis().English(), `password authentication failed for user "otel"`) {
		t.Errorf("refusals then a password error: %v, want the password's finding", fs)
	}
	// PostgreSQL's own log says when it was ready (its two servers, initdb's
	// first, as the postgres image writes them): refusals before the last
	// say nothing; refusals after it are a cause even while it is healthy
	// (it listens elsewhere, it restarted).
	pgLog := func(ready string) Logs {
		return func(s string) []string {
			switch s {
			case "otel-collector":
				return strings.Split(string(refused), "\n")
			case "database":
				return []string{
					"2026-12-03 22:12:20.174 UTC [32] LOG:  database system is ready to accept connections",
					ready + " UTC [1] LOG:  database system is ready to accept connections",
				}
			}
			return nil
		}
	}
	if fs := Diagnose(courseLab(t, [2]string{}), pgLog("2026-12-03 22:12:40.382")); len(fs) != 0 {
		t.Errorf("refusals before PostgreSQL's ready line: %v, want no finding yet", fs[0].Diagnosis().English())
	}
	if fs := Diagnose(healthy(), pgLog("2026-12-03 22:12:30.382")); len(fs) != 1 || fs[0].Rule != "LAB068" {
		t.Errorf("refusals after PostgreSQL's ready line, PostgreSQL healthy: %v, want LAB068", fs)
	}
	// Not measured (PostgreSQL 15 lets any role read the default statistics):
	// a permission error on a statistic asks for pg_monitor.
	line := `2026-12-01T10:00:00Z	error	Error scraping metrics	{"error": "pq: permission denied for function pg_ls_waldir"}`
	if fs := Diagnose(l, logOf("otel-collector", line)); len(fs) != 1 || fs[0].Rule != "LAB067" || !strings.Contains(fs[0].Diagnosis().English(), "GRANT pg_monitor TO postgres") {
		t.Errorf("permission denied for a function: %v", fs)
	}
	if fs := Diagnose(l, logOf("otel-collector", "all good")); len(fs) != 0 {
		t.Errorf("findings from a clean log: %v", fs)
	}
	if fs := Diagnose(l, nil); len(fs) != 0 {
		t.Errorf("findings without logs: %v", fs)
	}
}

// logOf is one service's log.
func logOf(service, log string) Logs {
	return func(s string) []string {
		if s != service {
			return nil
		}
		return strings.Split(log, "\n")
	}
}

// A cause the files show takes its proof from the log: the newest line
// with the words, the error field of a structured line.
func TestDiagnoseQuotesTheLog(t *testing.T) {
	l := courseLab(t, [2]string{"endpoint: jaeger:4317", "endpoint: localhost:4317"})
	log := `2026-12-01T10:00:00Z	info	Everything is ready.
2026-12-01T10:00:05Z	warn	Exporting failed. Will retry the request after interval.	{"otelcol.component.id": "otlp/jaeger", "error": "rpc error: code = Unavailable desc = connection refused"}`
	fs := Diagnose(l, logOf("otel-collector", log))
	if len(fs) == 0 || fs[0].Rule != "LAB006" {
		t.Fatalf("findings %v, want LAB006 first", fs)
	}
	got := fs[0].Diagnosis().English()
	if !strings.Contains(got, "; endpoint: jaeger:4317 (otel-collector log: ") || !strings.HasSuffix(got, `connection refused"})`) || fs[0].Service != "otel-collector" {
		t.Errorf("no quote of the newest export failure: %s", got)
	}
	if fs := Diagnose(l, logOf("otel-collector", "all good")); len(fs) == 0 || fs[0].Quote != "" {
		t.Errorf("a quote from a log without the words: %v", fs)
	}
}

// PostgreSQL names a role or a database bare or quoted, and the quotes are
// escaped in a raw JSON field.
func TestNameAfter(t *testing.T) {
	for _, c := range []struct{ line, prefix, want string }{
		{`pq: password authentication failed for user "otel"`, "for user ", "otel"},
		{`"error": "pq: role \"nolog\" is not permitted to log in"`, "role ", "nolog"},
		{`pq: permission denied for database app; pq: permission denied for database "app"`, "permission denied for database ", "app"},
		{`pq: permission denied for database "lab_locked"`, "permission denied for database ", "lab_locked"},
		{`pq: the database system is starting up`, "for user ", ""},
	} {
		if got := nameAfter(c.line, c.prefix); got != c.want {
			t.Errorf("nameAfter(%q, %q) = %q, want %q", c.line, c.prefix, got, c.want)
		}
	}
}

// One failed collection is no cause: the database was still starting (a
// class's grading measured it: the next collection worked). The same
// error in two collections is (refused.log).
func TestOneFailedCollectionIsNoCause(t *testing.T) {
	data, err := os.ReadFile("testdata/collector-log/refused-once.log")
	if err != nil {
		t.Fatal(err)
	}
	l := courseLab(t, [2]string{})
	if fs := Diagnose(l, logOf("otel-collector", string(data))); len(fs) > 0 {
		t.Errorf("a cause from one failed collection: %s", fs[0].Diagnosis().English())
	}
}

// A Collector line's time, in its console and its JSON encodings.
func TestLineTime(t *testing.T) {
	want := time.Date(2026, 12, 3, 22, 12, 32, 640e6, time.UTC)
	for _, line := range []string{
		"2026-12-03T22:12:32.640Z\terror\tscraper.go:1\tError scraping metrics",
		`{"level":"error","ts":1796335952.64,"msg":"Error scraping metrics"}`,
		`{"level":"error","ts":"2026-12-03T22:12:32.640Z","msg":"x"}`,
	} {
		got, ok := lineTime(line)
		if !ok || got.Sub(want).Abs() > time.Millisecond {
			t.Errorf("lineTime(%q) = %v %v, want %v", line, got, ok, want)
		}
	}
	if _, ok := lineTime("no time here"); ok {
		t.Error("a time read from a line without one")
	}
}
