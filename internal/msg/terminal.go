package msg

import "time"

// The terminal's words (lint, verify, status, trace, scenario): in English
// exactly what these commands printed before they spoke French (plain fmt,
// Go's durations), so that scripts and goldens keep reading them; in French
// through the catalog, numbers and durations in French.

// Say is m for the terminal: its English text in English; in another
// language its catalog text, or, for a text no catalog has (what a tool
// said, a rule without an entry yet), that text quoted as it is.
func (p *Printer) Say(m Message) string {
	switch {
	case p.Lang == English:
		return m.English()
	case m.Key == "":
		return p.Sprintf("term.untranslated", m.Text)
	}
	return p.Text(m)
}

// Took is a duration for the terminal: d.String() in English ("1.2s"),
// Printer.Duration otherwise ("1,2 s").
func (p *Printer) Took(d time.Duration) string {
	if p.Lang == English {
		return d.String()
	}
	return p.Duration(d)
}
