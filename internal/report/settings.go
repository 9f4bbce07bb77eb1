package report

import "strings"

// Settings are the report options remembered inside the block, so a rerun
// without flags keeps the language and the MR link chosen before.
type Settings struct {
	Lang  Lang
	MRURL string
}

const settingsPrefix = "<!-- Rewritten by every `labctl report`: write your own text outside this block. Settings:"

func settingsLine(s Settings) string {
	line := settingsPrefix + " --lang " + string(s.Lang)
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
		rest, ok := strings.CutPrefix(line, settingsPrefix)
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
