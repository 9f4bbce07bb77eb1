package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/checks"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
	"github.com/labctl/labctl/internal/rules"
	"github.com/labctl/labctl/internal/verify"
)

type verifyOptions struct {
	lab        labFlags
	compose    composeFlags
	timeout    time.Duration
	format     string
	junit      string
	service    string
	jaeger     string
	prometheus string
	backend    string
	collector  string
	expect     string
	lang       string
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
  expect.ID            each of your own expectations (--expect FILE, or
                       labctl-expect.yaml beside labctl.yaml or compose.yml):
                       span selectors with a count, a duration, attribute
                       values; PromQL with a comparison (labctl init --expect
                       writes an example; the README documents the format)

Each failure comes with a diagnosis that follows the data through the
pipeline and says where it stops and what to change. When the cause is
known, the verdict does not wait for --timeout: an error the files show
(labctl lint) from the start, or one the Collector's or the backend's log
proves while verify waits, ends the checks it blocks a few seconds past
the pipeline's floor ("CHECK ended early: RULE"; labctl explain RULE).
The result is saved to DIR/verify.json for labctl report.

What is checked: labctl's own lab (labctl.yaml), or your own running Compose
project: in a folder with a compose.yml and no labctl.yaml, with -f FILE or
-p NAME (as docker compose). labctl finds its containers through the Docker
API, recognises each service's role (backend, Collector, Jaeger, Prometheus,
PostgreSQL) and reads your Collector's and Prometheus's config files out of
their containers. Ports you did not publish are reached through the
containers' addresses on Linux; otherwise the check is skipped with the line
that enables it. Without the Collector's own metrics port, the Collector check
is inferred from your files and the spans that arrived in Jaeger.

Exit status: 0 when every required check passes, 1 when one fails, 2 on a
usage error or when nothing answers (the lab is not running).`,
		Example: fmt.Sprintf(`  # Check the lab labctl up started
  labctl verify

  # In CI: JSON on stdout, JUnit XML for the test report
  labctl verify --format json --junit verify-junit.xml > verify.json

  # Check your own project, started with docker compose up -d
  cd my-dop-python && labctl verify

  # A project named otherwise, or another Compose file
  labctl verify -p dop -f compose.prod.yml

  # Jaeger behind a base path (the course's cluster)
  labctl verify --jaeger http://otel-demo.example/jaeger/ui \
    --backend http://127.0.0.1:8080 --prometheus http://127.0.0.1:%d`, model.PortPrometheus),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVerify(cmd.Context(), opts, stdio)
		},
	}
	opts.lab.register(cmd)
	opts.compose.register(cmd)
	f := cmd.Flags()
	f.DurationVar(&opts.timeout, "timeout", 90*time.Second, "how long the checks may wait for spans and metrics")
	f.StringVar(&opts.format, "format", "text", "output format: text or json (json prints only the result on stdout)")
	f.StringVar(&opts.junit, "junit", "", "also write JUnit XML to `FILE` (for GitHub Actions and GitLab CI)")
	f.StringVar(&opts.service, "service", "", "service.name to look for in Jaeger (default service_name from labctl.yaml)")
	f.StringVar(&opts.jaeger, "jaeger", "", "Jaeger's UI `URL` with its base path (http://host/jaeger/ui), or its gRPC query HOST:PORT")
	f.StringVar(&opts.prometheus, "prometheus", "", "Prometheus `URL` (default http://host:ports.prometheus)")
	f.StringVar(&opts.backend, "backend", "", "backend base `URL` (default http://host:ports.backend)")
	f.StringVar(&opts.expect, "expect", "", "also check the expectations of this YAML `FILE` (default labctl-expect.yaml beside labctl.yaml or the Compose file, when there is one)")
	addLangFlag(cmd, &opts.lang)
	f.StringVar(&opts.collector, "collector-metrics", "", "the Collector's own metrics `URL` (default http://host:ports.collector_metrics/metrics)")
	return cmd
}

func runVerify(ctx context.Context, opts verifyOptions, stdio Stdio) error {
	err := verifyOnce(ctx, opts, stdio)
	// With --format json every outcome is JSON on stdout, "nothing answers"
	// and bad input included, so that a CI job can always parse it.
	if err != nil && opts.format == "json" && !isPrinted(err) {
		writeJSONError(stdio.Out, err, true)
	}
	return err
}

