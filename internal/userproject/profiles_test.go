package userproject

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// profiled is the course's project with its observability services behind
// a profile, as its metrics lab advises, and a tool in a profile of its own.
var profiled = strings.NewReplacer(
	"  jaeger:\n", "  jaeger:\n    profiles: [observability]\n",
	"  otel-collector:\n", "  otel-collector:\n    profiles: [observability]\n",
	"  prometheus:\n", "  prometheus:\n    profiles: [observability]\n",
	"  adminer:\n", "  adminer:\n    profiles: [tools]\n",
).Replace(course)

// Grading sees every service whatever its profile, keeps only what the
// checks read and enables their profiles (never tools'); --all loads the
// project as docker compose would, with COMPOSE_PROFILES or --profile.
func TestLoadProfiles(t *testing.T) {
	dir := writeProject(t)
	if err := os.WriteFile(filepath.Join(dir, "compose.yml"), []byte(profiled), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name         string
		opts         Options
		kept         []string
		profiles     []string
		composeAsked []string // the project's enabled profiles
	}{
		{"narrowed: the checks' services and their profiles", Options{Dir: dir, Isolate: true},
			[]string{"backend", "database", "jaeger", "otel-collector", "prometheus", "reverse-proxy"}, []string{"observability"}, []string{"observability"}},
		{"--all, no profile: as docker compose up", Options{Dir: dir, All: true},
			[]string{"backend", "database", "docs", "frontend", "reverse-proxy"}, nil, nil},
		{"--all, COMPOSE_PROFILES", Options{Dir: dir, All: true, Env: map[string]string{"COMPOSE_PROFILES": "observability"}},
			[]string{"backend", "database", "docs", "frontend", "jaeger", "otel-collector", "prometheus", "reverse-proxy"}, []string{"observability"}, []string{"observability"}},
		{"--profile tools", Options{Dir: dir, All: true, Profiles: []string{"tools"}},
			[]string{"adminer", "backend", "database", "docs", "frontend", "reverse-proxy"}, []string{"tools"}, []string{"tools"}},
		{"every profile (lint)", Options{Dir: dir, All: true, Profiles: []string{"*"}},
			[]string{"adminer", "backend", "database", "docs", "frontend", "jaeger", "otel-collector", "prometheus", "reverse-proxy"}, []string{"observability", "tools"}, []string{"*"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Load(context.Background(), c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Compose.ServiceNames(); !slices.Equal(got, c.kept) {
				t.Errorf("services = %v, want %v", got, c.kept)
			}
			if !slices.Equal(p.Profiles, c.profiles) {
				t.Errorf("profiles = %v, want %v", p.Profiles, c.profiles)
			}
			var asked []string
			for _, pr := range p.Compose.Profiles {
				if pr != "" {
					asked = append(asked, pr)
				}
			}
			if !slices.Equal(asked, c.composeAsked) {
				t.Errorf("project's profiles = %q, want %v", p.Compose.Profiles, c.composeAsked)
			}
		})
	}
}
