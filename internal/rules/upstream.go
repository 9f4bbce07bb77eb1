package rules

import (
	"regexp"
	"strconv"
	"strings"
)

// Change is a Collector component or key that upstream removed or renamed,
// with the release it came in (from the Collector's and contrib's
// changelogs and announcements; cited in Ref).
type Change struct {
	// Section is "exporters", "receivers", "processors", "extensions" or
	// "key" (a dotted key path).
	Section, Name string
	// Since is the first release where the old form fails (removed) or
	// warns (deprecated).
	Since   Version
	Removed bool
	Use     string
	Ref     string
	// Says is what the Collector prints for it, as measured (0.145.0).
	Says string
}

// Changes is the table. Versions confirmed from upstream: jaeger exporter
// gone from the distributions at v0.85.0 (collector-contrib#26685: "unknown
// type: "jaeger""); logging exporter removed at v0.111.0 (collector#11337);
// ballast extension at v0.109.0; the localhost default at v0.104.0
// (component.UseLocalHostAsDefaultHost to beta, collector-contrib#33658);
// otlp -> otlp_grpc and metrics.address measured on 0.145.0 here.
var Changes = []Change{
	{Section: "exporters", Name: "jaeger", Since: V(0, 85, 0), Removed: true,
		Use: "otlp_grpc (otlp before v0.145.0) to jaeger:4317 with tls.insecure: true — Jaeger takes OTLP itself",
		Ref: "open-telemetry/opentelemetry-collector-contrib#26685", Says: `'exporters' unknown type: "jaeger" for id: "jaeger"`},
	{Section: "exporters", Name: "jaeger_thrift", Since: V(0, 85, 0), Removed: true,
		Use: "otlphttp to http://jaeger:4318", Ref: "open-telemetry/opentelemetry-collector-contrib#26685"},
	{Section: "exporters", Name: "logging", Since: V(0, 111, 0), Removed: true,
		Use: "debug (same verbosity option)", Ref: "open-telemetry/opentelemetry-collector#11337",
		Says: "'exporters' the logging exporter has been deprecated, use the debug exporter instead"},
	{Section: "extensions", Name: "memory_ballast", Since: V(0, 109, 0), Removed: true,
		Use: "the GOMEMLIMIT environment variable", Ref: "opentelemetry-collector v0.109.0 release notes"},
	{Section: "exporters", Name: "otlp", Since: V(0, 145, 0),
		Use: "otlp_grpc (otlp still works as a deprecated alias)", Ref: "measured: otelcol 0.145.0 warns `\"otlp\" alias is deprecated; use \"otlp_grpc\" instead`"},
	{Section: "key", Name: "service.telemetry.metrics.address", Since: V(0, 145, 0), Removed: true,
		Use: "service.telemetry.metrics.readers: [{pull: {exporter: {prometheus: {host: 0.0.0.0, port: 8888}}}}]",
		Ref: "measured: rejected by otelcol 0.145.0"},
}

// ChangeFor finds a change of a component type in a section.
func ChangeFor(section, name string) (Change, bool) {
	for _, c := range Changes {
		if c.Section == section && c.Name == name {
			return c, true
		}
	}
	return Change{}, false
}

// Version is a Collector release (0.145.0).
type Version struct{ Major, Minor, Patch int }

func V(a, b, c int) Version { return Version{a, b, c} }

func (v Version) String() string {
	return "v" + strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + "." + strconv.Itoa(v.Patch)
}

// Less compares releases.
func (v Version) Less(o Version) bool {
	if v.Major != o.Major {
		return v.Major < o.Major
	}
	if v.Minor != o.Minor {
		return v.Minor < o.Minor
	}
	return v.Patch < o.Patch
}

var tagVersion = regexp.MustCompile(`:v?(\d+)\.(\d+)(?:\.(\d+))?`)

// ImageVersion reads the release from an image's tag ("…:0.145.0",
// "…:v2.13.0"); ok is false for latest or no tag (the rules then assume
// the newest release: what a pull would give).
func ImageVersion(image string) (Version, bool) {
	if i := strings.LastIndex(image, "/"); i >= 0 {
		image = image[i:]
	}
	m := tagVersion.FindStringSubmatch(image)
	if m == nil {
		return Version{}, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	c, _ := strconv.Atoi(m[3])
	return Version{a, b, c}, true
}

// applies says whether a change holds for an image: its release is at
// least Since, or unknown (latest).
func (c Change) applies(image string) bool {
	v, ok := ImageVersion(image)
	return !ok || !v.Less(c.Since)
}

// distance is the edit distance where swapping two neighbouring letters
// counts as one edit, like an insertion, a deletion or a substitution
// (optimal string alignment): "gprc" is one edit from "grpc", as a typing
// slip is.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	before := make([]int, len(rb)+1) // row i-2
	prev := make([]int, len(rb)+1)   // row i-1
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], before[j-2]+1)
			}
		}
		before, prev, cur = prev, cur, before
	}
	return prev[len(rb)]
}

// DidYouMean is the candidate nearest to name, if near enough: at most a
// third of the name's length in edits (at least 1, at most 3), and a
// unique best.
func DidYouMean(name string, candidates []string) string {
	best, bestD, ties := "", 1<<30, 0
	for _, c := range candidates {
		if c == name {
			return ""
		}
		d := distance(strings.ToLower(name), strings.ToLower(c))
		switch {
		case d < bestD:
			best, bestD, ties = c, d, 0
		case d == bestD:
			ties++
		}
	}
	limit := min(max(len(name)/3, 1), 3)
	if best == "" || bestD > limit || ties > 0 {
		return ""
	}
	return best
}
