package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
)

// Finding is a root cause read from the lab's own files and logs: which
// setting is wrong, where it is, what to write instead, and the log line
// that proves it. One finding explains every check it blocks; verify shows
// it once, on the first of them.
type Finding struct {
	// Blocks lists the check IDs this cause makes fail.
	Blocks  []string
	Where   model.Fact
	Problem string
	Fix     string
	// Evidence is a log line quoting the failure, with its service.
	Evidence string
	// logs: where to look for evidence (a service, and substrings of the line).
	logService string
	logWords   []string
}

// Text is the finding as a diagnosis: where, what, the fix, the proof.
func (f Finding) Text() string {
	var b strings.Builder
	if w := f.Where.String(); w != "" {
		b.WriteString(w + ": ")
	}
	b.WriteString(f.Problem)
	if f.Fix != "" {
		b.WriteString("; " + f.Fix)
	}
	if f.Evidence != "" {
		b.WriteString(" (" + f.Evidence + ")")
	}
	return b.String()
}

func (f Finding) blocks(id string) bool {
	for _, b := range f.Blocks {
		if b == id {
			return true
		}
	}
	return false
}

var (
	spanChecks   = []string{IDJaegerService, IDServerSpan, IDDBSpan, IDCollector}
	metricChecks = []string{IDPromScrape, IDPGCommits, IDPGRows}
	pgChecks     = []string{IDPGCommits, IDPGRows}
)

// findings reads the lab's description (its files) and the services' logs
// for the causes labctl knows, in the order data flows.
func (e *env) findings(ctx context.Context) []Finding {
	fs := inspect(e.lab)
	logs := map[string][]string{}
	for i := range fs {
		f := &fs[i]
		if f.logService == "" {
			continue
		}
		lines, ok := logs[f.logService]
		if !ok {
			c, cancel := context.WithTimeout(ctx, 3*time.Second)
			lines = e.opts.Logs(c, f.logService)
			cancel()
			logs[f.logService] = lines
		}
		if l := findLine(lines, f.logWords); l != "" {
			f.Evidence = logEvidence(f.logService, l)
		}
	}
	// Causes seen only in a log.
	if col := e.lab.Service(model.RoleCollector); col != nil {
		lines, ok := logs[col.Name]
		if !ok {
			c, cancel := context.WithTimeout(ctx, 3*time.Second)
			lines = e.opts.Logs(c, col.Name)
			cancel()
		}
		fs = append(fs, fromCollectorLog(e.lab, col.Name, lines)...)
	}
	return fs
}

// findLine returns the last line holding every word (the newest proof),
// shortened; of a structured line, the message of its "error" field.
func findLine(lines, words []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		ok := true
		for _, w := range words {
			if !strings.Contains(lines[i], w) {
				ok = false
				break
			}
		}
		if ok && len(words) > 0 {
			l := strings.TrimSpace(lines[i])
			if e := errorField(l, words); e != "" {
				return shorten(e, 240)
			}
			// Long structured lines (the Collector's) put the message late:
			// keep the part around the first word.
			if at := strings.Index(l, words[0]); at > 80 {
				l = "…" + l[at-60:]
			}
			return shorten(l, 240)
		}
	}
	return ""
}

// errorField returns the message in a structured log line's "error" field
// (the Collector's console encoder writes JSON fields after the message)
// when it holds the words the line was found by; of the repeats a scraper
// joins with "; ", the first that holds them.
func errorField(line string, words []string) string {
	i := strings.Index(line, `"error": "`)
	if i < 0 {
		return ""
	}
	var msg string
	if err := json.NewDecoder(strings.NewReader(line[i+len(`"error": `):])).Decode(&msg); err != nil {
		return ""
	}
	var in []string
	for _, w := range words {
		if strings.Contains(msg, w) {
			in = append(in, w)
		}
	}
	if len(in) == 0 {
		return "" // the words are in the message, not the error: keep the line
	}
	for _, part := range strings.Split(msg, "; ") {
		all := true
		for _, w := range in {
			all = all && strings.Contains(part, w)
		}
		if all {
			return part
		}
	}
	return msg
}

