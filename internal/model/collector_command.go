package model

import (
	"path"
	"strings"
)

// CollectorArgs is what a Collector's command line says about its config,
// read as the Collector reads it (otelcol/flags.go, v0.145.0: Go flags
// under cobra, so --name=value or --name value; --config and --set may
// repeat, in order).
type CollectorArgs struct {
	// Configs are the --config values in order: a path or a URI
	// (file:PATH, env:NAME, yaml:INLINE, http(s)://...). The Collector
	// merges them in this order, then the --set values.
	Configs []string
	// Sets are the --set values as the Collector turns them into config
	// layers: "yaml:a::b: value" (--set=a.b=value).
	Sets []string
	// FeatureGates are the --feature-gates values (comma-separated
	// lists, as written).
	FeatureGates []string
	// Shell is the `sh -c` script the flags were read from, "" when the
	// command runs the Collector itself.
	Shell string
}

// ParseCollectorArgs reads a Collector's entrypoint and command (Compose's
// or the container's). A command given as `sh -c "SCRIPT"` (or bash, ash,
// dash; -c possibly among other one-letter options such as -ec) is read
// from the script's words, split as the shell splits them; in a script of
// several commands (;, &&, ||, |, &), the flags are those of the commands
// that run a Collector (otelcol*, or any command with --config).
func ParseCollectorArgs(entrypoint, command []string) CollectorArgs {
	args := append(append([]string{}, entrypoint...), command...)
	var a CollectorArgs
	if script, ok := shellScript(args); ok {
		a.Shell = script
		for _, cmd := range shellCommands(ShellWords(script)) {
			if runsCollector(cmd) {
				a.readFlags(cmd)
			}
		}
		return a
	}
	a.readFlags(args)
	return a
}

// HasConfig says whether the command line names any config (--config or
// --set): without one the Collector starts with no config at all.
func (a CollectorArgs) HasConfig() bool { return len(a.Configs) > 0 }

// Files are the --config values read from a file, as paths in order (a
// path, or a file: URI): not env:, yaml:, http(s): or other URIs.
func (a CollectorArgs) Files() []string {
	var out []string
	for _, uri := range a.Configs {
		scheme, rest, ok := cutScheme(uri)
		switch {
		case !ok:
			out = append(out, uri)
		case scheme == "file":
			out = append(out, rest)
		}
	}
	return out
}

// URIs are the layers the Collector resolves, in order: the --config
// values, then the --set ones.
func (a CollectorArgs) URIs() []string { return append(append([]string{}, a.Configs...), a.Sets...) }

// MergeAppend says whether the command enables the feature gate that
// makes confmap append component lists instead of replacing them
// (confmap.enableMergeAppendOption, alpha since v0.120.0).
func (a CollectorArgs) MergeAppend() bool {
	for _, g := range a.FeatureGates {
		for _, one := range strings.Split(g, ",") {
			if strings.TrimSpace(one) == "confmap.enableMergeAppendOption" || strings.TrimSpace(one) == "+confmap.enableMergeAppendOption" {
				return true
			}
		}
	}
	return false
}

func (a *CollectorArgs) readFlags(args []string) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !strings.HasPrefix(arg, "--") {
			continue
		}
		switch name {
		case "config", "set", "feature-gates":
		default:
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				continue
			}
			i++
			value = args[i]
		}
		switch name {
		case "config":
			a.Configs = append(a.Configs, value)
		case "set":
			if k, v, ok := strings.Cut(value, "="); ok {
				a.Sets = append(a.Sets, "yaml:"+strings.TrimSpace(strings.ReplaceAll(k, ".", "::"))+": "+strings.TrimSpace(v))
			}
		case "feature-gates":
			a.FeatureGates = append(a.FeatureGates, value)
		}
	}
}

var shells = map[string]bool{"sh": true, "bash": true, "ash": true, "dash": true, "zsh": true, "busybox": false}

// shellScript finds `SHELL [-opts] -c SCRIPT` in args.
func shellScript(args []string) (string, bool) {
	for i, a := range args {
		if !shells[path.Base(a)] {
			continue
		}
		for j := i + 1; j < len(args); j++ {
			opt := args[j]
			if !strings.HasPrefix(opt, "-") || opt == "-" {
				return "", false
			}
			if !strings.HasPrefix(opt, "--") && strings.Contains(opt, "c") {
				if j+1 < len(args) {
					return args[j+1], true
				}
				return "", false
			}
		}
		return "", false
	}
	return "", false
}

// ShellWords splits a POSIX shell command line into words: blanks
// separate words, single quotes keep everything literally, double quotes
// keep all but \", \\, \$ and \` escapes, a backslash outside quotes
// escapes the next character. The operators ; & | && || and newlines are
// words of their own. Expansions ($VAR, $(...)) are left as written.
func ShellWords(s string) []string {
	var out []string
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			out = append(out, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				cur.WriteString(s[i+1:])
				i = len(s)
				break
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
		case c == '\\' && i+1 < len(s):
			inWord = true
			i++
			if s[i] != '\n' {
				cur.WriteByte(s[i])
			}
		case c == ' ' || c == '\t':
			flush()
		case c == '\n' || c == ';':
			flush()
			out = append(out, ";")
		case c == '&' || c == '|':
			flush()
			if i+1 < len(s) && s[i+1] == c {
				out = append(out, string([]byte{c, c}))
				i++
			} else {
				out = append(out, string(c))
			}
		case c == '#' && !inWord:
			for i < len(s) && s[i] != '\n' {
				i++
			}
			i--
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

// shellCommands cuts a script's words at its operators.
func shellCommands(words []string) [][]string {
	var out [][]string
	var cur []string
	for _, w := range words {
		switch w {
		case ";", "&", "|", "&&", "||":
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
		default:
			cur = append(cur, w)
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// runsCollector says whether a simple command runs a Collector: its
// program (after exec and VAR=value assignments) is otelcol*, or it
// passes --config.
func runsCollector(cmd []string) bool {
	for _, w := range cmd {
		if w == "exec" || (strings.Contains(w, "=") && !strings.HasPrefix(w, "-")) {
			continue
		}
		if strings.HasPrefix(path.Base(w), "otelcol") {
			return true
		}
		break
	}
	for _, w := range cmd {
		if w == "--config" || strings.HasPrefix(w, "--config=") {
			return true
		}
	}
	return false
}
