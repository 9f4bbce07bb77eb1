// Package msg holds the sentences people read in report.md, the grading
// checklist and the class sheet: one catalog per language (en, fr), keyed
// by message, printed with golang.org/x/text/message so that numbers and
// durations take the language's format ("1,4 ms" in French).
//
// A Message is a key and its arguments, so that what verify and grade
// found can be stored once (verify.json, a grade result) and read in either
// language. Its English text (Message.English) is exactly what the CLI and
// the JSON outputs printed before the catalog existed: plain fmt, no
// grouping of digits.
package msg

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Lang is a language labctl writes for people.
type Lang string

const (
	English Lang = "en"
	French  Lang = "fr"
)

// Langs are the languages there is a catalog for.
var Langs = []Lang{English, French}

func (l Lang) tag() language.Tag {
	if l == French {
		return language.French
	}
	return language.English
}

// catalogs are the messages of every language, by key; catalog_en.go and
// catalog_fr.go fill them, and each catalog_TOPIC.go adds a topic's keys in
// both languages side by side (extend), so that work on separate topics
// touches separate files.
var catalogs = map[Lang]map[string]string{English: en, French: fr}

// extend adds a topic's messages in language l at init; a key already in
// the catalog is a programming error (two topics would fight over it).
func extend(l Lang, msgs map[string]string) {
	c := catalogs[l]
	for k, v := range msgs {
		if _, dup := c[k]; dup {
			panic("msg: catalog " + string(l) + ": duplicate key " + k)
		}
		c[k] = v
	}
}

// built is the catalog golang.org/x/text prints with, made on first use:
// after every file's init has extended the catalogs.
var built = sync.OnceValue(func() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for l, msgs := range catalogs {
		for k, v := range msgs {
			if err := b.SetString(l.tag(), k, v); err != nil {
				panic("msg: catalog " + string(l) + " " + k + ": " + err.Error()) // built-in values
			}
		}
	}
	return b
})

// Printer prints messages in one language.
type Printer struct {
	Lang Lang
	p    *message.Printer
}

// For returns the printer of l (English for an unknown language).
func For(l Lang) *Printer {
	if _, ok := catalogs[l]; !ok {
		l = English
	}
	return &Printer{Lang: l, p: message.NewPrinter(l.tag(), message.Catalog(built()))}
}

// Sprintf prints the message key with args in the printer's language.
// Durations, nested messages and Raw texts among args are printed in it too.
// A key missing from the catalog prints as "!(MISSING key)", which the
// catalog's tests look for.
func (p *Printer) Sprintf(key string, args ...any) string {
	if _, ok := catalogs[p.Lang][key]; !ok {
		return "!(MISSING " + key + ")"
	}
	return p.p.Sprintf(key, p.localArgs(args)...)
}

// Text prints m in the printer's language.
func (p *Printer) Text(m Message) string {
	if m.Key == "" {
		return m.Text
	}
	return p.Sprintf(m.Key, m.Args...)
}

// Duration writes d for people: "1,4 ms", "12 ms", "2,5 s", "42 s", "3 min 5 s", "1 h 02 min".
func (p *Printer) Duration(d time.Duration) string {
	switch {
	case d < time.Second:
		return p.decimal(float64(d)/float64(time.Millisecond)) + " ms"
	case d < time.Minute && d%time.Second == 0:
		return fmt.Sprintf("%d s", int(d/time.Second))
	case d < time.Minute:
		return p.decimal(d.Seconds()) + " s"
	case d < time.Hour:
		d = d.Round(time.Second)
		m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
		if s == 0 {
			return fmt.Sprintf("%d min", m)
		}
		return fmt.Sprintf("%d min %d s", m, s)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%d h %02d min", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// Milliseconds writes d in ms whatever its size ("1,4 ms", "2 130 ms"), for
// what sits on a millisecond axis.
func (p *Printer) Milliseconds(d time.Duration) string {
	return p.decimal(float64(d)/float64(time.Millisecond)) + " ms"
}

// decimal writes v with one decimal under 10 and none from 10 on, in the
// language's format.
func (p *Printer) decimal(v float64) string {
	if v >= 10 {
		return p.p.Sprintf("%.0f", v)
	}
	return p.p.Sprintf("%.1f", v)
}

// Number writes v with the given decimals in the language's format.
func (p *Printer) Number(v float64, decimals int) string {
	return p.p.Sprintf("%.*f", decimals, v)
}

func (p *Printer) localArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case Duration:
			out[i] = p.Duration(time.Duration(a))
		case Message:
			out[i] = p.Text(a)
		case *Message:
			out[i] = p.Text(*a)
		default:
			out[i] = a
		}
	}
	return out
}

// Duration is a message argument printed as a duration: time.Duration's
// own text in English (Message.English), Printer.Duration in a report.
type Duration time.Duration

// String is what fmt prints: time.Duration's text, as before the catalog.
func (d Duration) String() string { return time.Duration(d).String() }

// Plain is every message under prefix ("report.") that takes no argument,
// by its name after the prefix: what a custom report template reads as .T.
func (p *Printer) Plain(prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range catalogs[p.Lang] {
		if name, ok := strings.CutPrefix(k, prefix); ok && Verbs(v) == 0 {
			out[name] = p.Sprintf(k)
		}
	}
	return out
}

// Verbs counts the fmt verbs of a catalog format ("%%" is none).
func Verbs(format string) int {
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			i++
			continue
		}
		n++
	}
	return n
}

// Has reports whether key is in the catalogs.
func Has(key string) bool {
	_, ok := en[key]
	return ok
}

// Keys lists the catalog's keys, sorted.
func Keys() []string {
	out := make([]string, 0, len(en))
	for k := range en {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
