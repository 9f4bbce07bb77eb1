package scenario

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labctl/labctl/internal/testutil"
)

// TestFlagFileEnableRestore edits the demo's flag file in both layouts (1.x
// and 2.x: defaultVariant last; 3.0: keys sorted, defaultVariant first) on
// disk: enabling changes only the scenario flag's defaultVariant value, and
// restoring gives the original back byte for byte.
func TestFlagFileEnableRestore(t *testing.T) {
	for _, c := range []struct{ file, flag string }{
		{"flagd-1.x.json", "recommendationServiceCacheFailure"},
		{"flagd-2.x.json", "recommendationCacheFailure"},
		{"flagd-3.x.json", "recommendationCacheFailure"},
	} {
		t.Run(c.file, func(t *testing.T) {
			orig, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "demo.flagd.json")
			if err := os.WriteFile(path, orig, 0o640); err != nil {
				t.Fatal(err)
			}
			ff, err := ReadFlagFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fl, err := ff.Flag(FlagNames...)
			if err != nil {
				t.Fatal(err)
			}
			if fl.Name != c.flag || fl.On() || fl.DefaultVariant != "off" {
				t.Fatalf("flag = %+v, want %s off", fl, c.flag)
			}
			old, err := ff.Set(fl.Name, "on")
			if err != nil || old != "off" {
				t.Fatalf("Set on = %q, %v; want off, nil", old, err)
			}
			enabled, _ := os.ReadFile(path)
			testutil.Golden(t, filepath.Join("testdata", strings.TrimSuffix(c.file, ".json")+".enabled.golden.json"), enabled)
			if len(enabled) != len(orig)-1 { // "off" → "on"
				t.Errorf("enabled file is %d bytes, want %d", len(enabled), len(orig)-1)
			}
			again, _ := ReadFlagFile(path)
			if fl, _ := again.Flag(c.flag); !fl.On() {
				t.Errorf("after Set on, the flag reads %+v", fl)
			}
			if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, want 0640 kept", st.Mode().Perm())
			}
			if _, err := again.Set(c.flag, old); err != nil {
				t.Fatal(err)
			}
			restored, _ := os.ReadFile(path)
			if !bytes.Equal(restored, orig) {
				t.Errorf("restored file differs from the original:\n%s", restored)
			}
		})
	}
}

func TestSetDefaultVariantOnlyThatFlag(t *testing.T) {
	// Another flag's defaultVariant, a "defaultVariant" string elsewhere and
	// a key given with escapes must not be touched or confuse the walk.
	in := []byte("{\"flags\":{\"a\":{\"defaultVariant\":\"off\",\"variants\":{\"on\":1,\"off\":0}},\n" +
		"\t\"recommendationCacheFailure\" : { \"targeting\": {\"if\":[\"defaultVariant\",\"on\",\"off\"]}, \"variants\":{\"on\":true,\"off\":false}, \"default\\u0056ariant\" :\t\"off\" } }}")
	out, old, err := SetDefaultVariant(in, "recommendationCacheFailure", "on")
	if err != nil || old != "off" {
		t.Fatalf("= %q, %v", old, err)
	}
	want := bytes.Replace(in, []byte(":\t\"off\""), []byte(":\t\"on\""), 1)
	if !bytes.Equal(out, want) {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestFlagFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"flags": {`), 0o644)
	ff, err := ReadFlagFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ff.Flag(FlagNames...); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("broken JSON: %v, want an error naming %s", err, bad)
	}
	other := filepath.Join(dir, "other.json")
	os.WriteFile(other, []byte(`{"flags": {"x": {"defaultVariant": "off", "variants": {"on": true, "off": false}}}}`), 0o644)
	ff, _ = ReadFlagFile(other)
	if _, err := ff.Flag(FlagNames...); !errors.Is(err, ErrNoFlag) {
		t.Errorf("no scenario flag: %v, want ErrNoFlag", err)
	}
	if _, _, err := SetDefaultVariant(ff.Data, "x", "maybe"); err == nil {
		t.Error("an unknown variant was accepted")
	}
	if _, err := ReadFlagFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file was read")
	}
}
