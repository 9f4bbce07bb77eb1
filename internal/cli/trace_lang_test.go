package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/jaeger"
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

// trace without a reachable Jaeger: the error says the line that makes it
// reachable, in English as before and in French.
func TestJaegerUnreachableInTheCoursesLanguage(t *testing.T) {
	l := &model.Lab{Source: "compose.yml"}
	l.Endpoints.JaegerUI = model.Endpoint{Port: 16686, Hint: `add "16686:16686" to services.jaeger.ports in compose.yml`,
		HintSaid: model.Said{Key: "reach.hint.publish", Args: []string{"16686", "16686", "jaeger", "compose.yml"}}}
	for _, tc := range []struct {
		lab *model.Lab
		en  string
	}{
		{l, `jaeger is not reachable from this machine: add "16686:16686" to services.jaeger.ports in compose.yml`},
		{&model.Lab{Source: "compose.yml"}, "jaeger is not reachable from this machine: no Jaeger in compose.yml"},
	} {
		_, err := jaeger.For(tc.lab, nil)
		if err == nil || inLang(err, msg.For(msg.English)).Error() != tc.en {
			t.Errorf("English %v, want %s", err, tc.en)
			continue
		}
		fr := inLang(err, msg.For(msg.French)).Error()
		if !strings.HasPrefix(fr, "Jaeger n'est pas joignable") {
			t.Errorf("French: %s", fr)
		}
		for _, w := range msgtest.EnglishWordsSaid(fr) {
			t.Errorf("English in French: %s", w)
		}
	}
}
