package open

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/config"
)

// TestChoose: the one rule, for a reading command (verify, status, logs,
// report, trace) and an acting one (up, down).
func TestChoose(t *testing.T) {
	withServices := config.Default()
	withServices.Services = map[string]string{"api": "backend"}
	tests := []struct {
		name     string
		files    []string // in the folder
		flags    Flags
		cfg      *config.Config
		implicit Implicit
		compose  bool
		note     bool
	}{
		{"empty folder", nil, Flags{}, config.Default(), Reading, false, false},
		{"compose file only", []string{"compose.yml"}, Flags{}, config.Default(), Reading, true, false},
		{"compose file only, acting", []string{"compose.yml"}, Flags{}, config.Default(), Acting, false, false},
		{"both", []string{"compose.yml", "labctl.yaml"}, Flags{}, config.Default(), Reading, false, true},
		{"both, labctl.yaml maps services", []string{"compose.yml", "labctl.yaml"}, Flags{}, withServices, Reading, true, true},
		{"--config and a compose file", []string{"compose.yml"}, Flags{Config: "other.yaml"}, config.Default(), Reading, false, true},
		{"-p", nil, Flags{Project: "dop"}, config.Default(), Reading, true, false},
		{"-p, acting", nil, Flags{Project: "dop"}, config.Default(), Acting, true, false},
		{"-f, acting", []string{"labctl.yaml"}, Flags{Files: []string{"x.yml"}}, config.Default(), Acting, true, false},
		{"labctl.yaml only", []string{"labctl.yaml"}, Flags{}, config.Default(), Reading, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("{}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := Choose(dir, tt.flags, tt.cfg, tt.implicit)
			if got.Compose != tt.compose || (got.Note != "") != tt.note {
				t.Errorf("Choose = %+v; want compose=%v, a note=%v", got, tt.compose, tt.note)
			}
		})
	}
}
