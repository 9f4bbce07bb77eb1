package report

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Scrapes is what the report needs from prometheus.yml: which targets
// Prometheus scrapes and how often.
type Scrapes struct {
	Global string
	Jobs   []ScrapeJob
}

// ScrapeJob is one scrape_configs entry.
type ScrapeJob struct {
	Name     string
	Interval string
	Targets  []string
}

// ParseScrapes reads a prometheus.yml. name is the file named in errors.
func ParseScrapes(data []byte, name string) (*Scrapes, error) {
	var raw struct {
		Global struct {
			ScrapeInterval string `yaml:"scrape_interval"`
		} `yaml:"global"`
		ScrapeConfigs []struct {
			JobName        string `yaml:"job_name"`
			ScrapeInterval string `yaml:"scrape_interval"`
			StaticConfigs  []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %s; run `labctl render` to regenerate it", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	s := &Scrapes{Global: raw.Global.ScrapeInterval}
	for _, sc := range raw.ScrapeConfigs {
		j := ScrapeJob{Name: sc.JobName, Interval: sc.ScrapeInterval}
		for _, st := range sc.StaticConfigs {
			j.Targets = append(j.Targets, st.Targets...)
		}
		s.Jobs = append(s.Jobs, j)
	}
	return s, nil
}

// For finds the job scraping a target on port and its effective interval
// (the job's, else the global one, else Prometheus's default 1m).
func (s *Scrapes) For(port string) (job, interval string, ok bool) {
	if s == nil || port == "" {
		return "", "", false
	}
	for _, j := range s.Jobs {
		for _, t := range j.Targets {
			if portOf(t) == port {
				return j.Name, firstNonEmpty(j.Interval, s.Global, "1m"), true
			}
		}
	}
	return "", "", false
}
