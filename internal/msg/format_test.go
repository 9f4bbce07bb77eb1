package msg

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

func TestDurationsAndNumbers(t *testing.T) {
	tests := []struct {
		d      time.Duration
		fr, en string
	}{
		{1400 * time.Microsecond, "1,4 ms", "1.4 ms"},
		{12 * time.Millisecond, "12 ms", "12 ms"},
		{2500 * time.Millisecond, "2,5 s", "2.5 s"},
		{42 * time.Second, "42 s", "42 s"},
		{185 * time.Second, "3 min 5 s", "3 min 5 s"},
		{2 * time.Minute, "2 min", "2 min"},
		{26 * time.Hour, "26 h 00 min", "26 h 00 min"},
	}
	for _, tt := range tests {
		if got := For(French).Duration(tt.d); got != tt.fr {
			t.Errorf("fr %v = %q, want %q", tt.d, got, tt.fr)
		}
		if got := For(English).Duration(tt.d); got != tt.en {
			t.Errorf("en %v = %q, want %q", tt.d, got, tt.en)
		}
	}
	if got := For(French).Milliseconds(2130 * time.Millisecond); got != "2\u00a0130 ms" {
		t.Errorf("fr 2130 ms = %q", got)
	}
	if got := For(French).Number(87.84, 1); got != "87,8" {
		t.Errorf("fr 87.84 = %q", got)
	}
	if got := For(English).Number(1234.5, 1); got != "1,234.5" {
		t.Errorf("en 1234.5 = %q", got)
	}
	// A message's numbers and durations take the language's format...
	m := New("grade.on_time.late", "a", "b", Duration(90*time.Minute+30*time.Second))
	if got := For(French).Text(m); got != "dernier commit de report.md le a, après la date limite du b (1 h 31 min de retard)" {
		t.Errorf("fr = %q", got)
	}
	if got := For(French).Sprintf("check.traffic.summary", 1053, "200"); got != "1\u00a0053 requêtes : 200" {
		t.Errorf("fr count = %q", got)
	}
	// ...but its English text is what fmt printed before the catalog.
	if got := m.English(); got != "last commit touching report.md a, after the deadline b (1h30m30s late)" {
		t.Errorf("English = %q", got)
	}
	if got := New("check.traffic.summary", 1053, "200").English(); got != "1053 requests: 200" {
		t.Errorf("English count = %q", got)
	}
}

func TestChoose(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tests := []struct {
		name, flag string
		env        func(string) string
		want       Lang
		err        bool
	}{
		{"flag wins", "en", env("LANG", "fr_CH.UTF-8"), English, false},
		{"unknown flag", "de", env(), "", true},
		{"LANG", "", env("LANG", "fr_CH.UTF-8"), French, false},
		{"LC_ALL over LANG", "", env("LC_ALL", "en_US.UTF-8", "LANG", "fr_FR.UTF-8"), English, false},
		{"LC_MESSAGES over LANG", "", env("LC_MESSAGES", "fr", "LANG", "en_GB"), French, false},
		{"C locale: the default", "", env("LANG", "C.UTF-8"), French, false},
		{"another language: the default", "", env("LANG", "de_CH.UTF-8"), English, false},
		{"nothing set", "", env(), French, false},
	}
	for _, tt := range tests {
		def := French
		if tt.name == "another language: the default" {
			def = English
		}
		got, err := Choose(tt.flag, tt.env, def)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("%s: Choose = %q, %v; want %q (error %v)", tt.name, got, err, tt.want, tt.err)
		}
	}
}

// A message stored in JSON (verify.json, a grade result) comes back with
// its arguments' kinds, so that it prints the same.
func TestMessageJSON(t *testing.T) {
	m := New("check.collector_pipeline.inferred",
		New("check.collector_pipeline.chain", "collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT", "otelcol.yaml", "otlp/jaeger", "jaeger:4317"),
		"abc", Raw("published on 8888"))
	n := New("grade.on_time.late", "a", "b", Duration(3*time.Second))
	c := New("check.http_server_span.pass", "abc", "GET", "/", 6)
	for _, in := range []Message{m, n, c, Raw("as is")} {
		data, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out Message
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if !reflect.DeepEqual(in, out) {
			t.Errorf("round trip of %s:\n got %#v\nwant %#v", data, out, in)
		}
		for _, l := range Langs {
			if a, b := For(l).Text(in), For(l).Text(out); a != b {
				t.Errorf("%s prints %q after the round trip, %q before", l, b, a)
			}
		}
	}
}

func TestErrorsCarryTheirMessage(t *testing.T) {
	err := Errorf("check.prometheus.no_metric", "postgresql_rows")
	if err.Error() != "Prometheus has no postgresql_rows" {
		t.Errorf("Error() = %q", err.Error())
	}
	if m := Of(fmt.Errorf("%w", err)); m.Key != "check.prometheus.no_metric" {
		t.Errorf("Of(wrapped, same text) = %#v", m)
	}
	// Context added around it is not in the message: the text is kept as is.
	wrapped := fmt.Errorf("query: %w", err)
	if m := Of(wrapped); m.Key != "" || m.Text != wrapped.Error() {
		t.Errorf("Of(wrapped with context) = %#v", m)
	}
	if m := Of(errors.New("dial tcp: refused")); m.Key != "" || m.Text != "dial tcp: refused" {
		t.Errorf("Of(plain) = %#v", m)
	}
	if !errors.Is(fmt.Errorf("x: %w", err), err) {
		t.Error("errors.Is does not find a message error")
	}
}
