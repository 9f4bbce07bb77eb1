// Command collectorknow writes what labctl knows of every Collector
// release (internal/collectorknow/knowledge.json): for each release from
// v0.80.0 to the newest the Go module proxy serves, the component types of
// the core and contrib distributions with their deprecated aliases, and the
// config keys of the components students' configs use (from v0.100.0). It
// reads upstream's own files only:
//
//   - which modules a release builds: the distributions' builder manifests
//     (distributions/otelcol{,-contrib}/manifest.yaml) at each tag of
//     open-telemetry/opentelemetry-collector-releases, a git directory given
//     with -releases (the proxy serves no module that holds them). After the
//     last tag of that directory, a release exists when the proxy serves the
//     core OTLP receiver at it (probed upwards until one is missing), and it
//     builds the last manifest's modules, less those the proxy says it does
//     not have (404).
//   - each component's type and deprecated alias: its module's source, from
//     the proxy (the factory's WithDeprecatedTypeAlias, the generated
//     internal/metadata Type and DeprecatedType). A module's type is read at
//     its first and last release and bisected where they differ.
//   - each listed component's keys: its Config struct's mapstructure tags,
//     read with go/parser, following named and squashed types into the
//     modules its go.mod requires (at those versions).
//
// Why source and not reflection on built factories (as tools/collectorkeys,
// which this replaces, did for one release): compiling a Collector per release costs minutes of
// CPU each (66 releases); parsing the few packages a Config reaches costs
// milliseconds, and the zips come from the module cache after the first run.
// The cost is that types decoding themselves (a confmap Unmarshal that reads
// more than its own fields) are left unchecked, as with reflection.
//
// Regenerate: tools/collectorknow/regen (it finds or clones the releases
// repository). Measured here (2 busy cores, 2026-12-07, 86 releases v0.80.0
// to v0.165.0): cold, with an empty module cache, 15m19s wall, 2m39s user
// CPU, 6281 go mod download calls, 2.2 GB of module cache (network-bound:
// 8 downloads at once, -jobs); warm, ~5 min (the proxy is still asked for
// the versions it does not serve, and for the modules dropped after the
// last manifest).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"time"
)

// keyModules are the components whose keys are read at every release:
// those of the course's config and of common student and published
// configs. A path ends one of the manifests' module paths.
var keyModules = []string{
	"receiver/otlpreceiver", "receiver/prometheusreceiver", "receiver/postgresqlreceiver",
	"receiver/hostmetricsreceiver", "receiver/filelogreceiver", "receiver/dockerstatsreceiver",
	"exporter/otlpexporter", "exporter/otlphttpexporter", "exporter/debugexporter", "exporter/loggingexporter",
	"exporter/prometheusexporter", "exporter/loadbalancingexporter", "exporter/lokiexporter", "exporter/fileexporter",
	"processor/batchprocessor", "processor/memorylimiterprocessor", "processor/resourceprocessor",
	"processor/attributesprocessor", "processor/filterprocessor", "processor/transformprocessor",
	"connector/spanmetricsconnector",
	"extension/healthcheckextension", "extension/pprofextension", "extension/zpagesextension",
}

