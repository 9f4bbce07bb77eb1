package checks

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
)

// Each check's diagnosis: the walk along the pipeline first, then what is
// specific to the check, each sentence with the facts it states (claims.go).

// explainers are the checks' diagnoses by check ID (the expectations' checks
// use walkSpans and walkProm); the claims tests walk them all.
var explainers = map[string]explainer{
	IDBackendTraffic: trafficDiagnosis,
	IDJaegerService:  serviceDiagnosis,
	IDServerSpan:     serverSpanDiagnosis,
	IDDBSpan:         dbSpanDiagnosis,
	IDCollector:      collectorDiagnosis,
	IDPromScrape:     promScrapeDiagnosis,
	IDPGCommits:      commitsDiagnosis,
	IDPGRows:         rowsDiagnosis,
}

func trafficDiagnosis(s Snapshot) diagnosis {
	return firstOf(s, walkBackend, func(s Snapshot) diagnosis {
		return said(s, msg.New("diag.backend.fails", s.Traffic.BaseURL, msg.Quote(strings.Join(s.Traffic.Failures(), "; ")), s.names().backendLogs),
			trafficFailures)
	})
}

func serviceDiagnosis(s Snapshot) diagnosis {
	return firstOf(s, walkSpans, fallback(msg.New("diag.jaeger_service.slow")))
}

func serverSpanDiagnosis(s Snapshot) diagnosis {
	return firstOf(s, walkSpans, func(s Snapshot) diagnosis {
		if d := said(s, msg.New("diag.server_span.no_trace", s.Service),
			jaegerAnswers, jaegerHasService, noTraces); d.ok() {
			return d
		}
		return said(s, msg.New("diag.server_span.none", s.Service),
			someTraces, noServerSpan)
	}, couldNotTell)
}

func dbSpanDiagnosis(s Snapshot) diagnosis {
	return firstOf(s, walkSpans, func(s Snapshot) diagnosis {
		if d := said(s, msg.New("diag.db_span.no_server"), noServerSpan); d.ok() {
			return d
		}
		return said(s, msg.New("diag.db_span.none"), serverSpan, noDBSpan)
	}, couldNotTell)
}

// collectorDiagnosis: where labctl cannot read the Collector's own metrics,
// Jaeger's side is all it has to go on.
func collectorDiagnosis(s Snapshot) diagnosis {
	return firstOf(s, walkBackend, walkCollector, func(s Snapshot) diagnosis {
		if s.Collector.Unreachable {
			return walkJaeger(s)
		}
		return diagnosis{}
	}, fallback(msg.New("diag.collector.slow")))
}

func promScrapeDiagnosis(s Snapshot) diagnosis {
	return firstOf(s, walkProm, fallback(msg.New("diag.prom.slow")))
}

func commitsDiagnosis(s Snapshot) diagnosis {
	const metric = "postgresql_commits_total"
	return firstOf(s, walkMetrics(metric), func(s Snapshot) diagnosis {
		if d := said(s, msg.New("diag.commits.stayed", s.Commits.Latest, s.names().collectorFile, model.LabctlCollectionInterval),
			commitsSeen, commitsNotRisen); d.ok() {
			return d
		}
		return said(s, msg.New("diag.commits.slow"), commitsNotSeen, inProm(metric))
	}, couldNotTell)
}

// rowsDiagnosis: when the series is there, what is missing is a collection
// during this run, which postgresql_commits explains.
func rowsDiagnosis(s Snapshot) diagnosis {
	const metric = "postgresql_rows"
	return firstOf(s, func(s Snapshot) diagnosis {
		return said(s, msg.New("diag.rows.stale", msg.New("check.postgresql_rows.stale")), inProm(metric), commitsNotRisen)
	}, func(s Snapshot) diagnosis {
		// The receiver reads PostgreSQL (its commits are served), and
		// postgresql_rows has a series per table of the databases it
		// reads (pg_stat_user_tables): none of them has a table.
		const commits = "postgresql_commits_total"
		n := s.names()
		return said(s, msg.New("diag.rows.no_table", commits, metric, s.ExportURL, n.collectorFile, n.backendLogs),
			exporterAnswers, served(commits), notServed(metric))
	}, walkMetrics(metric), couldNotTell)
}

// walkRule is the catalogue rule of a walk sentence (rules/walk.go, labctl
// explain LAB1xx): what verify.json's rule says of a diagnosis the walk
// gave; "" for a message that is no walk sentence.
func walkRule(m msg.Message) string {
	if r, ok := rules.Walk(m.Key); ok {
		return r.ID
	}
	return ""
}
