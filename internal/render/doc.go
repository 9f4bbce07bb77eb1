// Package render is labctl's own lab: from a validated config.Config it
// renders the Compose project and the Collector, Prometheus and PostgreSQL
// files into the lab folder, and describes the lab as a model.Lab.
package render
