package lint

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
)

// TestLoadSaysComposeOwnProblems: a Compose file's YAML error names the
// line of the mistake; a missing env_file is a finding at its line while
// the rest is checked; compose's warnings are notes, not stderr lines.
func TestLoadSaysComposeOwnProblems(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		wantErr  string
		want     []string // "file:line rule" of findings that must be there
	}{
		{name: "misindented key", old: "      POSTGRES_HOST: database\n", new: "      POSTGRES_HOST: database\n     POSTGRES_DB2: x\n",
			wantErr: "compose.yml:21: did not find expected key"},
		{name: "missing env_file, the rest still checked",
			old: "      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317\n", new: "      OTEL_EXPORTER_OTLP_ENDPOINT: http://localhost:4317\n    env_file: [missing.env]\n",
			want: []string{"compose.yml:24 LAB078", "compose.yml:23 LAB010"}},
		{name: "the obsolete version attribute, as a note at its line",
			old: "services:\n", new: "version: '3'\nservices:\n", want: []string{"compose.yml:9 LAB079"}},
		{name: "an unset variable, as a note where it is used",
			old: `"${JAEGER_UI_PORT:-16686}:16686"`, new: `"${JAEGER_UI_PORT_UNSET}16686:16686"`, want: []string{"compose.yml:47 LAB079"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "test", "student", "project"))); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "compose.yml")
			data, _ := os.ReadFile(path)
			if strings.Count(string(data), tc.old) != 1 {
				t.Fatalf("%q is not once in compose.yml", tc.old)
			}
			_ = os.WriteFile(path, []byte(strings.Replace(string(data), tc.old, tc.new, 1)), 0o644)
			var stderr bytes.Buffer
			logrus.SetOutput(&stderr)
			defer logrus.SetOutput(os.Stderr)
			res, err := Run(context.Background(), Options{Dir: dir})
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.File+":"+strconv.Itoa(f.Line)+" "+f.Rule)
			}
			for _, w := range tc.want {
				if !strings.Contains(strings.Join(got, "\n"), w) {
					t.Errorf("no finding %s in\n%s", w, strings.Join(got, "\n"))
				}
			}
			if stderr.Len() > 0 {
				t.Errorf("compose's warnings went to stderr: %s", stderr.String())
			}
		})
	}
}
