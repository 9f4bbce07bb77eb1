package config

import (
	"fmt"
	"sort"
	"strings"
)

// ServiceRoles are the roles a labctl.yaml services mapping may give.
var ServiceRoles = []string{"backend", "collector", "jaeger", "prometheus", "postgres", "proxy", "other"}

func validateServices(m map[string]string) error {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ok := false
		for _, r := range ServiceRoles {
			ok = ok || strings.EqualFold(strings.TrimSpace(m[n]), r)
		}
		if !ok {
			return fmt.Errorf("services.%s: role %q is not one of %s", n, m[n], strings.Join(ServiceRoles, ", "))
		}
	}
	return nil
}