func main() {
	gitDir := flag.String("releases", os.Getenv("COLLECTOR_RELEASES_GIT"), "git directory of open-telemetry/opentelemetry-collector-releases")
	out := flag.String("o", "", "output file (default stdout)")
	from := flag.Int("from", 80, "first release (0.N.0) whose types are read")
	keysFrom := flag.Int("keys-from", 100, "first release (0.N.0) whose keys are read")
	jobs := flag.Int("jobs", 8, "downloads at once")
	verbose := flag.Bool("v", false, "print what is left unchecked")
	flag.Parse()
	if *gitDir == "" {
		fatal(fmt.Errorf("-releases: give a git directory of open-telemetry/opentelemetry-collector-releases (tools/collectorknow/regen clones one)"))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	k, f, err := generate(ctx, *gitDir, *from, *keysFrom, *jobs, *verbose)
	if err != nil {
		fatal(err)
	}
	data, err := json.MarshalIndent(k, "", " ")
	if err != nil {
		fatal(err)
	}
	data = append(data, '\n')
	fmt.Fprintf(os.Stderr, "collectorknow: %d releases (%s to %s), %d go mod download calls, %s\n",
		len(k.Releases), k.Releases[0].Release, k.Releases[len(k.Releases)-1].Release, f.downloads, time.Since(start).Round(time.Second))
	if *out == "" {
		os.Stdout.Write(data)
		return
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "collectorknow:", err)
	os.Exit(1)
}

// Knowledge is the file written: each release as its change from the one
// before (the first: everything).
type Knowledge struct {
	Comment  string  `json:"_comment"`
	KeysFrom string  `json:"keys_from"`
	Releases []Delta `json:"releases"`
}

// Delta is one release against the previous one.
type Delta struct {
	Release string `json:"release"`
	// Derived: no manifest was read for this release (see the package doc).
	Derived bool `json:"derived,omitempty"`
	// Types added or changed (null: removed), by section and type.
	Types map[string]map[string]*Comp `json:"types,omitempty"`
	// Keys whose tree changed, by section and type.
	Keys map[string]map[string]Node `json:"keys,omitempty"`
	// NoKeys are components whose keys are no longer checked from here.
	NoKeys map[string][]string `json:"no_keys,omitempty"`
}

// Comp is a component type at a release.
type Comp struct {
	Module string   `json:"module"`
	Dists  []string `json:"dists"`
	Alias  string   `json:"alias,omitempty"`
}

func (c *Comp) equal(o *Comp) bool {
	return c.Module == o.Module && c.Alias == o.Alias && strings.Join(c.Dists, ",") == strings.Join(o.Dists, ",")
}

func generate(ctx context.Context, gitDir string, from, keysFrom, jobs int, verbose bool) (*Knowledge, *fetcher, error) {
	f := newFetcher(jobs)
	rels, err := manifestReleases(ctx, gitDir, from)
	if err != nil {
		return nil, nil, err
	}
	later, err := laterReleases(ctx, f, rels[len(rels)-1])
	if err != nil {
		return nil, nil, err
	}
	if err := dropRemoved(ctx, f, later); err != nil {
		return nil, nil, err
	}
	rels = append(rels, later...)

	warnings := map[string]bool{}
	var wmu sync.Mutex
	warn := func(s string) {
		wmu.Lock()
		warnings[s] = true
		wmu.Unlock()
	}

	// Where each module is, release by release.
	present := map[string][]int{}
	for i, r := range rels {
		for k := range r.Modules {
			present[k] = append(present[k], i)
		}
	}
	idents := make([]map[string]identity, len(rels))
	keys := make([]map[string]Node, len(rels))
	for i := range rels {
		idents[i], keys[i] = map[string]identity{}, map[string]Node{}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	for k, at := range present {
		wg.Go(func() {
			b := &bisector{ctx: ctx, f: f, rels: rels, key: k, at: at}
			got, err := b.run()
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			for i, id := range got {
				idents[i][k] = id
			}
		})
		path := strings.SplitN(k, " ", 2)[1]
		if !isKeyModule(path) {
			continue
		}
		for _, i := range at {
			if rels[i].Minor < keysFrom {
				continue
			}
			wg.Go(func() {
				m := rels[i].Modules[k]
				n, ok, err := readKeys(ctx, f, m.Path, m.Version, warn)
				mu.Lock()
				defer mu.Unlock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if ok {
					keys[i][k] = n
				}
			})
		}
	}
	wg.Wait()
	if firstErr != nil {
		return nil, nil, firstErr
	}
	if verbose {
		var ws []string
		for w := range warnings {
			ws = append(ws, w)
		}
		sort.Strings(ws)
		for _, w := range ws {
			fmt.Fprintln(os.Stderr, "collectorknow:", w)
		}
	}
	return deltas(rels, idents, keys, keysFrom), f, nil
}

func isKeyModule(path string) bool {
	for _, s := range keyModules {
		if strings.HasSuffix(path, "/"+s) {
			return true
		}
	}
	return false
}

// readKeys is a component's key tree at a version; ok false when the
// proxy does not serve it (the previous release's tree then stands).
func readKeys(ctx context.Context, f *fetcher, mod, version string, warn func(string)) (Node, bool, error) {
	dir, err := f.dir(ctx, mod, version)
	if err != nil {
		if _, ok := err.(*errMissing); ok {
			return nil, false, nil
		}
		return nil, false, err
	}
	t, err := newSourceTree(ctx, f, mod, version, dir, warn)
	if err != nil {
		return nil, false, err
	}
	n, ok := t.keysOf()
	return n, ok, nil
}

// deltas folds the per-release states into each release's changes.
func deltas(rels []*release, idents []map[string]identity, keys []map[string]Node, keysFrom int) *Knowledge {
	k := &Knowledge{
		Comment: "Generated by tools/collectorknow from the Collector's distribution manifests and its components' " +
			"source on the Go module proxy; do not edit. Regenerate: tools/collectorknow/regen",
		KeysFrom: fmt.Sprintf("0.%d.0", keysFrom),
	}
	prevTypes := map[string]map[string]*Comp{}
	prevKeys := map[string]map[string]string{} // section -> type -> tree's JSON
	for i, r := range rels {
		d := Delta{Release: strings.TrimPrefix(r.String(), "v"), Derived: r.Derived}
		cur := map[string]map[string]*Comp{}
		curKeys := map[string]map[string]Node{}
		modKeys := make([]string, 0, len(r.Modules))
		for mk := range r.Modules {
			modKeys = append(modKeys, mk)
		}
		sort.Strings(modKeys)
		for _, mk := range modKeys {
			m := r.Modules[mk]
			id, ok := idents[i][mk]
			if !ok {
				continue
			}
			if cur[m.Section] == nil {
				cur[m.Section] = map[string]*Comp{}
				curKeys[m.Section] = map[string]Node{}
			}
			if _, dup := cur[m.Section][id.Type]; dup {
				continue
			}
			cur[m.Section][id.Type] = &Comp{Module: m.Path, Dists: m.Dists, Alias: id.Alias}
			if n, ok := keys[i][mk]; ok {
				curKeys[m.Section][id.Type] = n
			} else if old, ok := prevKeys[m.Section][id.Type]; ok && old != "" {
				// not served at this release: the previous tree stands
				var n Node
				_ = json.Unmarshal([]byte(old), &n)
				curKeys[m.Section][id.Type] = n
			}
		}
		for _, s := range sections {
			for typ, c := range cur[s] {
				if p, ok := prevTypes[s][typ]; !ok || !p.equal(c) {
					set(&d.Types, s, typ, c)
				}
			}
			for typ := range prevTypes[s] {
				if _, ok := cur[s][typ]; !ok {
					set(&d.Types, s, typ, nil)
				}
			}
			for typ, n := range curKeys[s] {
				b, _ := json.Marshal(n)
				if prevKeys[s][typ] != string(b) {
					if d.Keys == nil {
						d.Keys = map[string]map[string]Node{}
					}
					if d.Keys[s] == nil {
						d.Keys[s] = map[string]Node{}
					}
					d.Keys[s][typ] = n
				}
			}
			for typ := range prevKeys[s] {
				if _, ok := curKeys[s][typ]; !ok {
					if _, still := cur[s][typ]; still {
						if d.NoKeys == nil {
							d.NoKeys = map[string][]string{}
						}
						d.NoKeys[s] = append(d.NoKeys[s], typ)
						sort.Strings(d.NoKeys[s])
					}
				}
			}
		}
		prevTypes = cur
		prevKeys = map[string]map[string]string{}
		for s, m := range curKeys {
			prevKeys[s] = map[string]string{}
			for typ, n := range m {
				b, _ := json.Marshal(n)
				prevKeys[s][typ] = string(b)
			}
		}
		k.Releases = append(k.Releases, d)
	}
	return k
}

func set(m *map[string]map[string]*Comp, s, typ string, c *Comp) {
	if *m == nil {
		*m = map[string]map[string]*Comp{}
	}
	if (*m)[s] == nil {
		(*m)[s] = map[string]*Comp{}
	}
	(*m)[s][typ] = c
}
