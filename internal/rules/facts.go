package rules

import (
	"strings"

	"github.com/labctl/labctl/internal/model"
)

// What the rules ask of a lab's model, the same whether it was read from
// files (lint) or from the engine (verify).

// roleName is the name of the service playing role, "" when none.
func roleName(l *model.Lab, r model.Role) string {
	if s := l.Service(r); s != nil {
		return s.Name
	}
	return ""
}

// hostNames are the names that resolve inside the project's network: each
// service's name, then its aliases.
func hostNames(l *model.Lab) []string {
	var out []string
	for _, s := range l.Services {
		out = append(out, s.Name)
		out = append(out, s.Aliases...)
	}
	return out
}

// serviceOf is the service a host name resolves to, nil when none.
func serviceOf(l *model.Lab, host string) *model.Service { return l.Resolve(host) }

// lineOf is the line of a key path in a YAML tree.
var lineOf = model.LineOf

// unknownHost says a host name is no service of the lab: not empty, not
// loopback, not a domain name or an IP address (those may well resolve).
func unknownHost(l *model.Lab, host string) bool {
	return host != "" && !model.IsLoopback(host) && !strings.ContainsAny(host, ".:") && serviceOf(l, host) == nil
}

// proveIn says in which service's log verify looks for the line that
// proves the finding: the last one holding every word.
func (f *Finding) proveIn(l *model.Lab, role model.Role, words ...string) {
	if s := l.Service(role); s != nil {
		f.evidence = &logWords{service: s.Name, words: words}
	}
}
