package checks

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"
)

// Prometheus is what the checks need from Prometheus.
type Prometheus interface {
	// Query evaluates an instant query now and returns its samples.
	Query(ctx context.Context, q string) ([]Sample, error)
	Targets(ctx context.Context) ([]Target, error)
}

// Sample is one series of an instant vector.
type Sample struct {
	Labels map[string]string
	Value  float64
}

// Target is one active scrape target.
type Target struct {
	Job, URL, Health, LastError string
}

// PromHTTP talks to Prometheus's HTTP API with client_golang.
type PromHTTP struct {
	URL string
	api v1.API
}

// NewPrometheus returns a client for the Prometheus at url (http://host:port).
func NewPrometheus(url string) (*PromHTTP, error) {
	c, err := api.NewClient(api.Config{Address: url})
	if err != nil {
		return nil, fmt.Errorf("prometheus at %s: %w", url, err)
	}
	return &PromHTTP{URL: url, api: v1.NewAPI(c)}, nil
}

// Query runs an instant query; a result that is not a vector is an error.
func (p *PromHTTP) Query(ctx context.Context, q string) ([]Sample, error) {
	v, _, _, err := p.api.Query(ctx, q, time.Now())
	if err != nil {
		return nil, fmt.Errorf("prometheus at %s: query %s: %w", p.URL, q, err)
	}
	vec, ok := v.(model.Vector)
	if !ok {
		return nil, fmt.Errorf("prometheus at %s: query %s gave a %s, not a vector", p.URL, q, v.Type())
	}
	out := make([]Sample, 0, len(vec))
	for _, s := range vec {
		labels := make(map[string]string, len(s.Metric))
		for k, v := range s.Metric {
			labels[string(k)] = string(v)
		}
		out = append(out, Sample{Labels: labels, Value: float64(s.Value)})
	}
	return out, nil
}

// Targets lists the active scrape targets with their health and last error.
func (p *PromHTTP) Targets(ctx context.Context) ([]Target, error) {
	res, err := p.api.Targets(ctx)
	if err != nil {
		return nil, fmt.Errorf("prometheus at %s: list targets: %w", p.URL, err)
	}
	out := make([]Target, 0, len(res.Active))
	for _, t := range res.Active {
		out = append(out, Target{
			Job:       string(t.Labels["job"]),
			URL:       t.ScrapeURL,
			Health:    string(t.Health),
			LastError: t.LastError,
		})
	}
	return out, nil
}
