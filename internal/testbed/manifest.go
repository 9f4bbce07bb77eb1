package testbed

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// CollectorManifest is what test/bed/otelcol-builder.yaml builds: the
// Collector's release and, by section (receivers, processors...), the Go
// module of each component.
type CollectorManifest struct {
	Version string
	Modules map[string][]string
}

var (
	manifestVersion = regexp.MustCompile(`(?m)^\s+version:\s*(\S+)`)
	manifestModule  = regexp.MustCompile(`- gomod:\s*(\S+)`)
)

// ReadCollectorManifest reads the bed's Collector manifest, found from the
// working directory up to the module's root.
func ReadCollectorManifest() (CollectorManifest, error) {
	root, err := moduleRoot()
	if err != nil {
		return CollectorManifest{}, err
	}
	path := filepath.Join(root, "test", "bed", "otelcol-builder.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return CollectorManifest{}, err
	}
	m := CollectorManifest{Modules: map[string][]string{}}
	v := manifestVersion.FindSubmatch(data)
	if v == nil {
		return m, fmt.Errorf("%s: no version", path)
	}
	m.Version = string(v[1])
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		if s, ok := strings.CutSuffix(line, ":"); ok && !strings.HasPrefix(line, " ") {
			section = s
			continue
		}
		if g := manifestModule.FindStringSubmatch(line); g != nil {
			m.Modules[section] = append(m.Modules[section], g[1])
		}
	}
	return m, nil
}
