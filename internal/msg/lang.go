package msg

import (
	"fmt"
	"strings"
)

// Parse accepts a language as --lang takes it ("fr", "en") or as a locale
// sets it ("fr_CH.UTF-8", "en-GB").
func Parse(s string) (Lang, error) {
	if l, ok := fromLocale(s); ok {
		return l, nil
	}
	return "", fmt.Errorf("unknown language %q for --lang; use en or fr", s)
}

// fromLocale reads the language of a locale value: "fr_CH.UTF-8" → fr.
// "C", "POSIX" and languages without a catalog give false.
func fromLocale(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	for _, l := range Langs {
		if s == string(l) {
			return l, true
		}
	}
	return "", false
}

// Choose picks the language: flag when given (an unknown one is an error),
// else the locale's (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders
// them; the first one set decides), else def. getenv is os.Getenv.
func Choose(flag string, getenv func(string) string, def Lang) (Lang, error) {
	if flag != "" {
		return Parse(flag)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if l, ok := fromLocale(s); ok {
				return l, nil
			}
			return def, nil
		}
	}
	return def, nil
}
