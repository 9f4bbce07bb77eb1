package jaeger

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Values of HTTP.API.
const (
	JaegerAPIv3 = "api_v3" // /api/v3/..., OTLP JSON (Jaeger v2 and recent v1)
	JaegerAPIUI = "ui"     // /api/services, /api/traces: the UI's own API, in every Jaeger
)

// maxJaegerBody bounds how much of a response is read: 20 traces fit easily,
// a misconfigured URL serving something huge does not exhaust memory.
const maxJaegerBody = 8 << 20

// jaegerLimit is how many traces FindTraces asks for, as GRPC does.
const jaegerLimit = 20

// HTTP talks to Jaeger's query HTTP API (the UI's port, 16686), the one a
// student publishes. It implements Jaeger.
type HTTP struct {
	base   *url.URL // UI URL, path without trailing slash
	name   string   // base for messages, without a password
	client *http.Client
	api    atomic.Value // string, once detected
	// detecting is a one-slot lock around detection; a channel so that
	// callers waiting for it still honour their context.
	detecting chan struct{}
}

var _ Client = (*HTTP)(nil)

// NewHTTP prepares a client for the Jaeger UI at base, e.g.
// http://127.0.0.1:16686 or http://host/jaeger/ui (API under base/api/...).
// client nil means http.DefaultClient. Nothing is sent yet.
func NewHTTP(base string, client *http.Client) (*HTTP, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil {
		return nil, fmt.Errorf("jaeger URL %q: %w", base, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("jaeger URL %q: want http://host[:port][/path] or https://...", base)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	u.RawQuery, u.Fragment = "", ""
	if client == nil {
		client = http.DefaultClient
	}
	return &HTTP{base: u, name: u.Redacted(), client: client, detecting: make(chan struct{}, 1)}, nil
}

// API returns JaegerAPIv3 or JaegerAPIUI once detected (after a first
// successful call), "" before.
func (j *HTTP) API() string {
	s, _ := j.api.Load().(string)
	return s
}

// Services lists the services Jaeger has spans for, sorted.
func (j *HTTP) Services(ctx context.Context) ([]string, error) {
	api, err := j.detect(ctx)
	if err != nil {
		return nil, err
	}
	var s []string
	if api == JaegerAPIv3 {
		var r struct {
			Services []string `json:"services"`
		}
		err = j.getJSON(ctx, "/api/v3/services", nil, &r)
		s = r.Services
	} else {
		var r struct {
			Data []string `json:"data"`
		}
		err = j.getJSON(ctx, "/api/services", nil, &r)
		s = r.Data
	}
	if err != nil {
		return nil, j.errorf("list services: %w", err)
	}
	sort.Strings(s)
	return s, nil
}

// FindTraces searches up to 20 traces of service with a span starting in [from, to].
func (j *HTTP) FindTraces(ctx context.Context, service string, from, to time.Time) ([]Trace, error) {
	api, err := j.detect(ctx)
	if err != nil {
		return nil, err
	}
	var traces []Trace
	if api == JaegerAPIv3 {
		traces, err = j.findV3(ctx, service, from, to)
	} else {
		traces, err = j.findUI(ctx, service, from, to)
	}
	if err != nil {
		return nil, j.errorf("find traces of %s: %w", service, err)
	}
	return traces, nil
}

// detect finds out once which API answers. A failure where nothing answered
// (no connection, a proxy's 502/503/504, a cancelled context) is not
// remembered, so that the next call tries again, e.g. once Jaeger is up.
func (j *HTTP) detect(ctx context.Context) (string, error) {
	if api := j.API(); api != "" {
		return api, nil
	}
	select {
	case j.detecting <- struct{}{}:
		defer func() { <-j.detecting }()
	case <-ctx.Done():
		return "", j.errorf("detect API: %w", ctx.Err())
	}
	if api := j.API(); api != "" { // detected while we waited
		return api, nil
	}
	var r struct {
		Services []string `json:"services"`
	}
	err := j.getJSON(ctx, "/api/v3/services", nil, &r)
	var he *httpError
	switch {
	case err == nil:
		j.api.Store(JaegerAPIv3)
	case errors.As(err, &he) && he.code != http.StatusBadGateway &&
		he.code != http.StatusServiceUnavailable && he.code != http.StatusGatewayTimeout,
		errors.As(err, new(*json.SyntaxError)), errors.As(err, new(*json.UnmarshalTypeError)):
		// Something answered, but not api_v3 (404, or the UI's index.html
		// that Jaeger serves for unknown paths): only the UI API is left.
		j.api.Store(JaegerAPIUI)
	default:
		return "", j.errorf("detect API: %w", err)
	}
	return j.API(), nil
}

func (j *HTTP) findV3(ctx context.Context, service string, from, to time.Time) ([]Trace, error) {
	q := url.Values{
		"query.service_name":   {service},
		"query.start_time_min": {from.UTC().Format(time.RFC3339Nano)},
		"query.start_time_max": {to.UTC().Format(time.RFC3339Nano)},
		"query.num_traces":     {strconv.Itoa(jaegerLimit)},
	}
	var r otlpResult
	err := j.getJSON(ctx, "/api/v3/traces", q, &r)
	var he *httpError
	if errors.As(err, &he) && he.code == http.StatusNotFound {
		return nil, nil // api_v3 says "No traces found" with a 404
	}
	if err != nil {
		return nil, err
	}
	return r.traces()
}

func (j *HTTP) findUI(ctx context.Context, service string, from, to time.Time) ([]Trace, error) {
	q := url.Values{
		"service": {service},
		"start":   {strconv.FormatInt(from.UnixMicro(), 10)},
		"end":     {strconv.FormatInt(to.UnixMicro(), 10)},
		"limit":   {strconv.Itoa(jaegerLimit)},
	}
	var r uiTraces
	if err := j.getJSON(ctx, "/api/traces", q, &r); err != nil {
		return nil, err
	}
	return r.traces(), nil
}

func (j *HTTP) errorf(format string, args ...any) error {
	return fmt.Errorf("jaeger at %s: "+format, append([]any{j.name}, args...)...)
}

// httpError is a non-200 answer.
type httpError struct {
	code   int
	status string
	msg    string // Jaeger's own message, when it gave one
}

func (e *httpError) Error() string {
	if e.msg != "" {
		return "HTTP " + e.status + ": " + e.msg
	}
	return "HTTP " + e.status
}

// getJSON GETs base+path?q and decodes a 200 answer into v.
func (j *HTTP) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	u := *j.base
	u.Path += path
	if u.RawPath != "" {
		u.RawPath += path
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := j.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJaegerBody+1))
	if err != nil {
		return fmt.Errorf("GET %s: read body: %w", u.Path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &httpError{code: resp.StatusCode, status: resp.Status, msg: errorMessage(body)}
	}
	if len(body) > maxJaegerBody {
		return fmt.Errorf("GET %s: answer larger than %d MiB", u.Path, maxJaegerBody>>20)
	}
	if err := json.Unmarshal(body, v); err != nil {
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) {
			// Jaeger answers 200 with an HTML page for paths it does not know.
			return fmt.Errorf("GET %s: an HTML page, not Jaeger's API (is the base path right?): %w", u.Path, err)
		}
		return fmt.Errorf("GET %s: %w", u.Path, err)
	}
	return nil
}

// errorMessage extracts the message of Jaeger's error answers: api_v3
// {"error":{"httpCode":..,"message":..}}, the UI API {"errors":[{"code":..,"msg":..}]}.
func errorMessage(body []byte) string {
	var r struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
		Errors []struct {
			Msg string `json:"msg"`
		} `json:"errors"`
	}
	if json.Unmarshal(bytes.TrimSpace(body), &r) != nil {
		return ""
	}
	if r.Error.Message != "" {
		return r.Error.Message
	}
	var msgs []string
	for _, e := range r.Errors {
		msgs = append(msgs, e.Msg)
	}
	return strings.Join(msgs, "; ")
}
