package lint

import (
	"context"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/rules"
)

// The course-shaped project with its observability services behind a
// Compose profile: lint reads them as it reads the others (no false "no
// service is named otel-collector"), finds a real mistake in the
// Collector's pipeline, and says the profile of the service it is about.
func TestProfiledProject(t *testing.T) {
	vs := loadVariants(t, "profiles.yaml")
	profiled, typo := vs[0], vs[1]
	for _, c := range []struct {
		name  string
		edits []edit
		want  *expect
	}{
		{"profiled", profiled.Edits, nil},
		{"profiled-pipeline-typo", append(append([]edit(nil), profiled.Edits...), typo.Edits...), typo.Expect},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := project(t, c.edits)
			res, err := Run(context.Background(), Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if j := res.Lab.ServiceNamed("jaeger"); res.Lab.ServiceNamed("otel-collector") == nil || j == nil || strings.Join(j.Profiles, ",") != "observability" {
				t.Fatalf("services read: %v", res.Lab.ServiceNames())
			}
			if c.want == nil {
				if rules.HasError(res.Findings) {
					t.Errorf("errors on a working project:%s", dump(res.Findings))
				}
				return
			}
			f, ok := match(t, dir, res.Findings, c.want)
			if !ok {
				t.Fatalf("want the typo at %s; got:%s", c.want.Line, dump(res.Findings))
			}
			if !strings.Contains(f.Message.English(), "(service otel-collector, in Compose profile observability)") {
				t.Errorf("the finding does not say the profile: %s", f.Text())
			}
		})
	}
}
