package lab

import (
	"testing"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

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
