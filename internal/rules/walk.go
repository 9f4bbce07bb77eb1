package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/msg"
)

// The pipeline walk's sentences as a rule family, LAB100-LAB139: one ID
// per sentence verify's walk can say about a failed check (internal/checks
// diagnose.go and explain.go), so that every diagnosis verify prints has a
// page `labctl explain` knows and verify.json names it (Outcome.Rule).
//
// The walk itself stays in checks, which reads verify's snapshot of the
// pipeline; this is its catalogue: the sentence's catalog key, the rule's
// title and page in both languages (internal/msg/catalog_walk.go), and the
// checks whose diagnosis can say it (checks' tests derive them from the
// walk and compare). Walk rules are marked Walk and have no Check or Log: no file or log
// finds them, only the walk over what the pipeline looked like at the end.
//
// IDs are never reused: a sentence that goes keeps its ID retired here.

// walkRule is one sentence of the walk and its entry in the catalogue.
type walkRule struct {
	id, slug string
	// key is the sentence's catalog key (diag.*).
	key         string
	title, page msg.Message
	severity    Severity
	blocks      []string
}

// Stages of the spans, then of the metrics, in the order data flows; the
// last words (the deadline, could not tell) claim no broken stage: they
// are warnings.
var walkRules = []walkRule{
	{"LAB100", "walk-backend-no-answer", "diag.backend.down", msg.New("rule.LAB100.title"), msg.New("rule.LAB100.page"), Error,
		[]string{"backend_traffic", BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB101", "walk-backend-no-answer-error", "diag.backend.down_why", msg.New("rule.LAB101.title"), msg.New("rule.LAB101.page"), Error,
		[]string{"backend_traffic", BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB102", "walk-backend-fails", "diag.backend.fails", msg.New("rule.LAB102.title"), msg.New("rule.LAB102.page"), Error,
		[]string{"backend_traffic"}},
	{"LAB103", "walk-collector-no-answer", "diag.collector.down", msg.New("rule.LAB103.title"), msg.New("rule.LAB103.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB104", "walk-collector-accepted-none", "diag.collector.no_spans", msg.New("rule.LAB104.title"), msg.New("rule.LAB104.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB105", "walk-no-jaeger-exporter", "diag.collector.no_exporter", msg.New("rule.LAB105.title"), msg.New("rule.LAB105.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB106", "walk-collector-export-stalled", "diag.collector.export_fails", msg.New("rule.LAB106.title"), msg.New("rule.LAB106.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB107", "walk-collector-slow", "diag.collector.slow", msg.New("rule.LAB107.title"), msg.New("rule.LAB107.page"), Warning,
		[]string{BlocksCollect}},
	{"LAB108", "walk-jaeger-query-no-answer", "diag.jaeger.down", msg.New("rule.LAB108.title"), msg.New("rule.LAB108.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB109", "walk-jaeger-other-service", "diag.spans.other_service", msg.New("rule.LAB109.title"), msg.New("rule.LAB109.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB110", "walk-jaeger-empty-direct", "diag.spans.direct_none", msg.New("rule.LAB110.title"), msg.New("rule.LAB110.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan}},
	{"LAB111", "walk-jaeger-empty-after-export", "diag.spans.exported_elsewhere", msg.New("rule.LAB111.title"), msg.New("rule.LAB111.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan}},
	{"LAB112", "walk-jaeger-empty-unseen", "diag.spans.collector_unseen", msg.New("rule.LAB112.title"), msg.New("rule.LAB112.page"), Error,
		[]string{BlocksTraces, BlocksSpans, BlocksDBSpan, BlocksCollect}},
	{"LAB113", "walk-jaeger-slow", "diag.jaeger_service.slow", msg.New("rule.LAB113.title"), msg.New("rule.LAB113.page"), Warning,
		[]string{BlocksTraces}},
	{"LAB114", "walk-no-trace-in-window", "diag.server_span.no_trace", msg.New("rule.LAB114.title"), msg.New("rule.LAB114.page"), Error,
		[]string{BlocksSpans}},
	{"LAB115", "walk-no-http-server-span", "diag.server_span.none", msg.New("rule.LAB115.title"), msg.New("rule.LAB115.page"), Error,
		[]string{BlocksSpans}},
	{"LAB116", "walk-db-span-no-server-span", "diag.db_span.no_server", msg.New("rule.LAB116.title"), msg.New("rule.LAB116.page"), Error,
		[]string{BlocksDBSpan}},
	{"LAB117", "walk-no-db-client-span", "diag.db_span.none", msg.New("rule.LAB117.title"), msg.New("rule.LAB117.page"), Error,
		[]string{BlocksDBSpan}},

	{"LAB120", "walk-metrics-collector-down", "diag.metrics.collector_down", msg.New("rule.LAB120.title"), msg.New("rule.LAB120.page"), Error,
		[]string{BlocksPG, BlocksPGRows}},
	{"LAB121", "walk-postgresql-read-errors", "diag.metrics.login", msg.New("rule.LAB121.title"), msg.New("rule.LAB121.page"), Error,
		[]string{BlocksPG, BlocksPGRows}},
	{"LAB122", "walk-exporter-no-answer", "diag.metrics.exporter_down", msg.New("rule.LAB122.title"), msg.New("rule.LAB122.page"), Error,
		[]string{BlocksPG, BlocksPGRows}},
	{"LAB123", "walk-metric-not-served", "diag.metrics.not_served", msg.New("rule.LAB123.title"), msg.New("rule.LAB123.page"), Error,
		[]string{BlocksPG, BlocksPGRows}},
	{"LAB124", "walk-metric-not-in-prom", "diag.metrics.not_in_prom", msg.New("rule.LAB124.title"), msg.New("rule.LAB124.page"), Error,
		[]string{BlocksPG, BlocksPGRows}},
	{"LAB125", "walk-metric-not-in-prom-unseen", "diag.metrics.not_in_prom_unseen", msg.New("rule.LAB125.title"), msg.New("rule.LAB125.page"), Error,
		[]string{BlocksPG, BlocksPGRows}},
	{"LAB126", "walk-prom-no-answer", "diag.prom.down", msg.New("rule.LAB126.title"), msg.New("rule.LAB126.page"), Error,
		[]string{BlocksScrape, BlocksPG, BlocksPGRows}},
	{"LAB127", "walk-prom-down-exporter-serves", "diag.prom.down_serving", msg.New("rule.LAB127.title"), msg.New("rule.LAB127.page"), Error,
		[]string{BlocksScrape, BlocksPG, BlocksPGRows}},
	{"LAB128", "walk-prom-no-collector-target", "diag.prom.no_target", msg.New("rule.LAB128.title"), msg.New("rule.LAB128.page"), Error,
		[]string{BlocksScrape, BlocksPG, BlocksPGRows}},
	{"LAB129", "walk-prom-target-no-collector", "diag.prom.target_down_collector", msg.New("rule.LAB129.title"), msg.New("rule.LAB129.page"), Error,
		[]string{BlocksScrape, BlocksPG, BlocksPGRows}},
	{"LAB130", "walk-prom-target-down", "diag.prom.target_down", msg.New("rule.LAB130.title"), msg.New("rule.LAB130.page"), Error,
		[]string{BlocksScrape, BlocksPG, BlocksPGRows}},
	{"LAB131", "walk-prom-slow", "diag.prom.slow", msg.New("rule.LAB131.title"), msg.New("rule.LAB131.page"), Warning,
		[]string{BlocksScrape}},
	{"LAB132", "walk-commits-not-risen", "diag.commits.stayed", msg.New("rule.LAB132.title"), msg.New("rule.LAB132.page"), Error,
		[]string{BlocksPG}},
	{"LAB133", "walk-commits-slow", "diag.commits.slow", msg.New("rule.LAB133.title"), msg.New("rule.LAB133.page"), Warning,
		[]string{BlocksPG}},
	{"LAB134", "walk-rows-stale", "diag.rows.stale", msg.New("rule.LAB134.title"), msg.New("rule.LAB134.page"), Error,
		[]string{BlocksPGRows}},
	{"LAB135", "walk-rows-no-table", "diag.rows.no_table", msg.New("rule.LAB135.title"), msg.New("rule.LAB135.page"), Error,
		[]string{BlocksPGRows}},
	{"LAB139", "walk-could-not-tell", "diag.could_not_tell", msg.New("rule.LAB139.title"), msg.New("rule.LAB139.page"), Warning,
		[]string{BlocksSpans, BlocksDBSpan, BlocksPG, BlocksPGRows}},
}

// walkByKey is the walk's rules by sentence key.
var walkByKey = map[string]*Rule{}

func init() {
	for _, w := range walkRules {
		r := register(&Rule{ID: w.id, Slug: w.slug, Title: w.title.English(), Page: w.page.English(),
			Severity: w.severity, Blocks: w.blocks, Walk: true})
		walkByKey[w.key] = r
	}
}

// Walk is the rule of the walk's sentence whose catalog key is key.
func Walk(key string) (*Rule, bool) {
	r, ok := walkByKey[key]
	return r, ok
}

// WalkKeys lists the walk's sentence keys by rule ID.
func WalkKeys() map[string]string {
	out := make(map[string]string, len(walkRules))
	for _, w := range walkRules {
		out[w.id] = w.key
	}
	return out
}

// WalkPage is a walk rule's title and page in language l (explain prints
// the English ones, Title and Page).
func WalkPage(id string, l msg.Lang) (title, page string, ok bool) {
	for _, w := range walkRules {
		if strings.EqualFold(w.id, id) {
			p := msg.For(l)
			return p.Text(w.title), p.Text(w.page), true
		}
	}
	return "", "", false
}

// walkFoundBy is what finds a walk rule, for its page's "found by" line.
func walkFoundBy(r *Rule) (string, bool) {
	if !r.Walk {
		return "", false
	}
	return "found by: " + msg.New("explain.by.walk").English() + "\n", true
}
