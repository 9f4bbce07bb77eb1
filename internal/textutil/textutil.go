// Package textutil holds the small text helpers several packages share.
package textutil

import "strings"

// OneLine folds s onto one line: every run of white space, new lines
// included, becomes one space, and none is left at either end. Errors and
// evidence go through it before they land in a line of a terminal, a CI
// log, a Markdown list item or a CSV cell.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
