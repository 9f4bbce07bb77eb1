package rules

import (
	"encoding/json"
	"strings"
)

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
	var text string
	if err := json.NewDecoder(strings.NewReader(line[i+len(`"error": `):])).Decode(&text); err != nil {
		return ""
	}
	var in []string
	for _, w := range words {
		if strings.Contains(text, w) {
			in = append(in, w)
		}
	}
	if len(in) == 0 {
		return "" // the words are in the message, not the error: keep the line
	}
	for _, part := range strings.Split(text, "; ") {
		all := true
		for _, w := range in {
			all = all && strings.Contains(part, w)
		}
		if all {
			return part
		}
	}
	return text
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
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
