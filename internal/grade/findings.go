package grade

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/labctl/labctl/internal/msg"
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
	f := Finding{ID: FindMRLink, Msg: msg.New("find.mr_link.none")}
	var inComment *Finding
	repoLink, placeholder := "", ""
	for _, l := range classify(lines) {
		for _, raw := range linkRE.FindAllString(l.text, -1) {
			raw = strings.TrimRight(raw, ".,;:!?*_>")
			u, err := url.Parse(raw)
			if err != nil || u.Host == "" {
				continue
			}
			var what msg.Message
			if m := mrPath.FindStringSubmatch(u.Path); m != nil {
				what = msg.New("find.mr_link.mr", m[1], m[2], u.Host)
			} else if m := prPath.FindStringSubmatch(u.Path); m != nil {
				what = msg.New("find.mr_link.pr", m[1], m[3], u.Host)
			}
			if what.IsZero() {
				if placeholder == "" && (strings.Contains(u.Path, "merge_requests") || strings.Contains(u.Path, "/pull")) {
					placeholder = raw
				}
				if repoLink == "" && (strings.Contains(u.Host, "gitlab") || strings.Contains(u.Host, "github")) {
					repoLink = raw
				}
				continue
			}
			found := Finding{ID: FindMRLink, OK: true, Line: l.n, Quote: quote(l.text), Msg: what}
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
		f.Msg = msg.New("find.mr_link.placeholder", placeholder)
	case repoLink != "":
		f.Msg = msg.New("find.mr_link.repo", repoLink)
	}
	return f
}

var (
	pullWord  = regexp.MustCompile(`\b(pull|pulls|pulled|pulling|tire|tirer|tirent|tires)\b`)
	pushWord  = regexp.MustCompile(`\b(push|pushes|pushed|pushing|pousse|pousser|poussent|poussee|pousses)\b`)
	pullPlace = []place{
		{regexp.MustCompile(`postgres`), msg.New("find.place.postgres")},
		{regexp.MustCompile(`prometheus|scrap|/metrics`), msg.New("find.place.scrape")},
		{regexp.MustCompile(`collection_interval|metriques|metrics`), msg.New("find.place.metrics")},
	}
	pushPlace = []place{
		{regexp.MustCompile(`jaeger`), msg.New("find.place.jaeger")},
		{regexp.MustCompile(`otlp|export`), msg.New("find.place.otlp")},
		{regexp.MustCompile(`span|trace|backend`), msg.New("find.place.spans")},
	}
)

type place struct {
	re   *regexp.Regexp
	name msg.Message
}

func (u unit) where(places []place) msg.Message {
	for _, p := range places {
		if p.re.MatchString(u.fold) {
			return p.name
		}
	}
	return msg.Message{}
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
	var pullWhere, pushWhere msg.Message
	named := false
	for _, u := range units(classify(lines), false) {
		hasPull, hasPush := pullWord.MatchString(u.fold), pushWord.MatchString(u.fold)
		named = named || hasPull || hasPush
		if w := u.where(pullPlace); pull == nil && hasPull && !w.IsZero() {
			l := u.lineOf(pullWord)
			pull, pullWhere = &l, w
		}
		if w := u.where(pushPlace); push == nil && hasPush && !w.IsZero() {
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
		f.Msg = msg.New("find.pull_push.both", pull.n, pullWhere, push.n, pushWhere)
	case pull != nil:
		f.Line, f.Quote = pull.n, quote(pull.text)
		f.Msg = msg.New("find.pull_push.pull_only", pull.n, pullWhere)
	case push != nil:
		f.Line, f.Quote = push.n, quote(push.text)
		f.Msg = msg.New("find.pull_push.push_only", push.n, pushWhere)
	case named:
		f.Msg = msg.New("find.pull_push.vague")
	default:
		f.Msg = msg.New("find.pull_push.none")
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
	f := Finding{ID: FindScenario, Msg: msg.New("find.scenario.none")}
	for _, u := range units(classify(lines), true) {
		if !recommendWord.MatchString(u.fold) {
			continue
		}
		l := u.lineOf(recommendWord)
		if cacheWord.MatchString(u.fold) {
			return Finding{ID: FindScenario, OK: true, Line: l.n, Quote: quote(l.text), Msg: msg.New("find.scenario.ok")}
		}
		if f.Line == 0 {
			f.Line, f.Quote = l.n, quote(l.text)
			f.Msg = msg.New("find.scenario.partial", l.n)
		}
	}
	return f
}