// logEvidence is a log line as a diagnosis quotes it, last in parentheses:
// unescaped, so that its own quotes stay readable.
func logEvidence(service, line string) string { return service + " log: " + line }

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// inspect finds the causes the lab's description shows by itself.
func inspect(l *model.Lab) []Finding {
	var fs []Finding
	fs = append(fs, inspectBackend(l)...)
	fs = append(fs, inspectCollectorTraces(l)...)
	fs = append(fs, inspectMetrics(l)...)
	return fs
}

func inspectBackend(l *model.Lab) []Finding {
	var fs []Finding
	be := l.Service(model.RoleBackend)
	if be == nil {
		return nil
	}
	b := l.Backend
	want := l.OTLP.Backend.InNetwork
	exportLog := []string{"export"}
	switch host, _ := model.SplitEndpoint(b.OTLPEndpoint); {
	case b.OTLPEndpoint == "" && l.Origin == model.OriginDiscovered:
		fs = append(fs, Finding{Blocks: spanChecks, Where: b.EndpointFrom,
			Problem: "the backend sets no OTEL_EXPORTER_OTLP_ENDPOINT, so the SDK sends its spans to " + model.SDKDefaultEndpoint + ", which is the backend's own container (unless the code passes an endpoint)",
			Fix:     "set OTEL_EXPORTER_OTLP_ENDPOINT: http://" + want, logService: be.Name, logWords: exportLog})
	case b.OTLPEndpoint != "" && model.IsLoopback(host):
		fs = append(fs, Finding{Blocks: spanChecks, Where: b.EndpointFrom,
			Problem: fmt.Sprintf("the backend exports to %s: inside its container, localhost is the backend itself", b.OTLPEndpoint),
			Fix:     "set it to http://" + want, logService: be.Name, logWords: exportLog})
	case b.OTLPEndpoint != "" && l.Resolve(host) == nil && l.Origin == model.OriginDiscovered:
		fs = append(fs, Finding{Blocks: spanChecks, Where: b.EndpointFrom,
			Problem: fmt.Sprintf("the backend exports to %s, but the project has no service %q (services: %s)", b.OTLPEndpoint, host, strings.Join(l.ServiceNames(), ", ")),
			Fix:     "set it to http://" + want, logService: be.Name, logWords: exportLog})
	}
	if l.Origin == model.OriginDiscovered && b.ServiceName != "" && l.ServiceName != "" && b.ServiceName != l.ServiceName {
		// The Collector check too: without its metrics, it is inferred from
		// the service's traces in Jaeger.
		fs = append(fs, Finding{Blocks: spanChecks, Where: b.ServiceNameFrom,
			Problem: fmt.Sprintf("the backend reports service.name=%s, the lab looks for %s", b.ServiceName, l.ServiceName),
			Fix:     fmt.Sprintf("set service.name=%s (or check that name with --service %s)", l.ServiceName, b.ServiceName)})
	}
	return fs
}

