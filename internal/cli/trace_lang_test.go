package cli

import (
	"errors"
	"testing"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// trace's errors are the catalog's: English as they were, French under a
// French terminal, a foreign error as it is.
func TestTraceErrorsInTheCoursesLanguage(t *testing.T) {
	errs := []error{
		msg.Errorf("trace.err.no_service", "127.0.0.1:16686", "backend", msg.New("trace.none_yet")),
		msg.Errorf("trace.err.no_operation", "backend", "GET /", `"POST /items"`),
		msg.Errorf("trace.err.no_trace", "127.0.0.1:16686", "backend"),
		msg.Errorf("trace.err.not_found", "127.0.0.1:16686", "0123"),
	}
	want := []string{
		`jaeger at 127.0.0.1:16686 has no service "backend" (it has: none yet); pass --service NAME, or send traffic first (labctl verify)`,
		`no trace of backend in the last 24 hours has an operation "GET /" (the newest have: "POST /items")`,
		`jaeger at 127.0.0.1:16686 has no trace of backend in the last 24 hours; send traffic first (labctl verify)`,
		`jaeger at 127.0.0.1:16686 has no trace 0123; labctl trace --last 5 lists the newest`,
	}
	fr := msg.For(msg.French)
	for i, err := range errs {
		if got := inLang(err, msg.For(msg.English)).Error(); got != want[i] {
			t.Errorf("English changed:\n got %s\nwant %s", got, want[i])
		}
		said := inLang(err, fr).Error()
		for _, w := range msgtest.EnglishWordsSaid(said) {
			t.Errorf("English in French: %s", w)
		}
	}
	other := errors.New("dial tcp: refused")
	if inLang(other, fr) != other {
		t.Errorf("a foreign error is not kept as it is")
	}
}

// status's reached column: Endpoint.Describe's words in English, French
// under a French terminal, the hint discovery gave in the catalog's words.
func TestReachInTheCoursesLanguage(t *testing.T) {
	publish := model.Said{Key: "reach.hint.publish", Args: []string{"16686", "16686", "jaeger", "compose.yml"}}
	for _, ep := range []model.Endpoint{
		{Port: 16686, Hint: `add "16686:16686" to services.jaeger.ports in compose.yml`, HintSaid: publish},
		{Port: 8888, Hint: "something a test wrote"},
		{Port: 4317},
		{Addr: "127.0.0.1:16686", Via: model.ReachPublished},
		{Addr: "172.18.0.3:16686", Via: model.ReachContainer},
		{Addr: "127.0.0.1:9090", Via: model.ReachFlag},
		{Addr: "127.0.0.1:9090"},
	} {
		m := reachSaid(ep)
		if got := m.English(); got != ep.Describe() {
			t.Errorf("English %q, Describe says %q", got, ep.Describe())
		}
		fr := msg.For(msg.French).Say(m)
		if ep.Hint == "something a test wrote" {
			continue // quoted as it is
		}
		for _, w := range msgtest.EnglishWordsSaid(fr) {
			t.Errorf("English in French: %s", w)
		}
	}
	if got := msg.Strings(publish.Key, publish.Args).English(); got != `add "16686:16686" to services.jaeger.ports in compose.yml` {
		t.Errorf("the publish hint changed: %s", got)
	}
}
