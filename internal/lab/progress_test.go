package lab

import (
	"bytes"
	"testing"

	"github.com/labctl/labctl/internal/engine"
)

func TestProgressPrinter(t *testing.T) {
	pull := []engine.Event{
		{Kind: engine.EventPull, Image: "otel/c:1", Percent: -1, Text: "pulling otel/c:1"},
		{Kind: engine.EventPull, Image: "otel/c:1", Percent: 45},
		{Kind: engine.EventPull, Image: "otel/c:1", Percent: 100},
		{Kind: engine.EventPulled, Image: "otel/c:1", Percent: 100, Text: "pulled otel/c:1"},
		{Kind: engine.EventReady, Service: "jaeger", Text: "GET http://127.0.0.1:1/api/services", Seconds: 1.25},
	}
	tests := []struct {
		name  string
		tty   bool
		quiet bool
		want  string
	}{
		{"terminal: a live percentage", true, false, "pulling otel/c:1\n\r\x1b[Kpulling otel/c:1:  45%\r\x1b[Kpulling otel/c:1: 100%\r\x1b[Kpulled otel/c:1\n" +
			"ready    jaeger [1.2s] (GET http://127.0.0.1:1/api/services)\n"},
		{"plain lines", false, false, "pulling otel/c:1\npulled otel/c:1\nready    jaeger [1.2s] (GET http://127.0.0.1:1/api/services)\n"},
		{"quiet", true, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := &progressPrinter{w: &b, tty: tt.tty, quiet: tt.quiet}
			for _, ev := range pull {
				p.event(ev)
			}
			if b.String() != tt.want {
				t.Errorf("got  %q\nwant %q", b.String(), tt.want)
			}
		})
	}
}
