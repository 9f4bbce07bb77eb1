package grade

import (
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/msg/msgtest"
)

// A French checklist, pasted into a student's merge request, and the French
// class sheet say nothing in English outside what they quote (code, «
// a tool's error or a diagnosis not translated yet », links).
func TestFrenchGoldensHaveNoEnglish(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "checklist-*-fr.golden.md"))
	if err != nil || len(files) < 4 {
		t.Fatalf("French goldens: %v, %v", files, err)
	}
	files = append(files, filepath.Join("testdata", "class.golden.md"))
	msgtest.NoEnglishIn(t, files...)
}
