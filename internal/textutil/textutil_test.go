package textutil

import "testing"

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"one line", "one line"},
		{"  padded\t", "padded"},
		{"first\nsecond\r\nthird", "first second third"},
		{"a \n\n\t b", "a b"},
		{"no-break\u00a0space", "no-break space"}, // unicode.IsSpace: folded too
	}
	for _, tt := range tests {
		if got := OneLine(tt.in); got != tt.want {
			t.Errorf("OneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
