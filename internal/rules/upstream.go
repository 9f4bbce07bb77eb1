package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/labctl/labctl/internal/collectorknow"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// Change is a Collector component or key that upstream removed or renamed,
// with the release it came in. Components come from the generated
// knowledge (internal/collectorknow: every release's distribution
// manifests and factories); keys of the service section, which the
// generator does not read, from the Collector's changelog (cited in Ref).
type Change struct {
	// Section is "exporters", "receivers", "processors", "extensions",
	// "connectors" or "key" (a dotted key path).
	Section, Name string
	// Since is the first release where the old form fails (removed) or
	// warns (a deprecated alias).
	Since   Version
	Removed bool
	// Use is what replaces it (a message: the new type, or upstream's own
	// advice for a component that left the distributions).
	Use msg.Message
	Ref string
	// Says is what the Collector prints for it, as measured (0.145.0).
	Says string
}

// Changes are the removed keys. service.telemetry.metrics.address:
// deprecated at v0.111.0 (CHANGELOG #11205), ignored from v0.123.0 (gate
// telemetry.disableAddressFieldForInternalTelemetry beta, #25115), refused
// from v0.128.0 (gate stable, the field gone from the service module's
// MetricsConfig: service@v0.127.0 has it, @v0.128.0 not; measured: 0.145.0
// refuses it).
var Changes = []Change{
	{Section: "key", Name: "service.telemetry.metrics.address", Since: V(0, 128, 0), Removed: true,
		Use: msg.New("know.use.metrics_readers"),
		Ref: "opentelemetry-collector v0.128.0 CHANGELOG (#13152)"},
}

// advice is upstream's named replacement of a component that left the
// distributions (the knowledge has the release, not the advice), with
// where upstream says it and what the Collector prints, as measured.
var advice = map[string]struct {
	use       msg.Message
	ref, says string
}{
	"exporters/jaeger": {msg.New("know.use.jaeger"), "open-telemetry/opentelemetry-collector-contrib#26685",
		`'exporters' unknown type: "jaeger" for id: "jaeger"`},
	"exporters/jaeger_thrift": {msg.New("know.use.jaeger_thrift"), "open-telemetry/opentelemetry-collector-contrib#26685", ""},
	"exporters/logging": {msg.New("know.use.logging"), "open-telemetry/opentelemetry-collector#11337",
		"'exporters' the logging exporter has been deprecated, use the debug exporter instead"},
	"extensions/memory_ballast": {msg.New("know.use.memory_ballast"), "opentelemetry-collector v0.109.0 CHANGELOG (#10671)", ""},
	// lokiexporter v0.130.0 README, "Deprecation notice": replace it by
	// the OTLP HTTP exporter, to Loki's OTLP endpoint (Loki 3+).
	"exporters/loki": {msg.New("know.use.loki"), "lokiexporter v0.130.0 README (deprecation notice)", ""},
}

// ChangeFor finds a change of a component type in a section, or of a key
// ("key"): a type refused at the newest release (removed, or renamed with
// its alias dropped), or a deprecated alias.
func ChangeFor(section, name string) (Change, bool) {
	if section == "key" {
		for _, c := range Changes {
			if c.Name == name {
				return c, true
			}
		}
		return Change{}, false
	}
	if ch, ok := collectorknow.Removed(section, name); ok {
		c := Change{Section: section, Name: name, Since: ch.Since, Removed: true, Ref: ch.Module}
		if a, ok := advice[section+"/"+name]; ok {
			c.Use, c.Ref, c.Says = a.use, a.ref, a.says
		} else if ch.RenamedTo != "" {
			c.Use = msg.New("know.use.renamed", ch.RenamedTo)
		} else {
			c.Use = msg.New("know.use.none", ch.Module)
		}
		return c, true
	}
	if typ, since, ok := collectorknow.AliasSince(section, name); ok {
		return Change{Section: section, Name: name, Since: since, Use: msg.New("know.use.alias", typ, name),
			Ref: "deprecated alias (WithDeprecatedTypeAlias)"}, true
	}
	return Change{}, false
}

// Version is a Collector release (0.145.0).
type Version = collectorknow.Version

func V(a, b, c int) Version { return Version{Major: a, Minor: b, Patch: c} }

var tagVersion = regexp.MustCompile(`:v?(\d+)\.(\d+)(?:\.(\d+))?`)

// ImageVersion reads the release from an image's tag ("…:0.145.0",
// "…:v2.13.0"); ok is false for latest, a digest or no tag.
func ImageVersion(image string) (Version, bool) {
	if i := strings.LastIndex(image, "/"); i >= 0 {
		image = image[i:]
	}
	if strings.Contains(image, "@") {
		return Version{}, false // a digest: the tag may lie
	}
	m := tagVersion.FindStringSubmatch(image)
	if m == nil {
		return Version{}, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	c, _ := strconv.Atoi(m[3])
	return Version{Major: a, Minor: b, Patch: c}, true
}

// collectorRelease is what the knowledge says of the Collector image's
// release: false when the release is unknown (latest, a digest, no tag),
// older than the table, or the image is not an upstream distribution
// (a custom build may have any component): no finding may then depend on
// a release. A release newer than the table answers as the newest known
// (Newer: the finding says so).
func collectorRelease(image string) (collectorknow.Release, bool) {
	if !model.UpstreamCollector(image) {
		return collectorknow.Release{}, false
	}
	v, ok := ImageVersion(image)
	if !ok {
		return collectorknow.Release{}, false
	}
	return collectorknow.At(v)
}

// applies says whether a change holds for an image: its release is known
// and at least Since. An upstream image whose tag names no release
// (latest, or no tag) is what a pull gives: the newest release, where
// every removal holds (the finding says how the tag was read, newerNote);
// an alias or a key is not said for it.
func (c Change) applies(image string) bool {
	if r, ok := collectorRelease(image); ok {
		return !r.Asked.Less(c.Since)
	}
	return c.Removed && pulledLatest(image)
}

// pulledLatest says whether an upstream Collector image is named by no
// release: the tag latest, or no tag (a digest pins an image whose
// release labctl cannot read).
func pulledLatest(image string) bool {
	if !model.UpstreamCollector(image) || strings.Contains(image, "@") {
		return false
	}
	name := image
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i:]
	}
	_, tag, ok := strings.Cut(name, ":")
	return !ok || tag == "latest"
}

// newerNote adds to a finding's message, when the image's release is newer
// than the knowledge, that it was checked as the newest release known; for
// an image pulled as latest, that latest was read as that release.
func newerNote(image string, m msg.Message) msg.Message {
	if pulledLatest(image) {
		return msg.New("know.latest", m, collectorknow.Newest())
	}
	if r, ok := collectorRelease(image); ok && r.Newer {
		return msg.New("know.newer", m, r.Version, r.Asked, r.Version)
	}
	return m
}

// knownTypesFor are the type names a section accepts at the image's
// release (types and deprecated aliases); for an unknown release, every
// name any known release accepts (a typo of all of them is a typo still).
func knownTypesFor(image, section string) []string {
	if r, ok := collectorRelease(image); ok {
		return r.Names(section)
	}
	return collectorknow.EverNames(section)
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
