// Package testutil holds the helpers every package's tests share: Golden
// and the one -update flag, a Jaeger with its api_v3 hidden, Found for a
// lookup, and Files, SameFiles and Read for what a test wrote or must not.
// It imports no labctl package, so that any package's tests can use it.
package testutil

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// update is the one -update flag: `go test ./... -update` rewrites every
// golden file the run compares.
var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// Updating reports whether the run was asked to rewrite golden files (for a
// test that also checks which golden files exist).
func Updating() bool { return *update }

// Golden compares got with the file at path (relative to the package, under
// testdata), or writes got there, creating its folder, with -update.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
