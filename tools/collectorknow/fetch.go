package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// fetcher downloads module zips through the go command (GOPROXY, the
// checksum database and the module cache, as any build would), at most
// jobs at once, each module version once.
type fetcher struct {
	sem   chan struct{}
	mu    sync.Mutex
	cache map[string]*fetched
	// downloads counts the calls to the go command (for the summary).
	downloads int
}

type fetched struct {
	once sync.Once
	dir  string
	err  error
}

func newFetcher(jobs int) *fetcher {
	return &fetcher{sem: make(chan struct{}, jobs), cache: map[string]*fetched{}}
}

// errMissing is a version the proxy does not serve.
type errMissing struct {
	mod, version string
	// notFound is the proxy's own 404/410 ("no such version"); false for
	// a refusal (403 "not available": a mirror's gap, not a fact about
	// upstream).
	notFound bool
}

func (e *errMissing) Error() string {
	return fmt.Sprintf("%s@%s: not served by the proxy", e.mod, e.version)
}

// dir is the extracted module's directory in the module cache.
func (f *fetcher) dir(ctx context.Context, mod, version string) (string, error) {
	key := mod + "@" + version
	f.mu.Lock()
	e, ok := f.cache[key]
	if !ok {
		e = &fetched{}
		f.cache[key] = e
	}
	f.mu.Unlock()
	e.once.Do(func() {
		f.sem <- struct{}{}
		defer func() { <-f.sem }()
		if dir, ok := inModCache(mod, version); ok {
			e.dir = dir
			return
		}
		f.mu.Lock()
		f.downloads++
		f.mu.Unlock()
		e.dir, e.err = goModDownload(ctx, mod, version)
	})
	return e.dir, e.err
}

func goModDownload(ctx context.Context, mod, version string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", mod+"@"+version)
	cmd.Dir = os.TempDir() // outside any module
	cmd.Env = goEnv()
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	runErr := cmd.Run()
	var res struct{ Dir, Error string }
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %v: %s", mod, version, runErr, strings.TrimSpace(stderr.String()))
	}
	if res.Error != "" {
		if strings.Contains(res.Error, "404 Not Found") || strings.Contains(res.Error, "410 Gone") ||
			strings.Contains(res.Error, "unknown revision") || strings.Contains(res.Error, "invalid version") {
			return "", &errMissing{mod, version, true}
		}
		if strings.Contains(res.Error, "403 Forbidden") || strings.Contains(res.Error, "not available") ||
			strings.Contains(res.Error, "unrecognized import path") || strings.Contains(res.Error, "requires go >=") {
			return "", &errMissing{mod, version, false}
		}
		return "", fmt.Errorf("go mod download %s@%s: %s", mod, version, res.Error)
	}
	return res.Dir, nil
}

// exists says whether the proxy has a module version: false only when it
// says not found (404/410); a refusal (403) counts as present, a mirror's
// gap being no fact about upstream.
func (f *fetcher) exists(ctx context.Context, mod, version string) (bool, error) {
	f.sem <- struct{}{}
	defer func() { <-f.sem }()
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-json", mod+"@"+version)
	cmd.Dir = os.TempDir()
	cmd.Env = goEnv()
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err == nil {
		return true, nil
	}
	e := stderr.String()
	switch {
	case strings.Contains(e, "404 Not Found"), strings.Contains(e, "410 Gone"), strings.Contains(e, "unknown revision"):
		return false, nil
	case strings.Contains(e, "403 Forbidden"), strings.Contains(e, "not available"), strings.Contains(e, "unrecognized import path"):
		return true, nil
	}
	return false, fmt.Errorf("go list -m %s@%s: %s", mod, version, strings.TrimSpace(e))
}

// proxyOnly is GOPROXY without its "direct" fallback: the knowledge comes
// from the proxy, and a version it does not have must read as its 404, not
// as a failed clone of the repository.
var proxyOnly = sync.OnceValue(func() string {
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		return "https://proxy.golang.org"
	}
	var keep []string
	for _, p := range strings.FieldsFunc(strings.TrimSpace(string(out)), func(r rune) bool { return r == ',' || r == '|' }) {
		if p == "direct" || p == "off" {
			break
		}
		keep = append(keep, p)
	}
	if len(keep) == 0 {
		return "https://proxy.golang.org"
	}
	return strings.Join(keep, ",")
})

func goEnv() []string {
	return append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY="+proxyOnly())
}

var modCache = sync.OnceValue(func() string {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})

// inModCache is the module's directory when the go command already
// extracted it (and verified it then): no process to start.
func inModCache(mod, version string) (string, bool) {
	if modCache() == "" {
		return "", false
	}
	var b strings.Builder
	for _, r := range mod + "@" + version {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	dir := filepath.Join(modCache(), filepath.FromSlash(b.String()))
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		if _, err := os.Stat(dir); err != nil {
			return "", false
		}
	}
	if _, err := os.Stat(dir + ".partial"); err == nil {
		return "", false
	}
	return dir, true
}
