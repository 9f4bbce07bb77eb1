package expect_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/expect"
)

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown key", "expectations:\n  - id: a\n    name: A\n    spanz: {kind: client}\n",
			`x.yaml:4: unknown key "spanz" in an expectation; valid keys: id, name, level, request, spans, count, duration, attributes, metric`},
		{"unknown selector key", "expectations:\n  - id: a\n    name: A\n    spans:\n      knd: client\n",
			`x.yaml:5: unknown key "knd" in spans; valid keys: service, name, kind, status, attributes, under`},
		{"unknown operator", "expectations:\n  - id: a\n    name: A\n    spans:\n      attributes:\n        http.status_code: \"=> 500\"\n",
			`x.yaml:6: attribute http.status_code: unknown operator "=>"; use one of = != ~ !~ > >= < <= (or exists, absent)`},
		{"unknown count operator", "expectations:\n  - id: a\n    name: A\n    spans: {kind: client}\n    count: \"=> 1\"\n",
			`x.yaml:5: count "=> 1": unknown operator "=>"`},
		{"malformed regex", "expectations:\n  - id: a\n    name: A\n    spans:\n      attributes: {db.statement: \"~^INSERT (\"}\n",
			`x.yaml:5: attribute db.statement: malformed regular expression "^INSERT (" (missing closing ): "^INSERT ("); fix it (Go RE2 syntax)`},
		{"malformed name regex", "expectations:\n  - id: a\n    name: A\n    spans: {name: \"~[a-\"}\n",
			`x.yaml:4: name "~[a-": malformed regular expression`},
		{"malformed PromQL bracket", "expectations:\n  - id: a\n    name: A\n    metric: increase(postgresql_commits_total[1m) > 0\n",
			`x.yaml:4: metric "increase(postgresql_commits_total[1m) > 0": malformed PromQL: ')' closes nothing`},
		{"PromQL without comparison", "expectations:\n  - id: a\n    name: A\n    metric: rate(postgresql_commits_total[1m])\n",
			`malformed PromQL: no comparison with a number at the end`},
		{"PromQL comparison with text", "expectations:\n  - id: a\n    name: A\n    metric: up > high\n",
			`malformed PromQL: "high" after > is not a number`},
		{"count on a metric", "expectations:\n  - id: a\n    name: A\n    metric: up == 1\n    count: 1\n",
			`x.yaml:5: expectation "a" is about a metric: count, duration and attributes are for spans`},
		{"no name", "expectations:\n  - id: a\n    spans: {kind: client}\n",
			`x.yaml:2: expectation "a" has no name; add`},
		{"duplicate id", "expectations:\n  - {id: a, name: A, metric: up == 1}\n  - {id: a, name: B, metric: up == 1}\n",
			`x.yaml:3: expectation id "a" is already used at line 2`},
		{"bad request", "expectations:\n  - id: a\n    name: A\n    request: /products/\n    spans: {kind: client}\n",
			`x.yaml:4: request "/products/" is not METHOD /path; write it like POST /products/`},
		{"bad kind", "expectations:\n  - id: a\n    name: A\n    spans: {kind: clients}\n",
			`x.yaml:4: kind "clients" is not a span kind; use one of: server, client, internal, producer, consumer`},
		{"bad duration", "expectations:\n  - id: a\n    name: A\n    spans: {kind: client}\n    duration: \"< 100 parsecs\"\n",
			`x.yaml:5: duration "< 100 parsecs" is not a bound`},
		{"yaml syntax", "expectations:\n  - id: a\n   name: A\n", `; fix the YAML syntax`},
		{"empty", "", `x.yaml is empty`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := expect.Parse([]byte(c.src), "x.yaml")
			if err == nil {
				t.Fatalf("no error for:\n%s", c.src)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %s\nlacks\n  %s", err, c.want)
			}
		})
	}
}

