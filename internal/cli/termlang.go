package cli

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/report"
)

// addLangFlag adds --lang to a command that prints for people in the
// terminal (lint, verify, status, trace, scenario).
func addLangFlag(cmd *cobra.Command, lang *string) {
	cmd.Flags().StringVar(lang, "lang", "", "language of what is printed: en or fr (default: the language report.md's labctl block remembers, else the locale's (LANG=fr_CH.UTF-8), else en)")
}

// termPrinter is the language lint, verify, status, trace and scenario
// print in, chosen as labctl report chooses its own: --lang (an unknown
// one is a usage error); else the language labctl report remembers in
// the labctl block of report.md here (labctl report --lang fr); else the
// locale's (LC_ALL, LC_MESSAGES, LANG). With none of them, English: the
// words scripts and CI logs have always read. Rule IDs, check IDs, JSON
// keys and what a tool said stay as they are in every language.
func termPrinter(flag string) (*msg.Printer, error) {
	if flag != "" {
		l, err := msg.Parse(flag)
		if err != nil {
			return nil, usageError(err)
		}
		return msg.For(l), nil
	}
	if l := rememberedLang("report.md"); l != "" {
		return msg.For(l), nil
	}
	l, _ := msg.Choose("", os.Getenv, msg.English)
	return msg.For(l), nil
}

// rememberedLang is the language of the labctl block in the report at
// path, "" when there is none (no file, no block, a block that does not
// read: the terminal's language is no reason to fail).
func rememberedLang(path string) msg.Lang {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	block, err := report.Current(string(data), path)
	if err != nil || block == "" {
		return ""
	}
	return report.ParseSettings(block).Lang
}
