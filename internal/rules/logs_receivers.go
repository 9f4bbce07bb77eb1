package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/logscan"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// receiverHints say in words what a scraping receiver's error means, when
// the error is one of these; any other error is quoted as is.
// (tls says the fix is a TLS setting: not given when the file sets it).
var receiverHints = []struct {
	says       string
	cause, fix func(id string) msg.Message
	tls        bool
}{
	{"SSL is not enabled on the server",
		func(id string) msg.Message { return msg.New("rule.LAB068.no_tls.cause", id) },
		func(id string) msg.Message { return msg.New("rule.LAB068.no_tls.fix", id) }, true},
	{"password authentication failed",
		func(id string) msg.Message { return msg.New("rule.LAB068.password.cause", id) },
		func(id string) msg.Message { return msg.New("rule.LAB068.password.fix", id) }, false},
	{"no such host",
		func(id string) msg.Message { return msg.New("rule.LAB068.no_host.cause", id) },
		func(id string) msg.Message { return msg.New("rule.LAB068.no_host.fix", id) }, false},
	{"connection refused",
		func(id string) msg.Message { return msg.New("rule.LAB068.refused.cause", id) },
		func(id string) msg.Message { return msg.New("rule.LAB068.refused.fix", id) }, false},
}

// receiverErrors finds, in the Collector's log, each receiver of a metrics
// pipeline that logs errors in two collections or more (one failed
// collection is the database still starting: measured in a class's grading,
// where the next collection worked), at its line, quoting the first cause
// of its newest error (an earlier one may be stale).
func receiverErrors(l *model.Lab, service, log string) []Finding {
	col := l.Collector
	if col == nil {
		return nil
	}
	file := col.File
	inMetrics := map[string]bool{}
	for _, pl := range col.PipelinesOf("metrics") {
		for _, id := range pl.Receivers {
			inMetrics[id] = true
		}
	}
	r, _ := Lookup("LAB068")
	var out []Finding
	seen := map[string]bool{}
	errs := logscan.Errors(logscan.Entries(log))
	times := map[string]map[string]bool{} // receiver → the seconds it failed in
	for _, e := range errs {
		if times[e.Component] == nil {
			times[e.Component] = map[string]bool{}
		}
		times[e.Component][secondOf(e.Lines[0])] = true
	}
	for i := len(errs) - 1; i >= 0; i-- {
		e := errs[i]
		c := col.Component("receiver", e.Component)
		if c == nil || !inMetrics[c.ID] || seen[c.ID] || len(times[e.Component]) < 2 {
			continue
		}
		seen[c.ID] = true
		said := firstError(e.Cause)
		f := r.says(file, c.At.Line, "receivers."+c.ID, msg.New("rule.LAB068.cause", c.ID, msg.Quote(said)))
		f.Fix = msg.New("rule.LAB068.fix", c.ID)
		for _, h := range receiverHints {
			// A hint the file contradicts is not given: the quote stays.
			if strings.Contains(said, h.says) && !(c.Insecure && h.tls) {
				f.Message, f.Fix = h.cause(c.ID), h.fix(c.ID)
				break
			}
		}
		if pg, at := endpointAtPostgres(l, c); pg != "" && strings.Contains(said, "connection refused") {
			// The endpoint is right: PostgreSQL did not accept connections
			// (not started, still starting): a fix must not ask for it again.
			f.Message = msg.New("rule.LAB068.refused_at_pg.cause", c.ID, at, pg)
			f.Fix = msg.New("rule.LAB068.refused_at_pg.fix", pg)
		}
		f.quote(service, said)
		out = append(out, f)
	}
	return out
}

// endpointAtPostgres is the PostgreSQL service and the endpoint when the
// receiver's endpoint names that service at PostgreSQL's port ("" if not).
func endpointAtPostgres(l *model.Lab, c *model.Component) (service, endpoint string) {
	pg := l.Service(model.RolePostgres)
	if pg == nil || len(c.Endpoints) == 0 {
		return "", ""
	}
	host, port := model.SplitEndpoint(c.Endpoints[0])
	if serviceOf(l, host) != pg || port != model.PortPostgres {
		return "", ""
	}
	return pg.Name, c.Endpoints[0]
}

// secondOf is the second a log line was written in: the zap console
// timestamp's (2026-12-03T22:11:36), a JSON line's whole "ts", else the
// line itself (each such line counts apart).
func secondOf(line string) string {
	if len(line) >= 19 && line[4] == '-' && line[10] == 'T' {
		return line[:19]
	}
	if _, ts, ok := strings.Cut(line, `"ts":`); ok {
		ts = strings.TrimLeft(ts, " ")
		if i := strings.IndexAny(ts, ".,}"); i > 0 {
			return ts[:i]
		}
	}
	return line
}

// firstError is the first of the causes a scraper joins with "; ", after
// the log message ("Error scraping metrics: pq: ...; pq: ..." → "pq: ...").
func firstError(cause string) string {
	// logscan joins a message of words and the error field with ": "; a
	// bare error's own prefix ("pq: ...") has no space before it.
	if msg, err, ok := strings.Cut(cause, ": "); ok && strings.Contains(msg, " ") {
		cause = err
	}
	first, _, _ := strings.Cut(cause, "; ")
	return strings.TrimSpace(first)
}