func TestParseMetric(t *testing.T) {
	cases := []struct{ src, query, cmp string }{
		{"increase(postgresql_commits_total[1m]) > 0", "increase(postgresql_commits_total[1m])", "> 0"},
		{`sum(postgresql_rows{state=~"live|dead"}) >= 1`, `sum(postgresql_rows{state=~"live|dead"})`, ">= 1"},
		{`up{job="otel-collector"} == 1`, `up{job="otel-collector"}`, "1"},
		{`a > 1 < 5`, `a > 1`, "< 5"},
	}
	for _, c := range cases {
		f, err := expect.Parse([]byte("expectations:\n  - id: m\n    name: M\n    metric: '"+c.src+"'\n"), "x.yaml")
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		m := f.Expectations[0].Metric
		if m.Query != c.query || m.Cmp.String() != c.cmp {
			t.Errorf("%s: query %q cmp %q, want %q %q", c.src, m.Query, m.Cmp, c.query, c.cmp)
		}
	}
}

func TestMetricJudge(t *testing.T) {
	m := &expect.Metric{Query: "increase(x[1m])", Cmp: expect.Compare{Op: ">", N: 0}}
	cases := []struct {
		series []expect.Series
		pass   bool
		want   string
	}{
		{nil, false, "increase(x[1m]): no series in Prometheus (yet)"},
		{[]expect.Series{{Value: 0}}, false, "increase(x[1m]) = 0, expected > 0"},
		{[]expect.Series{{Value: 0, Labels: map[string]string{"db": "a"}}, {Value: 3.5, Labels: map[string]string{"db": "b", "job": "j"}}}, true, `increase(x[1m]) = 0{db="a"}, 3.5{db="b"} (> 0)`},
	}
	for _, c := range cases {
		pass, msg := m.Judge(c.series)
		if pass != c.pass || !strings.HasPrefix(msg, c.want) {
			t.Errorf("Judge(%v) = %v %q, want %v %q", c.series, pass, msg, c.pass, c.want)
		}
	}
}

func TestAliasesBothWays(t *testing.T) {
	for _, row := range expect.Aliases {
		for _, n := range row {
			got := expect.Names(n)
			if got[0] != n || len(got) != len(row) {
				t.Errorf("Names(%s) = %v, want %s first and all of %v", n, got, n, row)
			}
		}
	}
	if got := expect.Names("service.version"); len(got) != 1 {
		t.Errorf("an attribute without aliases has %v", got)
	}
}

func TestCheckTraffic(t *testing.T) {
	f, err := expect.Parse([]byte("expectations:\n  - id: a\n    name: A\n    request: PUT /products/{id}\n    spans: {kind: client}\n  - id: b\n    name: B\n    request: GET /products/{product_id}\n    spans: {kind: client}\n"), "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	traffic := []expect.Request{{Method: "POST", Path: "/products/"}, {Method: "GET", Path: "/products/{id}"}}
	err = expect.CheckTraffic(f.Expectations[1:], traffic)
	if err != nil {
		t.Errorf("GET /products/{product_id} fits GET /products/{id}: %v", err)
	}
	err = expect.CheckTraffic(f.Expectations, traffic)
	want := "x.yaml:4: request PUT /products/{id} is not in verify's traffic; use one of: POST /products/, GET /products/{id}"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}

// The README's alias table is this package's: one table, written once.
func TestREADMEAliasTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "| stable | old |\n|---|---|\n")
	if !ok {
		t.Fatal("README has no alias table")
	}
	var rows [][]string
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			break
		}
		var row []string
		for _, cell := range strings.Split(strings.Trim(line, "|"), "|") {
			for _, n := range strings.Split(cell, ",") {
				row = append(row, strings.Trim(strings.TrimSpace(n), "`"))
			}
		}
		rows = append(rows, row)
	}
	if fmt.Sprint(rows) != fmt.Sprint(expect.Aliases) {
		t.Errorf("README's alias table\n  %v\ndiffers from expect.Aliases\n  %v", rows, expect.Aliases)
	}
}