func inspectCollectorTraces(l *model.Lab) []Finding {
	col, c := l.Service(model.RoleCollector), l.Collector
	if col == nil || l.Topology != model.TopologyCollector {
		return nil
	}
	var fs []Finding
	// Said even when its config could not be read (not in the container:
	// the very reason it exited); its log says why.
	if !col.Running && col.State != "" {
		var where model.Fact
		if c != nil {
			where.File = c.File
		}
		fs = append(fs, Finding{Blocks: append(append([]string{}, spanChecks...), metricChecks...), Where: where,
			Problem: fmt.Sprintf("the %s container is %s: the Collector is not running", col.Name, col.State),
			Fix:     "fix what its log says, then `docker compose up -d`", logService: col.Name, logWords: []string{"rror"}})
	}
	if c == nil {
		return fs
	}
	traces := c.PipelinesOf("traces")
	if len(traces) == 0 {
		return append(fs, Finding{Blocks: spanChecks, Where: model.Fact{File: c.File, Key: "service.pipelines"},
			Problem: "the Collector has no traces pipeline", Fix: "add service.pipelines.traces with receivers [otlp] and an exporter to Jaeger"})
	}
	for _, r := range c.ReceiversOfType("otlp") {
		for _, proto := range []string{"grpc", "http"} {
			listen, ok := r.Listen[proto]
			if !ok {
				continue
			}
			host, port := model.SplitEndpoint(listen)
			if !model.IsLoopback(host) {
				continue
			}
			where := r.Keys["protocols."+proto+".endpoint"]
			problem := fmt.Sprintf("the %s receiver listens on %s: inside its container, so other containers cannot send to it", r.ID, listen)
			if r.ListenDefault[proto] {
				where = r.Keys["protocols."+proto]
				problem = fmt.Sprintf("receivers.%s.protocols.%s has no endpoint: the Collector then listens on %s, inside its container only", r.ID, proto, listen)
			}
			if proto == "http" {
				continue // the course's backend exports over gRPC; an HTTP-only mistake blocks nothing here
			}
			fs = append(fs, Finding{Blocks: spanChecks, Where: where, Problem: problem,
				Fix: fmt.Sprintf("set receivers.%s.protocols.%s.endpoint: 0.0.0.0:%d", r.ID, proto, port)})
		}
	}
	jaegerOTLP := l.OTLP.Jaeger.InNetwork
	if l.Exporter == "" || c.Component("exporter", l.Exporter) == nil {
		p := traces[0]
		fs = append(fs, Finding{Blocks: spanChecks, Where: model.Fact{File: c.File, Line: p.At.Line, Key: p.At.Key + ".exporters"},
			Problem: fmt.Sprintf("the %s pipeline exports to %s, none of which sends to Jaeger", p.Name, listOrNone(p.Exporters)),
			Fix:     fmt.Sprintf("add an exporter otlp/jaeger (endpoint %s, tls.insecure: true) to its exporters", jaegerOTLP)})
		return fs
	}
	x := c.Component("exporter", l.Exporter)
	for _, ep := range x.Endpoints {
		host, _ := model.SplitEndpoint(ep)
		switch s := l.Resolve(host); {
		case model.IsLoopback(host):
			fs = append(fs, Finding{Blocks: spanChecks, Where: keyOr(x, "endpoint"),
				Problem: fmt.Sprintf("exporter %s sends to %s: inside the Collector's container, that is the Collector itself", x.ID, ep),
				Fix:     "set endpoint: " + jaegerOTLP, logService: col.Name, logWords: []string{"Exporting failed", x.ID}})
		case s == nil && l.Origin == model.OriginDiscovered:
			fs = append(fs, Finding{Blocks: spanChecks, Where: keyOr(x, "endpoint"),
				Problem: fmt.Sprintf("exporter %s sends to %s, but the project has no service %q", x.ID, ep, host),
				Fix:     "set endpoint: " + jaegerOTLP, logService: col.Name, logWords: []string{"Exporting failed", x.ID}})
		case s != nil && s.Role == model.RoleJaeger && grpcOTLP(x) && !x.Insecure && !strings.HasPrefix(ep, "https://"):
			fs = append(fs, Finding{Blocks: spanChecks, Where: keyOr(x, "tls"),
				Problem: fmt.Sprintf("exporter %s speaks TLS to %s, and Jaeger's OTLP port is plain text", x.ID, ep),
				Fix:     "add tls: {insecure: true} under exporters." + x.ID, logService: col.Name, logWords: []string{"handshake"}})
		}
	}
	return fs
}

// grpcOTLP says the exporter is the OTLP gRPC one (TLS on by default).
func grpcOTLP(x *model.Component) bool { return x.Type == "otlp" || x.Type == "otlp_grpc" }

func keyOr(c *model.Component, key string) model.Fact {
	if f, ok := c.Keys[key]; ok {
		return f
	}
	f := c.At
	if f.Key != "" {
		f.Key += "." + key
	}
	return f
}

