package grade

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

var (
	linkRE = regexp.MustCompile("https?://[^\\s<>()\\[\\]\"'`|]+")
	// A GitHub (or Gitea) pull request, a GitLab merge request, on any
	// host: self-hosted GitLab and GitHub Enterprise too.
	prPath = regexp.MustCompile(`^/(.+?)/(pull|pulls)/(\d+)(?:/.*)?$`)
	mrPath = regexp.MustCompile(`^/(.+?)(?:/-)?/merge_requests/(\d+)(?:/.*)?$`)
)

// findMRLink looks for a pull-request or merge-request link, preferring
// the student's text over labctl's settings comment.
func findMRLink(lines []string) Finding {
	f := Finding{ID: FindMRLink, Detail: "no merge-request or pull-request link (https://gitlab.com/GROUP/PROJECT/-/merge_requests/N or https://github.com/OWNER/REPO/pull/N)"}
	var inComment *Finding
	repoLink, placeholder := "", ""
	for _, l := range classify(lines) {
		for _, raw := range linkRE.FindAllString(l.text, -1) {
			raw = strings.TrimRight(raw, ".,;:!?*_>")
			u, err := url.Parse(raw)
			if err != nil || u.Host == "" {
				continue
			}
			what := ""
			if m := mrPath.FindStringSubmatch(u.Path); m != nil {
				what = fmt.Sprintf("merge request %s!%s on %s", m[1], m[2], u.Host)
			} else if m := prPath.FindStringSubmatch(u.Path); m != nil {
				what = fmt.Sprintf("pull request %s#%s on %s", m[1], m[3], u.Host)
			}
			if what == "" {
				if placeholder == "" && (strings.Contains(u.Path, "merge_requests") || strings.Contains(u.Path, "/pull")) {
					placeholder = raw
				}
				if repoLink == "" && (strings.Contains(u.Host, "gitlab") || strings.Contains(u.Host, "github")) {
					repoLink = raw
				}
				continue
			}
			found := Finding{ID: FindMRLink, OK: true, Line: l.n, Quote: quote(l.text), Detail: what}
			if !l.comment {
				return found
			}
			if inComment == nil {
				inComment = &found
			}
		}
	}
	if inComment != nil {
		return *inComment
	}
	switch {
	case placeholder != "":
		f.Detail = "the link " + placeholder + " has no number; link the merge request or pull request itself (…/-/merge_requests/7, …/pull/3)"
	case repoLink != "":
		f.Detail = "links to " + repoLink + " but not to a merge request or pull request"
	}
	return f
}

var (
	pullWord  = regexp.MustCompile(`\b(pull|pulls|pulled|pulling|tire|tirer|tirent|tires)\b`)
	pushWord  = regexp.MustCompile(`\b(push|pushes|pushed|pushing|pousse|pousser|poussent|poussee|pousses)\b`)
	pullPlace = []place{
		{regexp.MustCompile(`postgres`), "the postgresql receiver"},
		{regexp.MustCompile(`prometheus|scrap|/metrics`), "Prometheus scraping the Collector"},
		{regexp.MustCompile(`collection_interval|metriques|metrics`), "the metrics"},
	}
	pushPlace = []place{
		{regexp.MustCompile(`jaeger`), "the OTLP exporter to Jaeger"},
		{regexp.MustCompile(`otlp|export`), "OTLP"},
		{regexp.MustCompile(`span|trace|backend`), "the backend's spans"},
	}
)

type place struct {
	re   *regexp.Regexp
	name string
}

func (u unit) where(places []place) string {
	for _, p := range places {
		if p.re.MatchString(u.fold) {
			return p.name
		}
	}
	return ""
}

// lineOf is the first line of the unit whose text matches re.
func (u unit) lineOf(re *regexp.Regexp) line {
	for _, l := range u.lines {
		if re.MatchString(fold(l.text)) {
			return l
		}
	}
	return u.lines[0]
}

// findPullPush looks for the answer to "when does the Collector pull, when
// does it push": a passage naming pull with where it happens (the
// postgresql receiver, Prometheus's scrape), and one naming push with
// where (the OTLP exporter to Jaeger). Headings (the question itself) and
// code blocks do not count.
func findPullPush(lines []string) Finding {
	f := Finding{ID: FindPullPush}
	var pull, push *line
	var pullWhere, pushWhere string
	named := false
	for _, u := range units(classify(lines), false) {
		hasPull, hasPush := pullWord.MatchString(u.fold), pushWord.MatchString(u.fold)
		named = named || hasPull || hasPush
		if w := u.where(pullPlace); pull == nil && hasPull && w != "" {
			l := u.lineOf(pullWord)
			pull, pullWhere = &l, w
		}
		if w := u.where(pushPlace); push == nil && hasPush && w != "" {
			l := u.lineOf(pushWord)
			push, pushWhere = &l, w
		}
	}
	switch {
	case pull != nil && push != nil:
		first := pull
		if push.n < pull.n {
			first = push
		}
		f.OK, f.Line, f.Quote = true, first.n, quote(first.text)
		f.Detail = fmt.Sprintf("pull (line %d: %s) and push (line %d: %s)", pull.n, pullWhere, push.n, pushWhere)
	case pull != nil:
		f.Line, f.Quote = pull.n, quote(pull.text)
		f.Detail = fmt.Sprintf("names pull (line %d: %s) but not where the Collector pushes (the OTLP exporter to Jaeger)", pull.n, pullWhere)
	case push != nil:
		f.Line, f.Quote = push.n, quote(push.text)
		f.Detail = fmt.Sprintf("names push (line %d: %s) but not where the Collector pulls (the postgresql receiver, Prometheus's scrape)", push.n, pushWhere)
	case named:
		f.Detail = "names pull or push but not where each happens (pull: the postgresql receiver, Prometheus's scrape; push: the OTLP exporter to Jaeger)"
	default:
		f.Detail = "no answer to when the Collector pulls and when it pushes"
	}
	return f
}

var (
	recommendWord = regexp.MustCompile(`recomm?[ae]nd`)
	cacheWord     = regexp.MustCompile(`cache|flag`)
)

// findScenario looks for the OpenTelemetry Demo's recommendation-cache
// scenario: recommendation together with its cache or its feature flag
// (recommendationCacheFailure), in one passage, code blocks included.
func findScenario(lines []string) Finding {
	f := Finding{ID: FindScenario, Detail: "no mention of the recommendation-cache scenario of the OpenTelemetry Demo"}
	for _, u := range units(classify(lines), true) {
		if !recommendWord.MatchString(u.fold) {
			continue
		}
		l := u.lineOf(recommendWord)
		if cacheWord.MatchString(u.fold) {
			return Finding{ID: FindScenario, OK: true, Line: l.n, Quote: quote(l.text), Detail: "mentions the recommendation-cache scenario"}
		}
		if f.Line == 0 {
			f.Line, f.Quote = l.n, quote(l.text)
			f.Detail = fmt.Sprintf("line %d mentions recommendation but not its cache or feature flag (recommendationCacheFailure)", l.n)
		}
	}
	return f
}
