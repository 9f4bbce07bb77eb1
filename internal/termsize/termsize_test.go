package termsize

import (
	"bytes"
	"os"
	"testing"
)

func TestNotATerminal(t *testing.T) {
	t.Setenv("COLUMNS", "")
	if n, tty := Width(&bytes.Buffer{}, 80); n != 80 || tty {
		t.Errorf("Width(buffer) = %d, %v; want 80, false", n, tty)
	}
	t.Setenv("COLUMNS", "132")
	if n, _ := Width(&bytes.Buffer{}, 80); n != 132 {
		t.Errorf("Width with COLUMNS=132 = %d", n)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, tty := Width(f, 80); tty {
		t.Error("a regular file is a terminal")
	}
	if Color(f) {
		t.Error("colour to a regular file")
	}
}