func inspectMetrics(l *model.Lab) []Finding {
	c := l.Collector
	if c == nil || !l.MetricsRequired {
		return nil
	}
	var fs []Finding
	pgs := c.ReceiversOfType("postgresql")
	if len(pgs) == 0 {
		fs = append(fs, Finding{Blocks: pgChecks, Where: model.Fact{File: c.File, Key: "receivers"},
			Problem: "the Collector has no postgresql receiver in a pipeline", Fix: "add a postgresql receiver (endpoint: " + l.Fix.Postgres + ") to a metrics pipeline that exports to prometheus"})
	}
	for _, r := range pgs {
		for _, ep := range r.Endpoints {
			host, _ := model.SplitEndpoint(ep)
			s := l.Resolve(host)
			if model.IsLoopback(host) || s == nil && l.Origin == model.OriginDiscovered {
				want := l.Fix.Postgres
				fs = append(fs, Finding{Blocks: pgChecks, Where: keyOr(&r, "endpoint"),
					Problem: fmt.Sprintf("the %s receiver reads PostgreSQL at %s, which is not the database service", r.ID, ep),
					Fix:     "set endpoint: " + want})
			}
		}
	}
	proms := c.ExportersOfType("prometheus")
	if len(proms) == 0 {
		fs = append(fs, Finding{Blocks: metricChecks, Where: model.Fact{File: c.File, Key: "exporters"},
			Problem: "the Collector has no prometheus exporter in a pipeline, so Prometheus has nothing to scrape", Fix: "add exporters.prometheus (endpoint: " + l.Fix.ExporterListen + ") to the metrics pipeline"})
	}
	for _, x := range proms {
		for _, ep := range x.Endpoints {
			if host, port := model.SplitEndpoint(ep); model.IsLoopback(host) {
				fs = append(fs, Finding{Blocks: metricChecks, Where: keyOr(&x, "endpoint"),
					Problem: fmt.Sprintf("exporter %s listens on %s: inside its container, so Prometheus cannot scrape it", x.ID, ep),
					Fix:     fmt.Sprintf("set endpoint: 0.0.0.0:%d", port)})
			}
		}
	}
	if p := l.Prometheus; p != nil && len(proms) > 0 && l.CollectorJob == "" {
		want := l.Endpoints.CollectorExporter.InNetwork
		where := model.Fact{File: p.File, Key: "scrape_configs"}
		var seen []string
		for _, j := range p.Jobs {
			seen = append(seen, j.Targets...)
			if where.Line == 0 {
				where = j.At
			}
		}
		fs = append(fs, Finding{Blocks: metricChecks, Where: where,
			Problem: fmt.Sprintf("no Prometheus job scrapes the Collector's prometheus exporter (targets: %s)", listOrNone(seen)),
			Fix:     "scrape targets: ['" + orDefault(want, l.Fix.ExporterTarget) + "']"})
	} else if p != nil && l.CollectorJob != "" {
		for _, j := range p.Jobs {
			if j.Name != l.CollectorJob {
				continue
			}
			want := l.Endpoints.CollectorExporter.InNetwork
			for _, t := range j.Targets {
				if _, port := model.SplitEndpoint(t); want != "" && port != l.Endpoints.CollectorExporter.Port {
					fs = append(fs, Finding{Blocks: metricChecks, Where: j.At,
						Problem: fmt.Sprintf("job %s scrapes %s, not the Collector's prometheus exporter", j.Name, t),
						Fix:     "scrape " + want})
				}
			}
		}
	}
	return fs
}

