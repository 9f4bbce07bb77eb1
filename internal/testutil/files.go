package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// Files maps every file under dir (by its path relative to dir) to its
// content, to prove later, with SameFiles, that nothing was written. A link,
// dangling or not, is taken as it is: "link to DEST", then what it reads.
func Files(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if d.Type()&os.ModeSymlink != 0 {
			dest, err := os.Readlink(p)
			b, _ := os.ReadFile(p) // a dangling link reads nothing
			out[rel] = "link to " + dest + "\n" + string(b)
			return err
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// SameFiles fails the test for every file of before that after changed or
// lacks, and every file after has that before did not.
func SameFiles(t testing.TB, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok || a != b {
			t.Errorf("%s was modified or removed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s was created", p)
		}
	}
}

// Read is the content of the file at path; the test stops if it cannot be read.
func Read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
