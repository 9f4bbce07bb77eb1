package testutil

import "testing"

// Found returns v, a lookup's answer such as r.Outcome(id) on a
// checks.Result, and stops the test when the lookup found nothing:
// "no <what> in the result".
func Found[T any](t testing.TB, v *T, what string) *T {
	t.Helper()
	if v == nil {
		t.Fatalf("no %s in the result", what)
	}
	return v
}
