package rules

var _ = register(&Rule{
	ID: "LAB061", Slug: "sender-export-failed",
	Title:  "The backend's SDK fails to export its spans",
	Blocks: traceChecks,
	Page: `The Python SDK logs each failed export with the endpoint it tried:
  Transient error StatusCode.UNAVAILABLE encountered while exporting traces to HOST:PORT ...
  Failed to export traces to HOST:PORT, error code: StatusCode.UNAVAILABLE, ...
The cause is after "last error:": Connection refused (nothing listens), DNS resolution failed
(no such service), Failed parsing HTTP/2 (an HTTP port), Tls handshake failed (TLS to plain text).`,
})
