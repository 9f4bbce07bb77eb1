package checks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/checks/labtest"
	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/internal/testutil"
)

// The user's expectations run as verify's checks against the real lab:
// the template backend, the Collector, Jaeger, PostgreSQL and Prometheus.
const realExpectations = `expectations:
  - id: insert_under_post
    name: créer un produit fait un INSERT sous le POST
    request: POST /products/
    spans:
      kind: client
      attributes: {db.statement: "~^INSERT", db.system: postgresql}
      under: POST /products/
  - id: no_error
    name: aucun span en erreur
    spans: {status: error}
    count: 0
  - id: get_fast
    name: GET /products/{id} répond en moins de 5 s
    request: GET /products/{id}
    spans: {kind: server}
    count: 1
    duration: "< 5s"
  - id: commits_rising
    name: postgresql_commits_total monte
    metric: increase(postgresql_commits_total[1m]) > 0
  - id: impossible_duration
    name: une durée impossible
    level: bonus
    spans: {kind: server}
    duration: "< 1ns"
  - id: no_such_span
    name: un span qui n'existe pas
    level: bonus
    request: POST /products/
    spans: {kind: client, attributes: {db.statement: "~^UPDATE"}}
  - id: negative_commits
    name: une métrique impossible
    level: bonus
    metric: postgresql_commits_total < 0
`

func TestVerifyExpectationsReal(t *testing.T) {
	testbed.SkipShort(t, "starts PostgreSQL, Jaeger, the Collector, Prometheus and the backend")
	f, err := expect.Parse([]byte(realExpectations), "labctl-expect.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l := labtest.Start(t)
	l.StartCollector(t, labtest.Good)
	l.StartPrometheus(t)
	start := time.Now()
	r := verify(t, run{Config: l.Config, Timeout: 40 * time.Second, Expect: f.Expectations})
	took := time.Since(start)
	wantPass(t, r, "expect.insert_under_post", "expect.no_error", "expect.get_fast", "expect.commits_rising")
	if !r.Passed {
		t.Errorf("verify failed with only bonus expectations failing")
	}
	for id, want := range map[string]string{
		"expect.insert_under_post": `1 span matched kind=client, db.statement ~ ^INSERT, db.system=postgresql under the server span of POST /products/ in the trace of POST /products/: "INSERT `,
		"expect.no_error":          "no span matched status=error among",
		"expect.commits_rising":    "increase(postgresql_commits_total[1m]) = ",
	} {
		if ev := testutil.Found(t, r.Outcome(id), id).Evidence; !strings.HasPrefix(ev, want) {
			t.Errorf("%s evidence %q, want it to start with %q", id, ev, want)
		}
	}
	for id, want := range map[string]string{
		"expect.impossible_duration": `4 of 4 spans matching kind=server fail: "POST /products/" took`, // time order
		"expect.no_such_span":        `"INSERT postgres" (kind=client) has db.statement=INSERT INTO products`,
		"expect.negative_commits":    "postgresql_commits_total = ",
	} {
		o := testutil.Found(t, r.Outcome(id), id)
		if o.Status != checks.Fail || !strings.Contains(o.Evidence, want) {
			t.Errorf("%s: %s %q (diagnosis %q), want a failure with %q", id, o.Status, o.Evidence, o.Diagnosis, want)
		}
	}
	// A miss about spans is final once the traces are complete: it does
	// not wait for the deadline.
	for _, id := range []string{"expect.impossible_duration", "expect.no_such_span"} {
		if d := testutil.Found(t, r.Outcome(id), id).Duration; d > 20*time.Second {
			t.Errorf("%s took %s: a span miss waited for the deadline", id, d)
		}
	}
	t.Logf("verify with expectations took %s", took)

	// Everywhere verify's checks are: JSON, and JUnit with one test per expectation.
	var js, ju strings.Builder
	if err := checks.WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := checks.WriteJUnit(&ju, r); err != nil {
		t.Fatal(err)
	}
	for _, x := range f.Expectations {
		if !strings.Contains(js.String(), `"id": "expect.`+x.ID+`"`) {
			t.Errorf("verify.json lacks expect.%s", x.ID)
		}
		if n := strings.Count(ju.String(), `<testcase name="expect.`+x.ID+`: `); n != 1 {
			t.Errorf("JUnit has %d tests for expect.%s, want 1", n, x.ID)
		}
	}
}