func verifyOnce(ctx context.Context, opts verifyOptions, stdio Stdio) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError(fmt.Errorf("--format %q is not a format; use text or json", opts.format))
	}
	if opts.timeout <= 0 {
		return usageError(fmt.Errorf("--timeout %s must be positive, e.g. 90s", opts.timeout))
	}
	jaegerAddr, jaegerURL, err := jaegerFlag(opts.jaeger)
	if err != nil {
		return usageError(err)
	}
	for name, u := range map[string]string{"--prometheus": opts.prometheus, "--backend": opts.backend, "--collector-metrics": opts.collector} {
		if err := checkURL(name, u); err != nil {
			return usageError(err)
		}
	}
	p, err := termPrinter(opts.lang)
	if err != nil {
		return err
	}
	exp, err := loadExpectations(opts.expect, &opts.lab, &opts.compose)
	if err != nil {
		return err
	}
	t, err := openTarget(ctx, &opts.lab, &opts.compose, model.Overrides{
		Service:             opts.service,
		JaegerAddr:          jaegerAddr,
		JaegerURL:           jaegerURL,
		PrometheusURL:       strings.TrimSuffix(opts.prometheus, "/"),
		BackendURL:          strings.TrimSuffix(opts.backend, "/"),
		CollectorMetricsURL: opts.collector,
	}, stdio.Err, p)
	if err != nil {
		return err
	}
	defer t.close()
	if err := checkExpectTraffic(exp, t.Lab, stdio.Err, p); err != nil {
		return err
	}
	progress := func(format string, args ...any) { fmt.Fprintf(stdio.Err, "verify: "+format+"\n", args...) }
	say := func(m msg.Message) { progress("%s", p.Say(m)) }
	say(msg.New("term.verify.checking", t.Lab.Source))
	out, err := verify.Run(ctx, verify.Options{
		Lab:        t.Lab,
		Logs:       t.Logs,
		Files:      t.Files(opts.lab.Dir),
		EngineDown: t.EngineDown,
		Expect:     expectations(exp),
		Timeout:    opts.timeout,
		Say:        say,
		OnFinding: func(f rules.Finding) {
			say(msg.New("term.verify.explain", msg.Raw(annotate.Line(f, p)), f.Rule))
		},
		OnOutcome: func(o checks.Outcome) {
			if opts.format == "json" {
				progress("%s %s", o.Status, o.ID)
			}
		},
	})
	if err != nil { // nothing answers (ErrUnreachable) or interrupted: exit 2
		return err
	}
	res := out.Result
	if opts.format == "json" {
		err = checks.WriteJSON(stdio.Out, res)
	} else {
		err = checks.WriteTextIn(stdio.Out, res, p)
	}
	if err != nil {
		return fmt.Errorf("print verify result: %w", err)
	}
	if opts.format == "text" {
		if err := annotateVerify(stdio.Out, out.Findings, res, "", p); err != nil {
			return printedError{err}
		}
	}
	if opts.junit != "" {
		if err := checks.SaveJUnit(opts.junit, res); err != nil {
			return printed(err)
		}
	}
	if err := checks.Save(opts.lab.Dir, res); err != nil {
		return printed(err)
	}
	if !res.Passed {
		var ids []string
		for _, c := range res.Checks {
			if c.Status == checks.Fail && c.Level == checks.Required {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) == 0 && len(res.Unverified) > 0 {
			why := msg.Raw(res.Unverified[0])
			for _, c := range res.Checks { // its words in the catalog, when the check has them
				if c.Evidence == res.Unverified[0] {
					why = c.EvidenceText()
					break
				}
			}
			return printed(Failed(errors.New(p.Sprintf("term.verify.unverified", p.Say(why)))))
		}
		return printed(Failed(errors.New(p.Sprintf("term.verify.failed_ids", strings.Join(ids, ", ")))))
	}
	return nil
}

// jaegerFlag reads --jaeger: a URL is Jaeger's UI (HTTP API, with its base
// path: http://host/jaeger/ui), HOST:PORT its gRPC query port.
func jaegerFlag(s string) (addr, uiURL string, err error) {
	if s == "" {
		return "", "", nil
	}
	if strings.Contains(s, "://") {
		if err := checkURL("--jaeger", s); err != nil {
			return "", "", err
		}
		return "", strings.TrimSuffix(s, "/"), nil
	}
	a, err := grpcAddr(s)
	return a, "", err
}

// grpcAddr accepts HOST:PORT, or a URL whose host:port is taken.
func grpcAddr(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", fmt.Errorf("--jaeger %q is not HOST:PORT; use Jaeger's gRPC query address, e.g. 127.0.0.1:%d", s, model.PortJaegerGRPC)
		}
		s = u.Host
	}
	if _, port, err := net.SplitHostPort(s); err != nil || port == "" {
		return "", fmt.Errorf("--jaeger %q is not HOST:PORT; use Jaeger's gRPC query address, e.g. 127.0.0.1:%d", s, model.PortJaegerGRPC)
	} else if err := checkPort("--jaeger", s, port); err != nil {
		return "", err
	}
	return s, nil
}

// checkPort refuses a port that is no number from 1 to 65535.
func checkPort(flag, value, port string) error {
	n, err := strconv.Atoi(port)
	if err != nil {
		return fmt.Errorf("%s %q: %s is not a port number; give a port from 1 to 65535", flag, value, port)
	}
	if n < 1 || n > 65535 {
		return fmt.Errorf("%s %q: port %d is out of range; give a port from 1 to 65535", flag, value, n)
	}
	return nil
}

func checkURL(flag, s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s %q is not an http(s) URL, e.g. http://127.0.0.1:%d", flag, s, model.PortPrometheus)
	}
	if p := u.Port(); p != "" {
		return checkPort(flag, s, p)
	}
	return nil
}
