// Package msgtest finds English left in text that should be French: the
// tests of the report's and the checklist's French goldens use it.
package msgtest

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// stopWords are common English words that are no French words. ("on",
// "but", "a" are French too; "spans" is the course's French word for
// spans, as in "le backend pousse ses spans".)
var stopWords = []string{
	"the", "was", "were", "not", "is", "are", "has", "have", "and", "with", "from", "of", "to", "in",
	"did", "does", "could", "yet", "which", "when", "where", "there", "this", "that", "its",
	"requests", "answers", "answered", "failed", "skipped", "passed", "checked", "found", "missing",
	"no", "none", "every", "rows", "tasks", "estimated", "spent", "deadline", "late", "link",
}

var (
	// What is quoted rather than said: code spans, « quotes » (a tool's
	// error, a diagnosis not translated yet), links and addresses.
	codeSpan  = regexp.MustCompile("(`+)[^`]*?(`+)")
	guillemet = regexp.MustCompile(`«[^»]*»`)
	link      = regexp.MustCompile(`<?https?://[^\s>)]+>?`)
	word      = regexp.MustCompile(`[\p{L}\p{N}_'-]+`)
)

// EnglishWords lists the stop words found in text outside what it quotes,
// with the line each first appears on.
func EnglishWords(text string) []string {
	return englishWords(text, stopWords, func(line string) string { return guillemet.ReplaceAllString(line, " ") })
}

// sentenceWords are English words that start or fill a sentence of advice
// ("use …", "remove it", "nothing: … is always on"), none of them French.
var sentenceWords = []string{"use", "add", "remove", "write", "set", "nothing", "always", "must", "for", "it", "by", "at", "into", "only", "your", "default", "imports"}

// EnglishWordsSaid is EnglishWords, stricter, for a text whose caller has
// already removed what a tool said (see linttest): « quotes » are read too,
// since what labctl could not translate is quoted so, and sentences of
// advice count.
func EnglishWordsSaid(text string) []string {
	return englishWords(text, append(append([]string{}, stopWords...), sentenceWords...), func(line string) string { return line })
}

func englishWords(text string, words []string, unquote func(string) string) []string {
	stop := map[string]bool{}
	for _, w := range words {
		stop[w] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(text, "\n") {
		said := link.ReplaceAllString(unquote(codeSpan.ReplaceAllString(line, " ")), " ")
		for _, w := range word.FindAllString(said, -1) {
			if strings.HasPrefix(w, "-") { // a flag: --deadline
				continue
			}
			lw := strings.ToLower(strings.Trim(w, "'"))
			if stop[lw] && !seen[lw] {
				seen[lw] = true
				out = append(out, lw+" (in: "+strings.TrimSpace(line)+")")
			}
		}
	}
	sort.Strings(out)
	return out
}

// numberRun is a run of digits and points: 0.5, 2.1.3, 12.
var numberRun = regexp.MustCompile(`[0-9.]*[0-9][0-9.]*`)

// versionBefore ends the text before a version number: "démo 2.2",
// "version 1.5", "v1.5", an image's tag "all-in-one:1.52".
var versionBefore = regexp.MustCompile(`(?i)(\bdémo|\bversion|\bv)\s*$|[\w-]:$`)

// EnglishNumbers lists the numbers written with a decimal point ("0.5",
// "1.1") in text outside what it quotes, with their line: French writes
// "0,5". A version (2.1.3, démo 2.2, v1.5) is not one; a point that ends a
// sentence is not part of the number.
func EnglishNumbers(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		said := link.ReplaceAllString(guillemet.ReplaceAllString(codeSpan.ReplaceAllString(line, " "), " "), " ")
		for _, at := range numberRun.FindAllStringIndex(said, -1) {
			n := strings.Trim(said[at[0]:at[1]], ".")
			if strings.Count(n, ".") == 1 && !versionBefore.MatchString(said[:at[0]]) {
				out = append(out, n+" (in: "+strings.TrimSpace(line)+")")
			}
		}
	}
	return out
}

// NoEnglishNumbersIn fails t for each number with a decimal point in the
// files (goldens meant to be French), naming the file and the number.
func NoEnglishNumbersIn(t testing.TB, files ...string) {
	t.Helper()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range EnglishNumbers(string(data)) {
			t.Errorf("%s: English number %s", f, n)
		}
	}
}

// NoEnglishIn fails t for each common English word in the files (goldens
// meant to be French), naming the file and the word.
func NoEnglishIn(t testing.TB, files ...string) {
	t.Helper()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range EnglishWords(string(data)) {
			t.Errorf("%s: English word %s", f, w)
		}
	}
}
