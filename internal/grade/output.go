package grade

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the Result as indented JSON (what Collect reads back).
func WriteJSON(w io.Writer, res *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return fmt.Errorf("write grade result as JSON: %w", err)
	}
	return nil
}

// ReadResult decodes a Result written by WriteJSON; file names it in errors.
func ReadResult(data []byte, file string) (*Result, error) {
	var probe struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%s is not JSON (%v); it is not a labctl grade result", file, err)
	}
	if probe.Format != ResultFormat {
		return nil, fmt.Errorf("%s is not a labctl grade result (its \"format\" is %q, not %q); write it with `labctl grade --format json`", file, probe.Format, ResultFormat)
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: a labctl grade result that does not decode (%v); grade again", file, err)
	}
	return &r, nil
}
