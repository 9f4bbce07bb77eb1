#!/bin/sh
# Writes labctl's shell completions into completions/ for the release archives.
set -e
rm -rf completions
mkdir completions
for sh in bash zsh fish powershell; do
  go run ./cmd/labctl completion "$sh" > "completions/labctl.$sh"
done
