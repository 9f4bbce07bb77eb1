package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// FlagStore is where the scenario flag lives: flagd's file, or the flag
// UI's API (demo 3.0).
type FlagStore interface {
	// Read returns the first of names.
	Read(ctx context.Context, names ...string) (Flag, error)
	// Set changes the flag's default variant and returns the old one.
	Set(ctx context.Context, flag, variant string) (string, error)
	// Where names the store for messages: a path or a URL.
	Where() string
}

// FileStore is the flag file on this machine.
type FileStore struct{ Path string }

func (s FileStore) Where() string { return s.Path }

func (s FileStore) Read(_ context.Context, names ...string) (Flag, error) {
	ff, err := ReadFlagFile(s.Path)
	if err != nil {
		return Flag{}, err
	}
	return ff.Flag(names...)
}

func (s FileStore) Set(_ context.Context, flag, variant string) (string, error) {
	ff, err := ReadFlagFile(s.Path)
	if err != nil {
		return "", err
	}
	return ff.Set(flag, variant)
}

// FlagAPI is the demo 3.0 flag UI's API behind the frontend proxy:
// GET BASE/feature/api/read answers {"flags": {...}}; POST
// BASE/feature/api/write with {"data": {"flags": {...}}} replaces them all.
// Only the scenario flag's defaultVariant is changed in what is written
// back; the UI itself rewrites the file in its own layout.
type FlagAPI struct {
	Base   string // http://host:8080, without /feature
	Client *http.Client
}

func (a FlagAPI) Where() string { return strings.TrimRight(a.Base, "/") + "/feature/api" }

func (a FlagAPI) client() *http.Client {
	if a.Client != nil {
		return a.Client
	}
	return http.DefaultClient
}

// readAll returns the flags as the API gave them.
func (a FlagAPI) readAll(ctx context.Context) (map[string]json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.Where()+"/read", nil)
	if err != nil {
		return nil, fmt.Errorf("flag API %s: %w", a.Where(), err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("flag API %s: %w", a.Where(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("flag API %s/read: %w", a.Where(), err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("flag API %s/read: HTTP %s (the flag UI's API is in demo 3.0)", a.Where(), resp.Status)
	}
	var r struct {
		Flags map[string]json.RawMessage `json:"flags"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Flags == nil {
		return nil, fmt.Errorf("flag API %s/read: not the flag UI's answer (want {\"flags\": ...})", a.Where())
	}
	return r.Flags, nil
}

type apiFlag struct {
	State          string                     `json:"state"`
	DefaultVariant string                     `json:"defaultVariant"`
	Variants       map[string]json.RawMessage `json:"variants"`
}

func (a FlagAPI) Read(ctx context.Context, names ...string) (Flag, error) {
	flags, err := a.readAll(ctx)
	if err != nil {
		return Flag{}, err
	}
	for _, n := range names {
		raw, ok := flags[n]
		if !ok {
			continue
		}
		var f apiFlag
		if err := json.Unmarshal(raw, &f); err != nil {
			return Flag{}, fmt.Errorf("flag API %s: flag %s: %w", a.Where(), n, err)
		}
		fl := Flag{Name: n, State: f.State, DefaultVariant: f.DefaultVariant}
		for v := range f.Variants {
			fl.Variants = append(fl.Variants, v)
		}
		slices.Sort(fl.Variants)
		return fl, nil
	}
	return Flag{}, fmt.Errorf("flag API %s has no flag %s: %w", a.Where(), orList(names), ErrNoFlag)
}

func (a FlagAPI) Set(ctx context.Context, flag, variant string) (string, error) {
	flags, err := a.readAll(ctx)
	if err != nil {
		return "", err
	}
	raw, ok := flags[flag]
	if !ok {
		return "", fmt.Errorf("flag API %s: flag %s: %w", a.Where(), flag, ErrNoFlag)
	}
	var fields map[string]json.RawMessage
	var f apiFlag
	if json.Unmarshal(raw, &fields) != nil || json.Unmarshal(raw, &f) != nil {
		return "", fmt.Errorf("flag API %s: flag %s is not an object", a.Where(), flag)
	}
	if _, ok := f.Variants[variant]; !ok {
		return "", fmt.Errorf("flag API %s: flag %s has no variant %q", a.Where(), flag, variant)
	}
	if f.DefaultVariant == variant {
		return variant, nil
	}
	fields["defaultVariant"], _ = json.Marshal(variant)
	flags[flag], _ = json.Marshal(fields)
	body, err := json.Marshal(map[string]any{"data": map[string]any{"flags": flags}})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Where()+"/write", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("flag API %s: %w", a.Where(), err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := a.client().Do(req)
	if err != nil {
		return "", fmt.Errorf("flag API %s/write: %w", a.Where(), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("flag API %s/write: HTTP %s", a.Where(), resp.Status)
	}
	return f.DefaultVariant, nil
}

// featureBase guesses the demo's frontend-proxy address from a Jaeger UI
// URL served behind it (http://host:8080/jaeger/ui → http://host:8080);
// "" when the URL is not under /jaeger.
func featureBase(jaegerURL string) string {
	u, err := url.Parse(jaegerURL)
	if err != nil || u.Host == "" {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	prefix, ok := strings.CutSuffix(p, "/jaeger/ui")
	if !ok {
		return ""
	}
	return u.Scheme + "://" + u.Host + prefix
}
