package cli

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/stack"
)

type verifyOptions struct {
	lab        labFlags
	timeout    time.Duration
	format     string
	junit      string
	service    string
	jaeger     string
	prometheus string
	backend    string
	collector  string
}

func newVerifyCmd(stdio Stdio) *cobra.Command {
	var opts verifyOptions
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Send traffic to the backend and check spans and metrics end to end",
		Long: `Send the traffic of labctl.yaml to the backend (by default a product's CRUD
round trip, which touches PostgreSQL), then check until --timeout that:

  backend_traffic      the backend answers, without 5xx
  jaeger_service       Jaeger knows the service (service_name, backend-service)
  http_server_span     a trace of the traffic has a FastAPI HTTP server span
  db_client_span       that trace has a PostgreSQL client span under it
                       (bonus when your own backend does not instrument its database)
  collector_pipeline   the Collector accepted the spans and sent them to Jaeger
                       with no failures (skipped in the direct topology)
  prometheus_scrape    Prometheus scrapes the Collector (up == 1)
  postgresql_commits   postgresql_commits_total is in Prometheus and rises
  postgresql_rows      postgresql_rows is in Prometheus

Each failure comes with a diagnosis that follows the data through the
pipeline and says where it stops and what to change. The result is saved to
DIR/verify.json for labctl report.

Exit status: 0 when every required check passes, 1 when one fails, 2 on a
usage error or when nothing answers (the lab is not running).`,
		Example: `  # Check the lab labctl up started
  labctl verify

  # In CI: JSON on stdout, JUnit XML for the test report
  labctl verify --format json --junit verify-junit.xml > verify.json

  # Check a stack labctl did not start
  labctl verify --backend http://127.0.0.1:8080 --jaeger 127.0.0.1:16685 \
    --prometheus http://127.0.0.1:9090 --service my-backend`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVerify(cmd, opts, stdio)
		},
	}
	opts.lab.register(cmd)
	f := cmd.Flags()
	f.DurationVar(&opts.timeout, "timeout", 90*time.Second, "how long the checks may wait for spans and metrics")
	f.StringVar(&opts.format, "format", "text", "output format: text or json (json prints only the result on stdout)")
	f.StringVar(&opts.junit, "junit", "", "also write JUnit XML to `FILE` (for GitHub Actions and GitLab CI)")
	f.StringVar(&opts.service, "service", "", "service.name to look for in Jaeger (default service_name from labctl.yaml)")
	f.StringVar(&opts.jaeger, "jaeger", "", "Jaeger's gRPC query `HOST:PORT` (default host:ports.jaeger_grpc of labctl.yaml, 127.0.0.1:16685)")
	f.StringVar(&opts.prometheus, "prometheus", "", "Prometheus `URL` (default http://host:ports.prometheus)")
	f.StringVar(&opts.backend, "backend", "", "backend base `URL` (default http://host:ports.backend)")
	f.StringVar(&opts.collector, "collector-metrics", "", "the Collector's own metrics `URL` (default http://host:ports.collector_metrics/metrics)")
	return cmd
}

func runVerify(cmd *cobra.Command, opts verifyOptions, stdio Stdio) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q is not a format; use text or json", opts.format))
	}
	if opts.timeout <= 0 {
		return usageError(fmt.Errorf("--timeout %s must be positive, e.g. 90s", opts.timeout))
	}
	jaeger, err := grpcAddr(opts.jaeger)
	if err != nil {
		return usageError(err)
	}
	for name, u := range map[string]string{"--prometheus": opts.prometheus, "--backend": opts.backend, "--collector-metrics": opts.collector} {
		if err := checkURL(name, u); err != nil {
			return usageError(err)
		}
	}
	cfg, err := opts.lab.load()
	if err != nil {
		return err
	}
	progress := func(format string, args ...any) { fmt.Fprintf(stdio.Err, "verify: "+format+"\n", args...) }
	res, err := checks.Verify(cmd.Context(), checks.Options{
		Config:              cfg,
		Service:             opts.service,
		JaegerAddr:          jaeger,
		PrometheusURL:       strings.TrimSuffix(opts.prometheus, "/"),
		BackendURL:          strings.TrimSuffix(opts.backend, "/"),
		CollectorMetricsURL: opts.collector,
		CollectorJob:        stack.JobCollectorExporter,
		Exporter:            stack.JaegerExporter,
		Timeout:             opts.timeout,
		Progress:            progress,
		OnOutcome: func(o checks.Outcome) {
			if opts.format == "json" {
				progress("%s %s", o.Status, o.ID)
			}
		},
	})
	if err != nil { // nothing answers (ErrUnreachable) or interrupted: exit 2

		return err
	}
	if opts.format == "json" {
		err = checks.WriteJSON(stdio.Out, res)
	} else {
		err = checks.WriteText(stdio.Out, res)
	}
	if err != nil {
		return fmt.Errorf("print verify result: %w", err)
	}
	if opts.junit != "" {
		if err := checks.SaveJUnit(opts.junit, res); err != nil {
			return err
		}
	}
	if err := checks.Save(opts.lab.Dir, res); err != nil {
		return err
	}
	if !res.Passed {
		var ids []string
		for _, c := range res.Checks {
			if c.Status == checks.Fail && c.Level == checks.Required {
				ids = append(ids, c.ID)
			}
		}
		return Failed(fmt.Errorf("verify failed: %s; the diagnoses say what to change", strings.Join(ids, ", ")))
	}
	return nil
}

// grpcAddr accepts HOST:PORT, or a URL whose host:port is taken.
func grpcAddr(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", fmt.Errorf("--jaeger %q is not HOST:PORT; use Jaeger's gRPC query address, e.g. 127.0.0.1:16685", s)
		}
		s = u.Host
	}
	if _, port, err := net.SplitHostPort(s); err != nil || port == "" {
		return "", fmt.Errorf("--jaeger %q is not HOST:PORT; use Jaeger's gRPC query address, e.g. 127.0.0.1:16685", s)
	}
	return s, nil
}

func checkURL(flag, s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s %q is not an http(s) URL, e.g. http://127.0.0.1:9090", flag, s)
	}
	return nil
}
