package model

import "strings"

// ExpandEnv resolves environment references in a Collector configuration
// value the way the Collector (confmap, v0.145.0) does:
//
//   - ${env:NAME} and ${NAME} (env is the default provider) are NAME's value,
//     "" when NAME is not set;
//   - ${env:NAME:-default} is default when NAME is not set (a set but empty
//     NAME stays empty, as with the Collector's env provider);
//   - $$ is a literal $, so $${env:NAME} is the text ${env:NAME};
//   - $NAME without braces is left as written: the Collector dropped that
//     syntax with its expand converter;
//   - a reference to another provider (${file:…}, ${http:…}) or with an
//     invalid name is left as written: labctl cannot resolve it.
//
// References nested in a default (${env:A:-${env:B}}) resolve inside out.
func ExpandEnv(s string, env map[string]string) string {
	out, _ := expandEnv(s, env)
	return out
}

// expandEnv is ExpandEnv, and also reports whether s is one reference to an
// unset variable without default: the Collector then reads the value as null
// (the component's default applies), not as "".
func expandEnv(s string, env map[string]string) (string, bool) {
	if !strings.Contains(s, "$") {
		return s, false
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$$"):
			b.WriteByte('$')
			i += 2
		case strings.HasPrefix(s[i:], "${"):
			val, end, unset, ok := expandRef(s, i, env)
			if !ok {
				// Never closed: not a reference.
				b.WriteString("${")
				i += 2
				continue
			}
			if i == 0 && end == len(s) && unset {
				return "", true
			}
			b.WriteString(val)
			i = end
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), false
}

// expandRef resolves the reference starting at s[start] ("${"). It returns
// the value, the index after the closing brace, whether it named an unset
// variable without default, and false when the brace is never closed.
func expandRef(s string, start int, env map[string]string) (val string, end int, unset, ok bool) {
	var body strings.Builder
	i := start + 2
	for i < len(s) {
		switch {
		case s[i] == '}':
			v, u := resolveRef(body.String(), env)
			return v, i + 1, u, true
		case strings.HasPrefix(s[i:], "${"):
			v, e, _, ok := expandRef(s, i, env)
			if !ok {
				return "", 0, false, false
			}
			body.WriteString(v)
			i = e
		default:
			body.WriteByte(s[i])
			i++
		}
	}
	return "", 0, false, false
}

// resolveRef resolves the text between ${ and }.
func resolveRef(ref string, env map[string]string) (string, bool) {
	name := ref
	if scheme, rest, found := strings.Cut(ref, ":"); found && validScheme(scheme) && !strings.HasPrefix(rest, "-") {
		if scheme != "env" {
			return "${" + ref + "}", false
		}
		name = rest
	}
	name, def, hasDef := strings.Cut(name, ":-")
	if !validEnvName(name) {
		return "${" + ref + "}", false
	}
	if v, set := env[name]; set {
		return v, false
	}
	if hasDef {
		return def, false
	}
	return "", true
}

// validScheme follows the Collector's scheme pattern [A-Za-z][A-Za-z0-9+.-]+.
func validScheme(s string) bool {
	if len(s) < 2 || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !isDigit(c) && c != '+' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// validEnvName follows the Collector's ^[a-zA-Z_][a-zA-Z0-9_]*$.
func validEnvName(s string) bool {
	if s == "" || !(isLetter(s[0]) || s[0] == '_') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
