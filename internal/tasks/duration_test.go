package tasks

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		out  string // canonical form
	}{
		{"10m", 10 * time.Minute, "10m"},
		{"15m", 15 * time.Minute, "15m"},
		{"0m", 0, "0m"},
		{"2h", 2 * time.Hour, "2h"},
		{"1h30", 90 * time.Minute, "1h30"},
		{"1h30m", 90 * time.Minute, "1h30"},
		{"90m", 90 * time.Minute, "1h30"},
		{"1h05", 65 * time.Minute, "1h05"},
		{"1h5", 65 * time.Minute, "1h05"},
		{"1h0", time.Hour, "1h"},
		{"120m", 2 * time.Hour, "2h"},
		{" 45m ", 45 * time.Minute, "45m"},
		{"10000h", 10000 * time.Hour, "10000h"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if err != nil {
				t.Fatalf("ParseDuration(%q): %v", tt.in, err)
			}
			if time.Duration(got) != tt.want {
				t.Errorf("ParseDuration(%q) = %v, want %v", tt.in, time.Duration(got), tt.want)
			}
			if s := got.String(); s != tt.out {
				t.Errorf("String() = %q, want %q", s, tt.out)
			}
		})
	}
}

func TestParseDurationErrors(t *testing.T) {
	tests := []struct{ in, why string }{
		{"", "empty"},
		{"   ", "empty"},
		{"1h70", "below 60"},
		{"1h60", "below 60"},
		{"-5m", "negative"},
		{"abc", "unit"},
		{"30", "unit"},
		{"1.5h", "digits"},
		{"h30", "hours are missing"},
		{"1hm", "minutes are missing"},
		{"1h030", "one or two digits"},
		{"+5m", "digits"},
		{"5s", "unit"},
		{"1h30s", "digits"},
		{"10001h", "longer than"},
		{"99999999999m", "too large"},
		{"1h 30", "digits"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseDuration(tt.in)
			if err == nil {
				t.Fatalf("ParseDuration(%q) succeeded, want an error", tt.in)
			}
			if !errors.Is(err, ErrBadDuration) {
				t.Errorf("error %v does not wrap ErrBadDuration", err)
			}
			if !strings.Contains(err.Error(), tt.why) || !strings.Contains(err.Error(), "1h30") {
				t.Errorf("error %q should say %q and show the valid forms", err, tt.why)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
		})
	}
}

func TestSigned(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{5 * time.Minute, "+5m"},
		{-30 * time.Minute, "-30m"},
		{0, "0m"},
		{30 * time.Second, "0m"},
		{-90 * time.Minute, "-1h30"},
		{2 * time.Hour, "+2h"},
	}
	for _, tt := range tests {
		if got := Duration(tt.d).Signed(); got != tt.want {
			t.Errorf("Signed(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// FuzzDuration checks that formatting then parsing gives back any whole
// number of minutes, and that whatever parses formats to a form that parses
// to the same value.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"10m", "2h", "1h30", "1h30m", "90m", "1h70", "-5m", "abc", ""} {
		f.Add(s, int64(90))
	}
	f.Fuzz(func(t *testing.T, s string, minutes int64) {
		if minutes < 0 {
			minutes = -minutes
		}
		if minutes < 0 { // math.MinInt64
			minutes = 0
		}
		minutes %= int64(MaxDuration/Duration(time.Minute)) + 1
		d := Duration(time.Duration(minutes) * time.Minute)
		got, err := ParseDuration(d.String())
		if err != nil {
			t.Fatalf("ParseDuration(%q) for %d minutes: %v", d.String(), minutes, err)
		}
		if got != d {
			t.Fatalf("ParseDuration(%q) = %v, want %v", d.String(), time.Duration(got), time.Duration(d))
		}

		p, err := ParseDuration(s)
		if err != nil {
			return
		}
		if p < 0 || p > MaxDuration || time.Duration(p)%time.Minute != 0 {
			t.Fatalf("ParseDuration(%q) = %v: out of range or not whole minutes", s, time.Duration(p))
		}
		again, err := ParseDuration(p.String())
		if err != nil || again != p {
			t.Fatalf("ParseDuration(%q) = %v, but its form %q parses to %v, %v", s, time.Duration(p), p.String(), time.Duration(again), err)
		}
	})
}
