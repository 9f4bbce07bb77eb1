// Package termsize tells whether a writer is a terminal and how wide it is,
// with golang.org/x/sys only.
package termsize

import (
	"io"
	"os"
	"strconv"
	"strings"
)

// Width returns w's width in columns and whether w is a terminal. When it is
// not a terminal (a pipe, a file, a buffer), the width is $COLUMNS if that
// is a number, else def.
func Width(w io.Writer, def int) (int, bool) {
	if f, ok := w.(*os.File); ok {
		if n, ok := terminalWidth(f); ok {
			if n <= 0 {
				n = columns(def)
			}
			return n, true
		}
	}
	return columns(def), false
}

func columns(def int) int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return def
}

// Color reports whether to colour output to w: a terminal, NO_COLOR unset
// or empty (https://no-color.org), TERM not "dumb".
func Color(w io.Writer) bool {
	_, tty := Width(w, 80)
	return tty && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}
