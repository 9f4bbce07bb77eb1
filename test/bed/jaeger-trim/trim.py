#!/usr/bin/env python3
"""test/bed/jaeger-trim/trim.py SRC: trim a writable copy of the Jaeger module (v1.76.0) at SRC to
what the lab uses, for test/bed/build: memory storage only, and Jaeger v2's component lists cut to
what its built-in all-in-one configuration names plus the common Collector ones.

Why: a full `cmd/jaeger` compiles ~2100 packages (~73 MB of Go source), most of it storage
backends (Elasticsearch's typed API alone is ~870 packages) and Collector components the lab
never starts; Jaeger v1's `cmd/all-in-one` compiles the same storage backends. Jaeger's components
live under cmd/jaeger/internal (Go's internal rule: a main outside the module cannot import
them), so the trim is done inside a copy of the module, by editing its source:

  cmd/jaeger/internal/components.go        replaced by components.go.in (this directory)
  cmd/jaeger/main.go                       no `es-mappings` subcommand (Elasticsearch)
  cmd/jaeger/internal/extension/jaegerstorage  trace backends: memory only; no metric backends
  internal/storage/v1/factory/factory.go   Jaeger v1's storage types: memory and blackhole only

Every edit must find its line (a pattern listed twice removes two): a new Jaeger release that
moved the code fails here or in the build, loudly, instead of building something else. What the trimmed binaries still answer is checked by
test/bed/jaeger-trim/check (OTLP in, the query APIs, health, --set, JAEGER_LISTEN_HOST)."""
import os
import re
import sys

SRC = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))


def edit(rel, fn):
    path = os.path.join(SRC, rel)
    with open(path) as f:
        text = f.read()
    new = fn(text)
    if new == text:
        sys.exit(f"jaeger-trim: {rel}: nothing changed")
    with open(path, "w") as f:
        f.write(new)


def drop_line(text, pattern, rel=""):
    """Remove the first line matching pattern (a regex matched against whole lines); none is an error."""
    lines = text.split("\n")
    hits = [i for i, l in enumerate(lines) if re.fullmatch(pattern, l)]
    if not hits:
        sys.exit(f"jaeger-trim: {rel}: no line matches {pattern!r}")
    del lines[hits[0]]
    return "\n".join(lines)


def drop_block(text, pattern, rel=""):
    """Remove the first line matching pattern (none is an error) and what belongs to it: up to its closing brace at the
    same indentation when it opens one ({ at its end), else (a case clause) up to the next line at
    the same indentation (the next case, default, or the switch's closing brace)."""
    lines = text.split("\n")
    hits = [i for i, l in enumerate(lines) if re.fullmatch(pattern, l)]
    if not hits:
        sys.exit(f"jaeger-trim: {rel}: no line matches {pattern!r}")
    i = hits[0]
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip("\t"))]
    j = i + 1
    if lines[i].rstrip().endswith("{"):
        while not (lines[j].startswith(indent + "}") and not lines[j].startswith(indent + "\t")):
            j += 1
        j += 1
    else:
        while not (lines[j].startswith(indent) and not lines[j].startswith(indent + "\t") and lines[j].strip()):
            j += 1
    del lines[i:j]
    return "\n".join(lines)


def chain(rel, *steps):
    def fn(text):
        for kind, pat in steps:
            text = (drop_line if kind == "line" else drop_block)(text, pat, rel)
        return text
    return fn


def imp(path):
    return ("line", r'\t(\w+ )?"github.com/jaegertracing/jaeger/' + re.escape(path) + '"')


# Jaeger v2's component lists.
with open(os.path.join(HERE, "components.go.in")) as f:
    components = f.read()
with open(os.path.join(SRC, "cmd/jaeger/internal/components.go"), "w") as f:
    f.write(components)

edit("cmd/jaeger/main.go", chain("cmd/jaeger/main.go",
    imp("internal/storage/v1/elasticsearch/mappings"),
    ("line", r"\tcommand.AddCommand\(mappings.Command\(\)\)")))

JS = "cmd/jaeger/internal/extension/jaegerstorage/"
edit(JS + "config.go", chain(JS + "config.go",
    ("line", r'\t"time"'),
    imp("internal/config/promcfg"), imp("internal/storage/cassandra/config"),
    imp("internal/storage/elasticsearch/config"), imp("internal/storage/metricstore/prometheus"),
    imp("internal/storage/v1/badger"), imp("internal/storage/v1/cassandra"),
    imp("internal/storage/v1/elasticsearch"), imp("internal/storage/v2/clickhouse"),
    imp("internal/storage/v2/grpc"),
    *[("line", r"\t" + f + r"\s+\*\S+\s+`mapstructure:\"\w+\"`") for f in
      ("Badger", "GRPC", "Cassandra", "Elasticsearch", "Opensearch", "ClickHouse", "Prometheus", "Elasticsearch", "Opensearch")],
    ("block", r"type PrometheusConfiguration struct \{"),
    *[("block", r'\tif conf.IsSet\("' + b + r'"\) \{') for b in
      ("badger", "grpc", "cassandra", "elasticsearch", "opensearch", "prometheus", "elasticsearch", "opensearch")]))
edit(JS + "extension.go", chain(JS + "extension.go",
    imp("internal/storage/elasticsearch/config"), imp("internal/storage/metricstore/elasticsearch"),
    imp("internal/storage/metricstore/prometheus"), imp("internal/storage/v2/badger"),
    imp("internal/storage/v2/cassandra"), imp("internal/storage/v2/clickhouse"),
    imp("internal/storage/v2/elasticsearch"), imp("internal/storage/v2/grpc"),
    *[("block", r"\t\tcase cfg\." + b + r" != nil:") for b in
      ("Badger", "GRPC", "Cassandra", "Elasticsearch", "Opensearch", "ClickHouse", "Prometheus", "Elasticsearch", "Opensearch")],
    ("block", r"func \(s \*storageExt\) resolveAuthenticator\(.*\{")))
edit(JS + "extension.go", lambda t: t.replace("\tfor metricStorageName, cfg := range s.config.MetricBackends {",
                                              "\tfor metricStorageName := range s.config.MetricBackends {", 1))

F = "internal/storage/v1/factory/factory.go"
edit(F, chain(F,
    imp("internal/storage/v1/badger"), imp("internal/storage/v1/cassandra"),
    imp("internal/storage/v1/elasticsearch"), imp("internal/storage/v1/grpc"),
    imp("internal/storage/v1/kafka"),
    ("block", r"\tcase cassandraStorageType:"), ("block", r"\tcase elasticsearchStorageType, opensearchStorageType:"),
    ("block", r"\tcase kafkaStorageType:"), ("block", r"\tcase badgerStorageType:"),
    ("block", r"\tcase grpcStorageType:"),
    ("block", r"\tcase cassandraStorageType:"), ("block", r"\tcase elasticsearchStorageType, opensearchStorageType:"),
    ("block", r"\tcase grpcStorageType:")))
