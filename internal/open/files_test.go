package open

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/config"
	"github.com/labctl/labctl/internal/discover/enginetest"
)

// A project on disk is discovered with its files (ComposeOptions.Files):
// what is read from its containers gets the file and line a diagnosis
// points at (issue 26: verify's diagnoses of a student's project had no
// line, only the variable's key).
func TestComposeLocatesInFiles(t *testing.T) {
	ctx := context.Background()
	f := &Files{Dir: filepath.Join("..", "..", "test", "student", "project")}
	files, err := f.Lab(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		o        ComposeOptions
		wantLine bool
	}{
		{"on disk", ComposeOptions{Project: "dop", Files: files.Files}, true},
		{"known from its containers only", ComposeOptions{Project: "dop"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Compose(ctx, enginetest.FromFiles(files, "dop", nil, nil), config.Default(), tc.o)
			if err != nil {
				t.Fatal(err)
			}
			at := l.Backend.EndpointFrom
			if got := at.Line > 0 && l.Files != nil; got != tc.wantLine {
				t.Errorf("endpoint read at %+v (files %v), want a line: %v", at, l.Files != nil, tc.wantLine)
			}
			if at.Container == "" {
				t.Errorf("endpoint read at %+v: no container", at)
			}
		})
	}
}
