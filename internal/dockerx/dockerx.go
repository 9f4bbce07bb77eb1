// Package dockerx connects to the Docker engine the way the docker CLI does:
// DOCKER_HOST first, then the current Docker context (DOCKER_CONTEXT or
// ~/.docker/config.json's currentContext), then the default socket. The API
// version is always negotiated: the engines labctl meets speak API 1.41
// (Debian's Docker 20.10) to 1.5x (Docker Engine 29, today's Docker Desktop);
// internal/engine reads the result (ClientVersion) for what differs.
package dockerx

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/moby/moby/client"
)

// DefaultHost is the engine endpoint when nothing else is configured.
const DefaultHost = "unix:///var/run/docker.sock"

// Endpoint says which engine labctl talks to and why.
type Endpoint struct {
	Host   string // e.g. unix:///var/run/docker.sock, tcp://1.2.3.4:2376
	Source string // "DOCKER_HOST", "context NAME" or "default"
	// TLSDir holds a context's ca.pem, cert.pem and key.pem, when it has TLS
	// material (DOCKER_CONFIG/contexts/tls/<sha256(name)>/docker).
	TLSDir string
}

// Local reports whether the engine runs on this machine, so that ports it
// publishes on 127.0.0.1 are this machine's.
func (e Endpoint) Local() bool {
	return strings.HasPrefix(e.Host, "unix://") || strings.HasPrefix(e.Host, "npipe://") ||
		strings.Contains(e.Host, "://127.0.0.1") || strings.Contains(e.Host, "://localhost")
}

// UnreachableError is returned when no engine answers at the endpoint.
type UnreachableError struct {
	Endpoint Endpoint
	Err      error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the Docker engine at %s (%s): %v; is it running? set DOCKER_HOST or start dockerd",
		e.Endpoint.Host, e.Endpoint.Source, shortErr(e.Err))
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// Resolve finds the engine endpoint without contacting it.
func Resolve() (Endpoint, error) {
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		return Endpoint{Host: h, Source: "DOCKER_HOST"}, nil
	}
	name := os.Getenv("DOCKER_CONTEXT")
	if name == "" {
		name = currentContext()
	}
	if name == "" || name == "default" {
		return Endpoint{Host: DefaultHost, Source: "default"}, nil
	}
	host, err := contextHost(name)
	if err != nil {
		return Endpoint{}, fmt.Errorf("docker context %q: %w; run `docker context use default` or set DOCKER_HOST", name, err)
	}
	ep := Endpoint{Host: host, Source: "context " + name}
	if dir := filepath.Join(configDir(), "contexts", "tls", contextID(name), "docker"); isDir(dir) {
		ep.TLSDir = dir
	}
	return ep, nil
}

func contextID(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// tlsFile is dir/name when it exists, else "".
func tlsFile(dir, name string) string {
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// Connect resolves the endpoint, creates a client and pings the engine
// (which negotiates the API version). The error is an *UnreachableError when
// nothing answers.
func Connect(ctx context.Context) (*client.Client, Endpoint, error) {
	ep, err := Resolve()
	if err != nil {
		return nil, ep, err
	}
	opts := []client.Opt{client.FromEnv, client.WithAPIVersionNegotiation()}
	if ep.Source != "DOCKER_HOST" {
		opts = append(opts, client.WithHost(ep.Host))
	}
	if ep.TLSDir != "" {
		opts = append(opts, client.WithTLSClientConfig(tlsFile(ep.TLSDir, "ca.pem"),
			tlsFile(ep.TLSDir, "cert.pem"), tlsFile(ep.TLSDir, "key.pem")))
	}
	cli, err := client.New(opts...)
	if err != nil {
		return nil, ep, &UnreachableError{Endpoint: ep, Err: err}
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := cli.Ping(pctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		_ = cli.Close()
		if ctx.Err() != nil {
			return nil, ep, ctx.Err()
		}
		return nil, ep, &UnreachableError{Endpoint: ep, Err: err}
	}
	return cli, ep, nil
}

func configDir() string {
	if d := os.Getenv("DOCKER_CONFIG"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".docker")
}

func currentContext() string {
	dir := configDir()
	if dir == "" {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		return ""
	}
	var cfg struct {
		CurrentContext string `json:"currentContext"`
	}
	if json.Unmarshal(b, &cfg) != nil {
		return ""
	}
	return cfg.CurrentContext
}

// contextHost reads the docker endpoint of a context from
// DOCKER_CONFIG/contexts/meta/<sha256(name)>/meta.json.
func contextHost(name string) (string, error) {
	p := filepath.Join(configDir(), "contexts", "meta", contextID(name), "meta.json")
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", p, err)
	}
	var meta struct {
		Endpoints map[string]struct {
			Host string `json:"Host"`
		} `json:"Endpoints"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return "", fmt.Errorf("parse %s: %w", p, err)
	}
	h := meta.Endpoints["docker"].Host
	if h == "" {
		return "", errors.New("no docker endpoint in " + p)
	}
	return h, nil
}

// shortErr keeps the useful tail of a client error on one line.
func shortErr(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if i := strings.Index(s, "dial unix "); i >= 0 {
		s = s[i:]
	}
	return s
}
