package checks

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
)

// claimMeanings are what each claim's name says, written here from scratch
// like the sentences' truths (truth_test.go): a claim whose code drifts from its name (a
// comparison flipped or moved by one, even where the walk's order hides
// it from the sentences) fails TestDiagnosesClaimWhatTheirNamesSay. The
// claims named with a metric ("the exporter serves " + metric) are matched
// by prefix in claimMeaning.
var claimMeanings = map[string]func(Snapshot) bool{
	"verify sent requests":    func(s Snapshot) bool { return len(s.Traffic.Requests) > 0 },
	"no request was answered": func(s Snapshot) bool { return noneAnswered(s) == "" },
	"some requests failed":    func(s Snapshot) bool { return len(failures(s)) > 0 },

	"the topology sends spans through the Collector": func(s Snapshot) bool { return s.Topology == model.TopologyCollector },
	"the topology sends spans to Jaeger directly":    func(s Snapshot) bool { return s.Topology == model.TopologyDirect },

	"the Collector's metrics are reachable from here":     func(s Snapshot) bool { return !s.Collector.Unreachable },
	"the Collector's metrics are not reachable from here": func(s Snapshot) bool { return s.Collector.Unreachable },
	"the Collector does not answer":                       func(s Snapshot) bool { return s.Collector.Err != "" },
	"the Collector answers":                               func(s Snapshot) bool { return s.Collector.Err == "" },
	"the Collector accepted no span":                      func(s Snapshot) bool { return s.Collector.Accepted == 0 },
	"the Collector accepted spans":                        func(s Snapshot) bool { return s.Collector.Accepted > 0 },
	"the Collector sent spans":                            func(s Snapshot) bool { return s.Collector.Sent > 0 },
	"the Collector sent none or some failed":              func(s Snapshot) bool { return s.Collector.Sent == 0 || s.Collector.Failed > 0 },
	"the exporter has no sent-spans series":               func(s Snapshot) bool { return !s.Collector.SentFound },
	"other exporters sent, not the Jaeger one": func(s Snapshot) bool {
		return len(s.Collector.Exporters) > 0 && !has(s.Collector.Exporters, s.Collector.Exporter)
	},
	"the postgresql receiver has errored points": func(s Snapshot) bool { return s.Collector.ScrapeErrors > 0 },

	"Jaeger's query service does not answer":               func(s Snapshot) bool { return s.JaegerErr != "" },
	"Jaeger's query service answers":                       func(s Snapshot) bool { return s.JaegerErr == "" },
	"Jaeger has spans from no service":                     func(s Snapshot) bool { return len(othersInJaeger(s)) == 0 },
	"Jaeger has spans from other services":                 func(s Snapshot) bool { return len(othersInJaeger(s)) > 0 },
	"Jaeger has no span from the service":                  func(s Snapshot) bool { return !has(s.Services, s.Service) },
	"Jaeger has the service":                               func(s Snapshot) bool { return has(s.Services, s.Service) },
	"no trace in the traffic window":                       func(s Snapshot) bool { return len(s.Traces) == 0 },
	"traces in the traffic window":                         func(s Snapshot) bool { return len(s.Traces) > 0 },
	"no trace has an HTTP server span":                     func(s Snapshot) bool { return !hasServerSpan(s.Traces) },
	"a trace has an HTTP server span":                      func(s Snapshot) bool { return hasServerSpan(s.Traces) },
	"no trace has a PostgreSQL span under its server span": func(s Snapshot) bool { return !hasDBUnderServer(s.Traces) },
	"the prometheus exporter does not answer":              func(s Snapshot) bool { return s.ExportErr != "" },
	"the prometheus exporter answers":                      func(s Snapshot) bool { return s.ExportErr == "" },
	"the prometheus exporter is not reachable from here":   func(s Snapshot) bool { return !exporterPublished(s) },
	"the prometheus exporter is reachable from here":       func(s Snapshot) bool { return exporterPublished(s) },
	"the exporter serves postgresql_* series":              func(s Snapshot) bool { return s.ExportPostgres > 0 },
	"the exporter serves no postgresql_* series":           func(s Snapshot) bool { return s.ExportPostgres < 1 },
	"Prometheus does not answer":                           func(s Snapshot) bool { return s.PromErr != "" },
	"Prometheus answers":                                   func(s Snapshot) bool { return s.PromErr == "" },
	"Prometheus has no target in the Collector's job":      func(s Snapshot) bool { return len(targetsOfJob(s)) == 0 },
	"a target of the Collector's job is not up": func(s Snapshot) bool {
		return slices.ContainsFunc(targetsOfJob(s), func(t Target) bool { return t.Health != "up" })
	},
	"postgresql_commits_total was seen":      func(s Snapshot) bool { return s.Commits.Seen },
	"postgresql_commits_total has not risen": func(s Snapshot) bool { return !(s.Commits.Seen && s.Commits.Latest > s.Commits.First) },
	"postgresql_commits_total was not seen":  func(s Snapshot) bool { return !s.Commits.Seen },
}

