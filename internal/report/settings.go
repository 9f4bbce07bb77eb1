package report

import (
	"strings"

	"github.com/labctl/labctl/internal/msg"
)

// Settings are the report options remembered inside the block, so a rerun
// without flags keeps the language and the MR link chosen before.
type Settings struct {
	Lang  Lang
	MRURL string
}

// settingsPrefix opens the settings line, in the report's language.
func settingsPrefix(l Lang) string { return msg.For(l).Sprintf("report.SettingsPrefix") }

func settingsLine(s Settings) string {
	line := settingsPrefix(s.Lang) + " --lang " + string(s.Lang)
	if s.MRURL != "" {
		line += " --mr-url " + s.MRURL
	}
	return line + " -->"
}

// ParseSettings reads the settings line of a block from Build; the zero
// Settings when there is none.
func ParseSettings(block string) Settings {
	var s Settings
	for _, line := range strings.Split(block, "\n") {
		var rest string
		ok := false
		for _, l := range msg.Langs {
			if rest, ok = strings.CutPrefix(line, settingsPrefix(l)); ok {
				break
			}
		}
		if !ok {
			continue
		}
		f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(rest), "-->"))
		for i := 0; i+1 < len(f); i++ {
			switch f[i] {
			case "--lang":
				if l, err := ParseLang(f[i+1]); err == nil {
					s.Lang = l
				}
			case "--mr-url":
				if checkMRURL(f[i+1]) == nil {
					s.MRURL = f[i+1]
				}
			}
		}
		break
	}
	return s
}
