// Package testbed gives tests access to the real components built by test/bed/build: binaries
// (Jaeger v2, the OpenTelemetry Collector, telemetrygen, Prometheus, promtool, PostgreSQL),
// the backend's Python venv, the local Docker images labctl-bed/*, and helpers that start the
// components as plain processes on free 127.0.0.1 ports.
//
// When something is missing, a test is skipped with a hint to run test/bed/build, except under CI
// (env CI non-empty), where it fails: CI must never pass by skipping everything.
package testbed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/client"
)

// Images built by test/bed/build (see test/bed/labctl.yaml, which points labctl at them).
const (
	ImageBase       = "labctl-bed/base:bookworm"
	ImagePostgres   = "labctl-bed/postgres:15"
	ImagePython     = "labctl-bed/python:3.11"
	ImagePrometheus = "labctl-bed/prometheus:2.42"
	ImageJaeger     = "labctl-bed/jaeger:2.13.0"
	// ImageJaegerV1 is Jaeger v1 all-in-one, for labctl's `jaeger: v1` flavour.
	ImageJaegerV1  = "labctl-bed/all-in-one:1.76.0"
	ImageCollector = "labctl-bed/otelcol:0.145.0"
)

// PGBin is where Debian's PostgreSQL 15 server programs live.
const PGBin = "/usr/lib/postgresql/15/bin"

// Dir returns the test bed's cache directory: $LABCTL_BED_CACHE, else ~/.cache/labctl-bed.
func Dir() string {
	if d := os.Getenv("LABCTL_BED_CACHE"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = os.TempDir()
	}
	return filepath.Join(home, ".cache", "labctl-bed")
}

// Missing stops the test because a component of the test bed is missing: t.Fatalf under CI
// (env CI non-empty), t.Skipf otherwise. The message tells how to get it.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	stop(t, "test bed: "+fmt.Sprintf(format, args...)+" (run test/bed/build; test/bed/host-setup for system packages and dockerd)")
}

// Lacks stops a test that this machine cannot run because it lacks
// something the test needs and the test bed does not build (git, a go
// command, symbolic links, root, a unix socket): skipped locally, failed
// under CI, whose machine is set up to have it all. Every test that skips
// for a missing part goes through Missing or Lacks (TestNoDirectSkips):
// under CI, a skip would pass by proving nothing.
func Lacks(t testing.TB, format string, args ...any) {
	t.Helper()
	stop(t, "this machine lacks "+fmt.Sprintf(format, args...))
}

func stop(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Require checks that test/bed/build has produced the binaries and the venv; see Missing.
func Require(t testing.TB) {
	t.Helper()
	for _, name := range []string{"jaeger", "otelcol", "telemetrygen", "prometheus", "promtool"} {
		Bin(t, name)
	}
	for _, name := range []string{"initdb", "postgres", "pg_isready", "psql"} {
		if !isExecutable(filepath.Join(PGBin, name)) {
			Missing(t, "%s is missing (Debian package postgresql-15)", filepath.Join(PGBin, name))
		}
	}
	Venv(t)
}

// Bin returns the path of an executable in Dir()/bin: jaeger, otelcol, telemetrygen, prometheus,
// promtool. Missing (skip or fail) when it is not there.
func Bin(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(Dir(), "bin", name)
	if !isExecutable(p) {
		Missing(t, "%s is not built", p)
	}
	return p
}

// Venv returns the directory of a Python venv holding the backend's requirements
// (templates/backend/requirements.txt); its interpreter is Venv(t)+"/bin/python".
func Venv(t testing.TB) string {
	t.Helper()
	v := filepath.Join(Dir(), "venv")
	if !isExecutable(filepath.Join(v, "bin", "python")) {
		Missing(t, "no Python venv at %s", v)
	}
	if _, err := os.Stat(filepath.Join(v, ".complete")); err != nil {
		Missing(t, "Python venv %s is incomplete", v)
	}
	// Stale when the backend's requirements changed since the build.
	if root, err := moduleRoot(); err == nil {
		want, err1 := os.ReadFile(filepath.Join(root, "templates", "backend", "requirements.txt"))
		got, err2 := os.ReadFile(filepath.Join(v, ".requirements.txt"))
		if err1 == nil && (err2 != nil || string(want) != string(got)) {
			Missing(t, "Python venv %s does not match templates/backend/requirements.txt", v)
		}
	}
	return v
}

var docker struct {
	once sync.Once
	cli  *client.Client
	err  error
}

func dockerClient() (*client.Client, error) {
	docker.once.Do(func() {
		// API-version negotiation is the default in moby/moby/client v0.6 (WithAPIVersionNegotiation
		// is a deprecated no-op there); the Ping below negotiates (Debian's engine speaks 1.41,
		// test/bed/engine29's 1.5x: test/run runs the engine and end-to-end tests on both).
		cli, err := client.New(client.FromEnv)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if _, err = cli.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
				_ = cli.Close()
				cli = nil
			}
		}
		docker.cli, docker.err = cli, err
	})
	return docker.cli, docker.err
}

