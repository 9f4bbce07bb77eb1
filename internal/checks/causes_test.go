package checks

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

func TestCauseOf(t *testing.T) {
	tests := []struct {
		name string
		f    rules.Finding
		ok   bool
		want []string // in the diagnosis
	}{
		{"an error of a rule that blocks checks",
			rules.Finding{Rule: "LAB010", Severity: rules.Error, File: "compose.yml", Line: 23, Key: "services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT",
				Message: msg.Raw("OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317: inside the backend container localhost is the backend itself"), Fix: msg.Raw("OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317")},
			true, []string{"compose.yml:23 services.backend.environment.OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317", "; OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317", "(labctl explain LAB010)"}},
		{"a log's finding quotes the log",
			rules.Finding{Rule: "LAB061", Severity: rules.Error, File: "compose.yml", Line: 23, Message: msg.Raw("the backend cannot export its spans to database:4317"), Quote: "Connection refused", Source: "backend log"},
			true, []string{`(backend log: Connection refused)`}},
		{"a warning blocks nothing", rules.Finding{Rule: "LAB030", Severity: rules.Warning}, false, nil},
		{"an unknown rule blocks nothing", rules.Finding{Rule: "LAB999", Severity: rules.Error}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := CauseOf(tt.f)
			if ok != tt.ok {
				t.Fatalf("ok %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			r, _ := rules.Lookup(tt.f.Rule)
			if c.Rule != tt.f.Rule || len(c.Blocks) == 0 || strings.Join(c.Blocks, ",") != strings.Join(r.Blocks, ",") {
				t.Errorf("cause %+v, want rule %s blocking %v", c, tt.f.Rule, r.Blocks)
			}
			for _, w := range tt.want {
				if !strings.Contains(c.Diagnosis.English(), w) {
					t.Errorf("diagnosis lacks %q: %s", w, c.Diagnosis.English())
				}
			}
		})
	}
}

// After the run: a failure gets the cause that blocks it even when it gave
// up first; a cause contradicted by a passed check it goes through says
// nothing; one cause is shown once.
func TestBlameAndKeepCauses(t *testing.T) {
	list := []Check{{ID: "traffic"}, {ID: "service"}, {ID: "server"}, {ID: "db", Needs: []string{"server"}}, {ID: "collector"}}
	c := Cause{Rule: "LAB010", Blocks: []string{"service", "server", "collector"}, Diagnosis: msg.Raw("compose.yml:23: localhost")}
	tests := []struct {
		name    string
		out     []Outcome
		want    map[string]string // ID → rule
		blocked map[string]string // ID → blocked by
	}{
		{
			name: "gave up before the cause was known",
			out: []Outcome{{ID: "traffic", Status: Pass}, {ID: "service", Status: Fail, Rule: "LAB010", EndedEarly: true, Diagnosis: "compose.yml:23: localhost"},
				{ID: "server", Status: Fail, Rule: "LAB010", EndedEarly: true, Diagnosis: "compose.yml:23: localhost"}, {ID: "db", Status: Fail}, {ID: "collector", Status: Fail}},
			want:    map[string]string{"traffic": "", "service": "LAB010", "server": "LAB010", "db": "LAB010", "collector": "LAB010"},
			blocked: map[string]string{"service": "", "server": "service", "db": "service", "collector": "service"},
		},
		{
			name: "the server span passed: the database span's failure is its own",
			out: []Outcome{{ID: "traffic", Status: Pass}, {ID: "service", Status: Pass}, {ID: "server", Status: Pass},
				{ID: "db", Status: Fail, Rule: "LAB010", EndedEarly: true, Diagnosis: "compose.yml:23: localhost"}, {ID: "collector", Status: Fail}},
			want:    map[string]string{"db": "", "collector": "LAB010"},
			blocked: map[string]string{"collector": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blameFailures(tt.out, list, []Cause{c})
			caused := causedFailures(tt.out)
			forgetCauses(tt.out, caused) // diagnose finds nothing here
			keepCauses(tt.out, caused)
			for _, o := range tt.out {
				if w, ok := tt.want[o.ID]; ok && o.Rule != w {
					t.Errorf("%s: rule %q, want %q", o.ID, o.Rule, w)
				}
				if w, ok := tt.blocked[o.ID]; ok && o.BlockedBy != w {
					t.Errorf("%s: blocked by %q, want %q (%s)", o.ID, o.BlockedBy, w, o.Diagnosis)
				}
				if o.Rule == "" && (o.EndedEarly || o.Diagnosis != "") {
					t.Errorf("%s: no cause, yet ended early %v with diagnosis %q", o.ID, o.EndedEarly, o.Diagnosis)
				}
			}
		})
	}
}

// The watcher sends what it finds until stopped, returns all of it, and
// is gone when stop returns.
func TestWatchCauses(t *testing.T) {
	n := 0
	watch := func(ctx context.Context) []Cause {
		n++
		if n == 2 {
			return []Cause{{Rule: "LAB061"}}
		}
		return nil
	}
	causes, stop := watchCauses(context.Background(), watch, 10*time.Millisecond)
	select {
	case c := <-causes:
		if c.Rule != "LAB061" {
			t.Errorf("got %+v", c)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the watcher sent nothing")
	}
	found := stop()
	if len(found) != 1 || found[0].Rule != "LAB061" {
		t.Errorf("stop returned %+v", found)
	}
	calls := n
	time.Sleep(50 * time.Millisecond)
	if n != calls {
		t.Error("the watcher still reads after stop")
	}
}

// One cause, shown once: the first check it blocks carries it with its
// rule, the others point there; a check no finding covers keeps its own
// diagnosis.
func TestDiagnoseShowsARootCauseOnce(t *testing.T) {
	fs := []rules.Finding{{Rule: "LAB070", Blocks: []string{IDJaegerService, IDServerSpan}, File: "compose.yml", Message: msg.New("rule.LAB073.cause"), Fix: msg.Raw("f")}}
	out := []Outcome{{ID: IDBackendTraffic, Status: Pass}, {ID: IDJaegerService, Status: Fail}, {ID: IDServerSpan, Status: Fail}, {ID: IDPGRows, Status: Fail}}
	list := []Check{{}, {}, {}, {Diagnose: func(Snapshot) msg.Message { return msg.Raw("own") }}}
	diagnose(out, list, Snapshot{}, fs)
	if out[1].Diagnosis != "compose.yml: the Collector has no traces pipeline; f" || out[1].BlockedBy != "" || out[1].Rule != "LAB070" {
		t.Errorf("root: %+v", out[1])
	}
	if out[1].DiagnosisMsg == nil || !strings.HasPrefix(msg.For(msg.French).Text(*out[1].DiagnosisMsg), "compose.yml : le Collector n'a pas de pipeline traces") {
		t.Errorf("root in French: %+v", out[1].DiagnosisMsg)
	}
	if out[2].BlockedBy != IDJaegerService || out[2].Diagnosis != "blocked by jaeger_service: the Collector has no traces pipeline" || out[2].Rule != "LAB070" {
		t.Errorf("blocked: %+v", out[2])
	}
	if out[2].DiagnosisMsg == nil || msg.For(msg.French).Text(*out[2].DiagnosisMsg) != "bloqué par jaeger_service : le Collector n'a pas de pipeline traces" {
		t.Errorf("blocked in French: %+v", out[2].DiagnosisMsg)
	}
	if out[3].Diagnosis != "own" || out[3].Rule != "" || out[0].Diagnosis != "" {
		t.Errorf("others: %+v %+v", out[3], out[0])
	}
}

// A diagnosis from a rule survives verify.json: read back, it says the
// same in French, the log line quoted, and keeps its rule.
func TestRuleDiagnosisRoundTrips(t *testing.T) {
	f := rules.Finding{Rule: "LAB066", Blocks: []string{IDPGCommits}, File: "otel-collector-config.yaml", Line: 10, Key: "receivers.postgresql.username",
		Message: msg.New("rule.LAB066.cause", "postgresql", "otel"), Fix: msg.New("rule.LAB066.fix"),
		Quote: `pq: role "otel" does not exist`, Source: "otel-collector log", Service: "otel-collector"}
	out := []Outcome{{ID: IDPGCommits, Status: Fail}}
	diagnose(out, []Check{{}}, Snapshot{}, []rules.Finding{f})
	data, err := json.Marshal(out[0])
	if err != nil {
		t.Fatal(err)
	}
	var back Outcome
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	want := `otel-collector-config.yaml:10 receivers.postgresql.username: the postgresql receiver logs in as "otel", a role PostgreSQL does not have; use the database's user, or create the role (CREATE USER ... ; GRANT pg_monitor TO ...) (otel-collector log: pq: role "otel" does not exist)`
	if back.Diagnosis != want || back.DiagnosisText().English() != want || back.Rule != "LAB066" {
		t.Errorf("read back:\n  %s\n  %s\nwant\n  %s", back.Diagnosis, back.DiagnosisText().English(), want)
	}
	fr := msg.For(msg.French).Text(back.DiagnosisText())
	if !strings.Contains(fr, "un rôle que PostgreSQL n'a pas") || !strings.Contains(fr, `(journal de otel-collector : « pq: role "otel" does not exist »)`) {
		t.Errorf("in French: %s", fr)
	}
}

// A cause the runner ended a check with, found again by diagnose after the
// run (which read the logs then), keeps diagnose's words: they quote the
// log line that proves it. A check diagnose gives another rule gets the
// runner's cause back.
func TestKeepCausesPrefersDiagnoseWithItsQuote(t *testing.T) {
	out := []Outcome{
		{ID: "service", Status: Fail, Rule: "LAB072", EndedEarly: true, Diagnosis: "exited"},
		{ID: "rows", Status: Fail, Rule: "LAB072", EndedEarly: true, Diagnosis: "exited"},
	}
	caused := causedFailures(out)
	forgetCauses(out, caused)
	// What diagnose does: the same rule with the log's line on the first
	// check, another rule on the second.
	out[0].Rule, out[0].Diagnosis = "LAB072", "exited (otel-collector log: unknown type)"
	out[1].Rule, out[1].Diagnosis = "LAB076", "no job"
	keepCauses(out, caused)
	if out[0].Diagnosis != "exited (otel-collector log: unknown type)" || out[0].BlockedBy != "" {
		t.Errorf("service: %+v", out[0])
	}
	if out[1].Rule != "LAB072" || out[1].BlockedBy != "service" {
		t.Errorf("rows: %+v", out[1])
	}
}

// A file rule's cause names its line: after the run it keeps its words
// even where diagnose finds the same rule in the model (with no line).
func TestKeepCausesKeepsAFileLine(t *testing.T) {
	out := []Outcome{{ID: "service", Status: Fail, Rule: "LAB010", EndedEarly: true, Diagnosis: "compose.yml:23: localhost", causeAtLine: true}}
	caused := causedFailures(out)
	forgetCauses(out, caused)
	out[0].Rule, out[0].Diagnosis = "LAB010", "compose.yml services.backend: localhost (backend log: refused)"
	keepCauses(out, caused)
	if out[0].Diagnosis != "compose.yml:23: localhost" {
		t.Errorf("got %q", out[0].Diagnosis)
	}
}
