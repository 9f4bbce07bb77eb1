package model

import "testing"

// TestParseRole: one role list, the one labctl.yaml's validation uses; an
// alias ("db") is refused there, so it is refused here too.
func TestParseRole(t *testing.T) {
	tests := []struct {
		in   string
		want Role
		ok   bool
	}{
		{"postgres", RolePostgres, true},
		{" Collector ", RoleCollector, true},
		{"other", RoleOther, true},
		{"proxy", RoleProxy, true},
		{"db", "", false},
		{"otelcol", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseRole(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
