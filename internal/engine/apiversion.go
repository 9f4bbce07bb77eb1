package engine

import (
	"fmt"
	"sort"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/moby/client/pkg/versions"
)

// What labctl does differently by the API version it negotiated with the
// engine, as docker compose does: Debian's Docker 20.10 speaks 1.41, Docker
// Engine 25 brought 1.44, the Engine 29 of today's Docker Desktop speaks
// 1.5x.
const (
	// APIMultiNetworkCreate: from 1.44 a container is created on all its
	// networks at once (NetworkingConfig.EndpointsConfig with several
	// entries); before, it is created on its first network and connected
	// to the others after create.
	APIMultiNetworkCreate = "1.44"
	// APIHealthStartInterval: from 1.44 a healthcheck has a start_interval
	// (probes during the start period); before, the field does not exist:
	// docker compose refuses the project, labctl runs it without and says so.
	APIHealthStartInterval = "1.44"
)

// apiFeatures are the version-dependent ways of one engine.
type apiFeatures struct {
	// Version is the negotiated API version; "" when the client does not
	// say (then the oldest way is taken, which every engine accepts).
	Version             string
	MultiNetworkCreate  bool
	HealthStartInterval bool
}

func featuresFor(version string) apiFeatures {
	at := func(min string) bool { return version != "" && versions.GreaterThanOrEqualTo(version, min) }
	return apiFeatures{
		Version:             version,
		MultiNetworkCreate:  at(APIMultiNetworkCreate),
		HealthStartInterval: at(APIHealthStartInterval),
	}
}

// clientVersioner is what *client.Client tells after negotiation (its
// Ping or first request): the API version its requests use.
type clientVersioner interface{ ClientVersion() string }

// APIVersion is the API version the engine's client speaks ("" when its
// DockerAPI does not say).
func (e *Engine) APIVersion() string {
	if v, ok := e.api.(clientVersioner); ok {
		return v.ClientVersion()
	}
	return ""
}

func (e *Engine) features() apiFeatures { return featuresFor(e.APIVersion()) }

// versionNotes says, once per Up, what a project asks for that this
// engine's API version cannot give (and labctl therefore leaves out).
func (e *Engine) versionNotes(p *types.Project, f apiFeatures) {
	var names []string
	for name, s := range p.Services {
		if hc := s.HealthCheck; hc != nil && !hc.Disable && hc.StartInterval != nil && !f.HealthStartInterval {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	speaks := "speaks " + f.Version
	if f.Version == "" {
		speaks = "does not say its API version"
	}
	for _, name := range names {
		e.emit(Event{Kind: EventInfo, Service: name, Text: fmt.Sprintf(
			"services.%s.healthcheck.start_interval needs Docker API %s (Docker Engine 25 or later); this engine %s: it is left out, the health check runs every interval from the start",
			name, APIHealthStartInterval, speaks)})
	}
}
