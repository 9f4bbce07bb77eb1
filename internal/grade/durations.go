package grade

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/tasks"
)

// Forms students write that tasks.ParseDuration (labctl's own 10m, 2h,
// 1h30) does not take: decimal hours and clock times.
var (
	decimalHours = regexp.MustCompile(`^(\d{1,4})[.,](\d{1,2})h$`)
	clockTime    = regexp.MustCompile(`^(\d{1,4}):([0-5]\d)$`)
	// Unit words, longest first, and what they become for tasks.ParseDuration.
	unitWords = strings.NewReplacer(
		"minutes", "m", "minute", "m", "mins", "m", "min", "m", "mn", "m",
		"heures", "h", "heure", "h", "hours", "h", "hour", "h", "hrs", "h", "hr", "h",
	)
)

// parseDuration reads a duration as students write it in the estimate
// table: 1h30, 1h 30, 1 h 30 min, 90m, 90 min, 2h, 1.5h, 1,5 h, 1:30, 0h45,
// and labctl's own forms (2h25, a running task's "30m ⏱"). It reuses
// tasks.ParseDuration once the spelling is normalised.
func parseDuration(s string) (time.Duration, error) {
	in := strings.ToLower(cleanCell(s))
	if in == "" {
		return 0, fmt.Errorf("the cell is empty; write a duration like 45m, 1h30, 1.5h or 1:30")
	}
	in = strings.TrimSpace(strings.TrimSuffix(in, "⏱"))
	in = strings.Join(strings.Fields(in), "")
	in = unitWords.Replace(in)
	if m := decimalHours.FindStringSubmatch(in); m != nil {
		h, _ := strconv.Atoi(m[1])
		frac, _ := strconv.ParseFloat("0."+m[2], 64)
		return time.Duration(h)*time.Hour + time.Duration(frac*60+0.5)*time.Minute, nil
	}
	if m := clockTime.FindStringSubmatch(in); m != nil {
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		return time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute, nil
	}
	d, err := tasks.ParseDuration(in)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write it like 45m, 1h30, 1.5h or 1:30", strings.TrimSpace(s))
	}
	return time.Duration(d), nil
}

// isNone says whether a cell says "nothing here" on purpose, as labctl's
// table does for a task without an estimate.
func isNone(s string) bool {
	switch cleanCell(s) {
	case "–", "-", "—", "n/a", "N/A", "/":
		return true
	}
	return false
}

// formatDuration writes minutes the way labctl's table does: 45m, 2h, 1h30.
func formatDuration(d time.Duration) string {
	return tasks.Duration(d.Round(time.Minute)).String()
}