// RequireDocker checks that a Docker engine answers (DOCKER_HOST or the default socket).
func RequireDocker(t testing.TB) {
	t.Helper()
	if _, err := dockerClient(); err != nil {
		Missing(t, "Docker engine not reachable: %v", err)
	}
}

// RequireImage checks that the local image ref exists (nothing can be pulled here), e.g.
// RequireImage(t, testbed.ImageJaeger).
func RequireImage(t testing.TB, ref string) {
	t.Helper()
	RequireDocker(t)
	cli, _ := dockerClient()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := cli.ImageInspect(ctx, ref); err != nil {
		Missing(t, "image %s: %v", ref, err)
	}
}

// LabConfig returns the absolute path of test/bed/labctl.yaml: a labctl config that uses the
// labctl-bed/* images and non-default host ports.
func LabConfig(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("test bed: %v", err)
	}
	p := filepath.Join(root, "test", "bed", "labctl.yaml")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("test bed: %v", err)
	}
	return p
}

// handedOut remembers the ports FreePort returned in this test binary: the
// kernel may give a just-closed port again, and a test that asks for ten
// ports at once (a whole labctl.yaml) must get ten different ones.
var handedOut = struct {
	sync.Mutex
	ports map[int]bool
}{ports: map[int]bool{}}

// FreePort returns a TCP port that is free on every interface right now and
// that it has not returned before in this test binary. It is drawn at random
// below the kernel's ephemeral range (ip_local_port_range): a port the
// kernel hands out to connections (Docker's own, the other test packages')
// could be taken between this call and the container's publishing it, as a
// CI run with many stacks at once saw ("bind: address already in use").
func FreePort(t testing.TB) int {
	t.Helper()
	handedOut.Lock()
	defer handedOut.Unlock()
	low, high := belowEphemeral()
	for range 200 {
		port := 0
		if high > low {
			port = low + rand.IntN(high-low)
		}
		l, err := net.Listen("tcp", fmt.Sprintf(":%d", port))
		if err != nil {
			continue // taken: draw again
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !handedOut.ports[port] {
			handedOut.ports[port] = true
			return port
		}
	}
	t.Fatalf("free port: none found in %d-%d", low, high)
	return 0
}

// belowEphemeral is the range FreePort draws from: from 10000 up to the
// kernel's first ephemeral port (0, 0 when that range cannot be read or
// leaves too few: the kernel then picks).
func belowEphemeral() (low, high int) {
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0, 0
	}
	var first, last int
	if _, err := fmt.Sscan(string(data), &first, &last); err != nil || first < 12000 {
		return 0, 0
	}
	return 10000, first
}

const modulePath = "github.com/labctl/labctl"

// moduleRoot finds the directory of this module's go.mod, from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(firstLine(string(b)), modulePath) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s above the working directory", modulePath)
		}
		dir = parent
	}
}

func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "//") {
			return line
		}
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// SkipShort skips a test that starts real components under go test -short,
// except under CI, where -short would silently drop what CI must prove: there
// it fails instead.
func SkipShort(t testing.TB, what string) {
	t.Helper()
	if !testing.Short() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("-short under CI would skip a test that %s; run the tests without -short", what)
	}
	t.Skip(what)
}
