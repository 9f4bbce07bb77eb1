package tasks

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a whole number of minutes, written the way the lab writes
// times: 10m, 2h, 1h30.
type Duration time.Duration

// MaxDuration bounds what ParseDuration accepts, so that sums cannot overflow.
const MaxDuration = Duration(10000 * time.Hour)

// ErrBadDuration marks a duration that does not parse.
var ErrBadDuration = errors.New("invalid duration")

const durationForms = "use forms like 10m, 90m, 2h, 1h30 or 1h30m"

// ParseDuration reads the lab's duration forms: "10m", "90m", "2h", "1h30",
// "1h05", "1h30m". Minutes after hours must be 0-59; nothing negative, no
// fractions, no seconds.
func ParseDuration(s string) (Duration, error) {
	in := strings.TrimSpace(s)
	bad := func(why string) (Duration, error) {
		return 0, fmt.Errorf("%w %q: %s; %s", ErrBadDuration, s, why, durationForms)
	}
	switch {
	case in == "":
		return bad("it is empty")
	case strings.HasPrefix(in, "-"):
		return bad("it is negative")
	}
	hours, rest, hasH := strings.Cut(in, "h")
	if !hasH {
		digits, ok := strings.CutSuffix(in, "m")
		if !ok {
			return bad("it needs a unit, h or m")
		}
		m, err := number(digits, 7)
		if err != nil {
			return bad("minutes " + err.Error())
		}
		return checkMax(s, Duration(time.Duration(m)*time.Minute))
	}
	h, err := number(hours, 5)
	if err != nil {
		return bad("hours " + err.Error())
	}
	var m int
	if rest != "" {
		digits := strings.TrimSuffix(rest, "m")
		if len(digits) > 2 {
			return bad("minutes after the hours take one or two digits")
		}
		if m, err = number(digits, 2); err != nil {
			return bad("minutes " + err.Error())
		}
		if m > 59 {
			return bad("minutes after the hours must be below 60")
		}
	}
	return checkMax(s, Duration(time.Duration(h)*time.Hour+time.Duration(m)*time.Minute))
}

// number parses a run of 1 to max ASCII digits.
func number(s string, max int) (int, error) {
	if s == "" {
		return 0, errors.New("are missing")
	}
	if len(s) > max {
		return 0, errors.New("are too large")
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errors.New("must be whole digits")
		}
	}
	return strconv.Atoi(s)
}

func checkMax(s string, d Duration) (Duration, error) {
	if d > MaxDuration {
		return 0, fmt.Errorf("%w %q: it is longer than %s; %s", ErrBadDuration, s, MaxDuration, durationForms)
	}
	return d, nil
}

// String formats whole minutes canonically: 10m, 2h, 1h30, 1h05.
// Seconds are dropped; a negative duration gets a leading '-'.
func (d Duration) String() string {
	if d < 0 {
		return "-" + (-d).String()
	}
	total := int64(time.Duration(d) / time.Minute)
	h, m := total/60, total%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	default:
		return fmt.Sprintf("%dh%02d", h, m)
	}
}

// Signed formats a difference: +5m, -30m, or 0m.
func (d Duration) Signed() string {
	if d > 0 && d.Minutes() > 0 {
		return "+" + d.String()
	}
	if d.Minutes() == 0 {
		return "0m"
	}
	return d.String()
}

// Minutes is the whole number of minutes in d (truncated toward zero).
func (d Duration) Minutes() int64 { return int64(time.Duration(d) / time.Minute) }

// RoundMinute rounds a clock duration to the nearest whole minute.
func RoundMinute(d time.Duration) Duration { return Duration(d.Round(time.Minute)) }
