package waterfall

import (
	"fmt"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
)

// first returns the first non-empty tag among keys (newest semantic
// conventions first, then their older names).
func first(tags map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(tags[k]); v != "" {
			return v
		}
	}
	return ""
}

// Explain is the few attributes that say what a span did, on one line:
// "POST /products/ → 201", "postgresql: INSERT INTO product ...",
// "grpc oteldemo.CartService/GetCart code 0". "" when none of them is set.
func Explain(s jaeger.Span) string {
	t := s.Tags
	var parts []string
	if m := first(t, "http.request.method", "http.method"); m != "" {
		target := first(t, "http.route", "url.path", "http.target", "url.full", "http.url")
		p := strings.TrimSpace(m + " " + target)
		if code := first(t, "http.response.status_code", "http.status_code"); code != "" {
			p += " → " + code
		}
		parts = append(parts, p)
	} else if code := first(t, "http.response.status_code", "http.status_code"); code != "" {
		parts = append(parts, "→ "+code)
	}
	if sys := first(t, "db.system.name", "db.system"); sys != "" {
		p := sys
		if stmt := first(t, "db.query.text", "db.statement"); stmt != "" {
			p += ": " + strings.Join(strings.Fields(stmt), " ")
		} else if op := first(t, "db.operation.name", "db.operation"); op != "" {
			p += ": " + op
		}
		parts = append(parts, p)
	}
	if sys := first(t, "rpc.system"); sys != "" || first(t, "rpc.method") != "" {
		p := strings.TrimSpace(sys + " " + strings.Trim(first(t, "rpc.service")+"/"+first(t, "rpc.method"), "/"))
		if code := first(t, "rpc.grpc.status_code", "rpc.response.status_code"); code != "" {
			p += " code " + code
		}
		parts = append(parts, p)
	}
	if s.Error {
		e := "error"
		if why := first(t, "error.type", "exception.type", "otel.status_description", "exception.message"); why != "" {
			e += ": " + why
		}
		parts = append(parts, e)
	}
	return strings.Join(parts, " · ")
}

// FormatDuration writes a span's duration short and readable: 850µs,
// 4.25ms, 12.3ms, 1.20s.
func FormatDuration(d time.Duration) string {
	switch {
	case d < 0:
		return "-" + FormatDuration(-d)
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < time.Minute:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
