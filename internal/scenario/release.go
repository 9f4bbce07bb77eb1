// Package scenario observes and proves the OpenTelemetry Demo's
// "recommendation cache" scenario: a feature flag makes the recommendation
// service's cache leak, so cache misses carry an ever longer product list
// and take longer. It finds the demo, reads and flips the flag (flagd's file
// or the flag UI's API), watches the service's get_product_list spans in
// Jaeger, gives a verdict and writes the evidence for labctl report.
package scenario

import (
	"strconv"
	"strings"
)

// Name is the scenario's name on the command line and in scenario.json.
const Name = "recommendation-cache"

// Operation is the span the scenario reads: the child of the server span
// /oteldemo.RecommendationService/ListRecommendations.
const Operation = "get_product_list"

// ServerOperation is get_product_list's parent.
const ServerOperation = "/oteldemo.RecommendationService/ListRecommendations"

// Attributes are the names of get_product_list's attributes in one release.
type Attributes struct {
	Enabled  string `json:"enabled"`   // the flag as the service read it
	CacheHit string `json:"cache_hit"` // true on a hit, false on a miss
	Count    string `json:"count"`     // products in the list the span worked on
}

// The two attribute schemes of the demo's releases.
var (
	appAttributes  = Attributes{Enabled: "app.recommendation.cache_enabled", CacheHit: "app.cache_hit", Count: "app.products.count"}
	demoAttributes = Attributes{Enabled: "demo.feature_flag.recommendation_cache", CacheHit: "demo.recommendation.cache_hit", Count: "demo.product.count"}
)

// Defect is what a release gets wrong about the scenario.
type Defect string

const (
	// DefectNone: the flag makes the cache leak.
	DefectNone Defect = ""
	// DefectFlagIgnored (1.9–1.10): the service asks flagd for a flag the
	// file does not have, so turning the file's flag on does nothing.
	DefectFlagIgnored Defect = "flag-ignored"
	// DefectMissErrors (2.2): a miss calls the catalogue wrongly and errors
	// before the list grows, so nothing leaks.
	DefectMissErrors Defect = "miss-errors"
)

// Release is what labctl knows of a range of demo releases.
type Release struct {
	// Versions is the range as the README and the output write it.
	Versions string `json:"versions"`
	min, max [2]int // major.minor, inclusive
	// Flag is the flag's name in flagd's file.
	Flag string `json:"flag"`
	// Service is the recommendation service's service.name and Compose service.
	Service    string     `json:"service"`
	Attributes Attributes `json:"attributes"`
	Defect     Defect     `json:"defect,omitempty"`
}

// Releases is every demo release the checker knows, oldest first
// (../shared/FACTS.md, "OpenTelemetry Demo", checked against the demo's
// sources at each tag).
var Releases = []Release{
	{Versions: "1.9–1.10", min: [2]int{1, 9}, max: [2]int{1, 10}, Flag: "recommendationServiceCacheFailure",
		Service: "recommendationservice", Attributes: appAttributes, Defect: DefectFlagIgnored},
	{Versions: "1.11–1.12", min: [2]int{1, 11}, max: [2]int{1, 12}, Flag: "recommendationServiceCacheFailure",
		Service: "recommendationservice", Attributes: appAttributes},
	{Versions: "2.0–2.1", min: [2]int{2, 0}, max: [2]int{2, 1}, Flag: "recommendationCacheFailure",
		Service: "recommendation", Attributes: appAttributes},
	{Versions: "2.2", min: [2]int{2, 2}, max: [2]int{2, 2}, Flag: "recommendationCacheFailure",
		Service: "recommendation", Attributes: appAttributes, Defect: DefectMissErrors},
	{Versions: "3.0", min: [2]int{3, 0}, max: [2]int{3, 0}, Flag: "recommendationCacheFailure",
		Service: "recommendation", Attributes: demoAttributes},
}

// ServiceNames are the recommendation service's names, newest first.
var ServiceNames = []string{"recommendation", "recommendationservice"}

// FlagNames are the flag's names, newest first.
var FlagNames = []string{"recommendationCacheFailure", "recommendationServiceCacheFailure"}

// ReleaseFor finds the release of a service.version such as "2.1.3",
// "v1.12.0" or "2.2.0-rc.1"; false for an unknown or unparsable version
// ("latest", a fork's own numbering, a release newer than labctl knows).
func ReleaseFor(version string) (Release, bool) {
	mm, ok := majorMinor(version)
	if !ok {
		return Release{}, false
	}
	for _, r := range Releases {
		if !less(mm, r.min) && !less(r.max, mm) {
			return r, true
		}
	}
	return Release{}, false
}

func less(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }

func majorMinor(v string) ([2]int, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return [2]int{}, false
	}
	minor := parts[1]
	if i := strings.IndexAny(minor, "-+"); i >= 0 {
		minor = minor[:i]
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil || a < 0 || b < 0 {
		return [2]int{}, false
	}
	return [2]int{a, b}, true
}

// schemeOf guesses the attribute scheme from one span's attributes when the
// release is unknown: the 3.0 names, else the older ones.
func schemeOf(tags map[string]string) (Attributes, bool) {
	for _, a := range []Attributes{demoAttributes, appAttributes} {
		if _, ok := tags[a.Enabled]; ok {
			return a, true
		}
		if _, ok := tags[a.CacheHit]; ok {
			return a, true
		}
	}
	return Attributes{}, false
}
