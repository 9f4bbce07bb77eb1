package checks

import (
	"encoding/json"
	"io"
)

// WriteJSONError prints, as JSON, a verify run that could not produce a
// result (nothing answers, bad input): CI jobs always get JSON to parse.
func WriteJSONError(w io.Writer, msg string, exitCode int) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Passed   bool      `json:"passed"`
		Error    string    `json:"error"`
		ExitCode int       `json:"exit_code"`
		Checks   []Outcome `json:"checks"`
	}{false, msg, exitCode, []Outcome{}})
}