// claimMeaning is what the claim named name says of a snapshot.
func claimMeaning(name string) (func(Snapshot) bool, bool) {
	if f, ok := claimMeanings[name]; ok {
		return f, true
	}
	for prefix, f := range map[string]func(metric string) func(Snapshot) bool{
		"the exporter serves ":         func(m string) func(Snapshot) bool { return func(s Snapshot) bool { return has(s.ExportNames, m) } },
		"the exporter does not serve ": func(m string) func(Snapshot) bool { return func(s Snapshot) bool { return !has(s.ExportNames, m) } },
		"Prometheus has no ":           func(m string) func(Snapshot) bool { return func(s Snapshot) bool { return !has(s.PromNames, m) } },
		"Prometheus has ":              func(m string) func(Snapshot) bool { return func(s Snapshot) bool { return has(s.PromNames, m) } },
	} {
		if m, ok := strings.CutPrefix(name, prefix); ok && strings.HasPrefix(m, "postgresql_") && !strings.Contains(m, " ") {
			return f(m), true
		}
	}
	return nil, false
}

func targetsOfJob(s Snapshot) []Target {
	var out []Target
	for _, t := range s.Targets {
		if t.Job == s.CollectorJob {
			out = append(out, t)
		}
	}
	return out
}

// Each claim a sentence states says what its name says, on every generated
// snapshot (where it holds and where it does not); every claim of
// claims.go is stated by some sentence.
func TestDiagnosesClaimWhatTheirNamesSay(t *testing.T) {
	snaps := generatedSnapshots()
	stated := map[string]claim{}
	for _, g := range snaps {
		for _, f := range allExplainers() {
			for _, c := range f(g.s).claims {
				stated[c.name] = c
			}
		}
	}
	for name, c := range stated {
		meaning, ok := claimMeaning(name)
		if !ok {
			t.Errorf("claim %q: no meaning written for it in truth_test.go (claimMeanings)", name)
			continue
		}
		wrong := 0
		for _, g := range snaps {
			if c.holds(g.s) != meaning(g.s) {
				if wrong == 0 {
					t.Errorf("claim %q holds=%v on %s, where its name says %v", name, c.holds(g.s), g.name, meaning(g.s))
				}
				wrong++
			}
		}
		if wrong > 1 {
			t.Errorf("claim %q: wrong on %d snapshots in all", name, wrong)
		}
	}
	src, err := os.ReadFile("claims.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`claim\{"([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		name := m[1]
		found := false
		for s := range stated {
			if s == name || strings.HasSuffix(name, " ") && strings.HasPrefix(s, name) {
				found = true
			}
		}
		if !found {
			t.Errorf("claims.go declares the claim %q, which no sentence said on a generated snapshot states", name)
		}
	}
}
