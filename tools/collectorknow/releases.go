package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// The sections of a builder manifest that list components.
var sections = []string{"receivers", "processors", "exporters", "extensions", "connectors"}

// distributions are the release repository's manifests read, by the name
// the knowledge gives them.
var distributions = []struct{ name, path string }{
	{"core", "distributions/otelcol/manifest.yaml"},
	{"contrib", "distributions/otelcol-contrib/manifest.yaml"},
}

// module is a component's Go module at the version a release builds.
type module struct {
	Section, Path, Version string
}

// release is what one Collector release is built from.
type release struct {
	Minor int // 0.N.0
	// Modules by "section path", with the distributions that build each.
	Modules map[string]*relModule
	// Derived is true when no manifest of this release was read: the
	// previous manifest's modules at this release's versions, where the
	// proxy serves them.
	Derived bool
}

type relModule struct {
	module
	Dists []string
}

func (r *release) String() string { return "v0." + strconv.Itoa(r.Minor) + ".0" }

var gomodLine = regexp.MustCompile(`^\s*-\s*gomod:\s*"?(\S+?)\s+(v\S+?)"?\s*$`)
var sectionLine = regexp.MustCompile(`^([a-z_]+):\s*$`)

// parseManifest reads the components of an ocb builder manifest: under
// each top-level section, "- gomod: PATH VERSION" lines.
func parseManifest(data []byte) []module {
	var out []module
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if m := sectionLine.FindStringSubmatch(line); m != nil {
			section = m[1]
			continue
		}
		if m := gomodLine.FindStringSubmatch(line); m != nil && isSection(section) {
			out = append(out, module{Section: section, Path: m[1], Version: m[2]})
		}
	}
	return out
}

func isSection(s string) bool {
	for _, x := range sections {
		if x == s {
			return true
		}
	}
	return false
}

// manifestReleases reads the distributions' manifests at each tag v0.N.0
// of a git directory of open-telemetry/opentelemetry-collector-releases,
// from minor `from` up to the first tag that is missing.
func manifestReleases(ctx context.Context, gitDir string, from int) ([]*release, error) {
	var out []*release
	for n := from; ; n++ {
		r := &release{Minor: n, Modules: map[string]*relModule{}}
		found := false
		for _, d := range distributions {
			data, err := gitShow(ctx, gitDir, fmt.Sprintf("v0.%d.0:%s", n, d.path))
			if err != nil {
				continue
			}
			found = true
			for _, m := range parseManifest(data) {
				k := m.Section + " " + m.Path
				if rm, ok := r.Modules[k]; ok {
					rm.Dists = append(rm.Dists, d.name)
					continue
				}
				r.Modules[k] = &relModule{module: m, Dists: []string{d.name}}
			}
		}
		if !found {
			if n == from {
				return nil, fmt.Errorf("%s has no tag v0.%d.0 with a distribution manifest", gitDir, n)
			}
			return out, nil
		}
		out = append(out, r)
	}
}

func gitShow(ctx context.Context, gitDir, rev string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", "--git-dir", gitDir, "show", rev)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git show %s: %v: %s", rev, err, strings.TrimSpace(stderr.String()))
	}
	return out.Bytes(), nil
}

// anchor is the module whose release tells that a Collector release
// exists on the proxy (the core OTLP receiver, in every distribution).
const anchor = "go.opentelemetry.io/collector/receiver/otlpreceiver"

// laterReleases are the releases after the last manifest that the proxy
// serves (probed upwards until one is missing): the last manifest's
// modules, moved to each release's versions. A module the proxy says does
// not exist there (404) is left out; one it refuses (403, a mirror's gap)
// is kept, as unknown is not removed.
func laterReleases(ctx context.Context, f *fetcher, last *release) ([]*release, error) {
	var out []*release
	for n := last.Minor + 1; ; n++ {
		if _, err := f.dir(ctx, anchor, fmt.Sprintf("v0.%d.0", n)); err != nil {
			var miss *errMissing
			if errors.As(err, &miss) {
				return out, nil
			}
			return nil, err
		}
		r := &release{Minor: n, Modules: map[string]*relModule{}, Derived: true}
		for k, m := range last.Modules {
			v := shiftVersion(m.Version, n-last.Minor)
			r.Modules[k] = &relModule{module: module{m.Section, m.Path, v}, Dists: m.Dists}
		}
		out = append(out, r)
	}
}

// dropRemoved takes out of the derived releases the modules the proxy
// says do not exist (404) at the newest one, from the first derived
// release where they are not found (found by bisection).
func dropRemoved(ctx context.Context, f *fetcher, derived []*release) error {
	if len(derived) == 0 {
		return nil
	}
	newest := derived[len(derived)-1]
	for k, m := range newest.Modules {
		if ok, err := f.exists(ctx, m.Path, m.Version); err != nil || ok {
			if err != nil {
				return err
			}
			continue
		}
		// first derived release where it is gone: lo present (or before), hi gone
		lo, hi := -1, len(derived)-1
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			mm := derived[mid].Modules[k]
			ok, err := f.exists(ctx, mm.Path, mm.Version)
			if err != nil {
				return err
			}
			if ok {
				lo = mid
			} else {
				hi = mid
			}
		}
		for _, r := range derived[hi:] {
			delete(r.Modules, k)
		}
	}
	return nil
}

// shiftVersion moves vA.B.0 by d minor releases: core's stable modules
// (v1.x) are released with every v0.x release, in step.
func shiftVersion(v string, d int) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) != 3 {
		return v
	}
	minor, err := strconv.Atoi(parts[1])
	if err != nil {
		return v
	}
	return "v" + parts[0] + "." + strconv.Itoa(minor+d) + ".0"
}
