package lint

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/labctl/labctl/internal/testbed"
	"github.com/labctl/labctl/internal/validate"
)

// bedImages run the student project on the test bed's real Collector and
// Prometheus images.
var bedImages = map[string]string{"OTELCOL_IMAGE": testbed.ImageCollector, "PROMETHEUS_IMAGE": testbed.ImagePrometheus}

// TestDockerValidators: the validators run in throwaway containers of the
// project's own images (the bed's Collector 0.145.0 and Prometheus 2.42,
// with the project's mounts and no network); their verdicts land on the
// file and line. Needs Docker (run under flock /tmp/labctl-docker.lock);
// fails under CI when Docker or the images are missing.
func TestDockerValidators(t *testing.T) {
	testbed.RequireImage(t, testbed.ImageCollector)
	testbed.RequireImage(t, testbed.ImagePrometheus)
	v := &validate.Docker{Timeout: 30 * time.Second}
	ctx := context.Background()

	t.Run("working project: both validators pass", func(t *testing.T) {
		res, err := Run(ctx, Options{Dir: project(t, nil), Env: bedImages, Validator: v})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Rule == "LAB050" || f.Rule == "LAB051" {
				t.Errorf("validator refuses the working project: %s", f.Text())
			}
		}
		for _, n := range res.Notes {
			if strings.Contains(n.English(), "promtool") {
				t.Errorf("promtool did not run in %s: %s (test/bed/build copies it in)", testbed.ImagePrometheus, n)
			} else {
				t.Errorf("note: %s", n)
			}
		}
	})
	for _, vr := range loadVariants(t, "upstream.yaml") {
		if vr.ValidatorExpect == nil {
			continue
		}
		t.Run(vr.Name, func(t *testing.T) {
			dir := project(t, vr.Edits)
			res, err := Run(ctx, Options{Dir: dir, Env: bedImages, Validator: v})
			if err != nil {
				t.Fatal(err)
			}
			f, ok := match(t, dir, res.Findings, vr.ValidatorExpect)
			if !ok || !strings.Contains(f.Source, testbed.ImageCollector) {
				t.Fatalf("want %+v from the image's validator; got:%s\nnotes: %q", *vr.ValidatorExpect, dump(res.Findings), res.Notes)
			}
			t.Log(f.Text())
		})
	}
	t.Run("promtool in the image", func(t *testing.T) {
		dir := project(t, []edit{{File: "prometheus.yml", Old: "    scrape_interval: 5s", New: "    scrape_intervall: 5s"}})
		res, err := Run(ctx, Options{Dir: dir, Env: bedImages, Validator: v})
		if err != nil {
			t.Fatal(err)
		}
		f, ok := match(t, dir, res.Findings, &expect{File: "prometheus.yml", Line: "scrape_intervall: 5s", Rule: "LAB051", Cause: "scrape_intervall"})
		if !ok {
			t.Fatalf("got:%s\nnotes: %q", dump(res.Findings), res.Notes)
		}
		t.Log(f.Text())
	})
	t.Run("an image without the command falls back and says so", func(t *testing.T) {
		// Roles come from the Compose file; the images are then swapped for
		// ones without otelcol or promtool (what a custom image may be).
		p, err := Load(ctx, project(t, nil), nil, bedImages)
		if err != nil {
			t.Fatal(err)
		}
		p.ServiceNamed("otel-collector").Image = testbed.ImagePostgres
		p.ServiceNamed("prometheus").Image = testbed.ImagePython
		fs, notes := v.Validate(ctx, p)
		var joined string
		for _, n := range notes {
			joined += n.English() + "\n"
		}
		if len(fs) > 0 || !strings.Contains(joined, testbed.ImagePostgres+" has no Collector validate command") || !strings.Contains(joined, testbed.ImagePython+" has no /bin/promtool") {
			t.Errorf("findings %v, notes: %q", fs, notes)
		}
	})
}
