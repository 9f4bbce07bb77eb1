package rules

import (
	"testing"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/msg/msgtest"
)

// What chose a sender's protocol is said from the model's facts, in
// English as the model said it before (LAB012's English goldens), in
// French with no English left.
func TestProtocolFromSaysTheFacts(t *testing.T) {
	java := model.Sender{SDK: model.SDKJavaAgent, Version: "2.9.0", Protocol: model.ProtocolHTTPProtobuf, Clues: []model.Clue{{Seen: "-javaagent", In: model.InDockerfile}}}
	fr := msg.For(msg.French)
	for _, tc := range []struct {
		b      model.Backend
		en, fr string
	}{
		{model.Backend{ProtocolFrom: model.ProtocolOfSDK, SDK: java},
			"the default of the Java agent 2.9.0, -javaagent in the Dockerfile",
			"valeur par défaut pour l'agent Java 2.9.0, d'après -javaagent dans le Dockerfile"},
		{model.Backend{ProtocolFrom: model.ProtocolOfSDK, SDK: model.Sender{SDK: model.SDKJavaAgent, Version: "latest", Clues: []model.Clue{{Seen: "-javaagent", In: model.InDockerfile}}}},
			"the default of the Java agent (latest release), -javaagent in the Dockerfile",
			"valeur par défaut pour l'agent Java (dernière version publiée), d'après -javaagent dans le Dockerfile"},
		{model.Backend{ProtocolFrom: model.ProtocolOfSDK, SDK: model.Sender{SDK: model.SDKPython}},
			"the Python SDK's default", "valeur par défaut pour le SDK Python"},
		{model.Backend{ProtocolFrom: model.ProtocolOfSDK, SDK: model.Sender{SDK: model.SDKNode, Clues: []model.Clue{{Seen: "node:24", In: model.InDockerfileFrom}}}},
			"the default of the Node.js SDK, the Dockerfile's FROM node:24", "valeur par défaut pour le SDK Node.js, d'après le FROM node:24 du Dockerfile"},
		{model.Backend{ProtocolFrom: model.ProtocolOfSDK, SDK: model.Sender{SDK: model.SDKJavaAgent, Explicit: true, Clues: []model.Clue{{Seen: "-javaagent", In: model.InCommand}, {Seen: "OTEL_EXPORTER_OTLP_PROTOCOL", In: model.InDockerfileEnv}}}},
			"-javaagent in the service's command; OTEL_EXPORTER_OTLP_PROTOCOL in the Dockerfile's ENV",
			"-javaagent dans la commande du service ; OTEL_EXPORTER_OTLP_PROTOCOL dans l'ENV du Dockerfile"},
		{model.Backend{ProtocolFrom: model.ProtocolInVariable, ProtocolVar: "OTEL_EXPORTER_OTLP_PROTOCOL"}, "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{model.Backend{ProtocolFrom: model.ProtocolInCode}, "the exporter class its code imports", "la classe d'exporter que son code importe"},
	} {
		m := protocolFrom(&tc.b)
		if got := m.English(); got != tc.en {
			t.Errorf("en %q, want %q", got, tc.en)
		}
		if got := fr.Text(m); got != tc.fr {
			t.Errorf("fr %q, want %q", got, tc.fr)
		}
	}
	// Every SDK and every place the model can name has its words.
	for _, sdk := range msgtest.StringConsts(t, "../model", "SDK", 8) {
		if sdk != "" && !msg.Has("sender.sdk."+sdk) {
			t.Errorf("model.SDK %q has no catalog entry sender.sdk.%s", sdk, sdk)
		}
	}
	for _, p := range msgtest.StringConsts(t, "../model", "Place", 7) {
		if p != string(model.InImage) && p != string(model.InDockerfileFrom) && !msg.Has("sender.place."+p) {
			t.Errorf("model.Place %q has no catalog entry sender.place.%s", p, p)
		}
	}
}
