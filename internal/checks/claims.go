package checks

import (
	"strings"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// A diagnosis states facts about the pipeline ("the Collector exported 8
// spans", "Jaeger has none"). Each walk sentence carries those facts as
// claims over the snapshot it was made from, and is said only when all of
// them hold there: a sentence whose facts are false is skipped and the walk
// goes on to the next stage, so that no diagnosis contradicts its own
// evidence (issue 19: "the Collector exported 0 spans ... but").

// claim is one fact of the snapshot that a diagnosis states.
type claim struct {
	name  string
	holds func(Snapshot) bool
}

// diagnosis is a walk's sentence and the facts it states.
type diagnosis struct {
	msg    msg.Message
	claims []claim
}

// ok says whether there is a diagnosis.
func (d diagnosis) ok() bool { return !d.msg.IsZero() }

// said is m with its claims when every claim holds on s, else none.
func said(s Snapshot, m msg.Message, claims ...claim) diagnosis {
	for _, c := range claims {
		if !c.holds(s) {
			return diagnosis{}
		}
	}
	return diagnosis{msg: m, claims: claims}
}

// firstSaid is the first of ds that was said (its claims held).
func firstSaid(ds ...diagnosis) diagnosis {
	for _, d := range ds {
		if d.ok() {
			return d
		}
	}
	return diagnosis{}
}

// explainer is a check's diagnosis over the snapshot, claims included.
type explainer func(Snapshot) diagnosis

// message is what Check.Diagnose returns: the sentence alone.
func (f explainer) message(s Snapshot) msg.Message { return f(s).msg }

// firstOf returns the first diagnosis of the walks that has one.
func firstOf(s Snapshot, walks ...explainer) diagnosis {
	for _, w := range walks {
		if d := w(s); d.ok() {
			return d
		}
	}
	return diagnosis{}
}

// couldNotTell is said when no walk sentence's facts hold: nothing is
// claimed, so nothing can be contradicted.
func couldNotTell(Snapshot) diagnosis { return diagnosis{msg: msg.New("diag.could_not_tell")} }

// The facts walk sentences state. Names say the fact as it reads in the
// sentence, so that a failing test names it.
var (
	trafficSent       = claim{"verify sent requests", func(s Snapshot) bool { return len(s.Traffic.Requests) > 0 }}
	trafficUnanswered = claim{"no request was answered", func(s Snapshot) bool { return !s.Traffic.Answered() }}
	trafficFailures   = claim{"some requests failed", func(s Snapshot) bool { return len(s.Traffic.Failures()) > 0 }}

	viaCollector = claim{"the topology sends spans through the Collector", func(s Snapshot) bool { return s.Topology == model.TopologyCollector }}
	direct       = claim{"the topology sends spans to Jaeger directly", func(s Snapshot) bool { return s.Topology == model.TopologyDirect }}

	// collectorSeen: labctl reads the Collector's own metrics from here, so
	// what they say (or that they do not answer) is about the Collector.
	collectorSeen     = claim{"the Collector's metrics are reachable from here", func(s Snapshot) bool { return !s.Collector.Unreachable }}
	collectorUnseen   = claim{"the Collector's metrics are not reachable from here", func(s Snapshot) bool { return s.Collector.Unreachable }}
	collectorDown     = claim{"the Collector does not answer", func(s Snapshot) bool { return s.Collector.Err != "" }}
	collectorAnswers  = claim{"the Collector answers", func(s Snapshot) bool { return s.Collector.Err == "" }}
	acceptedNone      = claim{"the Collector accepted no span", func(s Snapshot) bool { return s.Collector.Accepted == 0 }}
	acceptedSome      = claim{"the Collector accepted spans", func(s Snapshot) bool { return s.Collector.Accepted > 0 }}
	sentSome          = claim{"the Collector sent spans", func(s Snapshot) bool { return s.Collector.Sent > 0 }}
	exportStalled     = claim{"the Collector sent none or some failed", func(s Snapshot) bool { return s.Collector.Sent == 0 || s.Collector.Failed > 0 }}
	exporterNoSeries  = claim{"the exporter has no sent-spans series", func(s Snapshot) bool { return !s.Collector.SentFound }}
	exporterIsMissing = claim{"other exporters sent, not the Jaeger one", func(s Snapshot) bool {
		return len(s.Collector.Exporters) > 0 && !contains(s.Collector.Exporters, s.Collector.Exporter)
	}}
	scrapeErrors = claim{"the postgresql receiver has errored points", func(s Snapshot) bool { return s.Collector.ScrapeErrors > 0 }}

	jaegerDown          = claim{"Jaeger's query service does not answer", func(s Snapshot) bool { return s.JaegerErr != "" }}
	jaegerAnswers       = claim{"Jaeger's query service answers", func(s Snapshot) bool { return s.JaegerErr == "" }}
	jaegerHasNoService  = claim{"Jaeger has spans from no service", func(s Snapshot) bool { return len(userServices(s.Services)) == 0 }}
	jaegerHasOthers     = claim{"Jaeger has spans from other services", func(s Snapshot) bool { return len(userServices(s.Services)) > 0 }}
	jaegerLacksService  = claim{"Jaeger has no span from the service", func(s Snapshot) bool { return !contains(s.Services, s.Service) }}
	jaegerHasService    = claim{"Jaeger has the service", func(s Snapshot) bool { return contains(s.Services, s.Service) }}
	noTraces            = claim{"no trace in the traffic window", func(s Snapshot) bool { return len(s.Traces) == 0 }}
	someTraces          = claim{"traces in the traffic window", func(s Snapshot) bool { return len(s.Traces) > 0 }}
	noServerSpan        = claim{"no trace has an HTTP server span", func(s Snapshot) bool { _, _, ok := firstServerSpan(s.Traces); return !ok }}
	serverSpan          = claim{"a trace has an HTTP server span", func(s Snapshot) bool { _, _, ok := firstServerSpan(s.Traces); return ok }}
	noDBSpan            = claim{"no trace has a PostgreSQL span under its server span", func(s Snapshot) bool { return !anyDBChild(s.Traces) }}
	exporterDown        = claim{"the prometheus exporter does not answer", func(s Snapshot) bool { return s.ExportErr != "" }}
	exporterAnswers     = claim{"the prometheus exporter answers", func(s Snapshot) bool { return s.ExportErr == "" }}
	exporterUnreachable = claim{"the prometheus exporter is not reachable from here", func(s Snapshot) bool { return exportUnreachable(s) }}
	exporterReachable   = claim{"the prometheus exporter is reachable from here", func(s Snapshot) bool { return !exportUnreachable(s) }}
	exporterServesSome  = claim{"the exporter serves postgresql_* series", func(s Snapshot) bool { return s.ExportPostgres > 0 }}
	exporterServesNone  = claim{"the exporter serves no postgresql_* series", func(s Snapshot) bool { return s.ExportPostgres == 0 }}
	promDown            = claim{"Prometheus does not answer", func(s Snapshot) bool { return s.PromErr != "" }}
	promAnswers         = claim{"Prometheus answers", func(s Snapshot) bool { return s.PromErr == "" }}
	promNoJobTarget     = claim{"Prometheus has no target in the Collector's job", func(s Snapshot) bool { return len(jobTargets(s)) == 0 }}
	promJobTargetDown   = claim{"a target of the Collector's job is not up", func(s Snapshot) bool { _, ok := downTarget(s); return ok }}
	commitsSeen         = claim{"postgresql_commits_total was seen", func(s Snapshot) bool { return s.Commits.Seen }}
	commitsNotRisen     = claim{"postgresql_commits_total has not risen", func(s Snapshot) bool { return !s.Commits.risen() }}
	commitsNotSeen      = claim{"postgresql_commits_total was not seen", func(s Snapshot) bool { return !s.Commits.Seen }}
)

// served: the Collector's exporter serves metric.
func served(metric string) claim {
	return claim{"the exporter serves " + metric, func(s Snapshot) bool { return contains(s.ExportNames, metric) }}
}

// notServed: the Collector's exporter does not serve metric.
func notServed(metric string) claim {
	return claim{"the exporter does not serve " + metric, func(s Snapshot) bool { return !contains(s.ExportNames, metric) }}
}

// inProm: Prometheus has metric.
func inProm(metric string) claim {
	return claim{"Prometheus has " + metric, func(s Snapshot) bool { return contains(s.PromNames, metric) }}
}

// notInProm: Prometheus does not have metric.
func notInProm(metric string) claim {
	return claim{"Prometheus has no " + metric, func(s Snapshot) bool { return !contains(s.PromNames, metric) }}
}

// exportUnreachable: labctl cannot reach the exporter from here, so its
// error says nothing of the exporter itself.
func exportUnreachable(s Snapshot) bool {
	return strings.HasPrefix(s.ExportErr, exportNotReachable)
}

// exportNotReachable starts ExportErr when the exporter is not published.
const exportNotReachable = "not reachable"

func jobTargets(s Snapshot) []Target {
	var job []Target
	for _, t := range s.Targets {
		if t.Job == s.CollectorJob {
			job = append(job, t)
		}
	}
	return job
}

// downTarget is the first target of the Collector's job that is not up.
func downTarget(s Snapshot) (Target, bool) {
	for _, t := range jobTargets(s) {
		if t.Health != "up" {
			return t, true
		}
	}
	return Target{}, false
}

func anyDBChild(traces []jaeger.Trace) bool {
	for _, t := range traces {
		if _, _, ok := dbChild(t); ok {
			return true
		}
	}
	return false
}
