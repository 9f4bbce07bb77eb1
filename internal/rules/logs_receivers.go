package rules

import (
	"strconv"
	"strings"
	"time"

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
//
// pgReady is when PostgreSQL last said it accepts connections, from its
// own log (zero: not known).
func receiverErrors(l *model.Lab, service, log string, pgReady time.Time) []Finding {
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
		pg, at := endpointAtPostgres(l, c)
		refusedAtPG := pg != "" && strings.Contains(said, "connection refused")
		if refusedAtPG && beforeReady(e.Lines[0], pgReady, l.Service(model.RolePostgres)) {
			// Refused before PostgreSQL was ready (the Collector started
			// first): the next collection says the real cause.
			continue
		}
		f := r.says(file, c.At.Line, "receivers."+c.ID, msg.New("rule.LAB068.cause", c.ID, msg.Quote(said)))
		f.Fix = msg.New("rule.LAB068.fix", c.ID)
		for _, h := range receiverHints {
			// A hint the file contradicts is not given: the quote stays.
			if strings.Contains(said, h.says) && !(c.Insecure && h.tls) {
				f.Message, f.Fix = h.cause(c.ID), h.fix(c.ID)
				break
			}
		}
		if refusedAtPG {
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

// beforeReady says a refusal logged at line came before PostgreSQL was
// ready: before the ready time its log gives when both times are known;
// else when it was running and healthy (its healthcheck passed) as the lab
// was read. A refusal after it was ready (it listens on another address,
// it restarted) stays a cause.
func beforeReady(line string, ready time.Time, pg *model.Service) bool {
	if at, ok := lineTime(line); ok && !ready.IsZero() {
		return at.Before(ready)
	}
	return pg != nil && pg.Running && pg.Health == "healthy"
}

// postgresReady is when PostgreSQL last logged that it accepts connections
// (the image's initdb runs a server of its own first: the last one counts),
// with its default line prefix in UTC ("2026-12-08 01:45:50.123 UTC [1]
// LOG:  database system is ready to accept connections"); zero if its log
// says nothing so.
func postgresReady(lines []string) time.Time {
	var ready time.Time
	for _, line := range lines {
		if !strings.Contains(line, "database system is ready to accept connections") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 || f[2] != "UTC" {
			continue
		}
		if t, err := time.Parse("2006-01-02 15:04:05", f[0]+" "+f[1]); err == nil {
			ready = t
		} else if t, err := time.Parse("2006-01-02 15:04:05.000", f[0]+" "+f[1]); err == nil {
			ready = t
		}
	}
	return ready
}

// lineTime is when a Collector log line was written: the console
// format's leading RFC 3339 time, or a JSON line's "ts" (seconds since
// the epoch, or RFC 3339).
func lineTime(line string) (time.Time, bool) {
	first, _, _ := strings.Cut(strings.TrimSpace(line), "\t")
	first, _, _ = strings.Cut(first, " ")
	if t, err := time.Parse(time.RFC3339Nano, first); err == nil {
		return t, true
	}
	_, ts, ok := strings.Cut(line, `"ts":`)
	if !ok {
		return time.Time{}, false
	}
	ts = strings.TrimLeft(ts, " ")
	end := strings.IndexAny(ts, ",}")
	if end < 0 {
		return time.Time{}, false
	}
	v := strings.Trim(ts[:end], `" `)
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Unix(0, int64(secs*1e9)).UTC(), true
	}
	return time.Time{}, false
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

// secondOf is the second a log line was written in (lineTime), else the
// line itself (each such line counts apart).
func secondOf(line string) string {
	if t, ok := lineTime(line); ok {
		return t.UTC().Truncate(time.Second).Format(time.RFC3339)
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
