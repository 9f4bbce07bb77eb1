package model

import "testing"

func TestExpandEnv(t *testing.T) {
	env := map[string]string{"HOST": "jaeger", "PORT": "4317", "EMPTY": "", "PW": "p$w"}
	tests := []struct{ in, want string }{
		{"jaeger:4317", "jaeger:4317"},
		{"${env:HOST}:${env:PORT}", "jaeger:4317"},
		{"${HOST}:${PORT}", "jaeger:4317"},
		{"${env:UNSET}", ""},
		{"${UNSET}:4317", ":4317"},
		{"${env:UNSET:-collector}:4317", "collector:4317"},
		{"${UNSET:-collector}", "collector"},
		{"${env:HOST:-collector}", "jaeger"},
		{"${env:EMPTY:-collector}", ""}, // set but empty: no default
		{"${env:UNSET:-}", ""},
		{"${env:UNSET:-a:b}", "a:b"},
		{"$$", "$"},
		{"$$HOST", "$HOST"},
		{"$${env:HOST}", "${env:HOST}"},
		{"$$${env:HOST}", "$jaeger"},
		{"$$$${env:HOST}", "$${env:HOST}"},
		{"pa$$word", "pa$word"},
		{"$HOST", "$HOST"}, // the naked syntax is gone
		{"$", "$"},
		{"a$", "a$"},
		{"${env:PW}", "p$w"},
		{"${file:/etc/x}", "${file:/etc/x}"},
		{"${env:1BAD}", "${env:1BAD}"},
		{"${not closed", "${not closed"},
		{"${not closed $$", "${not closed $"},
		{"${env:UNSET:-${env:HOST}}", "jaeger"},
		{"${env:HOST:-${env:UNSET}}", "jaeger"},
		{"}${env:HOST}{", "}jaeger{"},
	}
	for _, tt := range tests {
		if got := ExpandEnv(tt.in, env); got != tt.want {
			t.Errorf("ExpandEnv(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := ExpandEnv("${HOST}", nil); got != "" {
		t.Errorf("ExpandEnv with a nil env = %q", got)
	}
}

func TestExpandEnvWholeUnsetIsNull(t *testing.T) {
	for in, null := range map[string]bool{
		"${env:UNSET}":   true,
		"${UNSET}":       true,
		"${env:UNSET:-}": false,
		"${env:EMPTY}":   false,
		"x${env:UNSET}":  false,
		"${env:UNSET}x":  false,
		"${env:HOST}":    false,
		"$${env:UNSET}":  false,
		"${file:/etc/x}": false,
	} {
		if _, got := expandEnv(in, map[string]string{"EMPTY": "", "HOST": "h"}); got != null {
			t.Errorf("expandEnv(%q) null = %v, want %v", in, got, null)
		}
	}
}
