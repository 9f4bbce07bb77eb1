// Package logscan reads a container's log the way a person does: each
// error whole, with its continuation lines (the Collector's multi-line
// "Error: ... decoding failed due to the following error(s):" and the lines
// after it, a stack trace under a zap line), and picks the line that says
// why. It knows the shapes the lab's services print: zap console and JSON
// lines (Collector, Jaeger v2), Go's "Error:" exits, Python logging (the
// OpenTelemetry SDK's export failures), PostgreSQL's "FATAL:".
package logscan

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Entry is one error (or warning) of a log, with its continuation lines.
type Entry struct {
	// Line is the 1-based line where the entry starts.
	Line int
	// Level is "error", "warn" or "fatal", as the log says it.
	Level string
	// Lines are the entry's lines as written, first line first.
	Lines []string
	// Cause is the line (or field) that says why, trimmed.
	Cause string
	// Component is the Collector component the entry is about
	// ("otlp_grpc/jaeger", from otelcol.component.id), when it says.
	Component string
	// Target is HOST:PORT an exporter failed to reach, when it says.
	Target string
}

var (
	reZapConsole = regexp.MustCompile(`^\d{4}-\d\d-\d\dT[\d:.]+Z?\s+(debug|info|warn|error|dpanic|panic|fatal)\s`)
	rePyLogging  = regexp.MustCompile(`^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]+:`)
	// Without a logging config (the course's backend), Python's last
	// resort handler prints the SDK's warnings and errors bare.
	rePyBare    = regexp.MustCompile(`^(Transient error |Failed to export )`)
	rePyExport  = regexp.MustCompile(`(?:exporting traces to|export traces to|exporting spans to) ([\w.\-\[\]:]+?)(?:,|\s|$)`)
	reGRPCAddr  = regexp.MustCompile(`dial tcp ([\w.\-\[\]:]+): `)
	rePGLevel   = regexp.MustCompile(`\b(FATAL|ERROR|PANIC):\s`)
	reStartLike = regexp.MustCompile(`^(\d{4}[-/]\d\d[-/]\d\d|[IWEF]\d{4} |\{|[A-Z]+:[\w.]+:|Error:|Traceback |Transient error |Failed to export )`)
)

// Entries returns the log's errors and warnings in order, each with its
// continuation lines and its cause.
func Entries(log string) []Entry {
	lines := strings.Split(strings.ReplaceAll(log, "\r\n", "\n"), "\n")
	var out []Entry
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		level, ok := levelOf(l)
		if !ok {
			continue
		}
		e := Entry{Line: i + 1, Level: level, Lines: []string{l}}
		// Continuation: blank lines then indented or bulleted lines, or any
		// line that does not start a new record, until the next record.
		j := i + 1
		for ; j < len(lines); j++ {
			next := lines[j]
			if reStartLike.MatchString(next) {
				break
			}
			if strings.TrimSpace(next) == "" {
				// A blank line belongs to the entry only if more follows.
				k := j + 1
				for k < len(lines) && strings.TrimSpace(lines[k]) == "" {
					k++
				}
				if k >= len(lines) || reStartLike.MatchString(lines[k]) {
					break
				}
			}
			e.Lines = append(e.Lines, next)
		}
		i = j - 1
		e.Cause, e.Component, e.Target = cause(e.Lines)
		out = append(out, e)
	}
	return out
}

// Errors keeps the entries at level error or worse.
func Errors(es []Entry) []Entry {
	var out []Entry
	for _, e := range es {
		if e.Level != "warn" {
			out = append(out, e)
		}
	}
	return out
}

// levelOf says whether a line starts an error or warning record.
func levelOf(l string) (string, bool) {
	switch {
	case strings.HasPrefix(l, "Error:"):
		return "fatal", true
	case strings.HasPrefix(l, "{"):
		var rec struct {
			Level string `json:"level"`
		}
		if json.Unmarshal([]byte(l), &rec) == nil {
			return norm(rec.Level)
		}
	}
	if m := reZapConsole.FindStringSubmatch(l); m != nil {
		return norm(m[1])
	}
	if m := rePyLogging.FindStringSubmatch(l); m != nil {
		return norm(m[1])
	}
	if m := rePGLevel.FindStringSubmatch(l); m != nil {
		return norm(m[1])
	}
	if m := rePyBare.FindStringSubmatch(l); m != nil {
		if m[1] == "Transient error " {
			return "warn", true // the SDK retries
		}
		return "error", true
	}
	return "", false
}

func norm(level string) (string, bool) {
	switch strings.ToLower(level) {
	case "warn", "warning":
		return "warn", true
	case "error", "dpanic":
		return "error", true
	case "fatal", "panic", "critical":
		return "fatal", true
	}
	return "", false
}

// cause picks the line that says why.
func cause(lines []string) (cause, component, target string) {
	first := lines[0]
	switch {
	case strings.HasPrefix(first, "{"):
		var rec map[string]any
		if json.Unmarshal([]byte(first), &rec) == nil {
			msg, _ := rec["msg"].(string)
			errField, _ := rec["error"].(string)
			component, _ = rec["otelcol.component.id"].(string)
			cause = msg
			if errField != "" {
				cause = msg + ": " + errField
			}
		}
	case reZapConsole.MatchString(first):
		// 2026-...Z	error	caller	message	{"key": ...}
		parts := strings.SplitN(first, "\t", 5)
		if len(parts) >= 4 {
			cause = strings.TrimSpace(parts[3])
		}
		if len(parts) == 5 {
			var fields map[string]any
			if json.Unmarshal([]byte(parts[4]), &fields) == nil {
				if s, _ := fields["error"].(string); s != "" {
					cause += ": " + s
				}
				component, _ = fields["otelcol.component.id"].(string)
			}
		}
	default:
		// "Error: ... following error(s):" then the lines that say why:
		// the last non-blank line that is not itself a heading.
		cause = strings.TrimSpace(strings.TrimPrefix(first, "Error:"))
		for _, l := range lines[1:] {
			t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "* "))
			if t == "" || strings.HasSuffix(t, "error(s):") || strings.HasPrefix(l, "\t") {
				continue
			}
			cause = t
		}
		m := rePyLogging.FindString(first)
		if m != "" || rePyBare.MatchString(first) {
			cause = strings.TrimSpace(first[len(m):])
			if _, det, ok := strings.Cut(cause, "last error: "); ok {
				cause = strings.TrimSpace(det)
			}
		}
	}
	if m := rePyExport.FindStringSubmatch(first); m != nil {
		target = strings.TrimSuffix(m[1], ",")
	} else if m := reGRPCAddr.FindStringSubmatch(cause); m != nil {
		target = m[1]
	}
	return cause, component, target
}

// FirstCause is the cause of the first error (or, without one, of the
// first warning): the line to quote for a container that exited.
func FirstCause(log string) (Entry, bool) {
	es := Entries(log)
	for _, e := range es {
		if e.Level != "warn" {
			return e, true
		}
	}
	if len(es) > 0 {
		return es[0], true
	}
	return Entry{}, false
}
