package lint

import (
	"context"
	"testing"
)

// TestCourseVariants: lint names the file mistakes of test/student's
// variants.yaml (measured there under Docker Compose) without starting
// anything. The variants whose cause only shows at run time (a password,
// a role, the service.name verify expects) are listed as such.
func TestCourseVariants(t *testing.T) {
	want := map[string]string{
		"backend-localhost":         "LAB010",
		"backend-wrong-service":     "LAB011",
		"exporter-localhost":        "LAB006",
		"exporter-no-insecure":      "LAB009",
		"receiver-localhost":        "LAB005",
		"pipeline-missing-exporter": "LAB017",
		"pg-wrong-host":             "LAB018",
		"pg-password-env-unset":     "LAB016",
		"prometheus-wrong-target":   "LAB041",
		"prometheus-wrong-host":     "LAB040",
		"prom-exporter-loopback":    "LAB042",
		// Seen only at run time: verify's log rules.
		"wrong-service-name": "",
		"pg-wrong-password":  "",
		"pg-role-missing":    "",
		"pg-role-nologin":    "",
	}
	for _, v := range loadVariants(t, "variants.yaml") {
		rule, ok := want[v.Name]
		if !ok {
			t.Errorf("variant %s: say which rule lint should give (or \"\" for run time only)", v.Name)
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			dir := project(t, v.Edits)
			res, err := Run(context.Background(), Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				if f.Severity == "error" {
					got = append(got, f.Rule)
				}
			}
			if rule == "" {
				if len(got) > 0 {
					t.Errorf("want no error from files alone; got:%s", dump(res.Findings))
				}
				return
			}
			for _, f := range res.Findings {
				if f.Rule == rule && f.Line > 0 && !f.Fix.IsZero() {
					t.Log(f.Text())
					return
				}
			}
			t.Errorf("want %s with a line and a fix; got:%s", rule, dump(res.Findings))
		})
	}
}
