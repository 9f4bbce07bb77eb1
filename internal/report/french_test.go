package report

import (
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/msg/msgtest"
)

// A French student's report.md says nothing in English: every French
// golden is free of common English words outside what it quotes (code,
// « a diagnosis not translated yet », links).
func TestFrenchGoldensHaveNoEnglish(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "report-fr*.golden.md"))
	if err != nil || len(files) < 5 {
		t.Fatalf("French goldens: %v, %v", files, err)
	}
	msgtest.NoEnglishIn(t, files...)
	// Nor a number a person reads in the English format: the scenario's
	// chart (its x axis) included.
	msgtest.NoEnglishNumbersIn(t, append(files, filepath.Join("testdata", "chart-fr.golden.md"))...)
}
