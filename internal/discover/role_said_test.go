package discover

import (
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// Why a service has its role is said from discovery's facts: in English
// as status printed it before (its JSON's role_from), in French with no
// English left, for every way a role is recognised.
func TestSayRole(t *testing.T) {
	fr := msg.For(msg.French)
	for _, tc := range []struct {
		r      model.RoleReason
		en, fr string
	}{
		{model.RoleReason{By: model.RoleByImage, Seen: "otel/opentelemetry-collector-contrib:0.145.0"}, "image otel/opentelemetry-collector-contrib:0.145.0", "l'image otel/opentelemetry-collector-contrib:0.145.0"},
		{runs("otelcol"), "runs otelcol", "lance otelcol"},
		{model.RoleReason{By: model.RoleByEnv, Seen: "OTEL_EXPORTER_OTLP_ENDPOINT"}, "sets OTEL_EXPORTER_OTLP_ENDPOINT", "définit OTEL_EXPORTER_OTLP_ENDPOINT"},
		{exposes(16686), "exposes 16686", "expose le port 16686"},
		{model.RoleReason{By: model.RoleByName, Seen: "db"}, "service name db", "le nom de service db"},
		{model.RoleReason{By: model.RoleByConfig, Seen: "tracing"}, "labctl.yaml services.tracing", "services.tracing de labctl.yaml"},
		{model.RoleReason{By: model.RoleByConfig}, "labctl.yaml", "labctl.yaml"},
		{model.RoleReason{By: model.RoleTaken, Role: model.RoleJaeger}, "another service is the jaeger", "un autre service est le jaeger"},
		{model.RoleReason{By: model.RoleTaken, Seen: "jaeger", Role: model.RoleJaeger}, "jaeger is the jaeger", "jaeger est le jaeger"},
		{model.RoleReason{By: model.RoleNothing}, "no role recognised", "aucun rôle reconnu"},
	} {
		m := SayRole(tc.r)
		if got := m.English(); got != tc.en {
			t.Errorf("en %q, want %q", got, tc.en)
		}
		if got := fr.Text(m); got != tc.fr {
			t.Errorf("fr %q, want %q", got, tc.fr)
		}
	}
	for _, by := range msgtest.StringConsts(t, "../model", "RoleClue", 8) {
		m := SayRole(model.RoleReason{By: model.RoleClue(by), Seen: "x", Role: model.RoleJaeger})
		if s := m.English() + fr.Text(m); strings.Contains(s, "MISSING") || strings.Contains(s, "%!") {
			t.Errorf("model.RoleClue %q: %s", by, s)
		}
	}
}
