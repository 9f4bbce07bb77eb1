package engine

import (
	"slices"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
)

func TestUnsupported(t *testing.T) {
	two := 2
	tests := []struct {
		name string
		svc  types.ServiceConfig
		want []string
	}{
		{"what the lab uses", func() types.ServiceConfig {
			s := types.ServiceConfig{Name: "backend"}
			s.Image, s.Ports = "x", []types.ServicePortConfig{{Target: 8000}}
			s.Environment, s.HealthCheck = types.MappingWithEquals{}, &types.HealthCheckConfig{}
			return s
		}(), nil},
		{"container_name and privileged", func() types.ServiceConfig {
			s := types.ServiceConfig{Name: "db", ContainerName: "pg"}
			s.Privileged = true
			return s
		}(), []string{"services.db.container_name", "services.db.privileged"}},
		{"replicas", types.ServiceConfig{Name: "w", Deploy: &types.DeployConfig{Replicas: &two}}, []string{"services.w.deploy.replicas"}},
		{"memory limit", types.ServiceConfig{Name: "w", Deploy: &types.DeployConfig{Resources: types.Resources{Limits: &types.Resource{MemoryBytes: 1 << 20}}}},
			[]string{"services.w.deploy.resources"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unsupported(tt.svc); !slices.Equal(got, tt.want) {
				t.Errorf("Unsupported = %q, want %q", got, tt.want)
			}
		})
	}
}
