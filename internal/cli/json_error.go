package cli

import (
	"encoding/json"
	"io"

	"github.com/labctl/labctl/internal/textutil"
)

// writeJSONError prints err as JSON on w for a command run with --format
// json that could not produce its result (nothing answers, bad input), so
// that a CI job can always parse stdout: the error on one line and the exit
// code. asVerify adds what verify.json's readers look for first: passed
// false and no checks.
func writeJSONError(w io.Writer, err error, asVerify bool) {
	out := struct {
		Passed   *bool           `json:"passed,omitempty"`
		Error    string          `json:"error"`
		ExitCode int             `json:"exit_code"`
		Checks   json.RawMessage `json:"checks,omitempty"`
	}{Error: textutil.OneLine(err.Error()), ExitCode: exitCode(err)}
	if asVerify {
		out.Passed, out.Checks = new(bool), json.RawMessage("[]")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}