// fromCollectorLog turns the Collector's own error lines into findings.
// The receiver's causes, as PostgreSQL 15 words them (measured with the
// test bed's Collector: testdata/collector-log): a wrong password and a
// role that does not exist give the same line (PostgreSQL tells a client
// nothing more); a role made with CREATE ROLE cannot log in; a database
// whose CONNECT was revoked from PUBLIC refuses the role. A role without
// pg_monitor is none of these: every statistic the receiver reads by
// default is readable by any role.
func fromCollectorLog(l *model.Lab, service string, lines []string) []Finding {
	c := l.Collector
	if c == nil {
		return nil
	}
	pgs := c.ReceiversOfType("postgresql")
	if len(pgs) == 0 {
		return nil
	}
	r := pgs[0]
	user := func(line string) string {
		if u := nameAfter(line, "for user "); u != "" {
			return u
		}
		if u := nameAfter(line, "role "); u != "" {
			return u
		}
		return r.Username
	}
	finding := func(key, line, problem, fix string) []Finding {
		return []Finding{{Blocks: pgChecks, Where: keyOr(&r, key), Problem: problem, Fix: fix, Evidence: logEvidence(service, line)}}
	}
	if line := findLine(lines, []string{"password authentication failed"}); line != "" {
		u := user(line)
		return finding("password", line,
			fmt.Sprintf("the %s receiver cannot log in: PostgreSQL refuses the password of user %q, or has no role %q (it says the same for both)", r.ID, u, u),
			"give it the database's user and password (POSTGRES_USER and POSTGRES_PASSWORD of the database service, e.g. ${env:POSTGRES_PASSWORD}), or create that role")
	}
	if line := findLine(lines, []string{"is not permitted to log in"}); line != "" {
		u := user(line)
		return finding("username", line,
			fmt.Sprintf("the %s receiver logs in as %q, a role without LOGIN (CREATE ROLE makes one; CREATE USER does not)", r.ID, u),
			fmt.Sprintf("make it a login role: CREATE USER instead of CREATE ROLE in the init script (or ALTER ROLE %s LOGIN), then recreate the database's volume so that it runs again (docker compose down -v)", u))
	}
	if line := findLine(lines, []string{"permission denied for database"}); line != "" {
		u, db := r.Username, nameAfter(line, "permission denied for database ")
		return finding("databases", line,
			fmt.Sprintf("user %q may not connect to database %q (CONNECT is revoked from PUBLIC there)", u, db),
			fmt.Sprintf("GRANT CONNECT ON DATABASE %s TO %s, or leave it out of receivers.%s.databases", db, u, r.ID))
	}
	if line := findLine(lines, []string{"does not exist"}); line != "" && strings.Contains(line, "role") {
		// Only where PostgreSQL trusts the client (POSTGRES_HOST_AUTH_METHOD=trust);
		// with passwords, a missing role reads as a bad password (above).
		return finding("username", line,
			fmt.Sprintf("the %s receiver logs in as %q, a role PostgreSQL does not have", r.ID, user(line)),
			"use the database's user, or create the role (CREATE USER ... ; GRANT pg_monitor TO ...)")
	}
	if line := findLine(lines, []string{"permission denied"}); line != "" {
		return finding("username", line,
			fmt.Sprintf("user %q may not read a statistic the receiver asks for", r.Username),
			fmt.Sprintf("GRANT pg_monitor TO %s", r.Username))
	}
	if line := findLine(lines, []string{"postgresql", "no such host"}); line != "" {
		return finding("endpoint", line,
			fmt.Sprintf("the %s receiver cannot find PostgreSQL's host", r.ID),
			"set endpoint to the database service, e.g. "+l.Fix.Postgres)
	}
	return nil
}

// nameAfter returns the name that follows prefix in a PostgreSQL message,
// bare or quoted (`role "otel"`, `role \"otel\"` in a raw JSON field).
func nameAfter(line, prefix string) string {
	i := strings.Index(line, prefix)
	if i < 0 {
		return ""
	}
	name := strings.TrimLeft(line[i+len(prefix):], `\"`)
	if j := strings.IndexAny(name, ` ;"\`); j >= 0 {
		name = name[:j]
	}
	return name
}

// diagnose gives each failed check its diagnosis: the root cause a finding
// names, shown on the first check it blocks while the others point there;
// else the walk along the pipeline over the snapshot.
func diagnose(out []Outcome, list []Check, s Snapshot, fs []Finding) {
	shownOn := map[int]string{}
	for i := range out {
		if out[i].Status != Fail {
			continue
		}
		fi := -1
		for j := range fs {
			if fs[j].blocks(out[i].ID) {
				fi = j
				break
			}
		}
		if fi < 0 {
			if list[i].Diagnose != nil {
				out[i].Diagnosis = list[i].Diagnose(s)
			}
			continue
		}
		if first, ok := shownOn[fi]; ok {
			out[i].BlockedBy = first
			out[i].Diagnosis = "blocked by " + first + ": " + fs[fi].Problem
			continue
		}
		shownOn[fi] = out[i].ID
		out[i].Diagnosis = fs[fi].Text()
	}
}
