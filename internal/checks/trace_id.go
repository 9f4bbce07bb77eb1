package checks

// TraceID is the id of the trace verify looked at: the one its
// http_server_span check found (else db_client_span's); "" when none.
func (r *Result) TraceID() string {
	if r == nil {
		return ""
	}
	for _, id := range []string{"http_server_span", "db_client_span"} {
		for _, c := range r.Checks {
			if c.ID == id && c.Facts["trace_id"] != "" {
				return c.Facts["trace_id"]
			}
		}
	}
	return ""
}
