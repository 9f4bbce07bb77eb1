package checks

import (
	"fmt"
	"strings"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// What each walk sentence's words assert, written here from scratch over
// the Snapshot's fields: no claim, helper or constant of claims.go,
// diagnose.go or spans.go is used, so that a wrong claim in the code (a
// flipped comparison, a claim left out) makes a sentence said where its
// words are false, and this table fails it. scripts/mutate-claims flips
// every comparison of claims.go one at a time and shows each one caught.
//
// A truth returns why the sentence is false on s, or "" when its words hold.
var truths = map[string]func(s Snapshot, m msg.Message) string{
	// "the backend does not answer at URL, so no request was traced"
	"diag.backend.down": func(s Snapshot, _ msg.Message) string {
		return all(sentRequests(s), noneAnswered(s), noneErred(s))
	},
	// "the backend does not answer at URL (ERROR), ..."
	"diag.backend.down_why": func(s Snapshot, m msg.Message) string {
		return all(sentRequests(s), noneAnswered(s), quotesFirstError(s, m))
	},
	// "the backend at URL fails: FAILURES"
	"diag.backend.fails": func(s Snapshot, m msg.Message) string {
		return all(someFailed(s), quotesEveryFailure(s, m))
	},
	// "the Collector does not answer at URL (ERROR): it is not running"
	"diag.collector.down": func(s Snapshot, _ msg.Message) string {
		return all(throughCollector(s), collectorReadable(s), fact(s.Collector.Err != "", "the Collector's metrics answered"))
	},
	// "the backend sends no spans to the Collector (accepted did not move)"
	"diag.collector.no_spans": func(s Snapshot, _ msg.Message) string {
		return all(throughCollector(s), collectorAnswered(s), fact(s.Collector.Accepted == 0, "the Collector accepted %v spans", s.Collector.Accepted))
	},
	// "the Collector received N spans but has no exporter X (its exporters: A, B)"
	"diag.collector.no_exporter": func(s Snapshot, m msg.Message) string {
		c := s.Collector
		others := strings.Join(c.Exporters, ", ")
		return all(throughCollector(s), collectorAnswered(s), fact(c.Accepted > 0, "the Collector accepted no span"),
			fact(!c.SentFound, "the exporter %s has a sent-spans series", c.Exporter),
			fact(len(c.Exporters) > 0, "no exporter sent or failed spans"),
			fact(!has(c.Exporters, c.Exporter), "%s is among the exporters that sent: %v", c.Exporter, c.Exporters),
			fact(argString(m, 2) == others, "quotes the exporters %q, the snapshot has %q", argString(m, 2), others))
	},
	// "the Collector receives spans but cannot export them to Jaeger (accepted, sent 0 or failed > 0)"
	"diag.collector.export_fails": func(s Snapshot, _ msg.Message) string {
		c := s.Collector
		return all(throughCollector(s), collectorAnswered(s), fact(c.Accepted > 0, "the Collector accepted no span"),
			fact(c.Sent == 0 || c.Failed > 0, "the exporter sent %v spans and none failed", c.Sent))
	},
	// "Jaeger's query service does not answer at ADDR (ERROR)"
	"diag.jaeger.down": func(s Snapshot, _ msg.Message) string {
		return fact(s.JaegerErr != "", "Jaeger answered")
	},
	// "Jaeger has spans from OTHERS but none from SERVICE"
	"diag.spans.other_service": func(s Snapshot, m msg.Message) string {
		others := othersInJaeger(s)
		q := make([]string, len(others))
		for i, o := range others {
			q[i] = fmt.Sprintf("%q", o)
		}
		return all(jaegerAnswered(s), fact(len(others) > 0, "Jaeger has spans from no service but its own"),
			fact(!has(s.Services, s.Service), "Jaeger has %s", s.Service),
			fact(argString(m, 0) == strings.Join(q, ", "), "quotes the services %s, Jaeger has %v", argString(m, 0), others))
	},
	// "Jaeger has received no spans from any service: the backend sends no spans to Jaeger"
	"diag.spans.direct_none": func(s Snapshot, _ msg.Message) string {
		return all(fact(s.Topology == model.TopologyDirect, "the topology is %s", s.Topology), jaegerAnswered(s), jaegerEmpty(s))
	},
	// "the Collector exported N spans through X but Jaeger at ADDR has none"
	"diag.spans.exported_elsewhere": func(s Snapshot, _ msg.Message) string {
		return all(throughCollector(s), collectorAnswered(s), fact(s.Collector.Sent > 0, "the Collector sent no span"), jaegerAnswered(s), jaegerEmpty(s))
	},
	// "Jaeger has received no spans from any service, and labctl cannot read the Collector's own metrics"
	"diag.spans.collector_unseen": func(s Snapshot, _ msg.Message) string {
		return all(throughCollector(s), fact(s.Collector.Unreachable, "the Collector's metrics are reachable"), jaegerAnswered(s), jaegerEmpty(s))
	},
	// "Jaeger has SERVICE but no trace of it in the traffic window"
	"diag.server_span.no_trace": func(s Snapshot, _ msg.Message) string {
		return all(jaegerAnswered(s), fact(has(s.Services, s.Service), "Jaeger has no %s", s.Service), fact(len(s.Traces) == 0, "%d traces in the window", len(s.Traces)))
	},
	// "SERVICE's traces have no HTTP server span with http.route and http.method"
	"diag.server_span.none": func(s Snapshot, _ msg.Message) string {
		return all(fact(len(s.Traces) > 0, "there is no trace"), fact(!hasServerSpan(s.Traces), "a trace has an HTTP server span"))
	},
	// "there is no HTTP server span to hang database spans on"
	"diag.db_span.no_server": func(s Snapshot, _ msg.Message) string {
		return fact(!hasServerSpan(s.Traces), "a trace has an HTTP server span")
	},
	// "the traced requests have no PostgreSQL client span under their server span"
	"diag.db_span.none": func(s Snapshot, _ msg.Message) string {
		return all(fact(hasServerSpan(s.Traces), "no trace has an HTTP server span"), fact(!hasDBUnderServer(s.Traces), "a PostgreSQL span hangs under a server span"))
	},
	// "the Collector does not answer at URL (ERROR): it is not running, so nothing scrapes PostgreSQL"
	"diag.metrics.collector_down": func(s Snapshot, _ msg.Message) string {
		return all(collectorReadable(s), fact(s.Collector.Err != "", "the Collector's metrics answered"), fact(s.ExportErr != "", "the exporter answered"))
	},
	// "the postgresql receiver cannot read PostgreSQL (errored points = N, no METRIC at URL)"
	"diag.metrics.login": func(s Snapshot, m msg.Message) string {
		metric := argString(m, 1)
		return all(fact(!has(s.ExportNames, metric), "the exporter serves %s", metric), fact(s.Collector.ScrapeErrors > 0, "the receiver has no errored point"))
	},
	// "the Collector's prometheus exporter does not answer at URL (ERROR)"
	"diag.metrics.exporter_down": func(s Snapshot, _ msg.Message) string {
		return all(fact(s.ExportErr != "", "the exporter answered"), fact(exporterPublished(s), "the exporter is not reachable from here: %s", s.ExportErr))
	},
	// "the Collector serves no METRIC at URL: put the postgresql receiver in a
	// metrics pipeline ..., check that it can reach PostgreSQL": not when
	// another postgresql_* series proves the receiver reads PostgreSQL.
	"diag.metrics.not_served": func(s Snapshot, m msg.Message) string {
		metric := argString(m, 0)
		return all(fact(s.ExportErr == "", "the exporter did not answer: %s", s.ExportErr), fact(!has(s.ExportNames, metric), "the exporter serves %s", metric),
			fact(!hasPrefixed(s.ExportNames, "postgresql_"), "the exporter serves postgresql_* series (%v): the receiver reads PostgreSQL", s.ExportNames))
	},
	// "the Collector serves METRIC at URL but Prometheus has none"
	"diag.metrics.not_in_prom": func(s Snapshot, m msg.Message) string {
		metric := argString(m, 0)
		return all(fact(s.ExportErr == "" && has(s.ExportNames, metric), "the exporter does not serve %s", metric), promAnswered(s),
			fact(!has(s.PromNames, metric), "Prometheus has %s", metric))
	},
	// "Prometheus has no METRIC, and labctl cannot read the Collector's prometheus exporter from here"
	"diag.metrics.not_in_prom_unseen": func(s Snapshot, m msg.Message) string {
		metric := argString(m, 0)
		return all(fact(s.ExportErr != "" && !exporterPublished(s), "the exporter is reachable from here (error %q)", s.ExportErr), promAnswered(s),
			fact(!has(s.PromNames, metric), "Prometheus has %s", metric))
	},
	// "Prometheus does not answer at URL (ERROR)"
	"diag.prom.down": func(s Snapshot, _ msg.Message) string {
		return fact(s.PromErr != "", "Prometheus answered")
	},
	// "Prometheus does not answer ...; the Collector does serve N postgresql_* series at URL"
	"diag.prom.down_serving": func(s Snapshot, _ msg.Message) string {
		return all(fact(s.PromErr != "", "Prometheus answered"), fact(s.ExportErr == "" && s.ExportPostgres > 0, "the exporter serves %d postgresql_* series (error %q)", s.ExportPostgres, s.ExportErr))
	},
	// "Prometheus has no target in job JOB"
	"diag.prom.no_target": func(s Snapshot, m msg.Message) string {
		n := 0
		for _, t := range s.Targets {
			if t.Job == s.CollectorJob {
				n++
			}
		}
		return all(promAnswered(s), fact(n == 0, "Prometheus has %d targets in job %s", n, s.CollectorJob),
			fact(argString(m, 0) == s.CollectorJob, "names job %q, the Collector's is %q", argString(m, 0), s.CollectorJob))
	},
	// "Prometheus cannot scrape job JOB at URL (health H): ERROR; the Collector is not running"
	"diag.prom.target_down_collector": func(s Snapshot, m msg.Message) string {
		return all(promAnswered(s), quotesADownTarget(s, m), collectorReadable(s), fact(s.Collector.Err != "", "the Collector's metrics answered"))
	},
	// "Prometheus cannot scrape job JOB at URL (health H): ERROR"
	"diag.prom.target_down": func(s Snapshot, m msg.Message) string {
		return all(promAnswered(s), quotesADownTarget(s, m))
	},
	// "postgresql_commits_total stayed at N"
	"diag.commits.stayed": func(s Snapshot, _ msg.Message) string {
		c := s.Commits
		return all(fact(c.Seen, "the commits were never read"), fact(!(c.Latest > c.First), "the commits rose from %v to %v", c.First, c.Latest))
	},
	// "Prometheus has postgresql_commits_total but it was not seen before the deadline"
	"diag.commits.slow": func(s Snapshot, _ msg.Message) string {
		return all(fact(!s.Commits.Seen, "the commits were read"), fact(has(s.PromNames, "postgresql_commits_total"), "Prometheus has no postgresql_commits_total"))
	},
	// "postgresql_rows is there but nothing shows it is from this run; see postgresql_commits"
	"diag.rows.stale": func(s Snapshot, _ msg.Message) string {
		c := s.Commits
		return all(fact(has(s.PromNames, "postgresql_rows"), "Prometheus has no postgresql_rows"), fact(!(c.Seen && c.Latest > c.First), "the commits rose during the run"))
	},
	// "the Collector serves COMMITS, so its postgresql receiver reads
	// PostgreSQL, but no ROWS at URL: ... they have no table"
	"diag.rows.no_table": func(s Snapshot, m msg.Message) string {
		commits, rows := argString(m, 0), argString(m, 1)
		return all(fact(s.ExportErr == "", "the exporter did not answer: %s", s.ExportErr),
			fact(commits == "postgresql_commits_total" && has(s.ExportNames, commits), "the exporter does not serve %s", commits),
			fact(rows == "postgresql_rows" && !has(s.ExportNames, rows), "the exporter serves %s", rows))
	},
	// The last words: about time, or that labctl cannot tell; they state
	// nothing of the snapshot.
	"diag.collector.slow":      nothingClaimed,
	"diag.jaeger_service.slow": nothingClaimed,
	"diag.prom.slow":           nothingClaimed,
	"diag.could_not_tell":      nothingClaimed,
}

func nothingClaimed(Snapshot, msg.Message) string { return "" }

// checkTruth says why the sentence m, said on s, is false ("" when true).
func checkTruth(s Snapshot, m msg.Message) string {
	truth, ok := truths[m.Key]
	if !ok {
		return "no truth is written for it in truth_test.go"
	}
	return truth(s, m)
}

// all is the first of the reasons that is not "".
func all(reasons ...string) string {
	for _, r := range reasons {
		if r != "" {
			return r
		}
	}
	return ""
}

// fact is "" when ok, else why not.
func fact(ok bool, format string, args ...any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

func has(list []string, x string) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func argString(m msg.Message, i int) string {
	if i >= len(m.Args) {
		return ""
	}
	switch a := m.Args[i].(type) {
	case string:
		return a
	case msg.Message:
		return a.English()
	}
	return fmt.Sprint(m.Args[i])
}

func sentRequests(s Snapshot) string {
	return fact(len(s.Traffic.Requests) > 0, "verify sent no request")
}

func noneAnswered(s Snapshot) string {
	for _, x := range s.Traffic.Requests {
		if x.Status != 0 {
			return fmt.Sprintf("%s %s was answered %d", x.Method, x.Path, x.Status)
		}
	}
	return ""
}

func noneErred(s Snapshot) string {
	for _, x := range s.Traffic.Requests {
		if x.Err != "" {
			return fmt.Sprintf("%s %s has an error (%s): the sentence that quotes it fits", x.Method, x.Path, x.Err)
		}
	}
	return ""
}

func quotesFirstError(s Snapshot, m msg.Message) string {
	for _, x := range s.Traffic.Requests {
		if x.Err != "" {
			return fact(strings.Contains(argString(m, 1), x.Err), "quotes %q, the first error is %q", argString(m, 1), x.Err)
		}
	}
	return "no request has an error"
}

// failures are the requests that got no answer or a 5xx.
func failures(s Snapshot) []Exchange {
	var out []Exchange
	for _, x := range s.Traffic.Requests {
		if x.Err != "" || x.Status >= 500 {
			out = append(out, x)
		}
	}
	return out
}

func someFailed(s Snapshot) string {
	return fact(len(failures(s)) > 0, "no request failed")
}

func quotesEveryFailure(s Snapshot, m msg.Message) string {
	q := argString(m, 1)
	for _, x := range failures(s) {
		what := x.Err
		if what == "" {
			what = fmt.Sprint(x.Status)
		}
		if !strings.Contains(q, x.Path) || !strings.Contains(q, what) {
			return fmt.Sprintf("quotes %q, which lacks %s %s (%s)", q, x.Method, x.Path, what)
		}
	}
	return ""
}

func throughCollector(s Snapshot) string {
	return fact(s.Topology == model.TopologyCollector, "the topology is %s", s.Topology)
}

// collectorReadable: labctl reaches the Collector's own metrics from here.
func collectorReadable(s Snapshot) string {
	return fact(!s.Collector.Unreachable, "the Collector's metrics are not reachable from here")
}

func collectorAnswered(s Snapshot) string {
	return all(collectorReadable(s), fact(s.Collector.Err == "", "the Collector's metrics did not answer: %s", s.Collector.Err))
}

func jaegerAnswered(s Snapshot) string {
	return fact(s.JaegerErr == "", "Jaeger did not answer: %s", s.JaegerErr)
}

func promAnswered(s Snapshot) string {
	return fact(s.PromErr == "", "Prometheus did not answer: %s", s.PromErr)
}

// jaegersOwn are the names Jaeger traces its own queries under.
var jaegersOwn = []string{"jaeger", "jaeger-all-in-one", "jaeger-query"}

func othersInJaeger(s Snapshot) []string {
	var out []string
	for _, svc := range s.Services {
		if !has(jaegersOwn, svc) {
			out = append(out, svc)
		}
	}
	return out
}

func jaegerEmpty(s Snapshot) string {
	o := othersInJaeger(s)
	return fact(len(o) == 0, "Jaeger has spans from %v", o)
}

// exporterPublished: the snapshot's exporter error is not that labctl
// cannot reach it from here (gather writes "not reachable: ..." then).
func exporterPublished(s Snapshot) bool {
	return !strings.HasPrefix(s.ExportErr, "not reachable")
}

func quotesADownTarget(s Snapshot, m msg.Message) string {
	job, url, health := argString(m, 0), argString(m, 1), argString(m, 2)
	for _, t := range s.Targets {
		if t.Job == s.CollectorJob && t.Job == job && t.URL == url && t.Health == health {
			return fact(health != "up", "quotes the target %s with health up", url)
		}
	}
	return fmt.Sprintf("quotes job %s target %s health %s, which is no target of the Collector's job %s", job, url, health, s.CollectorJob)
}

// isServer: a span an instrumented web framework makes for a request.
func isServer(sp jaeger.Span) bool {
	return sp.Kind == "server" && sp.Tags["http.route"] != "" && (sp.Tags["http.method"] != "" || sp.Tags["http.request.method"] != "")
}

func hasServerSpan(traces []jaeger.Trace) bool {
	for _, t := range traces {
		for _, sp := range t.Spans {
			if isServer(sp) {
				return true
			}
		}
	}
	return false
}

// hasDBUnderServer: some PostgreSQL client span has a server span among
// its ancestors.
func hasDBUnderServer(traces []jaeger.Trace) bool {
	for _, t := range traces {
		byID := map[string]jaeger.Span{}
		for _, sp := range t.Spans {
			byID[sp.ID] = sp
		}
		for _, sp := range t.Spans {
			pg := sp.Tags["db.system"] == "postgresql" || sp.Tags["db.system.name"] == "postgresql"
			if sp.Kind != "client" || !pg {
				continue
			}
			cur := sp
			for i := 0; i < len(t.Spans) && cur.ParentID != ""; i++ { // bounded: a cycle of parents ends
				p, found := byID[cur.ParentID]
				if !found {
					break
				}
				if isServer(p) {
					return true
				}
				cur = p
			}
		}
	}
	return false
}

// hasPrefixed says whether a name of names starts with prefix.
func hasPrefixed(names []string, prefix string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}
