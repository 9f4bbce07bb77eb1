package submission

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slug makes a student's name safe for a file and a Compose project name:
// lower case ASCII letters, digits, '-' and '_' ("Zoé Müller" -> zoe-muller).
func slug(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r): // accents, dropped
		default:
			if s := b.String(); s != "" && !strings.HasSuffix(s, "-") {
				b.WriteRune('-')
			}
		}
	}
	s := strings.Trim(b.String(), "-_")
	if s == "" {
		s = "student"
	}
	return s
}
