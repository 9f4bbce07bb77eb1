package checks

// Outcome is the outcome of check id, to read or change in place; nil when
// the Result has no such check.
func (r *Result) Outcome(id string) *Outcome {
	if r == nil {
		return nil
	}
	for i := range r.Checks {
		if r.Checks[i].ID == id {
			return &r.Checks[i]
		}
	}
	return nil
}

// TraceID is the id of the trace verify looked at: the one its
// http_server_span check found (else db_client_span's); "" when none.
func (r *Result) TraceID() string {
	for _, id := range []string{IDServerSpan, IDDBSpan} {
		if c := r.Outcome(id); c != nil && c.Facts["trace_id"] != "" {
			return c.Facts["trace_id"]
		}
	}
	return ""
}
