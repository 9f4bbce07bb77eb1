package config

import (
	"fmt"
	"sort"

	"github.com/labctl/labctl/internal/model"
)

func validateServices(m map[string]string) error {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := model.ParseRole(m[n]); err != nil {
			return fmt.Errorf("services.%s: %w", n, err)
		}
	}
	return nil
}

// Roles is the services mapping read as roles (Load has validated it; the
// error is for a Config built by hand).
func (c *Config) Roles() (map[string]model.Role, error) {
	out := make(map[string]model.Role, len(c.Services))
	for svc, r := range c.Services {
		role, err := model.ParseRole(r)
		if err != nil {
			return nil, fmt.Errorf("labctl.yaml services.%s: %w", svc, err)
		}
		out[svc] = role
	}
	return out, nil
}
