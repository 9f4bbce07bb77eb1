package grade_test

import (
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/grade"
)

func TestRubricExpectations(t *testing.T) {
	r, err := grade.LoadRubric("testdata/rubric_expect.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Expectations) != 3 || r.Expectations[2].Metric == nil {
		t.Fatalf("expectations: %+v", r.Expectations)
	}
	res := &checks.Result{Checks: []checks.Outcome{
		{ID: "expect.insert_under_post", Status: checks.Pass, Evidence: `1 span matched kind=client, db.statement ~ ^INSERT under the server span of POST /products/: "INSERT postgres" (backend-service, 1.2ms) in trace 4bf92f3577b3…`},
		{ID: "expect.no_error_span", Status: checks.Pass, Evidence: "no span matched status=error among 24 spans of 4 traces"},
		{ID: "expect.commits_rising", Status: checks.Fail, Evidence: "increase(postgresql_commits_total[1m]) = 0, expected > 0", Diagnosis: "increase(postgresql_commits_total[1m]) = 0, expected > 0"},
	}}
	g := grade.Grade(r, "alice", "", grade.Evidence{Checks: grade.FromVerify(res)})
	byID := map[string]grade.CriterionResult{}
	for _, c := range g.Criteria {
		byID[c.ID] = c
	}
	if c := byID["insert_span"]; !c.Met || !strings.Contains(c.Evidence, `"INSERT postgres"`) {
		t.Errorf("insert_span: met=%v evidence %q, want met, quoting the span", c.Met, c.Evidence)
	}
	if c := byID["clean_traces"]; c.Met || !strings.Contains(c.Evidence, "expect.commits_rising failed: increase(postgresql_commits_total[1m]) = 0, expected > 0") {
		t.Errorf("clean_traces: met=%v evidence %q, want unmet with the metric's value", c.Met, c.Evidence)
	}
}

func TestRubricExpectationErrors(t *testing.T) {
	const groups = "groups:\n  - name: G\n    criteria:\n      - id: c\n        text: C\n        expect: %s\n"
	cases := []struct{ name, src, want string }{
		{"undefined expectation", strings.Replace(groups, "%s", "nope", 1),
			`rubric.yaml:6: no expectation "nope" in this rubric; the rubric defines none; add ` + "`expectations:`"},
		{"unknown operator inside the rubric", strings.Replace(groups, "%s", "a", 1) + "expectations:\n  - id: a\n    name: A\n    spans: {attributes: {http.status_code: \"=< 3\"}}\n",
			`rubric.yaml:10: attribute http.status_code: unknown operator "=<"`},
		{"a request grading does not send", strings.Replace(groups, "%s", "a", 1) + "expectations:\n  - id: a\n    name: A\n    request: PATCH /products/{id}\n    spans: {kind: client}\n",
			`rubric.yaml:10: request PATCH /products/{id} is not in verify's traffic`},
		{"two proofs", "groups:\n  - name: G\n    criteria:\n      - id: c\n        text: C\n        expect: a\n        check: backend_traffic\nexpectations:\n  - {id: a, name: A, metric: up == 1}\n",
			`rubric.yaml:4: criterion "c" has two proofs (expect and check)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := grade.ParseRubric([]byte(c.src), "rubric.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %s", err, c.want)
			}
		})
	}
}
