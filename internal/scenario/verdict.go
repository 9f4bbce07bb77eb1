package scenario

import (
	"fmt"
	"time"
)

// Reason is why the leak is, or is not, visible.
type Reason string

const (
	ReasonLeak        Reason = "leak"           // proven: misses' count grows and misses are slower
	ReasonNoTraffic   Reason = "no-traffic"     // no get_product_list span at all
	ReasonFlagOff     Reason = "flag-off"       // the service reads the flag as off
	ReasonFlagIgnored Reason = "flag-ignored"   // 1.9–1.10: the file's flag does nothing
	ReasonDefect      Reason = "release-defect" // 2.2: misses error, nothing leaks
	ReasonTooFew      Reason = "too-few"        // flag on, not enough hits and misses yet
	ReasonNoGrowth    Reason = "no-growth"      // misses' count does not grow
	ReasonNotSlower   Reason = "not-slower"     // the count grows but misses are not slower
)

// Verdict is the scenario's outcome.
type Verdict struct {
	Proven  bool   `json:"proven"`
	Reason  Reason `json:"reason"`
	Message string `json:"message"`
}

// Known is what is known beside the spans.
type Known struct {
	// Release is the demo's release, when its version was recognised.
	Release *Release
	// Flag is the flag as its store has it; nil when unknown.
	Flag  *Flag
	Where string // the store, for messages
	// Watched is how long the spans were watched.
	Watched time.Duration
}

// Judge decides from a summary of the watched samples.
func Judge(s Summary, k Known) Verdict {
	flagOn := k.Flag != nil && k.Flag.On()
	switch {
	case s.Spans == 0:
		return Verdict{Reason: ReasonNoTraffic, Message: fmt.Sprintf(
			"no %s span of the recommendation service in %s: is the load generator running (its loadGeneratorTraffic flag on, load-generator up)?", Operation, k.Watched.Round(time.Second))}
	case k.Release != nil && k.Release.Defect == DefectFlagIgnored && (flagOn || s.Hits+s.Misses == 0):
		return Verdict{Reason: ReasonFlagIgnored, Message: fmt.Sprintf(
			"demo %s: the service asks flagd for another flag than the file's %s, so turning it on does nothing; use demo 1.11 or newer", k.Release.Versions, k.Release.Flag)}
	case s.FlagOff() && flagOn:
		return Verdict{Reason: ReasonFlagOff, Message: fmt.Sprintf(
			"the flag is on in %s but the service's spans still read it as off: flagd has not reloaded the file yet (wait a minute), or it reads another file", k.Where)}
	case s.FlagOff():
		where := ""
		if k.Where != "" {
			where = " in " + k.Where
		}
		return Verdict{Reason: ReasonFlagOff, Message: "the cache flag is off" + where + ": nothing can leak; run with --enable"}
	case k.Release != nil && k.Release.Defect == DefectMissErrors || s.Misses > 0 && s.MissErrors == s.Misses && len(s.Series) == 0:
		return Verdict{Reason: ReasonDefect, Message: fmt.Sprintf(
			"the flag is on but every cache miss fails (%d of %d) before the list grows: demo 2.2's known defect; use 2.1 or 3.0", s.MissErrors, s.Misses)}
	case len(s.Series) < 2 || s.Hits == 0:
		return Verdict{Reason: ReasonTooFew, Message: fmt.Sprintf(
			"only %d hit(s) and %d miss(es) with a product count so far: watch longer (--watch 5m)", s.Hits, len(s.Series))}
	}
	first, last := s.Series[0].Count, s.Series[len(s.Series)-1].Count
	if last <= first {
		return Verdict{Reason: ReasonNoGrowth, Message: fmt.Sprintf(
			"the misses' product count does not grow (%d, then %d): the cache is not leaking", first, last)}
	}
	if s.MissLatency.P50 <= s.HitLatency.P50 {
		return Verdict{Reason: ReasonNotSlower, Message: fmt.Sprintf(
			"the misses' product count grows (%d → %d) but misses are not slower than hits (p50 %s vs %s): watch longer", first, last, ms(s.MissLatency.P50), ms(s.HitLatency.P50))}
	}
	return Verdict{Proven: true, Reason: ReasonLeak, Message: fmt.Sprintf(
		"the cache leaks: the misses' product count grew from %d to %d over %d misses, and misses are slower than hits (p50 %s vs %s, p95 %s vs %s)",
		first, last, len(s.Series), ms(s.MissLatency.P50), ms(s.HitLatency.P50), ms(s.MissLatency.P95), ms(s.HitLatency.P95))}
}

// ms writes a duration in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
